import type { ReferralProgramme, ReferralReward } from '@memberloop/shared';

/** The rewards a referral promised, whatever was left out when it was stored (an event with no reward at all). */
export interface PromisedRewards {
  onRegistration: { referrer?: ReferralReward; friend?: ReferralReward };
  onFirstPurchase: { referrer?: ReferralReward; friend?: ReferralReward; minAmountFen: number };
}

type StoredRules = Partial<Pick<ReferralProgramme, 'onRegistration' | 'onFirstPurchase'>> | null | undefined;

/**
 * Reads a referral's stored rules as the contract allows them: any event and any side may have no reward (the
 * database drops an empty object, so "no registration reward" can arrive as no `onRegistration` at all).
 */
export function promisedRewards(rules: StoredRules): PromisedRewards {
  const onRegistration = rules?.onRegistration ?? {};
  const onFirstPurchase = rules?.onFirstPurchase;
  return {
    onRegistration: { referrer: onRegistration.referrer, friend: onRegistration.friend },
    onFirstPurchase: {
      referrer: onFirstPurchase?.referrer,
      friend: onFirstPurchase?.friend,
      minAmountFen: onFirstPurchase?.minAmountFen ?? 1,
    },
  };
}

const FIRST_RETRY_MS = 60_000;
const LONGEST_WAIT_MS = 6 * 60 * 60_000;

/**
 * How long a referral whose payout failed `attempts` times in a row waits before the job tries it again: a minute,
 * doubling each time, at most six hours, so a lasting fault costs a few tries a day and holds up nothing else.
 */
export function payoutRetryDelayMs(attempts: number): number {
  const doublings = Math.max(0, Math.min(attempts - 1, 30));
  return Math.min(FIRST_RETRY_MS * 2 ** doublings, LONGEST_WAIT_MS);
}
