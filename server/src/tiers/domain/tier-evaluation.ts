import {
  meetsQualification,
  qualifyingTier,
  type QualifyingStats,
  type TierDefinition,
  type TierLadder,
} from '@memberloop/shared';

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

export interface TierPolicy {
  holdMonths: number;
  downgrade: DowngradePolicy;
}

export const DEFAULT_TIER_POLICY: TierPolicy = { holdMonths: 12, downgrade: 'oneLevel' };

export type TierChange =
  | { kind: 'unchanged'; standing: TierStanding }
  | { kind: 'upgraded' | 'renewed' | 'downgraded'; from: string; standing: TierStanding };

/** The same day `months` later (the month's last day when it is shorter), in UTC. */
export function addMonths(at: Date, months: number): Date {
  const result = new Date(at.getTime());
  const day = result.getUTCDate();
  result.setUTCDate(1);
  result.setUTCMonth(result.getUTCMonth() + months);
  result.setUTCDate(Math.min(day, new Date(Date.UTC(result.getUTCFullYear(), result.getUTCMonth() + 1, 0)).getUTCDate()));
  return result;
}

function ordered(ladder: TierLadder): TierDefinition[] {
  return [...ladder].sort((a, b) => a.rank - b.rank);
}

function rankOf(ladder: TierLadder, code: string | undefined): number {
  if (code === undefined) return 0;
  const tier = ladder.find((t) => t.code === code);
  if (!tier) throw new RangeError(`unknown tier "${code}"`);
  return tier.rank;
}

/** The standing of a member who has just joined: the entry tier (or HQ's floor), held for a year. */
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

/** Upgrade as soon as the rolling stats qualify for a higher tier; never downgrades (that is the yearly job's). */
export function evaluateUpgrade(
  ladder: TierLadder,
  standing: TierStanding,
  stats: QualifyingStats,
  now: Date,
  policy: TierPolicy,
): TierChange {
  const reached = qualifyingTier(ladder, stats);
  if (reached.rank <= rankOf(ladder, standing.tierCode)) return { kind: 'unchanged', standing };
  return {
    kind: 'upgraded',
    from: standing.tierCode,
    standing: { ...standing, tierCode: reached.code, since: now, heldUntil: addMonths(now, policy.holdMonths) },
  };
}

/**
 * The yearly re-qualification (保级), due once `heldUntil` has passed: a member whose year still meets the
 * tier's retention criteria keeps it for another year; otherwise they drop one level, or to the tier the
 * year qualifies for, never below HQ's floor, and hold that for a year.
 */
export function requalify(
  ladder: TierLadder,
  standing: TierStanding,
  stats: QualifyingStats,
  now: Date,
  policy: TierPolicy,
): TierChange {
  if (now.getTime() < standing.heldUntil.getTime()) return { kind: 'unchanged', standing };
  const tiers = ordered(ladder);
  const currentRank = rankOf(ladder, standing.tierCode);
  const current = tiers[currentRank];
  const renewed = { ...standing, since: now, heldUntil: addMonths(now, policy.holdMonths) };
  const keeps = meetsQualification({ ...current, qualification: current.retention ?? current.qualification }, stats);
  if (keeps || currentRank === 0) return { kind: 'renewed', from: standing.tierCode, standing: renewed };

  const floorRank = rankOf(ladder, standing.floorTierCode);
  const targetRank =
    policy.downgrade === 'oneLevel' ? currentRank - 1 : Math.min(currentRank - 1, qualifyingTier(ladder, stats).rank);
  const newRank = Math.max(targetRank, floorRank);
  if (newRank >= currentRank) return { kind: 'renewed', from: standing.tierCode, standing: renewed };
  return { kind: 'downgraded', from: standing.tierCode, standing: { ...renewed, tierCode: tiers[newRank].code } };
}
