import { Text, View } from '@tarojs/components';
import { formatFen, type CriterionProgress, type TierProgress as TierProgressData } from '@memberloop/shared';
import './index.css';

export interface TierProgressProps {
  progress: TierProgressData;
}

/** "再消费 ¥1,500" / "再购买 2 次" / "再获得 300 积分": what is left on one criterion. */
export function remainingText(criterion: CriterionProgress): string {
  switch (criterion.criterion) {
    case 'spendFen':
      return `再消费 ${formatFen(criterion.remaining, { compact: true })}`;
    case 'purchaseCount':
      return `再购买 ${criterion.remaining} 次`;
    case 'pointsEarned':
      return `再获得 ${criterion.remaining} 积分`;
  }
}

/** The bar from the member's tier to the next one, what is left to reach it, and what it unlocks. */
export function TierProgress({ progress }: TierProgressProps) {
  const percent = Math.round(progress.ratio * 100);
  const { nextTier } = progress;
  const reached = progress.ratio >= 1;
  const pending = progress.criteria.filter((c) => c.remaining > 0);
  const alternatives = nextTier?.qualification.match === 'all' ? '且' : '或';
  return (
    <View className='tier-progress'>
      <View className='tier-progress__labels'>
        <Text className='tier-progress__tier'>{progress.currentTier.name}</Text>
        <Text className='tier-progress__tier tier-progress__tier--next'>{nextTier ? nextTier.name : '已是最高等级'}</Text>
      </View>
      <View className='tier-progress__track' aria-valuenow={percent} aria-valuemin={0} aria-valuemax={100} aria-label='升级进度'>
        <View className='tier-progress__fill' style={{ width: `${percent}%` }} />
      </View>
      {nextTier && !reached && (
        <Text className='tier-progress__hint'>
          {pending.map(remainingText).join(alternatives)} 即可升级{nextTier.name}
        </Text>
      )}
      {nextTier && reached && <Text className='tier-progress__hint'>已达到{nextTier.name}条件，即将升级</Text>}
      {progress.lockedHighlights.length > 0 && (
        <View className='tier-progress__locked'>
          <Text className='tier-progress__locked-title'>升级{nextTier?.name}解锁</Text>
          {progress.lockedHighlights.map((line) => (
            <Text key={line} className='tier-progress__locked-item'>
              {line}
            </Text>
          ))}
        </View>
      )}
    </View>
  );
}
