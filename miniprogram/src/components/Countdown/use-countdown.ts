import { useEffect, useState } from 'react';

export interface CountdownParts {
  totalMs: number;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
  expired: boolean;
}

/** Splits the time left until `deadline` (never negative). */
export function countdownParts(deadline: Date, now: Date): CountdownParts {
  const totalMs = Math.max(0, deadline.getTime() - now.getTime());
  const totalSeconds = Math.floor(totalMs / 1000);
  return {
    totalMs,
    days: Math.floor(totalSeconds / 86_400),
    hours: Math.floor((totalSeconds % 86_400) / 3600),
    minutes: Math.floor((totalSeconds % 3600) / 60),
    seconds: totalSeconds % 60,
    expired: totalMs === 0,
  };
}

/**
 * Ticks once a second until the deadline. `serverOffsetMs` (server time − device time) keeps the count
 * honest on phones whose clocks are off.
 */
export function useCountdown(deadline: Date, serverOffsetMs = 0): CountdownParts {
  const [now, setNow] = useState(() => new Date(Date.now() + serverOffsetMs));
  useEffect(() => {
    const timer = setInterval(() => {
      const current = new Date(Date.now() + serverOffsetMs);
      setNow(current);
      if (current.getTime() >= deadline.getTime()) clearInterval(timer);
    }, 1000);
    return () => clearInterval(timer);
  }, [deadline, serverOffsetMs]);
  return countdownParts(deadline, now);
}
