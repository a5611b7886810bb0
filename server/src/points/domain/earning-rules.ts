/**
 * The brand's earning rules, as data. HQ edits them; `earnPointsForPurchase` applies them.
 * Defaults come from the brand documents: ¥1 = 1 point, tier multipliers, birthday double points.
 */
export interface LineMultiplierRule {
  /** A SKU rule beats a category rule for the same line: it is the more specific one. */
  match: { sku: string } | { category: string };
  multiplier: number;
}

/** A time-limited bonus (e.g. double points week), optionally for some tiers, regions or channels only. */
export interface PointsCampaign {
  id: string;
  name: string;
  multiplier: number;
  startsAt: Date;
  endsAt: Date;
  tierCodes?: string[];
  regions?: string[];
  channels?: PurchaseChannel[];
}

export type PurchaseChannel = 'store' | 'online';

export interface EarningRules {
  /** Points per whole yuan spent before multipliers (1 = ¥1 → 1 point). */
  pointsPerYuan: number;
  lineMultipliers: LineMultiplierRule[];
  campaigns: PointsCampaign[];
  /**
   * How promotional multipliers (campaigns, birthday) combine: `best` takes the largest one, `multiply`
   * stacks them. The tier multiplier always applies on top.
   */
  promotionStacking: 'best' | 'multiply';
  /** Most purchase points a member may earn per business day / calendar month; undefined = no cap. */
  dailyCap?: number;
  monthlyCap?: number;
}

export const DEFAULT_EARNING_RULES: EarningRules = {
  pointsPerYuan: 1,
  lineMultipliers: [],
  campaigns: [],
  promotionStacking: 'best',
  // Far above what any shopper buys (¥50,000 a day at the base rate): stops a leaked integration key or a
  // till mistake from minting millions of points, and sends the rest to HQ's attention via `cappedBy`.
  dailyCap: 50_000,
  monthlyCap: 200_000,
};
