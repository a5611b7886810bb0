import { useState } from 'react';
import { Image, ScrollView, Text, View } from '@tarojs/components';
import { formatFen, type MyRecommendations, type Recommendation } from '@memberloop/shared';
import { Section } from '../Screen';
import './index.css';

/** Why an item is suggested, in a few words: the member's own purchase it goes with (by name), or that it sells well. */
export function reasonText(item: Pick<Recommendation, 'reason' | 'becauseOfName'>): string {
  if (item.reason === 'also-bought') return item.becauseOfName ? `常与「${item.becauseOfName}」一起买` : '买过的会员也买了';
  return '人气热卖';
}

/** Warm tones of the brand for tiles without a picture, picked by product so an item keeps its colour. */
const TONES = ['#8a6a3f', '#b3561e', '#5a4632', '#a0794f', '#6b5338', '#c08a4a'];

export function toneOf(key: string): string {
  let hash = 0;
  for (const char of key) hash = (hash * 31 + (char.codePointAt(0) ?? 0)) >>> 0;
  return TONES[hash % TONES.length];
}

/** What stands in for a missing picture: the product name's first character (never its code). */
export function initialOf(name: string): string {
  return Array.from(name.trim())[0]?.toUpperCase() ?? '荐';
}

/** The product's picture, or a warm tile with its name's first character when it has none or it fails to load. */
function PickPicture({ item }: { item: Recommendation }) {
  const [broken, setBroken] = useState(false);
  if (item.imageUrl && !broken) {
    return <Image className='pick__picture' src={item.imageUrl} mode='aspectFill' lazyLoad onError={() => setBroken(true)} />;
  }
  return (
    <View className='pick__picture pick__picture--placeholder' style={{ background: toneOf(item.sku) }}>
      <Text className='pick__initial'>{initialOf(item.name)}</Text>
    </View>
  );
}

/**
 * "也许你喜欢": picks for the member from what members with similar baskets bought (best-sellers without
 * personalisation consent), as a row of product tiles to swipe: picture, name, price and why. The server sends
 * catalogue products only, so a member never sees a SKU code. Nothing at all when there are no picks.
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
              <PickPicture item={item} />
              <Text className='pick__name'>{item.name}</Text>
              <Text className='pick__price'>{formatFen(item.priceFen, { compact: true })}</Text>
              <Text className='pick__reason'>{reasonText(item)}</Text>
            </View>
          ))}
        </View>
      </ScrollView>
    </Section>
  );
}
