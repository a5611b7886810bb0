import { Text, View } from '@tarojs/components';
import type { TierProgress as TierProgressData } from '@memberloop/shared';
import { reachedText, TIER_PROGRESS_TEXT as TEXT, toNextTierText, unlocksText } from './tier-progress-text';
import './index.css';

export { remainingText } from './tier-progress-text';

export interface TierProgressProps {
  progress: TierProgressData;
}

/** The bar from the member's tier to the next one, what is left to reach it, and what it unlocks. */
export function TierProgress({ progress }: TierProgressProps) {
  const percent = Math.round(progress.ratio * 100);
  const { nextTier } = progress;
  const reached = progress.ratio >= 1;
  const pending = progress.criteria.filter((c) => c.remaining > 0);
  return (
    <View className='tier-progress'>
      <View className='tier-progress__labels'>
        <Text className='tier-progress__tier'>{progress.currentTier.name}</Text>
        <Text className='tier-progress__tier tier-progress__tier--next'>{nextTier ? nextTier.name : TEXT.top}</Text>
      </View>
      <View
        className='tier-progress__track'
        aria-valuenow={percent}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-label={TEXT.label}
      >
        <View className='tier-progress__fill' style={{ width: `${percent}%` }} />
      </View>
      {nextTier && !reached && (
        <Text className='tier-progress__hint'>
          {toNextTierText(pending, nextTier.qualification.match === 'all', nextTier.name)}
        </Text>
      )}
      {nextTier && reached && <Text className='tier-progress__hint'>{reachedText(nextTier.name)}</Text>}
      {progress.lockedHighlights.length > 0 && (
        <View className='tier-progress__locked'>
          <Text className='tier-progress__locked-title'>{unlocksText(nextTier?.name ?? '')}</Text>
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
