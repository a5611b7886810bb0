import {
  INCENTIVE_LEVELS,
  type IncentiveLevel,
  type MemberStage,
  type RfmSegment,
  type StageContactPolicy,
  type WinbackCondition,
  type WinbackExclusion,
} from '@memberloop/shared';
import { dayString, type BrandCalendar } from './calendar';

const DAY_MS = 86_400_000;

/** A member a win-back rule looks at, as the analytics last saw them. */
export interface WinbackCandidate {
  memberId: string;
  stage: MemberStage;
  segment: RfmSegment | null;
  churnScore: number | null;
  lastPurchaseAt: Date;
  marketingConsent: boolean;
  /** The latest win-back contact by any rule. */
  lastContactedAt: Date | null;
  /** This rule already issued its coupon to the member for this period. */
  alreadyIssued: boolean;
}

export interface WinbackRuleSpec {
  id: string;
  conditions: WinbackCondition[];
  incentive: IncentiveLevel;
  bigSale: boolean;
  repeat: 'day' | 'month' | 'once';
}

interface ConditionStrategy<C extends WinbackCondition> {
  holds(condition: C, candidate: WinbackCandidate, asOf: Date): boolean;
  describe(condition: C, candidate: WinbackCandidate, asOf: Date): string;
}

function daysSince(at: Date, asOf: Date): number {
  return Math.floor((asOf.getTime() - at.getTime()) / DAY_MS);
}

/** Each condition kind as a small strategy: whether it holds, and how to say why. */
const CONDITIONS: { [K in WinbackCondition['kind']]: ConditionStrategy<Extract<WinbackCondition, { kind: K }>> } = {
  'no-purchase-for-days': {
    holds: (c, m, asOf) => daysSince(m.lastPurchaseAt, asOf) >= c.days,
    describe: (c, m, asOf) => `no purchase for ${daysSince(m.lastPurchaseAt, asOf)} days (≥ ${c.days})`,
  },
  'stage-in': {
    holds: (c, m) => (c.stages as readonly string[]).includes(m.stage),
    describe: (_c, m) => `stage ${m.stage}`,
  },
  'segment-in': {
    holds: (c, m) => m.segment !== null && c.segments.includes(m.segment),
    describe: (_c, m) => `segment ${m.segment}`,
  },
  'churn-risk-at-least': {
    holds: (c, m) => m.churnScore !== null && m.churnScore >= c.score,
    describe: (c, m) => `churn risk ${m.churnScore} (≥ ${c.score})`,
  },
};

function strategy<C extends WinbackCondition>(condition: C): ConditionStrategy<C> {
  return CONDITIONS[condition.kind] as unknown as ConditionStrategy<C>;
}

export function ruleMatches(rule: Pick<WinbackRuleSpec, 'conditions'>, candidate: WinbackCandidate, asOf: Date): boolean {
  return rule.conditions.every((c) => strategy(c).holds(c, candidate, asOf));
}

/** Why the rule picks the member: each condition, as it holds for them. */
export function whyMatched(rule: Pick<WinbackRuleSpec, 'conditions'>, candidate: WinbackCandidate, asOf: Date): string {
  const reasons = rule.conditions.map((c) => strategy(c).describe(c, candidate, asOf));
  if (!rule.conditions.some((c) => c.kind === 'stage-in')) reasons.push(`stage ${candidate.stage}`);
  return reasons.join('; ');
}

export type ContactDecision = { contact: true } | { contact: false; reason: WinbackExclusion };

/**
 * Whether a member the rule matched may be contacted: marketing consent, then the stage's contact policy
 * (the incentive it allows, big sales only), then whether this rule already gave them its coupon for the
 * period, then the spacing between win-back contacts.
 */
export function contactDecision(
  rule: WinbackRuleSpec,
  candidate: WinbackCandidate,
  policy: StageContactPolicy,
  asOf: Date,
): ContactDecision {
  if (!candidate.marketingConsent) return { contact: false, reason: 'no-marketing-consent' };
  if (INCENTIVE_LEVELS.indexOf(rule.incentive) > INCENTIVE_LEVELS.indexOf(policy.maxIncentive))
    return { contact: false, reason: 'incentive-above-stage-policy' };
  if (policy.contact === 'big-sales-only' && !rule.bigSale)
    return { contact: false, reason: 'stage-contacted-in-big-sales-only' };
  if (candidate.alreadyIssued) return { contact: false, reason: 'already-issued' };
  if (candidate.lastContactedAt && asOf.getTime() - candidate.lastContactedAt.getTime() < policy.minDaysBetweenContacts * DAY_MS)
    return { contact: false, reason: 'contacted-recently' };
  return { contact: true };
}

/** The period a rule gives its coupon once in: the business day, the business month, or ever. */
export function winbackPeriod(repeat: WinbackRuleSpec['repeat'], asOf: Date, calendar: BrandCalendar): string {
  if (repeat === 'once') return 'once';
  const day = dayString(calendar.dayOf(asOf));
  return repeat === 'day' ? day : day.slice(0, 7);
}

/** One coupon per rule, member and period, whatever retries or instances do. */
export function winbackIssueKey(ruleId: string, memberId: string, period: string): string {
  return `winback:${ruleId}:${memberId}:${period}`;
}
