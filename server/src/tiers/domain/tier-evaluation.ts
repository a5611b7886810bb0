import { meetsQualification, qualifyingTier, type QualifyingStats, type TierLadder } from '@memberloop/shared';
import { addMonths, ordered, rankOf, type TierPolicy, type TierStanding } from '../../programme';

export { addMonths, DEFAULT_TIER_POLICY, initialStanding } from '../../programme';
export type { DowngradePolicy, TierPolicy, TierStanding } from '../../programme';

export type TierChange =
  | { kind: 'unchanged'; standing: TierStanding }
  | { kind: 'upgraded' | 'renewed' | 'downgraded'; from: string; standing: TierStanding };

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
