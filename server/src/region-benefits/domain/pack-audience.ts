/** A tier of the ladder, as the packs need it. */
export interface LadderTier {
  code: string;
  rank: number;
}

export interface PackAudience {
  regions: readonly string[];
  minTierCode: string;
}

export interface PackMember {
  region?: string;
  tierCode: string;
}

/**
 * Where a member stands with a region pack: `holds` when their region is one of its regions and their tier is its
 * lowest tier or above; `locked` when their region is but their tier is below (a higher tier unlocks it); `none`
 * otherwise, and for a pack whose lowest tier is no longer on the ladder (it applies to nobody until HQ replaces it).
 */
export function packStanding(pack: PackAudience, member: PackMember, ladder: readonly LadderTier[]): 'holds' | 'locked' | 'none' {
  if (!member.region || !pack.regions.includes(member.region)) return 'none';
  const min = ladder.find((t) => t.code === pack.minTierCode);
  if (!min) return 'none';
  const rank = ladder.find((t) => t.code === member.tierCode)?.rank ?? 0;
  return rank >= min.rank ? 'holds' : 'locked';
}

/** The codes of the tiers a pack is for: its lowest tier and every tier above it (none when it is not on the ladder). */
export function packTierCodes(pack: Pick<PackAudience, 'minTierCode'>, ladder: readonly LadderTier[]): string[] {
  const min = ladder.find((t) => t.code === pack.minTierCode);
  return min ? ladder.filter((t) => t.rank >= min.rank).map((t) => t.code) : [];
}

/** The key a pack's coupon is issued under: one per member, pack, tier reached and template, whoever issues it. */
export function packCouponKey(memberId: string, packId: string, tierCode: string, templateId: string): string {
  return `region-pack:${memberId}:${packId}:${tierCode}:${templateId}`;
}
