import { useState } from 'react';
import { Image, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { assetUrl } from '../../services/api-client';
import { COVER_FALLBACK_INITIAL } from './cover-text';
import './index.css';

export interface ActivityCoverProps {
  url?: string;
  /** The activity's title: its first character stands in when the picture is missing or fails to load. */
  title: string;
  /** Width and height in design pixels (750 wide); without a width the cover fills its row. */
  width?: number;
  height: number;
}

/** An activity's cover picture, or a warm tile with the title's first character when it cannot be shown. */
export function ActivityCover({ url, title, width, height }: ActivityCoverProps) {
  const [broken, setBroken] = useState(false);
  const style = { width: width === undefined ? '100%' : Taro.pxTransform(width), height: Taro.pxTransform(height) };
  if (url && !broken) {
    // An uploaded cover is an API path (`/api/v1/activity-covers/…`): WeChat needs it on the API's origin.
    return (
      <Image className='activity-cover' style={style} src={assetUrl(url)} mode='aspectFill' onError={() => setBroken(true)} />
    );
  }
  return (
    <View className='activity-cover activity-cover--placeholder' style={style}>
      <Text className='activity-cover__initial' style={{ fontSize: Taro.pxTransform(Math.round(height * 0.36)) }}>
        {Array.from(title.trim())[0] ?? COVER_FALLBACK_INITIAL}
      </Text>
    </View>
  );
}
