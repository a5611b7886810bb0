import { quantityText } from '@memberloop/shared';

/** The words of the countdown ("剩余 1 天 02:03:04"). */
export const COUNTDOWN_TEXT = {
  ended: '已结束',
  left: '剩余',
} as const;

/** "1 天": the whole days left. */
export function daysLeftText(days: number): string {
  return quantityText(days, '天');
}
