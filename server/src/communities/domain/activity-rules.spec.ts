import {
  cancellationRefusal,
  checkInRefusal,
  rate,
  scheduleProblem,
  seatsLeft,
  signUpRefusal,
  tierAllows,
  type ActivityState,
} from './activity-rules';

const HOUR = 3_600_000;
const t0 = new Date('2026-05-01T02:00:00Z');
const plus = (ms: number) => new Date(t0.getTime() + ms);

const activity = (over: Partial<ActivityState> = {}): ActivityState => ({
  status: 'published',
  startsAt: plus(2 * HOUR),
  endsAt: plus(4 * HOUR),
  signUpDeadline: plus(HOUR),
  place: '上海店',
  capacity: 10,
  confirmedCount: 0,
  ...over,
});

describe('scheduleProblem', () => {
  it('accepts a sound schedule with a place or a live link', () => {
    expect(scheduleProblem(activity(), t0)).toBeNull();
    expect(scheduleProblem(activity({ place: undefined, liveUrl: 'https://live.example.com' }), t0)).toBeNull();
  });

  it('names what is wrong', () => {
    expect(scheduleProblem(activity({ endsAt: plus(2 * HOUR) }), t0)).toMatch(/end after it starts/);
    expect(scheduleProblem(activity({ endsAt: plus(32 * 24 * HOUR) }), t0)).toMatch(/31 days/);
    expect(scheduleProblem(activity({ startsAt: plus(-3 * HOUR), endsAt: plus(-HOUR) }), t0)).toMatch(/already be over/);
    expect(scheduleProblem(activity({ signUpDeadline: plus(5 * HOUR) }), t0)).toMatch(/deadline/);
    expect(scheduleProblem(activity({ place: undefined }), t0)).toMatch(/place, a live link/);
  });
});

describe('signUpRefusal', () => {
  it('takes sign-ups while published and before the deadline, whatever the seats (the waitlist takes the rest)', () => {
    expect(signUpRefusal(activity({ confirmedCount: 10 }), t0)).toBeNull();
    expect(signUpRefusal(activity(), plus(HOUR))).toBeNull();
  });

  it('refuses drafts, cancelled activities, and anything after the deadline', () => {
    expect(signUpRefusal(activity({ status: 'draft' }), t0)?.code).toBe('ACTIVITY_CLOSED');
    expect(signUpRefusal(activity({ status: 'cancelled' }), t0)?.message).toMatch(/cancelled/);
    expect(signUpRefusal(activity(), plus(HOUR + 1))?.message).toMatch(/closed/);
    expect(signUpRefusal(activity({ signUpDeadline: plus(4 * HOUR) }), plus(4 * HOUR))?.message).toMatch(/over/);
  });
});

describe('cancellationRefusal', () => {
  it('lets members cancel until the start, after the deadline too', () => {
    expect(cancellationRefusal(activity(), plus(2 * HOUR - 1))).toBeNull();
    expect(cancellationRefusal(activity(), plus(2 * HOUR))?.code).toBe('ACTIVITY_CLOSED');
    expect(cancellationRefusal(activity({ status: 'cancelled' }), t0)?.code).toBe('ACTIVITY_CLOSED');
  });
});

describe('checkInRefusal', () => {
  it('opens an hour before the start and closes at the end', () => {
    expect(checkInRefusal(activity(), plus(HOUR - 1))?.message).toMatch(/an hour before/);
    expect(checkInRefusal(activity(), plus(HOUR))).toBeNull();
    expect(checkInRefusal(activity(), plus(4 * HOUR - 1))).toBeNull();
    expect(checkInRefusal(activity(), plus(4 * HOUR))?.message).toMatch(/over/);
  });

  it('refuses activities that are not taking place', () => {
    expect(checkInRefusal(activity({ status: 'cancelled' }), plus(2 * HOUR))?.code).toBe('ACTIVITY_CLOSED');
    expect(checkInRefusal(activity({ status: 'draft' }), plus(2 * HOUR))?.code).toBe('ACTIVITY_CLOSED');
  });
});

describe('seats, tiers and rates', () => {
  it('never shows negative seats', () => {
    expect(seatsLeft({ capacity: 10, confirmedCount: 4 })).toBe(6);
    expect(seatsLeft({ capacity: 3, confirmedCount: 5 })).toBe(0);
  });

  it('compares tiers by rank, with no minimum admitting everyone', () => {
    expect(tierAllows(0, undefined)).toBe(true);
    expect(tierAllows(1, 2)).toBe(false);
    expect(tierAllows(2, 2)).toBe(true);
    expect(tierAllows(3, 2)).toBe(true);
  });

  it('rounds shares to four decimals and has none without a whole', () => {
    expect(rate(1, 3)).toBe(0.3333);
    expect(rate(2, 2)).toBe(1);
    expect(rate(0, 0)).toBeNull();
  });
});
