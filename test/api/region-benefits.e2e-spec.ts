import { CouponTemplateView, MyRegionBenefits, PointsHistory, RegionPackView, type CouponView } from '@memberloop/shared';
import { IntegrationsService, type IntegrationCredentials } from '../../server/src/integrations/integrations.service';
import { RegionPackMultipliers } from '../../server/src/region-benefits/region-pack-multipliers';
import { RegionPackGrantsService } from '../../server/src/region-benefits/region-pack-grants.service';
import { startApp, type RunningApp } from '../support/app';
import { authorized, loginAs, loginAsStaff } from '../support/sessions';
import { signedPost } from '../support/signed-request';

/*
 * Region benefit packs (地区会员礼包): HQ attaches coupons, an extra multiplier and highlights to the tiers from a
 * lowest tier up, for members of some regions. A member gets the pack's coupons once per tier reached: at the
 * purchase that lifts them, and by the backfill job when they held the tier at publication. The attacks: a manager
 * or a member writing packs, a pack naming a tier or a template that does not exist or no region, the backfill run
 * twice at once and again, a retried purchase, members of another region or a lower tier, a published pack edited.
 */
describe('region benefit packs', () => {
  let running: RunningApp;
  let pos: IntegrationCredentials;
  let hq: ReturnType<typeof authorized>;
  let templateId: string;
  let order = 0;

  beforeAll(async () => {
    running = await startApp();
    pos = await running.app.get(IntegrationsService).register('region-pos', 'Region POS');
    hq = authorized(running, (await loginAsStaff(running, 'region-hq', 'hq')).accessToken);
    const template = await hq('/api/v1/hq/coupon-templates', {
      body: {
        name: '港澳金卡满500减80',
        benefit: { kind: 'threshold', thresholdFen: 50_000, amountFen: 8_000 },
        validity: { type: 'afterClaim', days: 60 },
        totalStock: 1000,
        perMemberLimit: 5,
        claimable: false,
      },
    });
    expect(template.status).toBe(201);
    templateId = CouponTemplateView.parse(await template.json()).id;
  });
  afterAll(async () => {
    await running?.close();
  });

  const member = async (name: string, region?: string) => {
    const login = await loginAs(running, name);
    const api = authorized(running, login.accessToken);
    if (region) expect((await api('/api/v1/me/profile', { method: 'PATCH', body: { region } })).status).toBe(200);
    return { api, id: login.member.id };
  };
  const buy = async (memberId: string, totalFen: number, extra: Record<string, unknown> = {}, orderId = `RB-${++order}`) => {
    const response = await signedPost(
      running.baseUrl,
      '/api/v1/purchases',
      {
        orderId,
        member: { memberId },
        storeCode: 'HK01',
        channel: 'store',
        paidAt: new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000 - 60_000).toISOString(),
        lines: [{ sku: 'SK-RB', category: '护肤', quantity: 1, unitPriceFen: totalFen }],
        totalFen,
        ...extra,
      },
      pos,
    );
    expect(response.status).toBe(200);
    return (await response.json()) as { tierCode: string; upgradedFrom?: string; replayed: boolean; pointsEarned: number };
  };
  const packCoupons = async (api: ReturnType<typeof authorized>) =>
    ((await (await api('/api/v1/me/coupons')).json()) as { coupons: CouponView[] }).coupons.filter(
      (c) => c.templateId === templateId,
    );
  const myPacks = async (api: ReturnType<typeof authorized>) =>
    MyRegionBenefits.parse(await (await api('/api/v1/me/region-benefits')).json());
  const backfill = () => running.app.get(RegionPackGrantsService).backfill();
  const pack = (over: Record<string, unknown> = {}) => ({
    name: '港澳会员礼包',
    regions: ['香港', '澳门'],
    minTierCode: 'gold',
    couponTemplateIds: [templateId],
    pointsMultiplier: 1.5,
    highlights: ['港澳门店消费积分 1.5 倍', '每升一级送满500减80券'],
    ...over,
  });

  it('refuses a manager and a member, and bad packs with clear codes, writing nothing', async () => {
    const manager = authorized(running, (await loginAsStaff(running, 'region-manager', 'manager')).accessToken);
    expect((await manager('/api/v1/hq/region-benefits', { body: pack() })).status).toBe(403);
    expect((await manager('/api/v1/hq/region-benefits')).status).toBe(403);
    const shopper = await member('region-nosy');
    expect((await shopper.api('/api/v1/hq/region-benefits', { body: pack() })).status).toBe(403);

    const unknownTemplate = await hq('/api/v1/hq/region-benefits', { body: pack({ couponTemplateIds: ['0'.repeat(24)] }) });
    expect(unknownTemplate.status).toBe(422);
    expect(await unknownTemplate.json()).toMatchObject({
      code: 'REGION_PACK_UNKNOWN_TEMPLATE',
      details: { templateIds: ['0'.repeat(24)] },
    });
    const unknownTier = await hq('/api/v1/hq/region-benefits', { body: pack({ minTierCode: 'platinum' }) });
    expect(unknownTier.status).toBe(422);
    expect(await unknownTier.json()).toMatchObject({ code: 'REGION_PACK_UNKNOWN_TIER', details: { tierCode: 'platinum' } });
    for (const regions of [[], [''], ['  '], ['香港', '香港']]) {
      const response = await hq('/api/v1/hq/region-benefits', { body: pack({ regions }) });
      expect(response.status).toBe(400);
      const body = (await response.json()) as { code: string; details: { issues: Array<{ path: string }> } };
      expect(body.code).toBe('VALIDATION_FAILED');
      expect(body.details.issues[0].path).toMatch(/regions/);
    }
    for (const bad of [{ highlights: [] }, { pointsMultiplier: 0.5 }, { pointsMultiplier: 1.234 }, { name: '' }]) {
      expect((await hq('/api/v1/hq/region-benefits', { body: pack(bad) })).status).toBe(400);
    }
    expect(((await (await hq('/api/v1/hq/region-benefits')).json()) as { packs: unknown[] }).packs).toEqual([]);
  });

  it('grants the pack to members already holding its tiers once, by the backfill run twice at once and again', async () => {
    const hkGold = await member('region-hk-gold', '香港');
    const moDiamond = await member('region-mo-diamond', '澳门');
    const eastGold = await member('region-east-gold', '华东');
    const hkSilver = await member('region-hk-silver', '香港');
    expect((await buy(hkGold.id, 300_000)).tierCode).toBe('gold');
    expect((await buy(moDiamond.id, 800_000)).tierCode).toBe('black_diamond');
    expect((await buy(eastGold.id, 300_000)).tierCode).toBe('gold');
    expect((await buy(hkSilver.id, 50_000)).tierCode).toBe('silver');

    const created = await hq('/api/v1/hq/region-benefits', { body: pack() });
    expect(created.status).toBe(201);
    const draft = RegionPackView.parse(await created.json());
    expect(draft).toMatchObject({ status: 'draft', minTierName: '金卡', grantedCount: 0 });
    expect(draft.couponTemplates).toEqual([{ id: templateId, name: '港澳金卡满500减80' }]);
    // A draft grants nothing and members do not see it.
    expect(await backfill()).toEqual({ packs: 0, granted: 0 });
    expect((await myPacks(hkGold.api)).packs).toEqual([]);

    const edited = await hq(`/api/v1/hq/region-benefits/${draft.id}`, { method: 'PUT', body: pack({ name: '港澳会员礼包' }) });
    expect(edited.status).toBe(200);
    const published = await hq(`/api/v1/hq/region-benefits/${draft.id}/publish`, { method: 'POST' });
    expect(published.status).toBe(200);
    expect(await published.json()).toMatchObject({ status: 'published' });
    // A retried publish answers the pack as it is.
    expect((await hq(`/api/v1/hq/region-benefits/${draft.id}/publish`, { method: 'POST' })).status).toBe(200);
    // HQ's writes are in the audit log.
    const audit = (await (await hq('/api/v1/hq/audit-log')).json()) as { entries: Array<{ action: string }> };
    expect(audit.entries.map((e) => e.action)).toEqual(
      expect.arrayContaining([
        'POST /api/v1/hq/region-benefits',
        'PUT /api/v1/hq/region-benefits/:packId',
        'POST /api/v1/hq/region-benefits/:packId/publish',
      ]),
    );

    const [first, second] = await Promise.all([backfill(), backfill()]);
    expect(first.granted + second.granted).toBe(2);
    expect(await backfill()).toEqual({ packs: 0, granted: 0 });

    expect(await packCoupons(hkGold.api)).toHaveLength(1);
    expect(await packCoupons(moDiamond.api)).toHaveLength(1);
    expect(await packCoupons(eastGold.api)).toHaveLength(0);
    expect(await packCoupons(hkSilver.api)).toHaveLength(0);

    const list = (await (await hq('/api/v1/hq/region-benefits')).json()) as { packs: RegionPackView[] };
    expect(list.packs[0]).toMatchObject({ id: draft.id, grantedCount: 2, backfilledAt: expect.any(String) });

    // What members read: the holder sees it unlocked with its coupon issued, a lower tier sees what gold unlocks,
    // another region sees nothing.
    expect((await myPacks(hkGold.api)).packs).toEqual([
      expect.objectContaining({
        name: '港澳会员礼包',
        highlights: ['港澳门店消费积分 1.5 倍', '每升一级送满500减80券'],
        unlocked: true,
        couponsGranted: true,
        minTierName: '金卡',
        couponNames: ['港澳金卡满500减80'],
        pointsMultiplier: 1.5,
      }),
    ]);
    expect((await myPacks(hkSilver.api)).packs).toEqual([expect.objectContaining({ unlocked: false, couponsGranted: false })]);
    expect(await myPacks(eastGold.api)).toEqual({ region: '华东', packs: [] });

    // Its terms are fixed once published.
    const change = await hq(`/api/v1/hq/region-benefits/${draft.id}`, { method: 'PUT', body: pack({ minTierCode: 'silver' }) });
    expect(change.status).toBe(409);
    expect(await change.json()).toMatchObject({ code: 'REGION_PACK_NOT_EDITABLE' });

    // The silver member reaches gold: granted at the upgrade, once, and a retried purchase or the backfill adds none.
    const upgrade = await buy(hkSilver.id, 250_000, {}, 'RB-UP-1');
    expect(upgrade).toMatchObject({ tierCode: 'gold', upgradedFrom: 'silver' });
    expect(await packCoupons(hkSilver.api)).toHaveLength(1);
    expect((await buy(hkSilver.id, 250_000, {}, 'RB-UP-1')).replayed).toBe(true);
    await buy(hkSilver.id, 10_000);
    await backfill();
    expect(await packCoupons(hkSilver.api)).toHaveLength(1);
    // Once per tier reached: black diamond brings the pack's coupon again, once.
    expect((await buy(hkSilver.id, 500_000)).tierCode).toBe('black_diamond');
    expect(await packCoupons(hkSilver.api)).toHaveLength(2);
    await buy(hkSilver.id, 10_000);
    expect(await packCoupons(hkSilver.api)).toHaveLength(2);

    // Another region's member reaching a higher tier gets nothing.
    await buy(eastGold.id, 500_000);
    expect(await packCoupons(eastGold.api)).toHaveLength(0);
    // The region is the member's own profile field: moving it to 香港 grants nothing by itself (only reaching a
    // tier there does); the card shows the pack unlocked without its coupons.
    expect((await eastGold.api('/api/v1/me/profile', { method: 'PATCH', body: { region: '香港' } })).status).toBe(200);
    await buy(eastGold.id, 10_000);
    await backfill();
    expect(await packCoupons(eastGold.api)).toHaveLength(0);
    expect((await myPacks(eastGold.api)).packs).toEqual([expect.objectContaining({ unlocked: true, couponsGranted: false })]);

    // The extra multiplier the earning applies: the pack's for a member of its regions and tiers, paid while it was
    // published (in the store's region when known); none below its tier, elsewhere, or before it was published.
    const multiplier = running.app.get(RegionPackMultipliers);
    const now = new Date();
    const before = new Date(now.getTime() - 86_400_000);
    expect(multiplier.multiplierAt({ region: '香港', tier: { code: 'gold' } }, now)).toBe(1.5);
    expect(multiplier.multiplierAt({ region: '澳门', tier: { code: 'black_diamond' } }, now, '香港')).toBe(1.5);
    expect(multiplier.multiplierAt({ region: '香港', tier: { code: 'gold' } }, now, '华东')).toBe(1);
    expect(multiplier.multiplierAt({ region: '香港', tier: { code: 'silver' } }, now)).toBe(1);
    expect(multiplier.multiplierAt({ region: '华东', tier: { code: 'gold' } }, now)).toBe(1);
    expect(multiplier.multiplierAt({ region: '香港', tier: { code: 'gold' } }, before)).toBe(1);
    // …and purchases earn it: ¥1,000 is 1,000 points for a 华东 gold member, 1.5 times that for a 香港 gold one
    // (the tier's own multiplier on both), and a purchase paid before the publication earns no extra.
    const plainGold = await member('region-plain-gold');
    expect((await buy(plainGold.id, 300_000)).tierCode).toBe('gold');
    const paidNow = () => ({ paidAt: new Date().toISOString() });
    const base = (await buy(plainGold.id, 100_000, paidNow())).pointsEarned;
    expect((await buy(hkGold.id, 100_000, paidNow())).pointsEarned).toBe(Math.floor(base * 1.5));
    expect((await buy(hkGold.id, 100_000, { paidAt: before.toISOString() })).pointsEarned).toBe(base);
    // Where the store is in the directory, its region decides: a 香港 member buying in 上海 earns no 港澳 extra; in
    // a 澳门 store they do.
    const store = (code: string, region: string, lng: number, lat: number) =>
      hq('/api/v1/hq/stores', {
        body: { code, name: `${region}门店`, address: `${region}某路1号`, city: region, region, location: { lng, lat } },
      }).then((response) => expect(response.status).toBe(201));
    await store('RB-SH', '华东', 121.47, 31.23);
    await store('RB-MO', '澳门', 113.54, 22.19);
    const traveller = await member('region-hk-traveller', '香港');
    expect((await buy(traveller.id, 300_000)).tierCode).toBe('gold');
    const small = (await buy(plainGold.id, 10_000, paidNow())).pointsEarned;
    expect((await buy(traveller.id, 10_000, { ...paidNow(), storeCode: 'RB-SH' })).pointsEarned).toBe(small);
    expect((await buy(traveller.id, 10_000, { ...paidNow(), storeCode: 'RB-MO' })).pointsEarned).toBe(Math.floor(small * 1.5));

    // Withdrawn: members no longer see it and no upgrade is granted it; what was issued stays.
    expect((await hq(`/api/v1/hq/region-benefits/${draft.id}/withdraw`, { method: 'POST' })).status).toBe(200);
    expect((await myPacks(hkGold.api)).packs).toEqual([]);
    expect(await packCoupons(hkGold.api)).toHaveLength(1);
    const late = await member('region-hk-late', '香港');
    expect((await buy(late.id, 300_000)).tierCode).toBe('gold');
    expect(await packCoupons(late.api)).toHaveLength(0);
    // A purchase paid while it was published keeps its multiplier (a till delivering it late); one paid after the
    // withdrawal has none.
    expect(multiplier.multiplierAt({ region: '香港', tier: { code: 'gold' } }, now)).toBe(1.5);
    expect(multiplier.multiplierAt({ region: '香港', tier: { code: 'gold' } }, new Date(Date.now() + 1000))).toBe(1);
    expect((await buy(hkGold.id, 100_000, { paidAt: now.toISOString() })).pointsEarned).toBe(Math.floor(base * 1.5));
    expect((await buy(hkGold.id, 100_000, paidNow())).pointsEarned).toBe(base);
    const republish = await hq(`/api/v1/hq/region-benefits/${draft.id}/publish`, { method: 'POST' });
    expect(republish.status).toBe(409);
    expect(await republish.json()).toMatchObject({ code: 'REGION_PACK_NOT_EDITABLE' });
  });

  it('a concurrent upgrade and backfill grant once', async () => {
    const created = RegionPackView.parse(
      await (await hq('/api/v1/hq/region-benefits', { body: pack({ name: '新加坡会员礼包', regions: ['新加坡'] }) })).json(),
    );
    const mo = await member('region-sg-race', '新加坡');
    await buy(mo.id, 290_000);
    await hq(`/api/v1/hq/region-benefits/${created.id}/publish`, { method: 'POST' });
    await Promise.all([buy(mo.id, 20_000), backfill(), backfill()]);
    expect(await packCoupons(mo.api)).toHaveLength(1);
  });

  it('shows a purchase paid abroad on the statement with its currency, amount and rate', async () => {
    expect(
      (
        await hq('/api/v1/hq/fx-rates', {
          body: { rates: [{ currency: 'HKD', rate: '0.9123', validFrom: '2026-01-01T00:00:00+08:00' }] },
        })
      ).status,
    ).toBe(200);
    const shopper = await member('region-fx-shopper', '香港');
    await buy(shopper.id, 12_800, { currency: 'HKD' });
    await buy(shopper.id, 10_000);
    const history = PointsHistory.parse(await (await shopper.api('/api/v1/me/points/history')).json());
    const [home, abroad] = history.entries;
    expect(home.params.fx).toBeUndefined();
    expect(abroad).toMatchObject({
      code: 'purchase',
      points: 116, // HK$128.00 at 0.9123 = ¥116.77
      params: { channel: 'store', fx: { currency: 'HKD', amountMinor: 12_800, rate: '0.9123' } },
    });
  });
});
