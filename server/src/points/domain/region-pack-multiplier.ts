/**
 * The extra points multiplier of region benefit packs (地区会员礼包) on a purchase: a pack applies when the member
 * belongs to it (their region is one of its regions and their tier is at or above its lowest tier) and the purchase
 * was made in one of its regions (the store's region; the member's own when the store's is not known). Packs do not
 * stack with each other: the largest applies. The earning then applies it like the tier's, on top of the promotions.
 */
export interface RegionPackEarningRule {
  regions: readonly string[];
  /** Rank on the tier ladder of the pack's lowest tier. */
  minTierRank: number;
  /** > 1; packs without an extra multiplier are left out by the caller or count as 1. */
  pointsMultiplier?: number;
}

export interface RegionPackEarningContext {
  /** Rank on the ladder of the tier the member held when the purchase was paid. */
  tierRank: number;
  memberRegion?: string;
  /** The region of the store the purchase was made in, when known. */
  storeRegion?: string;
}

/** The largest extra multiplier of the packs that apply to this purchase; 1 when none does. */
export function regionPackMultiplier(rules: readonly RegionPackEarningRule[], context: RegionPackEarningContext): number {
  const { memberRegion, tierRank } = context;
  if (!memberRegion) return 1;
  const purchaseRegion = context.storeRegion ?? memberRegion;
  return rules.reduce((best, rule) => {
    const multiplier = rule.pointsMultiplier ?? 1;
    const applies =
      multiplier > best &&
      tierRank >= rule.minTierRank &&
      rule.regions.includes(memberRegion) &&
      rule.regions.includes(purchaseRegion);
    return applies ? multiplier : best;
  }, 1);
}
