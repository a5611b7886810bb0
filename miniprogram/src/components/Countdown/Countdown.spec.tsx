import { act, render, screen } from '@testing-library/react';
import { Countdown } from './index';
import { countdownParts } from './use-countdown';

describe('countdownParts', () => {
  const now = new Date('2026-11-22T08:00:00Z');
  it('splits the time left and never goes negative', () => {
    expect(countdownParts(new Date('2026-11-23T10:03:04Z'), now)).toEqual({
      totalMs: 93_784_000,
      days: 1,
      hours: 2,
      minutes: 3,
      seconds: 4,
      expired: false,
    });
    expect(countdownParts(new Date('2026-11-22T07:00:00Z'), now)).toMatchObject({ totalMs: 0, expired: true });
  });
});

describe('Countdown', () => {
  beforeEach(() => {
    jest.useFakeTimers();
    jest.setSystemTime(new Date('2026-11-22T08:00:00Z'));
  });
  afterEach(() => jest.useRealTimers());

  it('ticks every second and calls onExpire exactly once when time is up', () => {
    const onExpire = jest.fn();
    render(<Countdown deadline={new Date('2026-11-22T08:00:03Z')} onExpire={onExpire} />);
    expect(screen.getByText('00:00:03')).toBeTruthy();
    act(() => {
      jest.advanceTimersByTime(1000);
    });
    expect(screen.getByText('00:00:02')).toBeTruthy();
    act(() => {
      jest.advanceTimersByTime(5000);
    });
    expect(screen.getByText('已结束')).toBeTruthy();
    expect(onExpire).toHaveBeenCalledTimes(1);
  });

  it('counts with the server clock when the phone’s clock is off', () => {
    render(<Countdown deadline={new Date('2026-11-22T09:00:00Z')} serverOffsetMs={30 * 60 * 1000} />);
    expect(screen.getByText('00:30:00')).toBeTruthy();
  });

  it('shows days for long deadlines', () => {
    render(<Countdown deadline={new Date('2026-11-24T09:00:00Z')} />);
    expect(screen.getByText('2 天')).toBeTruthy();
    expect(screen.getByText('01:00:00')).toBeTruthy();
  });
});
