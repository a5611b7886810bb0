import { businessDay, businessMonth } from './business-day';
import { DEFAULT_SIGN_IN_RULES, signIn } from './daily-sign-in';

const tz = 'Asia/Shanghai';
const at = (iso: string) => new Date(iso);

describe('business days', () => {
  it('count in the brand time zone', () => {
    expect(businessDay(at('2026-11-22T15:59:59Z'), tz)).toBe('2026-11-22');
    expect(businessDay(at('2026-11-22T16:00:00Z'), tz)).toBe('2026-11-23');
    expect(businessMonth(at('2026-11-30T16:00:00Z'), tz)).toBe('2026-12');
  });
});

describe('daily sign-in', () => {
  it('pays the daily points on the first sign-in', () => {
    expect(signIn(undefined, at('2026-11-22T01:00:00Z'), tz, DEFAULT_SIGN_IN_RULES)).toEqual({
      kind: 'signedIn',
      state: { lastDay: '2026-11-22', streak: 1 },
      points: 5,
      bonusPoints: 0,
    });
  });

  it('pays once per business day', () => {
    const state = { lastDay: '2026-11-22', streak: 3 };
    expect(signIn(state, at('2026-11-22T15:00:00Z'), tz, DEFAULT_SIGN_IN_RULES)).toEqual({ kind: 'alreadySignedIn', state });
  });

  it('grows the streak on consecutive days, across midnight in Shanghai, and pays streak bonuses', () => {
    const outcome = signIn({ lastDay: '2026-11-22', streak: 6 }, at('2026-11-22T16:30:00Z'), tz, DEFAULT_SIGN_IN_RULES);
    expect(outcome).toEqual({ kind: 'signedIn', state: { lastDay: '2026-11-23', streak: 7 }, points: 25, bonusPoints: 20 });
  });

  it('starts over after a missed day', () => {
    const outcome = signIn({ lastDay: '2026-11-20', streak: 6 }, at('2026-11-22T02:00:00Z'), tz, DEFAULT_SIGN_IN_RULES);
    expect(outcome).toMatchObject({ state: { streak: 1 }, points: 5 });
  });

  it('starts a new cycle after the last day of the calendar', () => {
    const outcome = signIn({ lastDay: '2026-11-21', streak: 30 }, at('2026-11-22T02:00:00Z'), tz, DEFAULT_SIGN_IN_RULES);
    expect(outcome).toMatchObject({ state: { streak: 1 }, points: 5 });
  });
});
