import { Text, View } from '@tarojs/components';
import type { MyRegionBenefits } from '@memberloop/shared';
import { Section } from '../../components/Screen';
import { REGION_PACKS_TEXT as TEXT } from './home-text';

/**
 * The member card's region benefit packs: what the member's tier holds in their region (and whether its coupons were
 * issued), then what a higher tier unlocks there. Nothing when no pack applies.
 */
export function RegionPacks({ benefits }: { benefits?: MyRegionBenefits }) {
  if (!benefits?.region || benefits.packs.length === 0) return null;
  return (
    <Section title={TEXT.title(benefits.region)}>
      {benefits.packs.map((pack) => (
        <View key={pack.id} className={`home__pack ${pack.unlocked ? '' : 'home__pack--locked'}`} data-testid='region-pack'>
          <View className='home__pack-head'>
            <Text className='home__pack-name'>{pack.name}</Text>
            <Text className='home__pack-state'>
              {pack.unlocked ? (pack.couponsGranted ? TEXT.couponsGranted : TEXT.unlocked) : TEXT.locked(pack.minTierName)}
            </Text>
          </View>
          {pack.highlights.map((line) => (
            <Text key={line} className='home__pack-line'>
              {line}
            </Text>
          ))}
          {pack.couponNames.length > 0 && <Text className='home__pack-meta'>{TEXT.coupons(pack.couponNames)}</Text>}
        </View>
      ))}
    </Section>
  );
}
