import { useState } from 'react';
import { Image, ScrollView, Text, View } from '@tarojs/components';
import { formatFen, type MyRecommendations, type Recommendation } from '@memberloop/shared';
import { Section } from '../Screen';
import { reasonText, RECOMMENDATION_TEXT as TEXT } from './recommendation-text';
import './index.css';

export { reasonText } from './recommendation-text';

/** Warm tones of the brand for tiles without a picture, picked by product so an item keeps its colour. */
const TONES = ['#8a6a3f', '#b3561e', '#5a4632', '#a0794f', '#6b5338', '#c08a4a'];

export function toneOf(key: string): string {
  let hash = 0;
  for (const char of key) hash = (hash * 31 + (char.codePointAt(0) ?? 0)) >>> 0;
  return TONES[hash % TONES.length];
}

/** What stands in for a missing picture: the product name's first character (never its code). */
export function initialOf(name: string): string {
  return Array.from(name.trim())[0]?.toUpperCase() ?? TEXT.fallbackInitial;
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
      title={TEXT.title}
      extra={<Text className='picks__basis'>{picks.personalised ? TEXT.personalised : TEXT.popular}</Text>}
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
