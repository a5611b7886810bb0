import { Text, View } from '@tarojs/components';
import { formatFen, type TierDefinition } from '@memberloop/shared';
import './index.css';

export interface TierLadderProps {
  tiers: TierDefinition[];
  /** The member's tier, highlighted when known. */
  currentTierCode?: string;
}

/** What it takes to reach a tier, in the member's words. */
export function qualificationText(tier: TierDefinition): string {
  const { spendFen, purchaseCount, pointsEarned, match } = tier.qualification;
  const parts = [
    spendFen !== undefined ? `12 个月消费满 ${formatFen(spendFen, { compact: true })}` : undefined,
    purchaseCount !== undefined ? `12 个月购买 ${purchaseCount} 次` : undefined,
    pointsEarned !== undefined ? `12 个月获得 ${pointsEarned} 积分` : undefined,
  ].filter((part): part is string => part !== undefined);
  if (parts.length === 0) return '注册即享';
  return parts.join(match === 'all' ? '且' : '或');
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
