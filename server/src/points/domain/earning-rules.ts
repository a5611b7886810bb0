import { DEFAULT_PROGRAMME_RULES, type ProgrammeRules } from '@memberloop/shared';

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
  /** Only on this day of each month in the window, on the brand's calendar (the member day); absent = every day. */
  recurrence?: { kind: 'monthly'; dayOfMonth: number };
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

/** The earning rules as the programme's rules state them (campaign times as ISO strings there, Dates here). */
export function earningRulesOf(earning: ProgrammeRules['earning']): EarningRules {
  return {
    ...earning,
    lineMultipliers: earning.lineMultipliers.map((rule) => ({ ...rule })),
    // A campaign HQ retired ends at that instant: purchases paid from then on earn no extra.
    campaigns: earning.campaigns.map(({ retiredAt, ...c }) => ({
      ...c,
      startsAt: new Date(c.startsAt),
      endsAt: new Date(retiredAt === undefined ? c.endsAt : Math.min(Date.parse(c.endsAt), Date.parse(retiredAt))),
    })),
  };
}

/** The shipped default (DEFAULT_PROGRAMME_RULES): ¥1 = 1 point, generous caps, no campaigns. */
export const DEFAULT_EARNING_RULES: EarningRules = earningRulesOf(DEFAULT_PROGRAMME_RULES.earning);
