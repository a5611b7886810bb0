import type { EarningRules, PointsCampaign, PurchaseChannel } from './earning-rules';
import { businessDay } from './business-day';

export interface PurchaseLineInput {
  sku: string;
  category: string;
  quantity: number;
  unitPriceFen: number;
}

export interface EarningMember {
  tierCode: string;
  /** The tier's points multiplier and birthday multiplier (from the tier ladder). */
  tierMultiplier: number;
  birthdayMultiplier: number;
  /** Month and day of birth, if the member told us. */
  birthday?: { month: number; day: number };
  region?: string;
  /**
   * The extra multiplier of the member's paid membership when one was active at the payment (1 or absent: none).
   * Like the tier's, it always applies on top of the promotions.
   */
  paidMembershipMultiplier?: number;
  /**
   * The extra multiplier of the region benefit pack that applies to the purchase (domain/region-pack-multiplier.ts;
   * 1 or absent: none). Like the tier's, it applies on top of the promotions.
   */
  regionPackMultiplier?: number;
}

export interface EarningInput {
  rules: EarningRules;
  member: EarningMember;
  channel: PurchaseChannel;
  paidAt: Date;
  lines: PurchaseLineInput[];
  /** The brand's time zone: birthdays, business days and months are counted in it. */
  timeZone: string;
  /** Purchase points the member already earned in the same business day / calendar month (for caps). */
  earnedToday: number;
  earnedThisMonth: number;
}

/** Why a purchase earned what it did: shown to the member and kept on the ledger entry. */
export type EarningFactor =
  | { source: 'tier'; multiplier: number }
  | { source: 'campaign'; campaignId: string; name: string; multiplier: number }
  | { source: 'birthday'; multiplier: number }
  | { source: 'paid-membership'; multiplier: number }
  | { source: 'region-pack'; multiplier: number };

export interface LinePoints {
  sku: string;
  quantity: number;
  /** Points this line earned (after every multiplier and cap), so a refund can claw back exactly them. */
  points: number;
}

export interface PurchaseEarning {
  points: number;
  basePoints: number;
  factors: EarningFactor[];
  lines: LinePoints[];
  /** Set when a cap cut the award. */
  cappedBy?: 'daily' | 'monthly';
}

interface ZonedDate {
  year: number;
  month: number;
  day: number;
}

export function zonedDate(at: Date, timeZone: string): ZonedDate {
  const [year, month, day] = businessDay(at, timeZone).split('-').map(Number);
  return { year, month, day };
}

function lineMultiplier(rules: EarningRules, line: PurchaseLineInput): number {
  const bySku = rules.lineMultipliers.find((r) => 'sku' in r.match && r.match.sku === line.sku);
  if (bySku) return bySku.multiplier;
  const byCategory = rules.lineMultipliers.find((r) => 'category' in r.match && r.match.category === line.category);
  return byCategory?.multiplier ?? 1;
}

function campaignApplies(campaign: PointsCampaign, input: EarningInput): boolean {
  const at = input.paidAt.getTime();
  if (at < campaign.startsAt.getTime() || at >= campaign.endsAt.getTime()) return false;
  if (campaign.tierCodes && !campaign.tierCodes.includes(input.member.tierCode)) return false;
  if (campaign.regions && (!input.member.region || !campaign.regions.includes(input.member.region))) return false;
  if (campaign.channels && !campaign.channels.includes(input.channel)) return false;
  // A member day applies on that day of the month only, from 00:00 to 24:00 on the brand's clock.
  if (campaign.recurrence && zonedDate(input.paidAt, input.timeZone).day !== campaign.recurrence.dayOfMonth) return false;
  return true;
}

/** Birthday points apply on purchases in the member's birthday month, in the brand's time zone. */
function isBirthdayMonth(input: EarningInput): boolean {
  const birthday = input.member.birthday;
  return birthday !== undefined && zonedDate(input.paidAt, input.timeZone).month === birthday.month;
}

function promotionFactors(input: EarningInput): EarningFactor[] {
  const candidates: EarningFactor[] = input.rules.campaigns
    .filter((c) => campaignApplies(c, input))
    .map((c) => ({ source: 'campaign' as const, campaignId: c.id, name: c.name, multiplier: c.multiplier }));
  if (isBirthdayMonth(input) && input.member.birthdayMultiplier > 1) {
    candidates.push({ source: 'birthday', multiplier: input.member.birthdayMultiplier });
  }
  const bonuses = candidates.filter((f) => f.multiplier > 1);
  if (input.rules.promotionStacking === 'multiply' || bonuses.length <= 1) return bonuses;
  return [bonuses.reduce((best, f) => (f.multiplier > best.multiplier ? f : best))];
}

/** Splits `total` across lines in proportion to their weights, exactly (largest remainder), so lines sum to total. */
function apportion(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum === 0) return weights.map(() => 0);
  const exact = weights.map((w) => (total * w) / sum);
  const shares = exact.map(Math.floor);
  let left = total - shares.reduce((a, b) => a + b, 0);
  const byRemainder = exact.map((x, i) => ({ i, r: x - Math.floor(x) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of byRemainder) {
    if (left <= 0) break;
    shares[i] += 1;
    left -= 1;
  }
  return shares;
}

/**
 * The points a purchase earns: each line's spend × the points rate × its SKU or category multiplier,
 * then × the tier multiplier × the paid membership's × the promotional multiplier(s), rounded down once, then capped.
 */
export function earnPointsForPurchase(input: EarningInput): PurchaseEarning {
  const { rules, member } = input;
  const lineBase = input.lines.map(
    (line) => ((line.quantity * line.unitPriceFen) / 100) * rules.pointsPerYuan * lineMultiplier(rules, line),
  );
  const basePoints = Math.floor(lineBase.reduce((a, b) => a + b, 0));

  const factors: EarningFactor[] = [];
  if (member.tierMultiplier !== 1) factors.push({ source: 'tier', multiplier: member.tierMultiplier });
  if (member.paidMembershipMultiplier !== undefined && member.paidMembershipMultiplier > 1)
    factors.push({ source: 'paid-membership', multiplier: member.paidMembershipMultiplier });
  if (member.regionPackMultiplier !== undefined && member.regionPackMultiplier > 1)
    factors.push({ source: 'region-pack', multiplier: member.regionPackMultiplier });
  factors.push(...promotionFactors(input));
  const multiplier = factors.reduce((m, f) => m * f.multiplier, 1);
  // Rounded once at the end, on a value made of decimal-safe steps (multipliers have ≤ 2 decimals).
  const uncapped = Math.floor(Math.round(lineBase.reduce((a, b) => a + b, 0) * multiplier * 1e6) / 1e6);

  let points = uncapped;
  let cappedBy: PurchaseEarning['cappedBy'];
  if (rules.dailyCap !== undefined && points > rules.dailyCap - input.earnedToday) {
    points = Math.max(0, rules.dailyCap - input.earnedToday);
    cappedBy = 'daily';
  }
  if (rules.monthlyCap !== undefined && points > rules.monthlyCap - input.earnedThisMonth) {
    points = Math.max(0, rules.monthlyCap - input.earnedThisMonth);
    cappedBy = 'monthly';
  }

  const shares = apportion(points, lineBase);
  const lines = input.lines.map((line, i) => ({ sku: line.sku, quantity: line.quantity, points: shares[i] }));
  return { points, basePoints, factors, lines, ...(cappedBy ? { cappedBy } : {}) };
}

/**
 * The earning of a purchase whose points were decided elsewhere (the caps applied on the account's counters, or
 * an earlier run's ledger entry): the same factors, the points spread over the lines the same way.
 */
export function earningForPoints(input: Omit<EarningInput, 'earnedToday' | 'earnedThisMonth'>, points: number): PurchaseEarning {
  const uncapped = earnPointsForPurchase({ ...input, earnedToday: 0, earnedThisMonth: 0 });
  const lineBase = input.lines.map(
    (line) => ((line.quantity * line.unitPriceFen) / 100) * input.rules.pointsPerYuan * lineMultiplier(input.rules, line),
  );
  const shares = apportion(points, lineBase);
  return {
    ...uncapped,
    points,
    lines: input.lines.map((line, i) => ({ sku: line.sku, quantity: line.quantity, points: shares[i] })),
    ...(points < uncapped.points ? { cappedBy: uncapped.cappedBy ?? 'daily' } : {}),
  };
}
