import type { TierDefinition, TierLadder } from '@memberloop/shared';

/** A member's standing on the ladder. */
export interface TierStanding {
  tierCode: string;
  /** When the tier was reached or last renewed; it is held for `holdMonths` from then. */
  since: Date;
  heldUntil: Date;
  /** A floor set by HQ: re-qualification never drops the member below it. */
  floorTierCode?: string;
}

export type DowngradePolicy = 'oneLevel' | 'recompute';

/** How tiers are held (ProgrammeRules.tiers). */
export interface TierPolicy {
  holdMonths: number;
  downgrade: DowngradePolicy;
}

export const DEFAULT_TIER_POLICY: TierPolicy = { holdMonths: 12, downgrade: 'oneLevel' };

/** The same day `months` later (the month's last day when it is shorter), in UTC. */
export function addMonths(at: Date, months: number): Date {
  const result = new Date(at.getTime());
  const day = result.getUTCDate();
  result.setUTCDate(1);
  result.setUTCMonth(result.getUTCMonth() + months);
  result.setUTCDate(Math.min(day, new Date(Date.UTC(result.getUTCFullYear(), result.getUTCMonth() + 1, 0)).getUTCDate()));
  return result;
}

/** The ladder's tiers from the entry tier up. */
export function ordered(ladder: TierLadder): TierDefinition[] {
  return [...ladder].sort((a, b) => a.rank - b.rank);
}

/** A tier's rank on the ladder; the entry tier's for no code. */
export function rankOf(ladder: TierLadder, code: string | undefined): number {
  if (code === undefined) return 0;
  const tier = ladder.find((t) => t.code === code);
  if (!tier) throw new RangeError(`unknown tier "${code}"`);
  return tier.rank;
}

/** The standing of a member who has just joined: the entry tier (or HQ's floor), held for `holdMonths`. */
export function initialStanding(ladder: TierLadder, now: Date, policy: TierPolicy, floorTierCode?: string): TierStanding {
  const tiers = ordered(ladder);
  const tier = tiers[rankOf(ladder, floorTierCode)];
  return {
    tierCode: tier.code,
    since: now,
    heldUntil: addMonths(now, policy.holdMonths),
    ...(floorTierCode ? { floorTierCode } : {}),
  };
}
