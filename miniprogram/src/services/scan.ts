import Taro from '@tarojs/taro';

/** WeChat has a camera scanner; the H5 build types the code in instead. */
export const CAN_SCAN = process.env.TARO_ENV === 'weapp';

/** Scans a QR code with the camera: its text, trimmed, or undefined when the scanner was closed. */
export async function scanQrCode(): Promise<string | undefined> {
  try {
    return (await Taro.scanCode({ onlyFromCamera: true, scanType: ['qrCode'] })).result.trim();
  } catch {
    return undefined;
  }
}
