import { useMemo } from 'react';
import { View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { qrRows } from './qr-runs';
import { QR_LABEL } from './qr-text';
import './index.css';

export interface QrCodeProps {
  text: string;
  /** Side in design pixels (750 wide). */
  size?: number;
}

/** A QR code drawn with views: each row a strip of dark and light runs. */
export function QrCode({ text, size = 440 }: QrCodeProps) {
  const { size: modules, rows } = useMemo(() => qrRows(text), [text]);
  // Inline styles are not scaled by Taro's px conversion: pxTransform does it (rpx in WeChat, rem in H5).
  const side = Taro.pxTransform(size);
  return (
    <View className='qr-code' style={{ width: side, height: side }} aria-label={QR_LABEL}>
      {rows.map((runs, y) => (
        <View key={y} className='qr-code__row'>
          {runs.map((run, x) => (
            <View
              key={x}
              className={run.dark ? 'qr-code__dark' : 'qr-code__light'}
              style={{ width: `${(run.length / modules) * 100}%` }}
            />
          ))}
        </View>
      ))}
    </View>
  );
}
