import { whyDealStoresRefused, whyGroupPriceRefused } from './deal-limits';

describe('whyDealStoresRefused', () => {
  const manager = { role: 'manager' as const, storeIds: ['SH01', 'SH02'] };

  it('lets a manager offer deals in their own stores only, never brand-wide', () => {
    expect(whyDealStoresRefused(manager, ['SH01'])).toBeNull();
    expect(whyDealStoresRefused(manager, ['SH01', 'SH02'])).toBeNull();
    expect(whyDealStoresRefused(manager, ['SH01', 'BJ01'])).toMatchObject({
      code: 'FORBIDDEN',
      message: expect.stringContaining('BJ01'),
    });
    expect(whyDealStoresRefused(manager, undefined)?.code).toBe('FORBIDDEN');
    expect(whyDealStoresRefused(manager, [])?.code).toBe('FORBIDDEN');
    expect(whyDealStoresRefused({ role: 'manager', storeIds: [] }, ['SH01'])?.code).toBe('FORBIDDEN');
  });

  it('lets HQ offer deals anywhere, brand-wide included', () => {
    expect(whyDealStoresRefused({ role: 'hq', storeIds: [] }, undefined)).toBeNull();
    expect(whyDealStoresRefused({ role: 'hq', storeIds: [] }, ['BJ01'])).toBeNull();
  });
});

describe('whyGroupPriceRefused', () => {
  const floor = { minPercentOfNormalPrice: 30, minFen: 100 };

  it('refuses a price under the share of the normal price, naming the floor', () => {
    expect(whyGroupPriceRefused(10_000, 2_999, floor)).toMatchObject({
      code: 'VALIDATION_FAILED',
      floorFen: 3_000,
      message: expect.stringContaining('¥30.00'),
    });
    expect(whyGroupPriceRefused(10_000, 3_000, floor)).toBeNull();
    expect(whyGroupPriceRefused(10_000, 1, floor)?.floorFen).toBe(3_000);
  });

  it('rounds the share up to whole fen and never goes below the minimum', () => {
    expect(whyGroupPriceRefused(10_001, 3_000, floor)?.floorFen).toBe(3_001);
    expect(whyGroupPriceRefused(150, 99, floor)?.floorFen).toBe(100);
    expect(whyGroupPriceRefused(150, 100, floor)).toBeNull();
    expect(whyGroupPriceRefused(10_000, 1, { minPercentOfNormalPrice: 0, minFen: 1 })).toBeNull();
  });
});
