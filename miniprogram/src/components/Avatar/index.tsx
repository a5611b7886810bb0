import { useState } from 'react';
import { Image, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { AVATAR_FALLBACK_INITIAL } from './avatar-text';
import './index.css';

export interface AvatarProps {
  /** The member's nickname: its first character stands in when there is no photo. */
  name?: string | null;
  url?: string | null;
  /** Diameter in design pixels (750 wide). */
  size?: number;
}

/** Warm tones of the brand for members without a photo, picked by name so a member keeps theirs. */
const TONES = ['#8a6a3f', '#b3561e', '#5a4632', '#a0794f', '#6b5338', '#c08a4a'];

export function initialOf(name: string | null | undefined): string {
  const trimmed = name?.trim();
  return trimmed ? Array.from(trimmed)[0].toUpperCase() : AVATAR_FALLBACK_INITIAL;
}

export function toneOf(name: string | null | undefined): string {
  const text = name?.trim() || AVATAR_FALLBACK_INITIAL;
  let hash = 0;
  for (const char of text) hash = (hash * 31 + (char.codePointAt(0) ?? 0)) >>> 0;
  return TONES[hash % TONES.length];
}

/** A member's round photo, or the first character of their nickname on a warm tone when they have none. */
export function Avatar({ name, url, size = 88 }: AvatarProps) {
  const [broken, setBroken] = useState(false);
  const side = Taro.pxTransform(size);
  if (url && !broken) {
    return (
      <Image
        className='avatar'
        style={{ width: side, height: side }}
        src={url}
        mode='aspectFill'
        onError={() => setBroken(true)}
      />
    );
  }
  return (
    <View className='avatar avatar--initial' style={{ width: side, height: side, background: toneOf(name) }}>
      <Text className='avatar__initial' style={{ fontSize: Taro.pxTransform(Math.round(size * 0.42)) }}>
        {initialOf(name)}
      </Text>
    </View>
  );
}
