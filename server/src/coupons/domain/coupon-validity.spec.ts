import { brandLastDay } from '@memberloop/shared';
import fc from 'fast-check';
import { couponValidWindow } from './coupon-validity';

const SHANGHAI = 'Asia/Shanghai';
const DAY_MS = 86_400_000;

describe('a coupon’s validity', () => {
  it('valid for 7 days from 00:30 Beijing runs to the end of the brand day 7 days on', () => {
    // 2 December 00:30 Beijing = 1 December 16:30 UTC.
    const issuedAt = new Date('2026-12-01T16:30:00Z');
    const { validFrom, validTo } = couponValidWindow({ type: 'afterClaim', days: 7 }, issuedAt, SHANGHAI);
    expect(validFrom).toEqual(issuedAt);
    // Midnight starting 10 December Beijing: usable all of 9 December, which the coupon shows as 有效期至.
    expect(validTo.toISOString()).toBe('2026-12-09T16:00:00.000Z');
    expect(brandLastDay(validTo, SHANGHAI)).toBe('2026-12-09');
  });

  it('claimed at 23:59 Beijing still counts from that day, and never gives less than N whole days', () => {
    const issuedAt = new Date('2026-12-02T15:59:00Z'); // 2 December 23:59 Beijing
    const { validTo } = couponValidWindow({ type: 'afterClaim', days: 1 }, issuedAt, SHANGHAI);
    expect(validTo.toISOString()).toBe('2026-12-03T16:00:00.000Z'); // through 3 December
    expect(validTo.getTime() - issuedAt.getTime()).toBeGreaterThanOrEqual(DAY_MS);
  });

  it('crosses month and year ends on the brand’s calendar', () => {
    const { validTo } = couponValidWindow({ type: 'afterClaim', days: 30 }, new Date('2026-12-15T02:00:00Z'), SHANGHAI);
    expect(brandLastDay(validTo, SHANGHAI)).toBe('2027-01-14');
  });

  it('ends at midnight in the brand’s zone, not the server’s', () => {
    const { validTo } = couponValidWindow({ type: 'afterClaim', days: 3 }, new Date('2026-12-01T16:30:00Z'), 'Asia/Tokyo');
    // 2 December 01:30 Tokyo + 3 days: through 5 December, until midnight Tokyo (15:00 UTC).
    expect(validTo.toISOString()).toBe('2026-12-05T15:00:00.000Z');
  });

  it('keeps a window template’s own window', () => {
    const validity = { type: 'window', from: '2026-12-01T00:00:00+08:00', to: '2027-01-01T00:00:00+08:00' } as const;
    expect(couponValidWindow(validity, new Date('2026-12-05T00:00:00Z'), SHANGHAI)).toEqual({
      validFrom: new Date('2026-11-30T16:00:00Z'),
      validTo: new Date('2026-12-31T16:00:00Z'),
    });
  });

  it('always ends at a brand midnight, between N and N + 1 days after the claim', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2035, 0, 1) }),
        fc.integer({ min: 1, max: 366 }),
        (ms, days) => {
          const { validTo } = couponValidWindow({ type: 'afterClaim', days }, new Date(ms), SHANGHAI);
          const left = validTo.getTime() - ms;
          expect(left).toBeGreaterThanOrEqual(days * DAY_MS);
          expect(left).toBeLessThanOrEqual((days + 1) * DAY_MS);
          expect((validTo.getTime() + 8 * 3_600_000) % DAY_MS).toBe(0);
        },
      ),
    );
  });
});
