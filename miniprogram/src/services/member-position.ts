import Taro from '@tarojs/taro';
import { wgs84ToGcj02 } from './gcj02';

/**
 * The member's position, shared by the member card (main package) and 附近门店 (which adds what a failure means):
 * promise chains rather than async functions, as the weapp build's async transform costs the main package bytes.
 */
export interface Position {
  lng: number;
  lat: number;
}

/** Six decimals (about 10 cm) are all a position needs; the server rounds further. */
const at = (lng: number, lat: number): Position => ({
  lng: Math.round(lng * 1e6) / 1e6,
  lat: Math.round(lat * 1e6) / 1e6,
});

/**
 * Where the member stands, GCJ-02; rejects with WeChat's `{ errMsg }` or the browser's GeolocationPositionError.
 * Asks for the permission when the member has not answered yet: call it only when the member tapped to share the
 * position (after 附近门店 said why), or after `locationAllowed()` (then nothing is asked). In the browser, Taro's
 * H5 getLocation gives WGS-84 only and refuses 'gcj02': the browser's own geolocation, converted here.
 */
export function readPosition(): Promise<Position> {
  if (process.env.TARO_ENV === 'h5') {
    return new Promise((resolve, reject) => {
      if (!navigator.geolocation) return reject(new Error('no geolocation'));
      navigator.geolocation.getCurrentPosition(
        (found) => {
          const gcj = wgs84ToGcj02(found.coords.longitude, found.coords.latitude);
          resolve(at(gcj.lng, gcj.lat));
        },
        reject,
        { timeout: 10_000, maximumAge: 60_000 },
      );
    });
  }
  // WeChat asks for scope.userLocation with app.config's permission text the first time.
  return Taro.getLocation({ type: 'gcj02' }).then((found) => at(found.longitude, found.latitude));
}

/**
 * Whether the member already allowed the position (WeChat's scope.userLocation, the browser's geolocation
 * permission), asking nothing: false when not asked yet, refused, or unknown.
 */
export function locationAllowed(): Promise<boolean> {
  return Promise.resolve()
    .then(() =>
      process.env.TARO_ENV === 'h5'
        ? !!navigator.geolocation && navigator.permissions.query({ name: 'geolocation' }).then((p) => p.state === 'granted')
        : Taro.getSetting().then((settings) => settings.authSetting['scope.userLocation'] === true),
    )
    .catch(() => false);
}

/** The position when the member already allowed it, without asking anything; undefined otherwise or on failure. */
export function positionIfAllowed(): Promise<Position | undefined> {
  return locationAllowed()
    .then((allowed) => (allowed ? readPosition() : undefined))
    .catch(() => undefined);
}
