import type { ExperimentExclusion } from '@memberloop/shared';

const DAY_MS = 86_400_000;

/** What decides whether a segment member may be contacted by an experiment now. */
export interface ContactFacts {
  /** Marketing consent, read live from the member. */
  marketingConsent: boolean;
  /** The latest marketing contact: a win-back coupon or another experiment's reward. */
  lastContactedAt: Date | null;
  /** The member's stage policy (analytics settings, the same one win-back follows). */
  minDaysBetweenContacts: number;
}

/**
 * Whether a member takes part in the experiment: only with marketing consent and outside their stage's minimum days
 * between contacts. Decided before the arm matters, so control and variants lose the same kind of members and stay
 * comparable.
 */
export function experimentExclusion(facts: ContactFacts, now: Date): ExperimentExclusion | null {
  if (!facts.marketingConsent) return 'no-marketing-consent';
  if (facts.lastContactedAt && now.getTime() - facts.lastContactedAt.getTime() < facts.minDaysBetweenContacts * DAY_MS)
    return 'contacted-recently';
  return null;
}
