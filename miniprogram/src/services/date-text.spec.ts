import Taro from '@tarojs/taro';
import { loadBrandTimeZone } from './brand-time-zone';
import { clockText, dateTimeText, dayText, fullDayText, lastDayText, weekdayText } from './date-text';

// 2 December 00:30 in Beijing: still 1 December in UTC, the day `iso.slice(0, 10)` used to show.
const HALF_PAST_MIDNIGHT_BEIJING = '2026-12-01T16:30:00.000Z';

describe('date text', () => {
  it('writes dates and times on the brand’s clock (Asia/Shanghai until the programme says otherwise)', () => {
    expect(dayText(HALF_PAST_MIDNIGHT_BEIJING)).toBe('12月2日');
    expect(fullDayText(HALF_PAST_MIDNIGHT_BEIJING)).toBe('2026-12-02');
    expect(dateTimeText(HALF_PAST_MIDNIGHT_BEIJING)).toBe('12月2日 00:30');
    expect(clockText(HALF_PAST_MIDNIGHT_BEIJING)).toBe('00:30');
    expect(weekdayText(HALF_PAST_MIDNIGHT_BEIJING)).toBe('周三');
    expect(dateTimeText('2026-01-05T01:05:00Z')).toBe('1月5日 09:05');
  });

  it('shows the last day a validity holds: an end at midnight is the day before', () => {
    expect(lastDayText('2026-12-09T16:00:00.000Z')).toBe('2026-12-09');
    expect(lastDayText('2027-06-30T15:59:59.000Z')).toBe('2027-06-30');
  });

  it('learns the brand’s zone from the programme overview once, and keeps the default when it cannot', async () => {
    const request = Taro.request as jest.Mock;
    request.mockRejectedValueOnce(new Error('offline'));
    await expect(loadBrandTimeZone()).resolves.toBe('Asia/Shanghai');

    request.mockResolvedValueOnce({ statusCode: 200, data: { brandName: '木棉生活', timeZone: 'Asia/Tokyo', tiers: [] } });
    await expect(loadBrandTimeZone()).resolves.toBe('Asia/Tokyo');
    await loadBrandTimeZone();
    expect(request).toHaveBeenCalledTimes(2);
    expect(request.mock.calls[1][0]).toMatchObject({ url: 'http://api.test/api/v1/program', method: 'GET' });
    expect(dateTimeText(HALF_PAST_MIDNIGHT_BEIJING)).toBe('12月2日 01:30');
  });
});
