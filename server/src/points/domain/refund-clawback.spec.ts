import fc from 'fast-check';
import { applyRefundPlan, planRefund, proRataShare, type RefundableLine } from './refund-clawback';

const line = (sku: string, quantity: number, unitPriceFen: number, points: number): RefundableLine => ({
  sku,
  quantity,
  unitPriceFen,
  points,
  refundedQuantity: 0,
  refundedFen: 0,
  clawedPoints: 0,
});

function refundAll(lines: RefundableLine[], asks: Parameters<typeof planRefund>[1][]) {
  let current = lines;
  let fen = 0;
  let points = 0;
  for (const ask of asks) {
    const plan = planRefund(current, ask);
    if (!plan.ok) return { current, fen, points, refused: plan };
    current = applyRefundPlan(current, plan.lines);
    fen += plan.amountFen;
    points += plan.points;
  }
  return { current, fen, points };
}

describe('planRefund', () => {
  const order = [line('A', 3, 10_000, 300), line('B', 1, 5_000, 50)];

  it('takes back what the refunded units earned', () => {
    expect(planRefund(order, { lines: [{ sku: 'B', quantity: 1 }] })).toMatchObject({ ok: true, amountFen: 5_000, points: 50 });
    expect(planRefund(order, { lines: [{ sku: 'A', quantity: 1 }] })).toMatchObject({ ok: true, amountFen: 10_000, points: 100 });
  });

  it('takes back exactly what a line earned once all of it is refunded, in any number of parts', () => {
    const odd = [line('A', 3, 3_333, 100)];
    const result = refundAll(
      odd,
      [1, 1, 1].map((quantity) => ({ lines: [{ sku: 'A', quantity }] })),
    );
    expect(result).toMatchObject({ fen: 9_999, points: 100 });
  });

  it('refuses unknown SKUs and units beyond what was bought, saying what is left', () => {
    expect(planRefund(order, { lines: [{ sku: 'Z', quantity: 1 }] })).toEqual({ ok: false, reason: 'UNKNOWN_SKU', sku: 'Z' });
    expect(
      planRefund(order, {
        lines: [
          { sku: 'A', quantity: 2 },
          { sku: 'A', quantity: 2 },
        ],
      }),
    ).toEqual({ ok: false, reason: 'REFUND_EXCEEDS_PURCHASE', sku: 'A', left: { quantity: 3, fen: 30_000 } });
  });

  it('an amount refund followed by a line refund never refunds more than was paid (the attack of issue 18.3)', () => {
    const single = [line('A', 1, 10_000, 100)];
    const result = refundAll(single, [{ amountFen: 6_000 }, { lines: [{ sku: 'A', quantity: 1 }] }]);
    expect(result.fen).toBe(6_000);
    expect(result.points).toBe(60);
    expect(result.refused).toEqual({ ok: false, reason: 'REFUND_EXCEEDS_PURCHASE', sku: 'A', left: { quantity: 0, fen: 4_000 } });
    // What is left can still be refunded by amount, and then the line has given back exactly what it earned.
    expect(refundAll(result.current, [{ amountFen: 4_000 }])).toMatchObject({ fen: 4_000, points: 40 });
  });

  it('the same SKU on two lines is refunded across both, never past their units (the attack of issue 18.3)', () => {
    const twice = [line('A', 1, 10_000, 100), line('A', 1, 10_000, 100)];
    const result = refundAll(twice, [
      { lines: [{ sku: 'A', quantity: 1 }] },
      { lines: [{ sku: 'A', quantity: 1 }] },
      { lines: [{ sku: 'A', quantity: 1 }] },
    ]);
    expect(result).toMatchObject({ fen: 20_000, points: 200 });
    expect(result.refused).toMatchObject({ reason: 'REFUND_EXCEEDS_PURCHASE', sku: 'A', left: { quantity: 0, fen: 0 } });
    expect(planRefund(twice, { lines: [{ sku: 'A', quantity: 2 }] })).toMatchObject({ ok: true, amountFen: 20_000, points: 200 });
  });

  it('refuses an amount beyond what is left of the order, and an empty refund', () => {
    expect(planRefund(order, { amountFen: 35_001 })).toEqual({
      ok: false,
      reason: 'REFUND_EXCEEDS_PURCHASE',
      left: { fen: 35_000 },
    });
    expect(planRefund(order, { amountFen: 0 })).toEqual({ ok: false, reason: 'EMPTY_REFUND' });
  });

  it('free goods give back their points when their units are refunded', () => {
    expect(planRefund([line('GIFT', 2, 0, 0), line('A', 1, 100, 10)], { lines: [{ sku: 'GIFT', quantity: 2 }] })).toMatchObject({
      ok: true,
      amountFen: 0,
    });
  });

  it('never refunds more than was paid nor takes back more than was earned, per line and per order, whatever the mix', () => {
    const lines = fc.array(
      fc.record({
        sku: fc.constantFrom('A', 'B', 'C'),
        quantity: fc.integer({ min: 1, max: 5 }),
        unitPriceFen: fc.integer({ min: 0, max: 50_000 }),
        points: fc.integer({ min: 0, max: 2_000 }),
      }),
      { minLength: 1, maxLength: 4 },
    );
    const ask = fc.oneof(
      fc.record({ amountFen: fc.integer({ min: 1, max: 120_000 }) }),
      fc.record({
        lines: fc.array(fc.record({ sku: fc.constantFrom('A', 'B', 'C'), quantity: fc.integer({ min: 1, max: 6 }) }), {
          minLength: 1,
          maxLength: 3,
        }),
      }),
    );
    fc.assert(
      fc.property(lines, fc.array(ask, { maxLength: 8 }), (bought, asks) => {
        let current = bought.map((l) => line(l.sku, l.quantity, l.unitPriceFen, l.points));
        for (const a of asks) {
          const plan = planRefund(current, a);
          if (plan.ok) current = applyRefundPlan(current, plan.lines);
        }
        for (const l of current) {
          expect(l.refundedFen).toBeLessThanOrEqual(l.quantity * l.unitPriceFen);
          expect(l.refundedQuantity).toBeLessThanOrEqual(l.quantity);
          expect(l.clawedPoints).toBeLessThanOrEqual(l.points);
          expect(l.clawedPoints).toBeGreaterThanOrEqual(0);
        }
        // Refunding whatever is left by amount then gives back every point that was earned.
        const rest = current.reduce((sum, l) => sum + l.quantity * l.unitPriceFen - l.refundedFen, 0);
        if (rest > 0)
          current = applyRefundPlan(current, (planRefund(current, { amountFen: rest }) as unknown as { lines: never }).lines);
        if (current.every((l) => l.unitPriceFen > 0)) {
          expect(current.reduce((s, l) => s + l.clawedPoints, 0)).toBe(current.reduce((s, l) => s + l.points, 0));
        }
      }),
    );
  });
});

describe('proRataShare', () => {
  it('follows the money cumulatively and gives back all of it on a full refund', () => {
    const parts = [
      proRataShare(500, 0, 3_333, 10_000),
      proRataShare(500, 3_333, 6_666, 10_000),
      proRataShare(500, 6_666, 10_000, 10_000),
    ];
    expect(parts).toEqual([166, 167, 167]);
    expect(parts.reduce((a, b) => a + b, 0)).toBe(500);
    expect(proRataShare(500, 0, 10_000, 10_000)).toBe(500);
    expect(proRataShare(500, 10_000, 10_000, 10_000)).toBe(0);
  });
});
