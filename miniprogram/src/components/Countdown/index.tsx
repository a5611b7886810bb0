import { Text, View } from '@tarojs/components';
import { useEffect, useRef } from 'react';
import { useCountdown } from './use-countdown';
import { COUNTDOWN_TEXT, daysLeftText } from './countdown-text';
import './index.css';

export interface CountdownProps {
  deadline: Date;
  serverOffsetMs?: number;
  /** Shown once time is up. */
  expiredText?: string;
  /** Called once when the deadline passes (e.g. to reload a group's state). */
  onExpire?: () => void;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** "剩余 1天 02:03:04", ticking every second: the time left to fill a group or sign up. */
export function Countdown({ deadline, serverOffsetMs = 0, expiredText = COUNTDOWN_TEXT.ended, onExpire }: CountdownProps) {
  const left = useCountdown(deadline, serverOffsetMs);
  const fired = useRef(false);
  useEffect(() => {
    if (left.expired && !fired.current) {
      fired.current = true;
      onExpire?.();
    }
  }, [left.expired, onExpire]);
  if (left.expired) return <Text className='countdown countdown--expired'>{expiredText}</Text>;
  return (
    <View className='countdown'>
      <Text className='countdown__label'>{COUNTDOWN_TEXT.left}</Text>
      {left.days > 0 && <Text className='countdown__days'>{daysLeftText(left.days)}</Text>}
      <Text className='countdown__clock'>{`${pad(left.hours)}:${pad(left.minutes)}:${pad(left.seconds)}`}</Text>
    </View>
  );
}
