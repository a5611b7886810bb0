import { useState } from 'react';
import { Image, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { GroupBuyDealView } from '@memberloop/shared';
import { GROUP_BUY_TEXT } from './group-buy-text';

/** The deal's product photo, or its name's first character on a tile when there is no photo or it fails to load. */
export function DealImage({ deal, size }: { deal: Pick<GroupBuyDealView, 'imageUrl' | 'skuName'>; size: number }) {
  const [broken, setBroken] = useState(false);
  const side = Taro.pxTransform(size);
  if (deal.imageUrl && !broken) {
    return (
      <Image
        className='deal-image'
        style={{ width: side, height: side }}
        src={deal.imageUrl}
        mode='aspectFill'
        onError={() => setBroken(true)}
      />
    );
  }
  return (
    <View className='deal-image deal-image--placeholder' style={{ width: side, height: side }}>
      <Text className='deal-image__initial' style={{ fontSize: Taro.pxTransform(Math.round(size * 0.36)) }}>
        {Array.from(deal.skuName.trim())[0] ?? GROUP_BUY_TEXT.tileFallback}
      </Text>
    </View>
  );
}
