import type { AnalyticsSettings, ChurnRiskView } from '@memberloop/shared';
import type { MemberFacts } from './member-facts';

export type ChurnSettings = AnalyticsSettings['churn'];

function clamp01(x: number): number {
  return Math.min(1, Math.max(0, x));
}

/**
 * A member's churn risk, 0–100, from two signals:
 *   - lengthening intervals: the time since the last purchase, or the last interval between purchases,
 *     whichever is longer, against the member's usual interval before it (one-time buyers: the brand's
 *     default interval); at 1× there is no risk, at `intervalRatioForFullRisk`× the signal is full;
 *   - falling basket value: the average of the recent purchases (up to 3, at most half of them) against
 *     the average of the earlier ones; a fall of `basketDropForFullRisk` is full risk.
 */
export function churnRisk(facts: MemberFacts, asOfDay: number, settings: ChurnSettings): ChurnRiskView {
  const n = facts.orders;
  const sinceLast = Math.max(0, asOfDay - facts.lastDay);
  const recent = facts.recent;
  let usualInterval = settings.defaultIntervalDays;
  let lastInterval = 0;
  if (n >= 2 && recent.length >= 2) {
    lastInterval = recent[0].day - recent[1].day;
    // The usual interval before the last one; with two purchases the last interval is all there is.
    usualInterval = n >= 3 ? (recent[1].day - facts.firstDay) / (n - 2) : lastInterval;
  }
  const intervalRatio = Math.max(sinceLast, lastInterval) / Math.max(1, usualInterval);
  const intervalRisk = clamp01((intervalRatio - 1) / (settings.intervalRatioForFullRisk - 1));

  let basketChange: number | null = null;
  if (n >= 2) {
    const k = Math.min(3, Math.floor(n / 2), recent.length);
    const recentSum = recent.slice(0, k).reduce((sum, p) => sum + p.netFen, 0);
    const earlierAverage = (facts.netFen - recentSum) / (n - k);
    basketChange = earlierAverage > 0 ? recentSum / k / earlierAverage - 1 : 0;
  }
  const basketRisk = basketChange === null ? 0 : clamp01(-basketChange / settings.basketDropForFullRisk);
  const score = Math.round(100 * (settings.intervalWeight * intervalRisk + (1 - settings.intervalWeight) * basketRisk));
  return {
    score,
    level: score >= settings.highFrom ? 'high' : score >= settings.mediumFrom ? 'medium' : 'low',
    intervalRatio: Math.round(intervalRatio * 100) / 100,
    basketChange: basketChange === null ? null : Math.round(basketChange * 1000) / 1000,
  };
}
