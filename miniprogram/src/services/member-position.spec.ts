import Taro from '@tarojs/taro';
import { positionIfAllowed } from './member-position';

const taro = Taro as unknown as Record<string, jest.Mock>;

describe('the position when already allowed (member card), asking nothing', () => {
  const env = process.env.TARO_ENV;
  afterEach(() => {
    process.env.TARO_ENV = env;
  });

  describe('in WeChat', () => {
    beforeEach(() => {
      process.env.TARO_ENV = 'weapp';
      taro.getSetting = jest.fn();
      taro.getLocation = jest.fn(async () => ({ longitude: 121.4750004, latitude: 31.2310004 }));
    });

    it('reads the position only when scope.userLocation was granted', async () => {
      taro.getSetting.mockResolvedValue({ authSetting: { 'scope.userLocation': true } });
      await expect(positionIfAllowed()).resolves.toEqual({ lng: 121.475, lat: 31.231 });
      expect(taro.getLocation).toHaveBeenCalledWith({ type: 'gcj02' });
    });

    it('never calls getLocation (which would prompt) when not asked yet, refused, or the settings fail', async () => {
      for (const settings of [{ authSetting: {} }, { authSetting: { 'scope.userLocation': false } }]) {
        taro.getSetting.mockResolvedValueOnce(settings);
        await expect(positionIfAllowed()).resolves.toBeUndefined();
      }
      taro.getSetting.mockRejectedValueOnce(new Error('getSetting:fail'));
      await expect(positionIfAllowed()).resolves.toBeUndefined();
      expect(taro.getLocation).not.toHaveBeenCalled();
    });

    it('shows nothing when the position fails although allowed', async () => {
      taro.getSetting.mockResolvedValue({ authSetting: { 'scope.userLocation': true } });
      taro.getLocation.mockRejectedValue({ errMsg: 'getLocation:fail timeout' });
      await expect(positionIfAllowed()).resolves.toBeUndefined();
    });
  });

  describe('in the browser', () => {
    const getCurrentPosition = jest.fn();
    const query = jest.fn();
    beforeEach(() => {
      process.env.TARO_ENV = 'h5';
      getCurrentPosition.mockReset();
      query.mockReset();
      Object.defineProperty(navigator, 'geolocation', { value: { getCurrentPosition }, configurable: true });
      Object.defineProperty(navigator, 'permissions', { value: { query }, configurable: true });
    });

    it('asks the browser for no position unless the permission is granted', async () => {
      for (const state of ['prompt', 'denied']) {
        query.mockResolvedValueOnce({ state });
        await expect(positionIfAllowed()).resolves.toBeUndefined();
      }
      query.mockRejectedValueOnce(new TypeError('unsupported'));
      await expect(positionIfAllowed()).resolves.toBeUndefined();
      expect(query).toHaveBeenCalledWith({ name: 'geolocation' });
      expect(getCurrentPosition).not.toHaveBeenCalled();
    });

    it('with the permission granted, reads the position and converts it to GCJ-02', async () => {
      query.mockResolvedValue({ state: 'granted' });
      getCurrentPosition.mockImplementation((found: PositionCallback) =>
        found({ coords: { longitude: 121.4706, latitude: 31.2324 } } as GeolocationPosition),
      );
      const at = await positionIfAllowed();
      // Shanghai's GCJ-02 offset is about +0.0045° in longitude and -0.002° in latitude.
      expect(at!.lng).toBeCloseTo(121.4751, 3);
      expect(at!.lat).toBeCloseTo(31.2304, 3);
    });
  });
});
