import { formatFen, joinText, quantityText, type CriterionProgress } from '@memberloop/shared';

/** The words of the bar to the next tier. */
export const TIER_PROGRESS_TEXT = {
  top: '已是最高等级',
  label: '升级进度',
} as const;

/** "再消费 ¥1,500" / "再购买 2 次" / "再获得 300 积分": what is left on one criterion. */
export function remainingText(criterion: CriterionProgress): string {
  switch (criterion.criterion) {
    case 'spendFen':
      return `再消费 ${formatFen(criterion.remaining, { compact: true })}`;
    case 'purchaseCount':
      return joinText('再购买', quantityText(criterion.remaining, '次'));
    case 'pointsEarned':
      return joinText('再获得', quantityText(criterion.remaining, '积分'));
  }
}

/** "再消费 ¥1,500或再购买 2 次 即可升级金卡": all that is left, joined by 且 (all needed) or 或 (any). */
export function toNextTierText(criteria: CriterionProgress[], all: boolean, nextTier: string): string {
  return `${criteria.map(remainingText).join(all ? '且' : '或')} 即可升级${nextTier}`;
}

/** "已达到金卡条件，即将升级". */
export function reachedText(nextTier: string): string {
  return `已达到${nextTier}条件，即将升级`;
}

/** "升级金卡解锁". */
export function unlocksText(nextTier: string): string {
  return `升级${nextTier}解锁`;
}
