import type { StageContactPolicy } from '@memberloop/shared';
import { BrandCalendar } from './calendar';
import { DEFAULT_ANALYTICS_SETTINGS } from './default-analytics-settings';
import {
  contactDecision,
  ruleMatches,
  whyMatched,
  winbackIssueKey,
  winbackPeriod,
  type WinbackCandidate,
  type WinbackRuleSpec,
} from './winback-rules';

const asOf = new Date('2025-06-15T02:00:00Z');
const daysAgo = (n: number) => new Date(asOf.getTime() - n * 86_400_000);
const policies = DEFAULT_ANALYTICS_SETTINGS.lifecycle.contactPolicies;

const rule: WinbackRuleSpec = {
  id: 'r1',
  conditions: [{ kind: 'no-purchase-for-days', days: 30 }],
  incentive: 'small',
  bigSale: false,
  repeat: 'month',
};

function candidate(over: Partial<WinbackCandidate> = {}): WinbackCandidate {
  return {
    memberId: 'm1',
    stage: 'old-repeat',
    segment: 'at-risk',
    churnScore: 45,
    lastPurchaseAt: daysAgo(40),
    marketingConsent: true,
    lastContactedAt: null,
    alreadyIssued: false,
    ...over,
  };
}

const decide = (c: WinbackCandidate, r: WinbackRuleSpec = rule, policy: StageContactPolicy = policies[c.stage]) =>
  contactDecision(r, c, policy, asOf);

describe('win-back rules', () => {
  it('matches when every condition holds, and says why', () => {
    expect(ruleMatches(rule, candidate(), asOf)).toBe(true);
    expect(ruleMatches(rule, candidate({ lastPurchaseAt: daysAgo(29) }), asOf)).toBe(false);
    expect(ruleMatches(rule, candidate({ lastPurchaseAt: daysAgo(30) }), asOf)).toBe(true);
    const strict = {
      ...rule,
      conditions: [
        { kind: 'no-purchase-for-days' as const, days: 30 },
        { kind: 'stage-in' as const, stages: ['silent' as const] },
        { kind: 'churn-risk-at-least' as const, score: 40 },
      ],
    };
    expect(ruleMatches(strict, candidate(), asOf)).toBe(false);
    expect(ruleMatches(strict, candidate({ stage: 'silent' }), asOf)).toBe(true);
    expect(whyMatched(strict, candidate({ stage: 'silent' }), asOf)).toBe(
      'no purchase for 40 days (≥ 30); stage silent; churn risk 45 (≥ 40)',
    );
    expect(whyMatched(rule, candidate(), asOf)).toBe('no purchase for 40 days (≥ 30); stage old-repeat');
    const bySegment = { ...rule, conditions: [{ kind: 'segment-in' as const, segments: ['at-risk' as const] }] };
    expect(ruleMatches(bySegment, candidate({ segment: null }), asOf)).toBe(false);
  });

  it('contacts only members with marketing consent', () => {
    expect(decide(candidate())).toEqual({ contact: true });
    expect(decide(candidate({ marketingConsent: false }))).toEqual({ contact: false, reason: 'no-marketing-consent' });
  });

  it('follows each stage’s contact policy', () => {
    const medium = { ...rule, incentive: 'medium' as const };
    const big = { ...rule, incentive: 'big' as const };
    // Active: little discounting.
    expect(decide(candidate(), medium)).toEqual({ contact: false, reason: 'incentive-above-stage-policy' });
    // Silent: light incentives.
    expect(decide(candidate({ stage: 'silent' }), medium)).toEqual({ contact: true });
    expect(decide(candidate({ stage: 'silent' }), big)).toEqual({ contact: false, reason: 'incentive-above-stage-policy' });
    // Sleeping: big win-back discounts, limited contact.
    expect(decide(candidate({ stage: 'sleeping' }), big)).toEqual({ contact: true });
    expect(decide(candidate({ stage: 'sleeping', lastContactedAt: daysAgo(20) }), big)).toEqual({
      contact: false,
      reason: 'contacted-recently',
    });
    expect(decide(candidate({ stage: 'sleeping', lastContactedAt: daysAgo(30) }), big)).toEqual({ contact: true });
    // Lost: big sales only.
    expect(decide(candidate({ stage: 'lost' }), big)).toEqual({ contact: false, reason: 'stage-contacted-in-big-sales-only' });
    expect(decide(candidate({ stage: 'lost' }), { ...big, bigSale: true })).toEqual({ contact: true });
  });

  it('is idempotent: a member who got the rule’s coupon this period is not contacted again', () => {
    // Contacted today by this very rule: "already issued" explains it better than "contacted recently".
    expect(decide(candidate({ alreadyIssued: true, lastContactedAt: asOf }))).toEqual({
      contact: false,
      reason: 'already-issued',
    });
    const calendar = new BrandCalendar('Asia/Shanghai');
    const period = winbackPeriod('month', asOf, calendar);
    expect(period).toBe('2025-06');
    expect(winbackIssueKey('r1', 'm1', period)).toBe('winback:r1:m1:2025-06');
    // The same key however many times the rule runs within the month.
    expect(winbackIssueKey('r1', 'm1', winbackPeriod('month', new Date('2025-06-30T15:59:00Z'), calendar))).toBe(
      'winback:r1:m1:2025-06',
    );
    expect(winbackPeriod('month', new Date('2025-06-30T16:00:00Z'), calendar)).toBe('2025-07');
    expect(winbackPeriod('day', asOf, calendar)).toBe('2025-06-15');
    expect(winbackPeriod('once', asOf, calendar)).toBe('once');
  });
});
