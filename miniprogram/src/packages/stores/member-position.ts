import Taro from '@tarojs/taro';

/** Where the member stands: shared with the member home's nearby-offer banner, so it lives in the main package. */
export { locateMember, type Located } from '../../services/member-position';

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
