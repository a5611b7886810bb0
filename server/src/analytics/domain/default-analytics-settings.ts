import type { AnalyticsSettings, StageContactPolicy } from '@memberloop/shared';

/**
 * The brand's contact policy per lifecycle stage: active = regular contact, little discounting; silent = contact
 * plus light incentives; sleeping = limited contact, big win-back discounts; lost = contact only in big sales.
 */
const ACTIVE: StageContactPolicy = { contact: 'regular', maxIncentive: 'small', minDaysBetweenContacts: 7 };

export const DEFAULT_ANALYTICS_SETTINGS: AnalyticsSettings = {
  rfm: {
    bins: 5,
    lookbackMonths: null,
    // Rows R = 5 … 1; columns FM = 1 … 5 (FM = rounded mean of F and M).
    segmentGrid: [
      ['new', 'potential-loyalists', 'potential-loyalists', 'champions', 'champions'],
      ['promising', 'potential-loyalists', 'potential-loyalists', 'champions', 'champions'],
      ['about-to-sleep', 'need-attention', 'need-attention', 'loyal', 'loyal'],
      ['hibernating', 'about-to-sleep', 'at-risk', 'at-risk', 'cant-lose-them'],
      ['lost', 'hibernating', 'at-risk', 'cant-lose-them', 'cant-lose-them'],
    ],
  },
  lifecycle: {
    windowMonths: 3,
    contactPolicies: {
      'new-one-time': ACTIVE,
      'new-repeat': ACTIVE,
      'old-one-time': ACTIVE,
      'old-repeat': ACTIVE,
      silent: { contact: 'regular', maxIncentive: 'medium', minDaysBetweenContacts: 7 },
      sleeping: { contact: 'limited', maxIncentive: 'big', minDaysBetweenContacts: 30 },
      lost: { contact: 'big-sales-only', maxIncentive: 'big', minDaysBetweenContacts: 30 },
      // Never bought: win-back rules are not for them (rules only see members who bought).
      prospect: { contact: 'regular', maxIncentive: 'small', minDaysBetweenContacts: 7 },
    },
  },
  churn: {
    defaultIntervalDays: 60,
    intervalRatioForFullRisk: 3,
    basketDropForFullRisk: 0.5,
    intervalWeight: 0.7,
    mediumFrom: 30,
    highFrom: 60,
  },
  recommendations: { lookbackMonths: 12, minCoPurchases: 2, neighbours: 20, picks: 10 },
};
