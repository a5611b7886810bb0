import {
  addCalendarDays,
  brandDay,
  GeoOfferClaimResult,
  GeoOfferView,
  NearbyStores,
  StoreView,
  type AuditEntryView,
  type CouponView,
} from '@memberloop/shared';
import { getModelToken } from '@nestjs/mongoose';
import { Types, type Model } from 'mongoose';
import { GeoOfferClaim } from '../../server/src/stores/schemas/geo-offer.schema';
import { startApp, timeOf, type RunningApp } from '../support/app';
import { authorized, loginAs, loginAsStaff } from '../support/sessions';

const DAY = 86_400_000;
const TZ = 'Asia/Shanghai';

/** GCJ-02 positions in Shanghai and Hangzhou. */
const PEOPLES_SQUARE = { lng: 121.4737, lat: 31.2304 };
const JINGAN = { lng: 121.448, lat: 31.2286 };
const LUJIAZUI = { lng: 121.502, lat: 31.2397 };
const WEST_LAKE = { lng: 120.1551, lat: 30.2741 };
/** A member on Nanjing Road, about 140 m from the People's Square store. */
const NEAR_SQUARE = { lng: 121.475, lat: 31.231 };
/** About 1.2 km from the People's Square store: outside a 500 m radius. */
const XINTIANDI = { lng: 121.4737, lat: 31.2196 };

describe('stores near me and geo-triggered offers', () => {
  let running: RunningApp;
  let hq: ReturnType<typeof authorized>;
  let manager: ReturnType<typeof authorized>;
  let shopper: ReturnType<typeof authorized>;
  let noConsent: ReturnType<typeof authorized>;
  let offer: GeoOfferView;
  let templateId: string;
  let keys = 0;

  const key = () => `geo-claim-${Date.now().toString(36)}-${keys++}`;
  const today = () => brandDay(new Date(Date.now() + shifted), TZ);
  let shifted = 0;

  const signIn = async () => {
    hq = authorized(running, (await loginAsStaff(running, 'geo-hq', 'hq')).accessToken);
    manager = authorized(running, (await loginAsStaff(running, 'geo-manager', 'manager', { storeIds: ['SH01'] })).accessToken);
    shopper = authorized(running, (await loginAs(running, 'geo-shopper')).accessToken);
    noConsent = authorized(running, (await loginAs(running, 'geo-no-consent')).accessToken);
  };
  const store = (code: string, name: string, city: string, at: { lng: number; lat: number }) =>
    hq('/api/v1/hq/stores', {
      body: { code, name, address: `${city}某路 1 号`, city, region: '华东', location: at, openingHours: '10:00–22:00' },
    });
  const nearby = async (api: ReturnType<typeof authorized>, at?: { lng: number; lat: number }) => {
    const response = await api(`/api/v1/me/stores/nearby${at ? `?lng=${at.lng}&lat=${at.lat}` : ''}`);
    expect(response.status).toBe(200);
    return NearbyStores.parse(await response.json());
  };
  const claim = (api: ReturnType<typeof authorized>, at: { lng: number; lat: number }, idempotencyKey = key()) =>
    api(`/api/v1/me/geo-offers/${offer.id}/claim`, { body: { position: at }, headers: { 'idempotency-key': idempotencyKey } });
  const wallet = async (api: ReturnType<typeof authorized>) =>
    ((await (await api('/api/v1/me/coupons?status=available')).json()) as { coupons: CouponView[] }).coupons.filter(
      (c) => c.templateId === templateId,
    );

  beforeAll(async () => {
    running = await startApp();
    await signIn();
    await shopper('/api/v1/me/consents', { method: 'PUT', body: { marketing: true } });
    await noConsent('/api/v1/me/consents', { method: 'PUT', body: { marketing: false } });
    for (const [code, name, city, at] of [
      ['SH01', '人民广场店', '上海', PEOPLES_SQUARE],
      ['SH02', '静安寺店', '上海', JINGAN],
      ['SH03', '陆家嘴店', '上海', LUJIAZUI],
      ['HZ01', '西湖店', '杭州', WEST_LAKE],
    ] as const)
      expect((await store(code, name, city, at)).status).toBe(201);
    const template = await hq('/api/v1/hq/coupon-templates', {
      body: {
        name: '到店礼 20 元券',
        benefit: { kind: 'fixed', amountFen: 2_000 },
        validity: { type: 'afterClaim', days: 14 },
        totalStock: 1_000,
        perMemberLimit: 10,
        claimable: false,
      },
    });
    templateId = ((await template.json()) as { id: string }).id;
  });
  afterAll(async () => {
    timeOf(running)?.reset();
    await running?.close();
  });

  it('HQ keeps the directory: a store with its GCJ-02 position, a duplicate code refused, edits and retiring audited', async () => {
    const duplicate = await store('SH01', '又一家', '上海', PEOPLES_SQUARE);
    expect(duplicate.status).toBe(409);
    expect(await duplicate.json()).toMatchObject({ code: 'CONFLICT' });
    const created = StoreView.parse(await (await store('SH09', '临时店', '上海', { lng: 121.4, lat: 31.2 })).json());
    expect(created).toMatchObject({ code: 'SH09', status: 'active', location: { lng: 121.4, lat: 31.2 }, offers: [] });
    const edited = await hq('/api/v1/hq/stores/SH09', { method: 'PATCH', body: { name: '徐家汇店', openingHours: null } });
    expect(StoreView.parse(await edited.json())).toMatchObject({ name: '徐家汇店' });
    const retired = StoreView.parse(await (await hq('/api/v1/hq/stores/SH09/retire', { method: 'POST' })).json());
    expect(retired.status).toBe('retired');
    expect(retired.openingHours).toBeUndefined();
    const list = (await (await hq('/api/v1/hq/stores')).json()) as { stores: StoreView[] };
    expect(list.stores.map((s) => s.code)).toEqual(['HZ01', 'SH01', 'SH02', 'SH03', 'SH09']);
    const audit = (await (await hq('/api/v1/hq/audit-log?limit=50')).json()) as { entries: AuditEntryView[] };
    const actions = audit.entries.map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining(['POST /api/v1/hq/stores', 'PATCH /api/v1/hq/stores/:code', 'POST /api/v1/hq/stores/:code/retire']),
    );
    // Members never see a retired store.
    expect((await nearby(shopper, { lng: 121.4, lat: 31.2 })).stores.map((s) => s.code)).not.toContain('SH09');
  });

  it('refuses bad coordinates and bad stores with VALIDATION_FAILED, and changes nothing', async () => {
    for (const location of [{ lng: 181, lat: 31 }, { lng: 121, lat: -90.5 }, { lng: '121.4', lat: 31 }, { lng: 121 }]) {
      const refused = await store('SH10', '坏坐标', '上海', location as { lng: number; lat: number });
      expect({ location, status: refused.status }).toEqual({ location, status: 400 });
    }
    expect((await store('bad code!', '坏编码', '上海', PEOPLES_SQUARE)).status).toBe(400);
    for (const query of [
      'lng=200&lat=31',
      'lng=121&lat=91',
      'lng=abc&lat=31',
      'lng=&lat=31',
      'lng=1e2&lat=31',
      'lng=121.47',
      'lat=31.2',
    ])
      expect({ query, status: (await shopper(`/api/v1/me/stores/nearby?${query}`)).status }).toEqual({ query, status: 400 });
    const list = (await (await hq('/api/v1/hq/stores')).json()) as { stores: StoreView[] };
    expect(list.stores.map((s) => s.code)).not.toContain('SH10');
  });

  it('a manager cannot edit the directory nor attach offers; a member cannot either', async () => {
    for (const api of [manager, shopper]) {
      expect(
        (
          await api('/api/v1/hq/stores', {
            body: { code: 'SH11', name: 'x', address: 'x', city: 'x', region: 'x', location: JINGAN },
          })
        ).status,
      ).toBe(403);
      expect((await api('/api/v1/hq/stores/SH01', { method: 'PATCH', body: { name: '改名' } })).status).toBe(403);
      expect((await api('/api/v1/hq/stores/SH01/retire', { method: 'POST' })).status).toBe(403);
      expect(
        (
          await api('/api/v1/hq/stores/SH01/geo-offers', {
            body: { templateId, radiusMetres: 500, capDays: 7, startsOn: today(), endsOn: today() },
          })
        ).status,
      ).toBe(403);
    }
    const list = (await (await hq('/api/v1/hq/stores')).json()) as { stores: StoreView[] };
    expect(list.stores.find((s) => s.code === 'SH01')).toMatchObject({ name: '人民广场店', status: 'active' });
  });

  it('HQ attaches an offer: radius 50–5000 m, an active free template, no overlap with another offer of the store', async () => {
    const attach = (body: Record<string, unknown>, code = 'SH01') =>
      hq(`/api/v1/hq/stores/${code}/geo-offers`, {
        body: { templateId, radiusMetres: 500, capDays: 7, startsOn: today(), endsOn: addCalendarDays(today(), 29), ...body },
      });
    for (const bad of [{ radiusMetres: 49 }, { radiusMetres: 5001 }, { capDays: 0 }, { endsOn: addCalendarDays(today(), -1) }])
      expect({ bad, status: (await attach(bad)).status }).toEqual({ bad, status: 400 });
    const past = await attach({ startsOn: addCalendarDays(today(), -10), endsOn: addCalendarDays(today(), -1) });
    expect(await past.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect((await attach({}, 'NOPE')).status).toBe(404);
    const created = await attach({});
    expect(created.status).toBe(201);
    offer = GeoOfferView.parse(await created.json());
    expect(offer).toMatchObject({
      storeCode: 'SH01',
      couponName: '到店礼 20 元券',
      status: 'running',
      radiusMetres: 500,
      capDays: 7,
    });
    const overlap = await attach({ startsOn: addCalendarDays(today(), 5), endsOn: addCalendarDays(today(), 40) });
    expect(overlap.status).toBe(409);
    expect(await overlap.json()).toMatchObject({ code: 'GEO_OFFER_OVERLAP', details: { offerId: offer.id } });
  });

  it('lists the nearest active stores first with distances in metres from the index, and the offer’s state', async () => {
    const near = await nearby(shopper, NEAR_SQUARE);
    expect(near.located).toBe(true);
    expect(near.stores.map((s) => s.code)).toEqual(['SH01', 'SH02', 'SH03', 'HZ01']);
    const distances = near.stores.map((s) => s.distanceMetres!);
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
    expect(distances[0]).toBeGreaterThan(100);
    expect(distances[0]).toBeLessThan(200);
    expect(distances[3]).toBeGreaterThan(150_000);
    expect(near.stores[0].offer).toMatchObject({ id: offer.id, state: 'claimable', radiusMetres: 500 });
    // From Xintiandi, about 1.2 km away: the radius is honoured.
    const far = await nearby(shopper, XINTIANDI);
    expect(far.stores.find((s) => s.code === 'SH01')?.offer?.state).toBe('too-far');
    // Without a position (location refused): stores by city, no distances, the offer asks for the position.
    const blind = await nearby(shopper);
    expect(blind.located).toBe(false);
    expect(blind.stores.every((s) => s.distanceMetres === undefined)).toBe(true);
    expect(blind.stores.find((s) => s.code === 'SH01')?.offer?.state).toBe('needs-location');
    expect((await nearby(noConsent, NEAR_SQUARE)).stores[0].offer?.state).toBe('needs-consent');
  });

  it('refuses a claim from outside the radius with OUTSIDE_OFFER_RADIUS, measured from the store’s stored position', async () => {
    const refused = await claim(shopper, XINTIANDI);
    expect(refused.status).toBe(403);
    const body = (await refused.json()) as { code: string; details: { distanceMetres: number; radiusMetres: number } };
    expect(body).toMatchObject({ code: 'OUTSIDE_OFFER_RADIUS', details: { radiusMetres: 500 } });
    expect(body.details.distanceMetres).toBeGreaterThan(1_000);
    // A client cannot claim with a made-up distance: the body takes a position only.
    const forged = await shopper(`/api/v1/me/geo-offers/${offer.id}/claim`, {
      body: { position: XINTIANDI, distanceMetres: 10 },
      headers: { 'idempotency-key': key() },
    });
    expect(forged.status).toBe(400);
    expect((await claim(shopper, { lng: 500, lat: 31 })).status).toBe(400);
    expect(await wallet(shopper)).toHaveLength(0);
  });

  it('gives nothing without marketing consent', async () => {
    const refused = await claim(noConsent, NEAR_SQUARE);
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ code: 'MARKETING_CONSENT_REQUIRED' });
    expect(await wallet(noConsent)).toHaveLength(0);
  });

  it('two concurrent claims grant one coupon; a retry with the same key replays; another tap is refused until the window reopens', async () => {
    const answers = await Promise.all([claim(shopper, NEAR_SQUARE), claim(shopper, NEAR_SQUARE), claim(shopper, NEAR_SQUARE)]);
    const statuses = answers.map((a) => a.status);
    expect(statuses).toContain(200);
    expect(statuses.every((s) => s === 200 || s === 409)).toBe(true);
    for (const answer of answers.filter((a) => a.status === 409))
      expect(await answer.json()).toMatchObject({ code: 'GEO_OFFER_ALREADY_CLAIMED' });
    expect(await wallet(shopper)).toHaveLength(1);

    const retryKey = key();
    const again = await claim(shopper, NEAR_SQUARE, retryKey);
    expect(again.status).toBe(409);
    const refusal = (await again.json()) as { code: string; details: { nextClaimAt: string } };
    expect(refusal.code).toBe('GEO_OFFER_ALREADY_CLAIMED');
    expect(new Date(refusal.details.nextClaimAt).getTime() - Date.parse(offer.startsAt)).toBe(7 * DAY);
    const replayed = await claim(shopper, NEAR_SQUARE, retryKey);
    expect(replayed.headers.get('idempotent-replayed')).toBe('true');
    expect(await replayed.json()).toEqual(refusal);
    expect((await nearby(shopper, NEAR_SQUARE)).stores[0].offer).toMatchObject({
      state: 'claimed',
      nextClaimAt: refusal.details.nextClaimAt,
    });
    expect(await wallet(shopper)).toHaveLength(1);
  });

  it('a successful claim retried with its Idempotency-Key replays its answer and gives nothing more', async () => {
    const other = authorized(running, (await loginAs(running, 'geo-retrier')).accessToken);
    await other('/api/v1/me/consents', { method: 'PUT', body: { marketing: true } });
    const retryKey = key();
    const first = await claim(other, NEAR_SQUARE, retryKey);
    expect(first.status).toBe(200);
    const granted = GeoOfferClaimResult.parse(await first.json());
    expect(granted).toMatchObject({ offerId: offer.id, storeCode: 'SH01', couponName: '到店礼 20 元券' });
    expect(granted.distanceMetres).toBeLessThan(200);
    const retried = await claim(other, NEAR_SQUARE, retryKey);
    expect(retried.status).toBe(200);
    expect(retried.headers.get('idempotent-replayed')).toBe('true');
    expect(GeoOfferClaimResult.parse(await retried.json())).toEqual(granted);
    expect(await wallet(other)).toHaveLength(1);
  });

  it('the cap window reopens after 7 days on the moved clock, once more', async () => {
    // 23:30 Beijing on the seventh day: still the first window.
    const lastHalfHour = Date.parse(offer.startsAt) + 7 * DAY - 30 * 60_000 - (Date.now() + shifted);
    timeOf(running).advance(lastHalfHour);
    shifted += lastHalfHour;
    await signIn();
    expect((await claim(shopper, NEAR_SQUARE)).status).toBe(409);
    // 00:30 Beijing on the eighth day: the next window is open.
    const nextWindow = Date.parse(offer.startsAt) + 7 * DAY + 30 * 60_000;
    const ahead = nextWindow - (Date.now() + shifted);
    timeOf(running).advance(ahead);
    shifted += ahead;
    await signIn();
    const [first, second] = await Promise.all([claim(shopper, NEAR_SQUARE), claim(shopper, NEAR_SQUARE)]);
    expect([first.status, second.status]).toContain(200);
    expect(await wallet(shopper)).toHaveLength(2);
    expect((await claim(shopper, NEAR_SQUARE)).status).toBe(409);
  });

  it('judges the radius from the store’s stored position: HQ moves the store, the same spot is now too far', async () => {
    const mover = authorized(running, (await loginAs(running, 'geo-mover')).accessToken);
    await mover('/api/v1/me/consents', { method: 'PUT', body: { marketing: true } });
    const moved = await hq('/api/v1/hq/stores/SH01', { method: 'PATCH', body: { location: XINTIANDI } });
    expect(moved.status).toBe(200);
    const refused = await claim(mover, NEAR_SQUARE);
    expect(await refused.json()).toMatchObject({ code: 'OUTSIDE_OFFER_RADIUS' });
    expect((await claim(mover, XINTIANDI)).status).toBe(200);
    expect((await hq('/api/v1/hq/stores/SH01', { method: 'PATCH', body: { location: PEOPLES_SQUARE } })).status).toBe(200);
  });

  it('finishes a grant a crash left pending, once: the next claim issues the coupon with the same key', async () => {
    const crashed = await loginAs(running, 'geo-crashed');
    const api = authorized(running, crashed.accessToken);
    await api('/api/v1/me/consents', { method: 'PUT', body: { marketing: true } });
    const claims = running.app.get<Model<GeoOfferClaim>>(getModelToken(GeoOfferClaim.name));
    const window = Math.floor((Date.now() + shifted - Date.parse(offer.startsAt)) / (7 * DAY));
    await claims.create({
      offerId: new Types.ObjectId(offer.id),
      memberId: new Types.ObjectId(crashed.member.id),
      window,
      storeCode: 'SH01',
      state: 'pending',
      distanceMetres: 140,
      roughPosition: [121.475, 31.231],
      claimedAt: new Date(),
    });
    const [first, second] = await Promise.all([claim(api, NEAR_SQUARE), claim(api, NEAR_SQUARE)]);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(await wallet(api)).toHaveLength(1);
    expect((await claim(api, NEAR_SQUARE)).status).toBe(409);
    const log = await claims.findOne({ memberId: new Types.ObjectId(crashed.member.id) }).lean();
    expect(log).toMatchObject({ state: 'granted', distanceMetres: 140 });
  });

  it('a retired store’s offer is neither shown nor claimable', async () => {
    const member = authorized(running, (await loginAs(running, 'geo-retired')).accessToken);
    await member('/api/v1/me/consents', { method: 'PUT', body: { marketing: true } });
    expect((await hq('/api/v1/hq/stores/SH01/retire', { method: 'POST' })).status).toBe(200);
    expect((await nearby(member, NEAR_SQUARE)).stores.map((s) => s.code)).not.toContain('SH01');
    const refused = await claim(member, NEAR_SQUARE);
    expect(await refused.json()).toMatchObject({ code: 'GEO_OFFER_NOT_ACTIVE' });
    expect((await hq('/api/v1/hq/stores/SH01/reactivate', { method: 'POST' })).status).toBe(200);
  });

  it('HQ ends the offer: no more claims, HQ sees how many members got it', async () => {
    const ended = await hq(`/api/v1/hq/geo-offers/${offer.id}/end`, { method: 'POST' });
    expect(GeoOfferView.parse(await ended.json())).toMatchObject({ status: 'ended', claims: 5 });
    const other = authorized(running, (await loginAs(running, 'geo-late')).accessToken);
    await other('/api/v1/me/consents', { method: 'PUT', body: { marketing: true } });
    const late = await claim(other, NEAR_SQUARE);
    expect(late.status).toBe(409);
    expect(await late.json()).toMatchObject({ code: 'GEO_OFFER_NOT_ACTIVE' });
    expect((await nearby(other, NEAR_SQUARE)).stores[0].offer).toBeUndefined();
    expect((await hq(`/api/v1/hq/geo-offers/${offer.id}/end`, { method: 'POST' })).status).toBe(409);
  });
});
