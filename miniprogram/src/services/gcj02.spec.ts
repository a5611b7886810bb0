import { gcj02ToWgs84, wgs84ToGcj02 } from './gcj02';

describe('WGS-84 to GCJ-02', () => {
  it('shifts Tiananmen by its published few hundred metres', () => {
    // Tiananmen's WGS-84 position and its published GCJ-02 position.
    const gcj = wgs84ToGcj02(116.391349, 39.907375);
    expect(gcj.lng).toBeCloseTo(116.397589, 4);
    expect(gcj.lat).toBeCloseTo(39.908775, 4);
  });
  it('leaves points outside mainland China as they are', () => {
    expect(wgs84ToGcj02(-0.1276, 51.5072)).toEqual({ lng: -0.1276, lat: 51.5072 });
  });
  it('goes back from GCJ-02 within centimetres', () => {
    const wgs = gcj02ToWgs84(121.4737, 31.2304);
    const back = wgs84ToGcj02(wgs.lng, wgs.lat);
    expect(back.lng).toBeCloseTo(121.4737, 6);
    expect(back.lat).toBeCloseTo(31.2304, 6);
  });
});
