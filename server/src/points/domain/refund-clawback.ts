/**
 * What a refund takes back, line by line: the money refunded and the points those goods earned. Each line keeps
 * what earlier refunds took from it (fen and points), and every share is computed cumulatively (what all refunds
 * so far should have taken, minus what they took), so refunding an order in any number of parts, by units or by
 * amount, in any mix, never refunds more than was paid nor takes back a point more than was earned, per line and
 * per order; the last refund of a line takes exactly what is left of it.
 */
export interface RefundableLine {
  sku: string;
  quantity: number;
  unitPriceFen: number;
  /** Points this line earned. */
  points: number;
  /** Units, fen and points of this line that earlier refunds took. */
  refundedQuantity: number;
  refundedFen: number;
  clawedPoints: number;
}

export type RefundAsked = { lines: Array<{ sku: string; quantity: number }> } | { amountFen: number };

/** What one refund takes from one line (the same order as the purchase's lines). */
export interface LineRefund {
  quantity: number;
  fen: number;
  points: number;
}

export type RefundPlan =
  | { ok: true; amountFen: number; points: number; lines: LineRefund[] }
  | { ok: false; reason: 'UNKNOWN_SKU'; sku: string }
  | { ok: false; reason: 'EMPTY_REFUND' }
  /** More units or money than is left: `left` says what may still be refunded (of the SKU, or of the order). */
  | { ok: false; reason: 'REFUND_EXCEEDS_PURCHASE'; sku?: string; left: { quantity?: number; fen: number } };

const lineTotal = (line: RefundableLine) => line.quantity * line.unitPriceFen;
const fenLeft = (line: RefundableLine) => lineTotal(line) - line.refundedFen;
/** Units that can still be refunded whole: not refunded yet, and their price not already given back by amount. */
const unitsLeft = (line: RefundableLine) =>
  line.unitPriceFen === 0
    ? line.quantity - line.refundedQuantity
    : Math.min(line.quantity - line.refundedQuantity, Math.floor(fenLeft(line) / line.unitPriceFen));

/** The points a line gives back when its refunded fen grows by `fen`: cumulative, exact on the last refund. */
function pointsFor(line: RefundableLine, fen: number, quantity: number): number {
  const total = lineTotal(line);
  const fenAfter = line.refundedFen + fen;
  const quantityAfter = line.refundedQuantity + quantity;
  // A line is done when all its money is back or (free goods) all its units are.
  const done = total === 0 ? quantityAfter >= line.quantity : fenAfter >= total;
  if (done) return line.points - line.clawedPoints;
  const due = total === 0 ? 0 : Math.floor((line.points * fenAfter) / total);
  return Math.max(0, due - line.clawedPoints);
}

/** Splits `amount` over lines in proportion to `weights` (largest remainder), never above a line's weight. */
function apportion(amount: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum === 0) return weights.map(() => 0);
  const exact = weights.map((w) => (amount * w) / sum);
  const shares = exact.map(Math.floor);
  let left = amount - shares.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => ({ i, r: x - Math.floor(x) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    if (shares[i] < weights[i]) {
      shares[i] += 1;
      left -= 1;
    }
  }
  return shares;
}

function byUnits(lines: RefundableLine[], asked: Array<{ sku: string; quantity: number }>): RefundPlan {
  const wanted = new Map<string, number>();
  for (const item of asked) wanted.set(item.sku, (wanted.get(item.sku) ?? 0) + item.quantity);
  const plan: LineRefund[] = lines.map(() => ({ quantity: 0, fen: 0, points: 0 }));
  for (const [sku, quantity] of wanted) {
    const indexes = lines.flatMap((line, i) => (line.sku === sku ? [i] : []));
    if (indexes.length === 0) return { ok: false, reason: 'UNKNOWN_SKU', sku };
    // The same SKU on several lines: the units fill the first line's refundable units, then the next.
    let remaining = quantity;
    for (const i of indexes) {
      const line = lines[i];
      const take = Math.min(remaining, line.quantity - line.refundedQuantity);
      if (take <= 0) continue;
      const fen = take * line.unitPriceFen;
      if (fen > fenLeft(line)) break; // money already given back by an amount refund: refused below
      plan[i] = { quantity: take, fen, points: pointsFor(line, fen, take) };
      remaining -= take;
      if (remaining === 0) break;
    }
    if (remaining > 0) {
      const skuLines = indexes.map((i) => lines[i]);
      return {
        ok: false,
        reason: 'REFUND_EXCEEDS_PURCHASE',
        sku,
        left: {
          quantity: skuLines.reduce((sum, l) => sum + unitsLeft(l), 0),
          fen: skuLines.reduce((sum, l) => sum + fenLeft(l), 0),
        },
      };
    }
  }
  return summed(plan);
}

function byAmount(lines: RefundableLine[], amountFen: number): RefundPlan {
  const left = lines.reduce((sum, line) => sum + fenLeft(line), 0);
  if (amountFen <= 0) return { ok: false, reason: 'EMPTY_REFUND' };
  if (amountFen > left) return { ok: false, reason: 'REFUND_EXCEEDS_PURCHASE', left: { fen: left } };
  // Spread over the lines by what is left of each, so the points follow the money.
  const shares = apportion(amountFen, lines.map(fenLeft));
  return summed(
    lines.map((line, i) => ({ quantity: 0, fen: shares[i], points: shares[i] > 0 ? pointsFor(line, shares[i], 0) : 0 })),
  );
}

function summed(lines: LineRefund[]): RefundPlan {
  const amountFen = lines.reduce((sum, l) => sum + l.fen, 0);
  const points = lines.reduce((sum, l) => sum + l.points, 0);
  if (amountFen === 0 && lines.every((l) => l.quantity === 0)) return { ok: false, reason: 'EMPTY_REFUND' };
  return { ok: true, amountFen, points, lines };
}

/** Plans one refund against what the purchase's lines have left. */
export function planRefund(lines: RefundableLine[], asked: RefundAsked): RefundPlan {
  return 'lines' in asked ? byUnits(lines, asked.lines) : byAmount(lines, asked.amountFen);
}

/** The lines after a planned refund. */
export function applyRefundPlan<L extends RefundableLine>(lines: L[], plan: LineRefund[]): L[] {
  return lines.map((line, i) => ({
    ...line,
    refundedQuantity: line.refundedQuantity + plan[i].quantity,
    refundedFen: line.refundedFen + plan[i].fen,
    clawedPoints: line.clawedPoints + plan[i].points,
  }));
}

/**
 * A share of `whole` that follows the order's refunded money cumulatively: the points spent on an order
 * (a checkout hold) come back in proportion to the money refunded, all of them when the order is refunded in full.
 */
export function proRataShare(whole: number, refundedBeforeFen: number, refundedAfterFen: number, totalFen: number): number {
  const share = (fen: number) => (totalFen <= 0 || fen >= totalFen ? whole : Math.floor((whole * fen) / totalFen));
  return share(refundedAfterFen) - share(refundedBeforeFen);
}
