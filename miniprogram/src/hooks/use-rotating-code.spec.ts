import { act, renderHook } from '@testing-library/react';
import { ApiCallError } from '../services/api-client';
import {
  MAX_REFRESH_MS,
  MIN_REFRESH_MS,
  RETRY_MS,
  refreshDelayMs,
  useRotatingCode,
  type ExpiringCode,
} from './use-rotating-code';

const NOW = Date.parse('2026-11-22T08:00:00Z');
const inSeconds = (s: number) => new Date(Date.now() + s * 1000).toISOString();

describe('refreshDelayMs', () => {
  it('renews ten seconds before the code expires', () => {
    expect(refreshDelayMs(new Date(NOW + 30_000).toISOString(), NOW)).toBe(20_000);
  });

  it('waits at least five seconds, even for a code about to expire or already expired by the phone’s clock', () => {
    expect(refreshDelayMs(new Date(NOW + 12_000).toISOString(), NOW)).toBe(MIN_REFRESH_MS);
    expect(refreshDelayMs(new Date(NOW - 60_000).toISOString(), NOW)).toBe(MIN_REFRESH_MS);
    expect(refreshDelayMs('not a date', NOW)).toBe(MIN_REFRESH_MS);
  });

  it('renews at least every 50 seconds, so a phone clock behind the server’s never keeps a dead code up', () => {
    // The member's code lives 60 s, the on-site code 120 s; a phone 5 minutes slow sees both "expire" much later.
    expect(refreshDelayMs(new Date(NOW + 60_000).toISOString(), NOW)).toBe(50_000);
    expect(refreshDelayMs(new Date(NOW + 120_000).toISOString(), NOW)).toBe(MAX_REFRESH_MS);
    expect(refreshDelayMs(new Date(NOW + 420_000).toISOString(), NOW)).toBe(MAX_REFRESH_MS);
  });
});

describe('useRotatingCode', () => {
  beforeEach(() => {
    jest.useFakeTimers();
    jest.setSystemTime(NOW);
  });
  afterEach(() => jest.useRealTimers());

  /** Lets the fetch promise settle and React apply the state it sets. */
  const settle = () => act(async () => undefined);

  it('shows a code, counts down to its renewal, and renews it before it expires', async () => {
    let serial = 0;
    const fetchCode = jest.fn(async (): Promise<ExpiringCode> => ({ token: `code-${++serial}`, expiresAt: inSeconds(30) }));
    const { result } = renderHook(() => useRotatingCode(fetchCode));
    expect(result.current.code).toEqual({ kind: 'loading' });
    await settle();
    expect(result.current.code).toEqual({ kind: 'ready', token: 'code-1', refreshInSeconds: 20 });

    await act(async () => void jest.advanceTimersByTime(5_000));
    expect(result.current.code).toMatchObject({ token: 'code-1', refreshInSeconds: 15 });

    await act(async () => void jest.advanceTimersByTime(15_000));
    await settle();
    expect(fetchCode).toHaveBeenCalledTimes(2);
    expect(result.current.code).toMatchObject({ kind: 'ready', token: 'code-2' });
  });

  it('keeps a live code on screen through a network failure and tries again shortly', async () => {
    const fetchCode = jest
      .fn<Promise<ExpiringCode>, []>()
      .mockResolvedValueOnce({ token: 'first', expiresAt: inSeconds(60) })
      .mockRejectedValueOnce(new ApiCallError('NETWORK_ERROR', '网络连接失败，请检查网络后重试'))
      .mockImplementationOnce(async () => ({ token: 'second', expiresAt: inSeconds(60) }));
    const { result } = renderHook(() => useRotatingCode(fetchCode));
    await settle();
    await act(async () => void jest.advanceTimersByTime(50_000));
    await settle();
    expect(result.current.code).toMatchObject({ kind: 'ready', token: 'first', problem: '网络连接失败，请检查网络后重试' });

    await act(async () => void jest.advanceTimersByTime(RETRY_MS));
    await settle();
    expect(result.current.code).toEqual({ kind: 'ready', token: 'second', refreshInSeconds: 50 });
  });

  it('stops on a refusal and says why, until asked to try again', async () => {
    const fetchCode = jest
      .fn<Promise<ExpiringCode>, []>()
      .mockRejectedValueOnce(new ApiCallError('ACTIVITY_CLOSED', 'Check-in opens an hour before the activity starts.', 409))
      .mockResolvedValueOnce({ token: 'open', expiresAt: inSeconds(60) });
    const { result } = renderHook(() => useRotatingCode(fetchCode, { wording: { ACTIVITY_CLOSED: '签到还没开始' } }));
    await settle();
    expect(result.current.code).toEqual({ kind: 'failed', message: '签到还没开始', retrying: false });
    await act(async () => void jest.advanceTimersByTime(60_000));
    expect(fetchCode).toHaveBeenCalledTimes(1);

    act(() => result.current.retry());
    await settle();
    expect(result.current.code).toMatchObject({ kind: 'ready', token: 'open' });
  });

  it('fetches nothing while inactive, and stops renewing once unmounted', async () => {
    const fetchCode = jest.fn(async (): Promise<ExpiringCode> => ({ token: 't', expiresAt: inSeconds(60) }));
    const { rerender, unmount } = renderHook(({ active }) => useRotatingCode(fetchCode, { active }), {
      initialProps: { active: false },
    });
    await settle();
    expect(fetchCode).not.toHaveBeenCalled();
    rerender({ active: true });
    await settle();
    expect(fetchCode).toHaveBeenCalledTimes(1);
    unmount();
    await act(async () => void jest.advanceTimersByTime(10 * MAX_REFRESH_MS));
    expect(fetchCode).toHaveBeenCalledTimes(1);
  });
});
