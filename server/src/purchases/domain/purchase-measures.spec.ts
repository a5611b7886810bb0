import { measureAgainst, rollingFigures, rollingYearStart, type OtherPurchase } from './purchase-measures';

const now = new Date('2026-11-26T08:00:00Z');
// Business day and month in Shanghai (UTC+8), as businessPeriod gives them.
const day = { from: new Date('2026-11-25T16:00:00Z'), to: new Date('2026-11-26T16:00:00Z') };
const month = { from: new Date('2026-10-31T16:00:00Z'), to: new Date('2026-11-30T16:00:00Z') };

const purchase = (paidAt: string, over: Partial<OtherPurchase> = {}): OtherPurchase => ({
  paidAt: new Date(paidAt),
  totalFen: 10_000,
  refundedFen: 0,
  status: 'applied',
  outcome: { pointsEarned: 100 },
  ...over,
});

describe('measureAgainst: what a new purchase is measured against', () => {
  it('starts the rolling year exactly one year before now', () => {
    expect(rollingYearStart(now).toISOString()).toBe('2025-11-26T08:00:00.000Z');
  });

  it('adds applied purchases of the rolling year to the tier figures, net of refunds', () => {
    const measures = measureAgainst(
      [
        purchase('2026-03-01T00:00:00Z', { refundedFen: 2_500 }),
        purchase('2026-06-01T00:00:00Z', { refundedFen: 10_000, outcome: { pointsEarned: 100 } }),
        purchase('2025-11-26T08:00:00Z'), // exactly a year ago: out
        purchase('2025-11-26T08:00:01Z', { totalFen: 5_000, outcome: { pointsEarned: 50 } }),
        purchase('2026-07-01T00:00:00Z', { status: 'received', outcome: undefined }), // not applied: out
      ],
      now,
      day,
      month,
    );
    expect(measures.others).toEqual({ spendFen: 7_500 + 0 + 5_000, purchaseCount: 2, pointsEarned: 250 });
  });

  it('counts the month’s purchases not refunded in full, applied or not, for the tasks', () => {
    const measures = measureAgainst(
      [
        purchase('2026-10-31T16:00:00Z'), // the month's first instant
        purchase('2026-11-30T15:59:59Z', { status: 'received', outcome: undefined }),
        purchase('2026-11-10T00:00:00Z', { refundedFen: 10_000 }),
        purchase('2026-11-30T16:00:00Z'), // next month
        purchase('2026-10-31T15:59:59Z'), // last month
      ],
      now,
      day,
      month,
    );
    expect(measures.othersInMonth).toBe(2);
  });

  it('sums the points applied purchases earned in the business day and month, refunded or not, for the caps', () => {
    const measures = measureAgainst(
      [
        purchase('2026-11-25T16:00:00Z', { outcome: { pointsEarned: 300 } }), // the day's first instant
        purchase('2026-11-26T15:59:59Z', { refundedFen: 10_000, outcome: { pointsEarned: 200 } }),
        purchase('2026-11-25T15:59:59Z', { outcome: { pointsEarned: 40 } }), // yesterday, same month
        purchase('2026-11-26T10:00:00Z', { status: 'received', outcome: undefined }),
        purchase('2026-10-20T00:00:00Z', { outcome: { pointsEarned: 7 } }), // last month
      ],
      now,
      day,
      month,
    );
    expect(measures.earnedToday).toBe(500);
    expect(measures.earnedThisMonth).toBe(540);
  });

  it('gives the tier’s rolling figures alone, the same as a new purchase is measured with', () => {
    const purchases = [
      purchase('2026-11-20T00:00:00Z', { refundedFen: 4_000 }),
      purchase('2026-11-26T08:00:00Z'), // exactly now: in
      purchase('2026-11-26T08:00:01Z'), // after now: out
      purchase('2025-11-26T08:00:00Z'), // a year ago to the millisecond: out
      purchase('2026-02-01T00:00:00Z', { status: 'received', outcome: undefined }),
    ];
    expect(rollingFigures(purchases, now)).toEqual({ spendFen: 16_000, purchaseCount: 2, pointsEarned: 200 });
    expect(measureAgainst(purchases, now, day, month).others).toEqual(rollingFigures(purchases, now));
  });

  it('measures nothing for a member’s first purchase', () => {
    expect(measureAgainst([], now, day, month)).toEqual({
      others: { spendFen: 0, purchaseCount: 0, pointsEarned: 0 },
      othersInMonth: 0,
      earnedToday: 0,
      earnedThisMonth: 0,
    });
  });
});
