/**
 * Which points a refund takes back: exactly those its refunded goods earned. Shares are computed
 * cumulatively (what all refunds so far should have taken, minus what earlier refunds took), so that
 * refunding a purchase in several parts takes back precisely what it earned, never a point more or less.
 */
export interface EarnedLine {
  sku: string;
  quantity: number;
  points: number;
  /** Units of this line refunded by earlier refunds. */
  refundedQuantity: number;
}

export interface RefundLine {
  sku: string;
  quantity: number;
}

export type ClawbackResult =
  | { ok: true; points: number; lines: Array<{ sku: string; quantity: number; points: number }> }
  | { ok: false; reason: 'UNKNOWN_SKU' | 'REFUND_EXCEEDS_PURCHASE'; sku: string };

function cumulativeShare(points: number, part: number, whole: number): number {
  return whole === 0 ? 0 : Math.floor((points * part) / whole);
}

/** Claw back for refunded units, line by line. */
export function clawbackForRefundedLines(earned: EarnedLine[], refund: RefundLine[]): ClawbackResult {
  const lines: Array<{ sku: string; quantity: number; points: number }> = [];
  const pending = new Map<string, number>();
  for (const item of refund) pending.set(item.sku, (pending.get(item.sku) ?? 0) + item.quantity);

  for (const [sku, quantity] of pending) {
    const line = earned.find((l) => l.sku === sku);
    if (!line) return { ok: false, reason: 'UNKNOWN_SKU', sku };
    const refundedAfter = line.refundedQuantity + quantity;
    if (refundedAfter > line.quantity) return { ok: false, reason: 'REFUND_EXCEEDS_PURCHASE', sku };
    const take =
      refundedAfter === line.quantity
        ? line.points - cumulativeShare(line.points, line.refundedQuantity, line.quantity)
        : cumulativeShare(line.points, refundedAfter, line.quantity) -
          cumulativeShare(line.points, line.refundedQuantity, line.quantity);
    lines.push({ sku, quantity, points: take });
  }
  return { ok: true, points: lines.reduce((sum, l) => sum + l.points, 0), lines };
}

/** Claw back for a refund given only as an amount (e.g. a price adjustment): in proportion to the purchase total. */
export function clawbackForRefundedAmount(
  earnedPoints: number,
  totalFen: number,
  refundedBeforeFen: number,
  refundFen: number,
): { ok: true; points: number } | { ok: false; reason: 'REFUND_EXCEEDS_PURCHASE' } {
  const after = refundedBeforeFen + refundFen;
  if (refundFen <= 0 || after > totalFen) return { ok: false, reason: 'REFUND_EXCEEDS_PURCHASE' };
  if (after === totalFen) return { ok: true, points: earnedPoints - cumulativeShare(earnedPoints, refundedBeforeFen, totalFen) };
  return {
    ok: true,
    points: cumulativeShare(earnedPoints, after, totalFen) - cumulativeShare(earnedPoints, refundedBeforeFen, totalFen),
  };
}
