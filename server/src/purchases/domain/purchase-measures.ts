import type { QualifyingStats } from '@memberloop/shared';

/** What a member's other purchase contributes to the measures of a new one. */
export interface OtherPurchase {
  paidAt: Date;
  totalFen: number;
  refundedFen: number;
  status: 'received' | 'applied';
  outcome?: { pointsEarned: number };
}

export interface PurchaseMeasures {
  /** Rolling-12-month figures of the applied ones (the tier): spend net of refunds, purchases not refunded in full, points. */
  others: QualifyingStats;
  /** Those in the business month, not refunded in full, whatever their status (the monthly tasks). */
  othersInMonth: number;
  /** Points the applied ones earned in the business day and month (the earning caps). */
  earnedToday: number;
  earnedThisMonth: number;
}

interface Period {
  from: Date;
  to: Date;
}

const within = (at: Date, period: Period) => at >= period.from && at < period.to;

/** The start of the rolling 12 months ending at `now` (exclusive). */
export function rollingYearStart(now: Date): Date {
  const since = new Date(now.getTime());
  since.setUTCFullYear(since.getUTCFullYear() - 1);
  return since;
}

/**
 * The tier's rolling figures from a member's purchases: those applied and paid within the rolling year ending at
 * `now`, spend net of refunds, purchases not refunded in full, points earned.
 */
export function rollingFigures(purchases: OtherPurchase[], now: Date): QualifyingStats {
  const since = rollingYearStart(now);
  const figures: QualifyingStats = { spendFen: 0, purchaseCount: 0, pointsEarned: 0 };
  for (const purchase of purchases) {
    if (purchase.status !== 'applied' || purchase.paidAt <= since || purchase.paidAt > now) continue;
    figures.spendFen += purchase.totalFen - purchase.refundedFen;
    if (purchase.refundedFen < purchase.totalFen) figures.purchaseCount += 1;
    figures.pointsEarned += purchase.outcome?.pointsEarned ?? 0;
  }
  return figures;
}

/**
 * Everything a new purchase is measured against, from the member's other purchases paid between the earlier of
 * the rolling year's start and the month's start, and the later of `now` and the month's end.
 */
export function measureAgainst(others: OtherPurchase[], now: Date, day: Period, month: Period): PurchaseMeasures {
  const measures: PurchaseMeasures = {
    others: rollingFigures(others, now),
    othersInMonth: 0,
    earnedToday: 0,
    earnedThisMonth: 0,
  };
  for (const purchase of others) {
    const applied = purchase.status === 'applied';
    const points = purchase.outcome?.pointsEarned ?? 0;
    const refundedInFull = purchase.refundedFen >= purchase.totalFen;
    if (within(purchase.paidAt, month)) {
      if (!refundedInFull) measures.othersInMonth += 1;
      if (applied) measures.earnedThisMonth += points;
      if (applied && within(purchase.paidAt, day)) measures.earnedToday += points;
    }
  }
  return measures;
}
