import { addBrandMonths, isRenewalReminderDue, isWithinCoolingOff, isWithinRenewalWindow, termEnd } from './subscription-term';

const TZ = 'Asia/Shanghai';
const DAY = 86_400_000;

describe('paid membership terms on the brand clock', () => {
  it('a monthly term bought at 00:30 Beijing ends at 00:30 Beijing a calendar month later', () => {
    // 2026-03-01 00:30 Beijing is still 28 February in UTC.
    const start = new Date('2026-02-28T16:30:00Z');
    expect(termEnd(start, 'monthly', TZ).toISOString()).toBe('2026-03-31T16:30:00.000Z');
  });

  it('clamps to the last day of a shorter month (31 January → 28 February, Beijing)', () => {
    expect(addBrandMonths(new Date('2026-01-31T02:00:00Z'), 1, TZ).toISOString()).toBe('2026-02-28T02:00:00.000Z');
    expect(addBrandMonths(new Date('2028-01-31T02:00:00Z'), 1, TZ).toISOString()).toBe('2028-02-29T02:00:00.000Z');
  });

  it('an annual term is 12 calendar months', () => {
    expect(termEnd(new Date('2026-12-03T10:00:00Z'), 'annual', TZ).toISOString()).toBe('2027-12-03T10:00:00.000Z');
  });

  it('the renewal window opens N days before the end and closes at the end', () => {
    const end = new Date('2026-12-31T00:00:00Z');
    expect(isWithinRenewalWindow(end, new Date(end.getTime() - 31 * DAY), 30)).toBe(false);
    expect(isWithinRenewalWindow(end, new Date(end.getTime() - 30 * DAY), 30)).toBe(true);
    expect(isWithinRenewalWindow(end, new Date(end.getTime() - 1), 30)).toBe(true);
    expect(isWithinRenewalWindow(end, end, 30)).toBe(false);
  });

  it('the cooling-off period is N days from the payment, inclusive of its last instant', () => {
    const paid = new Date('2026-12-01T00:00:00Z');
    expect(isWithinCoolingOff(paid, new Date(paid.getTime() + 7 * DAY), 7)).toBe(true);
    expect(isWithinCoolingOff(paid, new Date(paid.getTime() + 7 * DAY + 1), 7)).toBe(false);
  });

  it('the renewal reminder is due in the last N days only', () => {
    const end = new Date('2026-12-31T00:00:00Z');
    expect(isRenewalReminderDue(end, new Date(end.getTime() - 8 * DAY), 7)).toBe(false);
    expect(isRenewalReminderDue(end, new Date(end.getTime() - 7 * DAY), 7)).toBe(true);
    expect(isRenewalReminderDue(end, end, 7)).toBe(false);
  });
});
