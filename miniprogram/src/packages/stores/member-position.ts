import Taro from '@tarojs/taro';
import { readPosition } from '../../services/member-position';

export type Located =
  | { kind: 'located'; lng: number; lat: number }
  /** The member said no (now or before): the list shows without distances. */
  | { kind: 'refused' }
  /** No position could be had (no GPS, timeout). */
  | { kind: 'unavailable' };

/** Where the member stands, GCJ-02: asked only when the member taps to share it (after the page said why). */
export function locateMember(): Promise<Located> {
  return readPosition().then(
    (found): Located => ({ kind: 'located', ...found }),
    // The browser's PERMISSION_DENIED is code 1; WeChat says it in errMsg.
    (error: { errMsg?: string; code?: number } | undefined): Located =>
      error?.code === 1 || /auth|deny|denied|permission/i.test(error?.errMsg ?? '')
        ? { kind: 'refused' }
        : { kind: 'unavailable' },
  );
}

/** In WeChat, a member who refused before can allow location in the settings page; a browser has no such page. */
export const CAN_OPEN_SETTINGS = process.env.TARO_ENV !== 'h5';

export async function openLocationSettings(): Promise<boolean> {
  try {
    const settings = await Taro.openSetting();
    return settings.authSetting['scope.userLocation'] === true;
  } catch {
    return false;
  }
}
