import type { StoreView } from '@memberloop/shared';
import { checkNewOffer, checkNewStore, checkStoreChanges, draftOfStore, emptyOfferDraft, EMPTY_STORE } from './stores-form';

const STORE: StoreView = {
  code: 'S0101',
  name: '上海旗舰店',
  address: '南京西路 1266 号',
  city: '上海',
  region: '华东',
  location: { lng: 121.4589, lat: 31.2291 },
  status: 'active',
  updatedAt: '2026-12-01T00:00:00.000Z',
  offers: [],
};

describe('HQ store form', () => {
  const filled = { ...EMPTY_STORE, code: 'S0109', name: '徐家汇店', address: '漕溪北路 1 号', city: '上海', region: '华东' };
  it('accepts a store with GCJ-02 degrees and names each field at fault in Chinese', () => {
    expect(checkNewStore({ ...filled, lng: '121.4365', lat: '31.1886' })).toMatchObject({ ok: true });
    const bad = checkNewStore({ ...filled, code: 'S 01', lng: '181', lat: '北纬31' });
    expect(bad.problems).toEqual({
      code: '门店编码只能包含字母、数字、- 和 _，1 到 16 个字符',
      lng: '经度为 -180 到 180 之间的数字（GCJ-02）',
      lat: '纬度为 -90 到 90 之间的数字（GCJ-02）',
    });
  });
  it('sends only what changed, and null for nothing', () => {
    expect(checkStoreChanges(STORE, draftOfStore(STORE))).toBeNull();
    expect(checkStoreChanges(STORE, { ...draftOfStore(STORE), lat: '31.23' })).toMatchObject({
      ok: true,
      value: { location: { lng: 121.4589, lat: 31.23 } },
    });
    expect(checkStoreChanges(STORE, { ...draftOfStore(STORE), openingHours: '10:00–22:00' })).toMatchObject({
      value: { openingHours: '10:00–22:00' },
    });
  });
  it('checks an offer: a coupon, radius 50–5000 m, whole days', () => {
    const draft = { ...emptyOfferDraft('2026-12-03'), templateId: 'a'.repeat(24) };
    expect(checkNewOffer(draft)).toMatchObject({ ok: true, value: { radiusMetres: 500, capDays: 7 } });
    expect(checkNewOffer({ ...draft, radius: '40' }).problems).toEqual({ radiusMetres: '半径为 50 到 5000 米的整数' });
    expect(checkNewOffer({ ...draft, templateId: '' }).first).toBe('请选择一张优惠券');
    expect(checkNewOffer({ ...draft, endsOn: '2026-12-01' }).problems).toEqual({ endsOn: '结束日期不能早于开始日期' });
  });
});
