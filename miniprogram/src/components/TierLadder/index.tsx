import { Text, View } from '@tarojs/components';
import type { TierDefinition } from '@memberloop/shared';
import { qualificationText } from './tier-ladder-text';
import './index.css';

export { qualificationText } from './tier-ladder-text';

export interface TierLadderProps {
  tiers: TierDefinition[];
  /** The member's tier, highlighted when known. */
  currentTierCode?: string;
}

/** The brand's tiers from entry to top, each with what qualifies and what it unlocks. */
export function TierLadder({ tiers, currentTierCode }: TierLadderProps) {
  const ordered = [...tiers].sort((a, b) => a.rank - b.rank);
  return (
    <View className='tier-ladder'>
      {ordered.map((tier) => (
        <View
          key={tier.code}
          className={`tier-ladder__tier${tier.code === currentTierCode ? ' tier-ladder__tier--current' : ''}`}
        >
          <View className='tier-ladder__head'>
            <Text className='tier-ladder__name'>{tier.name}</Text>
            <Text className='tier-ladder__rule'>{qualificationText(tier)}</Text>
          </View>
          <View className='tier-ladder__benefits'>
            {tier.benefits.highlights.map((line) => (
              <Text key={line} className='tier-ladder__benefit'>
                {line}
              </Text>
            ))}
          </View>
        </View>
      ))}
    </View>
  );
}
