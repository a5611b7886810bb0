import { distanceText, STORES_TEXT } from './stores-text';

describe('nearby stores texts', () => {
  it('says distances in 米 and 公里', () => {
    expect(distanceText(0)).toBe('0 米');
    expect(distanceText(180.4)).toBe('180 米');
    expect(distanceText(999)).toBe('999 米');
    expect(distanceText(1000)).toBe('1.0 公里');
    expect(distanceText(1249)).toBe('1.2 公里');
    expect(distanceText(9_960)).toBe('10 公里');
    expect(distanceText(165_432)).toBe('165 公里');
  });
  it('says the radius and the cap in Chinese', () => {
    expect(STORES_TEXT.radius(500)).toBe('门店 500 米内可领');
    expect(STORES_TEXT.radius(2000)).toBe('门店 2.0 公里内可领');
    expect(STORES_TEXT.cap(7)).toBe('每 7 天可领一次');
    expect(STORES_TEXT.cap(1)).toBe('每天可领一次');
  });
});
