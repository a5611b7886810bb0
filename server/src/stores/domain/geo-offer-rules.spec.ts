import fc from 'fast-check';
import {
  capWindow,
  claimState,
  nextClaimAt,
  offerPeriod,
  offersOverlap,
  offerStatus,
  offerStopsAt,
  withinRadius,
} from './geo-offer-rules';

const TZ = 'Asia/Shanghai';
const DAY = 86_400_000;
const at = (iso: string) => new Date(iso);

describe('offerPeriod', () => {
  it('runs from 00:00 Beijing of the first day to 24:00 Beijing of the last', () => {
    const period = offerPeriod('2026-12-01', '2026-12-07', TZ);
    expect(period.startsAt.toISOString()).toBe('2026-11-30T16:00:00.000Z');
    expect(period.endsAt.toISOString()).toBe('2026-12-07T16:00:00.000Z');
  });
  it('a one-day offer lasts 24 hours, across a month end', () => {
    const period = offerPeriod('2026-12-31', '2026-12-31', TZ);
    expect(period.endsAt.getTime() - period.startsAt.getTime()).toBe(DAY);
    expect(period.endsAt.toISOString()).toBe('2026-12-31T16:00:00.000Z');
  });
});

describe('offerStatus', () => {
  const offer = offerPeriod('2026-12-01', '2026-12-07', TZ);
  it('is scheduled before 00:00 Beijing of the first day, running from it', () => {
    expect(offerStatus(offer, at('2026-11-30T15:59:59.999Z'))).toBe('scheduled');
    // 00:30 Beijing on the first day is 16:30 UTC the day before.
    expect(offerStatus(offer, at('2026-11-30T16:30:00Z'))).toBe('running');
  });
  it('is finished at 24:00 Beijing of the last day', () => {
    expect(offerStatus(offer, at('2026-12-07T15:59:59Z'))).toBe('running');
    expect(offerStatus(offer, at('2026-12-07T16:00:00Z'))).toBe('finished');
  });
  it('is ended once HQ ends it early, and finished when the early end came after the end anyway', () => {
    const ended = { ...offer, endedAt: at('2026-12-03T02:00:00Z') };
    expect(offerStatus(ended, at('2026-12-03T01:00:00Z'))).toBe('running');
    expect(offerStatus(ended, at('2026-12-03T02:00:00Z'))).toBe('ended');
    expect(offerStopsAt(ended)).toEqual(at('2026-12-03T02:00:00Z'));
    expect(offerStatus({ ...offer, endedAt: at('2026-12-09T00:00:00Z') }, at('2026-12-10T00:00:00Z'))).toBe('finished');
  });
});

describe('offersOverlap', () => {
  const first = offerPeriod('2026-12-01', '2026-12-07', TZ);
  it('an offer may start the day after another’s last day', () => {
    expect(offersOverlap(first, offerPeriod('2026-12-08', '2026-12-10', TZ))).toBe(false);
    expect(offersOverlap(first, offerPeriod('2026-12-07', '2026-12-10', TZ))).toBe(true);
    expect(offersOverlap(offerPeriod('2026-11-01', '2026-12-31', TZ), first)).toBe(true);
  });
  it('an offer HQ ended early no longer holds the rest of its days', () => {
    const ended = { ...first, endedAt: at('2026-12-03T02:00:00Z') };
    expect(offersOverlap(ended, offerPeriod('2026-12-04', '2026-12-10', TZ))).toBe(false);
  });
});

describe('capWindow', () => {
  const start = at('2026-11-30T16:00:00Z');
  it('counts windows of cap days from the offer’s start', () => {
    expect(capWindow(start, 7, start)).toEqual({ index: 0, opensAt: start, closesAt: new Date(start.getTime() + 7 * DAY) });
    expect(capWindow(start, 7, new Date(start.getTime() + 7 * DAY - 1)).index).toBe(0);
    expect(capWindow(start, 7, new Date(start.getTime() + 7 * DAY)).index).toBe(1);
    expect(capWindow(start, 1, new Date(start.getTime() + 10.5 * DAY)).index).toBe(10);
  });
  it('refuses a cap that is not whole days', () => {
    expect(() => capWindow(start, 0, start)).toThrow(RangeError);
    expect(() => capWindow(start, 1.5, start)).toThrow(RangeError);
  });
  it('every moment lies in exactly one window, and windows do not overlap (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 90 }), fc.integer({ min: 0, max: 400 * DAY }), (capDays, offset) => {
        const now = new Date(start.getTime() + offset);
        const window = capWindow(start, capDays, now);
        expect(window.opensAt.getTime()).toBeLessThanOrEqual(now.getTime());
        expect(window.closesAt.getTime()).toBeGreaterThan(now.getTime());
        expect(window.closesAt.getTime() - window.opensAt.getTime()).toBe(capDays * DAY);
        expect(capWindow(start, capDays, window.closesAt).index).toBe(window.index + 1);
      }),
    );
  });
});

describe('nextClaimAt', () => {
  const offer = offerPeriod('2026-12-01', '2026-12-14', TZ);
  it('is the next window while the offer still runs then, absent after', () => {
    expect(nextClaimAt(capWindow(offer.startsAt, 7, offer.startsAt), offer)).toEqual(
      new Date(offer.startsAt.getTime() + 7 * DAY),
    );
    expect(nextClaimAt(capWindow(offer.startsAt, 7, new Date(offer.startsAt.getTime() + 8 * DAY)), offer)).toBeUndefined();
  });
});

describe('withinRadius and claimState', () => {
  it('the edge of the radius is inside; a negative or missing distance never is', () => {
    expect(withinRadius(500, 500)).toBe(true);
    expect(withinRadius(500.01, 500)).toBe(false);
    expect(withinRadius(Number.NaN, 500)).toBe(false);
    expect(withinRadius(-1, 500)).toBe(false);
  });
  const base = { distanceMetres: 100, radiusMetres: 500, marketingConsent: true, claimedThisWindow: false };
  it('claimable only inside the radius, with consent, not taken in this window', () => {
    expect(claimState(base)).toBe('claimable');
    expect(claimState({ ...base, distanceMetres: 501 })).toBe('too-far');
    expect(claimState({ ...base, distanceMetres: undefined })).toBe('needs-location');
    expect(claimState({ ...base, marketingConsent: false })).toBe('needs-consent');
    expect(claimState({ ...base, claimedThisWindow: true, distanceMetres: 5000 })).toBe('claimed');
  });
});
