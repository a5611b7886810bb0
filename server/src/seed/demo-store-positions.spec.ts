import { StoreLocation } from '@memberloop/shared';
import { DEMO_STORES } from './demo-catalogue';
import { demoStoreEntries } from './demo-store-positions';

describe('the demo stores’ positions', () => {
  it('gives every demo store a valid position, codes unique', () => {
    const entries = demoStoreEntries();
    expect(new Set(entries.map((e) => e.code)).size).toBe(entries.length);
    for (const store of DEMO_STORES) expect(entries.map((e) => e.code)).toContain(store.code);
    for (const entry of entries) expect(StoreLocation.safeParse({ lng: entry.lng, lat: entry.lat }).success).toBe(true);
  });
  it('puts the Shanghai stores in Shanghai (inside 121.2–121.7 E, 31.0–31.4 N)', () => {
    for (const entry of demoStoreEntries().filter((e) => e.city === '上海')) {
      expect(entry.lng).toBeGreaterThan(121.2);
      expect(entry.lng).toBeLessThan(121.7);
      expect(entry.lat).toBeGreaterThan(31);
      expect(entry.lat).toBeLessThan(31.4);
    }
  });
});
