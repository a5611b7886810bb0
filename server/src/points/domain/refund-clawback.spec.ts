import fc from 'fast-check';
import { clawbackForRefundedAmount, clawbackForRefundedLines } from './refund-clawback';

describe('clawbackForRefundedLines', () => {
  const earned = [
    { sku: 'A', quantity: 3, points: 100, refundedQuantity: 0 },
    { sku: 'B', quantity: 1, points: 50, refundedQuantity: 0 },
  ];

  it('takes back what the refunded units earned', () => {
    expect(clawbackForRefundedLines(earned, [{ sku: 'B', quantity: 1 }])).toEqual({
      ok: true,
      points: 50,
      lines: [{ sku: 'B', quantity: 1, points: 50 }],
    });
    expect(clawbackForRefundedLines(earned, [{ sku: 'A', quantity: 1 }])).toMatchObject({ ok: true, points: 33 });
  });

  it('takes back exactly the earned points once every unit has been refunded, in any number of parts', () => {
    const first = clawbackForRefundedLines(earned, [{ sku: 'A', quantity: 1 }]);
    const second = clawbackForRefundedLines([{ ...earned[0], refundedQuantity: 1 }], [{ sku: 'A', quantity: 1 }]);
    const third = clawbackForRefundedLines([{ ...earned[0], refundedQuantity: 2 }], [{ sku: 'A', quantity: 1 }]);
    const total = [first, second, third].reduce((sum, r) => sum + (r.ok ? r.points : NaN), 0);
    expect(total).toBe(100);
  });

  it('refuses unknown SKUs and refunding more than was bought', () => {
    expect(clawbackForRefundedLines(earned, [{ sku: 'Z', quantity: 1 }])).toEqual({ ok: false, reason: 'UNKNOWN_SKU', sku: 'Z' });
    expect(
      clawbackForRefundedLines(earned, [
        { sku: 'A', quantity: 2 },
        { sku: 'A', quantity: 2 },
      ]),
    ).toEqual({ ok: false, reason: 'REFUND_EXCEEDS_PURCHASE', sku: 'A' });
  });

  it('never takes back more than was earned, however a line is split', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.nat(10_000),
        fc.array(fc.integer({ min: 1, max: 5 })),
        (quantity, points, parts) => {
          let refunded = 0;
          let taken = 0;
          for (const part of parts) {
            const result = clawbackForRefundedLines(
              [{ sku: 'X', quantity, points, refundedQuantity: refunded }],
              [{ sku: 'X', quantity: part }],
            );
            if (!result.ok) break;
            refunded += part;
            taken += result.points;
            expect(taken).toBeLessThanOrEqual(points);
          }
          if (refunded === quantity) expect(taken).toBe(points);
        },
      ),
    );
  });
});

describe('clawbackForRefundedAmount', () => {
  it('takes back in proportion to the amount, exactly the whole once fully refunded', () => {
    expect(clawbackForRefundedAmount(399, 39_900, 0, 10_000)).toEqual({ ok: true, points: 100 });
    expect(clawbackForRefundedAmount(399, 39_900, 10_000, 29_900)).toEqual({ ok: true, points: 299 });
  });

  it('refuses a refund larger than what is left of the purchase, or not positive', () => {
    expect(clawbackForRefundedAmount(399, 39_900, 30_000, 10_000)).toEqual({ ok: false, reason: 'REFUND_EXCEEDS_PURCHASE' });
    expect(clawbackForRefundedAmount(399, 39_900, 0, 0)).toEqual({ ok: false, reason: 'REFUND_EXCEEDS_PURCHASE' });
  });
});
