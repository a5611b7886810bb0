import Taro from '@tarojs/taro';
import { wgs84ToGcj02 } from './gcj02';

/** Six decimals (about 10 cm) are all a position needs; the server rounds further. */
const sixDecimals = (degrees: number) => Math.round(degrees * 1e6) / 1e6;
const located = (lng: number, lat: number): Located => ({ kind: 'located', lng: sixDecimals(lng), lat: sixDecimals(lat) });

export type Located =
  | { kind: 'located'; lng: number; lat: number }
  /** The member said no (now or before): the list shows without distances. */
  | { kind: 'refused' }
  /** No position could be had (no GPS, timeout). */
  | { kind: 'unavailable' };

/**
 * Where the member stands, GCJ-02. Asks WeChat (or the browser) for the permission when the member has not answered
 * yet: call it only when the member tapped to share the position (after 附近门店 said why), or after
 * `locationAllowed()` said the permission is already given (then nothing is asked).
 */
export async function locateMember(): Promise<Located> {
  if (process.env.TARO_ENV === 'h5') return locateInBrowser();
  try {
    // WeChat asks for scope.userLocation with app.config's permission text the first time.
    const found = await Taro.getLocation({ type: 'gcj02' });
    return located(found.longitude, found.latitude);
  } catch (error) {
    const message = (error as { errMsg?: string } | undefined)?.errMsg ?? '';
    return /auth|deny|denied|permission/i.test(message) ? { kind: 'refused' } : { kind: 'unavailable' };
  }
}

/**
 * Whether the member already allowed the position (WeChat's scope.userLocation, the browser's geolocation
 * permission), asking nothing: false when not asked yet, refused, or unknown.
 */
export async function locationAllowed(): Promise<boolean> {
  try {
    if (process.env.TARO_ENV !== 'h5') return (await Taro.getSetting()).authSetting['scope.userLocation'] === true;
    if (typeof navigator === 'undefined' || !navigator.permissions || !navigator.geolocation) return false;
    return (await navigator.permissions.query({ name: 'geolocation' })).state === 'granted';
  } catch {
    return false;
  }
}

/** The position when the member already allowed it, without asking anything; undefined otherwise or on failure. */
export async function positionIfAllowed(): Promise<{ lng: number; lat: number } | undefined> {
  if (!(await locationAllowed())) return undefined;
  const found = await locateMember();
  return found.kind === 'located' ? { lng: found.lng, lat: found.lat } : undefined;
}

/**
 * Taro's H5 getLocation gives WGS-84 only and refuses type 'gcj02': the browser's own geolocation, converted to
 * GCJ-02 here so distances match the stores' positions.
 */
function locateInBrowser(): Promise<Located> {
  if (typeof navigator === 'undefined' || !navigator.geolocation) return Promise.resolve({ kind: 'unavailable' });
  return new Promise((resolve) => {
    navigator.geolocation.getCurrentPosition(
      (position) => {
        const gcj = wgs84ToGcj02(position.coords.longitude, position.coords.latitude);
        resolve(located(gcj.lng, gcj.lat));
      },
      (error) => resolve(error.code === error.PERMISSION_DENIED ? { kind: 'refused' } : { kind: 'unavailable' }),
      { timeout: 10_000, maximumAge: 60_000 },
    );
  });
}
