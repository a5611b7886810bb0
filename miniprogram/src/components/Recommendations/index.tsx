import { ScrollView, Text, View } from '@tarojs/components';
import type { MyRecommendations, Recommendation } from '@memberloop/shared';
import { Section } from '../Screen';
import './index.css';

/** Why an item is suggested, in a few words: the member's own purchase it goes with, or that it sells well. */
export function reasonText(item: Pick<Recommendation, 'reason' | 'becauseOf'>): string {
  if (item.reason === 'also-bought') return item.becauseOf ? `常与 ${item.becauseOf} 一起买` : '买过的会员也买了';
  return '人气热卖';
}

/** Warm tones of the brand for the tiles, picked by item code so an item keeps its colour. */
const TONES = ['#8a6a3f', '#b3561e', '#5a4632', '#a0794f', '#6b5338', '#c08a4a'];

export function toneOf(sku: string): string {
  let hash = 0;
  for (const char of sku) hash = (hash * 31 + (char.codePointAt(0) ?? 0)) >>> 0;
  return TONES[hash % TONES.length];
}

/** The tile's mark: the item code's first two letters or digits. */
export function markOf(sku: string): string {
  return (
    Array.from(sku.replace(/[^0-9A-Za-z\u4e00-\u9fff]/g, ''))
      .slice(0, 2)
      .join('')
      .toUpperCase() || '荐'
  );
}

/**
 * "也许你喜欢": picks for the member from what members with similar baskets bought (best-sellers without
 * personalisation consent), as a row of tiles to swipe. Nothing at all when there are no picks.
 */
export function Recommendations({ picks }: { picks: MyRecommendations | undefined }) {
  if (!picks || picks.items.length === 0) return null;
  return (
    <Section
      title='也许你喜欢'
      extra={<Text className='picks__basis'>{picks.personalised ? '根据你的购买推荐' : '大家都在买'}</Text>}
    >
      <ScrollView scrollX className='picks' enhanced showScrollbar={false}>
        <View className='picks__row'>
          {picks.items.map((item) => (
            <View key={item.sku} className='pick' data-testid='recommendation'>
              <Text className='pick__mark' style={{ background: toneOf(item.sku) }}>
                {markOf(item.sku)}
              </Text>
              <Text className='pick__sku'>{item.sku}</Text>
              <Text className='pick__reason'>{reasonText(item)}</Text>
            </View>
          ))}
        </View>
      </ScrollView>
    </Section>
  );
}
