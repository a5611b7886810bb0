import { dateTimeText, dayText } from './date-text';

describe('date text', () => {
  it('writes dates and times as the phone’s clock shows them', () => {
    // Half past midnight on the phone: in China that is still the previous day in UTC.
    const justAfterMidnight = new Date(2026, 10, 23, 0, 30).toISOString();
    expect(dayText(justAfterMidnight)).toBe('11月23日');
    expect(dateTimeText(justAfterMidnight)).toBe('11月23日 00:30');
    expect(dateTimeText(new Date(2026, 0, 5, 9, 5).toISOString())).toBe('1月5日 09:05');
  });
});
