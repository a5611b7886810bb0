import { getConnectionToken, getModelToken } from '@nestjs/mongoose';
import {
  type AuditEntryView,
  CouponTemplateView,
  type CouponView,
  MemberHome,
  type PostView,
  StaffCommunityView,
  StaffGroupBuyDealView,
} from '@memberloop/shared';
import { Types, type Connection, type Model } from 'mongoose';
import { Coupon, CouponTemplate } from '../../server/src/coupons/coupon.schema';
import { PostsService } from '../../server/src/posts/posts.service';
import { startApp, type RunningApp } from '../support/app';
import { addProducts } from '../support/catalogue';
import { authorized, loginAs, loginAsStaff } from '../support/sessions';

type Api = ReturnType<typeof authorized>;
const MINUTE = 60_000;
const DAY = 86_400_000;

/**
 * Staff hold the same limits as members (issue 18, item 8): managers give only coupons HQ released to them, never to
 * themselves, within the template's stock and per-member limit however the sends and claims interleave; nobody
 * decides their own post and an approval pays once; group-buy deals stay within the manager's stores and HQ's price
 * floor; and every staff action, refusals included, is in the audit log.
 */
describe('staff powers have scopes and limits', () => {
  let running: RunningApp;
  let hq: Api;
  let hqId: string;
  let db: Connection;
  let templates: Model<CouponTemplate>;
  let coupons: Model<Coupon>;
  let keySeq = 0;

  beforeAll(async () => {
    running = await startApp({ JOBS_ENABLED: 'false' });
    const session = await loginAsStaff(running, 'limits-hq', 'hq');
    hq = authorized(running, session.accessToken);
    hqId = session.member.id;
    db = running.app.get<Connection>(getConnectionToken());
    templates = running.app.get(getModelToken(CouponTemplate.name));
    coupons = running.app.get(getModelToken(Coupon.name));
    await addProducts(hq, [{ sku: 'SKU-SCOPE-01', name: '门店拼团商品' }]);
  });
  afterAll(async () => {
    await running?.close();
  });

  const key = () => ({ 'idempotency-key': `limits-key-${++keySeq}` });
  const member = async (name: string) => {
    const session = await loginAs(running, name);
    return { api: authorized(running, session.accessToken), id: session.member.id, memberNo: session.member.memberNo };
  };
  const createCommunity = async (name: string) => {
    const response = await hq('/api/v1/hq/communities', { body: { name, kind: 'interest' } });
    expect(response.status).toBe(201);
    return StaffCommunityView.parse(await response.json());
  };
  /** HQ makes the member a manager of the community; they sign in again to carry the role. */
  const makeManager = async (communityId: string, name: string) => {
    const { memberNo, id } = await member(name);
    expect((await hq(`/api/v1/hq/communities/${communityId}/managers/${memberNo}`, { method: 'PUT' })).status).toBe(200);
    return { api: authorized(running, (await loginAs(running, name)).accessToken), id, memberNo };
  };
  const join = async (api: Api, communityId: string) =>
    expect((await api(`/api/v1/communities/${communityId}/membership`, { method: 'POST' })).status).toBe(200);
  const createTemplate = async (body: Record<string, unknown>) => {
    const response = await hq('/api/v1/hq/coupon-templates', {
      body: {
        name: '社群券',
        benefit: { kind: 'fixed', amountFen: 1_000 },
        validity: { type: 'afterClaim', days: 30 },
        totalStock: 1_000,
        ...body,
      },
    });
    expect(response.status).toBe(201);
    return CouponTemplateView.parse(await response.json());
  };
  const release = (templateId: string, releasedToManagers = true) =>
    hq(`/api/v1/hq/coupon-templates/${templateId}`, { method: 'PATCH', body: { releasedToManagers } });
  const sendCoupon = (api: Api, communityId: string, templateId: string) =>
    api(`/api/v1/staff/communities/${communityId}/coupon-sends`, { body: { templateId }, headers: key() });
  const claim = (api: Api, templateId: string) =>
    api(`/api/v1/coupons/templates/${templateId}/claim`, { method: 'POST', headers: key() });
  const walletOf = async (api: Api, templateId: string) =>
    ((await (await api('/api/v1/me/coupons')).json()) as { coupons: CouponView[] }).coupons.filter(
      (c) => c.templateId === templateId,
    );
  const audit = async (query: string) =>
    ((await (await hq(`/api/v1/hq/audit-log?limit=100&${query}`)).json()) as { entries: AuditEntryView[] }).entries;
  const errorOf = async (response: Response) => (await response.json()) as { code: string; message: string; details?: unknown };

  describe('coupon sends', () => {
    it('lets a manager send only templates HQ released to managers, which HQ sets through the template API', async () => {
      const community = await createCommunity('发券权限群');
      const manager = await makeManager(community.id, 'limits-release-manager');
      const fan = await member('limits-release-fan');
      await join(fan.api, community.id);
      const template = await createTemplate({ name: '未授权券', claimable: false });
      expect(template.releasedToManagers).toBe(false);

      const refused = await sendCoupon(manager.api, community.id, template.id);
      expect(refused.status).toBe(403);
      expect(await errorOf(refused)).toMatchObject({ code: 'FORBIDDEN', details: { reason: 'template-not-released' } });
      expect(await walletOf(fan.api, template.id)).toHaveLength(0);
      expect((await templates.findById(template.id).lean())?.remainingStock).toBe(1_000);

      // The refusal is in the audit log, with who tried what.
      const refusals = await audit(`actor=${manager.id}`);
      expect(refusals).toEqual([
        expect.objectContaining({
          action: 'refused: POST /api/v1/staff/communities/:communityId/coupon-sends',
          details: expect.objectContaining({ code: 'FORBIDDEN', body: { templateId: template.id } }),
        }),
      ]);

      // HQ releases it through the template API (audited), and the manager may send it.
      const released = await release(template.id);
      expect(released.status).toBe(200);
      expect(CouponTemplateView.parse(await released.json()).releasedToManagers).toBe(true);
      expect(await audit(`action=${encodeURIComponent('PATCH /api/v1/hq/coupon-templates/:templateId')}`)).toEqual([
        expect.objectContaining({ actor: hqId, target: { type: 'template', id: template.id } }),
      ]);
      const sent = await sendCoupon(manager.api, community.id, template.id);
      expect(sent.status).toBe(201);
      expect(await sent.json()).toMatchObject({ issued: 1 });
      expect(await walletOf(fan.api, template.id)).toHaveLength(1);

      // Withdrawn again: refused again. Managers cannot release templates themselves.
      expect((await release(template.id, false)).status).toBe(200);
      expect((await sendCoupon(manager.api, community.id, template.id)).status).toBe(403);
      expect(
        (await manager.api(`/api/v1/hq/coupon-templates/${template.id}`, { method: 'PATCH', body: { releasedToManagers: true } }))
          .status,
      ).toBe(403);
      expect((await hq(`/api/v1/hq/coupon-templates/${template.id}`, { method: 'PATCH', body: {} })).status).toBe(400);
      expect(
        (
          await hq(`/api/v1/hq/coupon-templates/0123456789abcdef01234567`, {
            method: 'PATCH',
            body: { releasedToManagers: true },
          })
        ).status,
      ).toBe(404);

      // A coupon members pay points for is never released to managers to give away.
      const priced = await createTemplate({ name: '积分兑换券', pointsPrice: 500 });
      const pricedRelease = await release(priced.id);
      expect(pricedRelease.status).toBe(400);
      expect((await errorOf(pricedRelease)).code).toBe('VALIDATION_FAILED');
      expect(
        (
          await hq('/api/v1/hq/coupon-templates', {
            body: {
              name: '积分券2',
              benefit: { kind: 'fixed', amountFen: 100 },
              validity: { type: 'afterClaim', days: 3 },
              totalStock: 5,
              pointsPrice: 10,
              releasedToManagers: true,
            },
          })
        ).status,
      ).toBe(400);
    });

    it('never gives the sender a coupon from their own send, manager or HQ', async () => {
      const community = await createCommunity('自己发给自己群');
      const manager = await makeManager(community.id, 'limits-self-manager');
      await join(manager.api, community.id);
      await join(hq, community.id);
      const fans = await Promise.all([0, 1].map((i) => member(`limits-self-fan-${i}`)));
      for (const fan of fans) await join(fan.api, community.id);
      const template = await createTemplate({ name: '自发券', claimable: false, releasedToManagers: true });

      const byManager = await sendCoupon(manager.api, community.id, template.id);
      expect(byManager.status).toBe(201);
      const managerSend = (await byManager.json()) as { id: string; recipients: number; issued: number };
      // The two members and HQ, never the manager.
      expect(managerSend).toMatchObject({ recipients: 3, issued: 3, status: 'sent' });
      expect(await walletOf(manager.api, template.id)).toHaveLength(0);
      const byHq = await sendCoupon(hq, community.id, template.id);
      const hqSend = (await byHq.json()) as { id: string; recipients: number };
      expect(hqSend).toMatchObject({ recipients: 3, status: 'sent' });
      // Each holds one coupon, from the other's send: nobody's from their own.
      const keys = (await coupons.find({ templateId: template.id }).lean()).map((c) => c.issueKey);
      expect(keys.filter((k) => k.endsWith(`:${manager.id}`))).toEqual([`community-coupon:${hqSend.id}:${manager.id}`]);
      expect(keys.filter((k) => k.endsWith(`:${hqId}`))).toEqual([`community-coupon:${managerSend.id}:${hqId}`]);
      for (const fan of fans) expect(await walletOf(fan.api, template.id)).toHaveLength(1);
    });

    it('issues exactly the stock when 100 manager sends and member claims race for a template of 10', async () => {
      const community = await createCommunity('抢券群');
      const manager = await makeManager(community.id, 'limits-stock-manager');
      const fans = await Promise.all(Array.from({ length: 20 }, (_, i) => member(`limits-stock-fan-${i}`)));
      for (const fan of fans) await join(fan.api, community.id);
      const claimers = await Promise.all(Array.from({ length: 50 }, (_, i) => member(`limits-stock-claimer-${i}`)));
      const template = await createTemplate({ name: '限量十张', totalStock: 10, perMemberLimit: 1, releasedToManagers: true });

      const responses = await Promise.all([
        ...Array.from({ length: 50 }, () => sendCoupon(manager.api, community.id, template.id)),
        ...claimers.map((c) => claim(c.api, template.id)),
      ]);
      const statuses = responses.map((r) => r.status);
      expect(statuses.filter((s) => s >= 500)).toEqual([]);
      expect(await coupons.countDocuments({ templateId: template.id })).toBe(10);
      expect((await templates.findById(template.id).lean())?.remainingStock).toBe(0);
      const claimed = responses.slice(50).filter((r) => r.status === 200).length;
      const outOfStock = await Promise.all(
        responses
          .slice(50)
          .filter((r) => r.status !== 200)
          .map(errorOf),
      );
      expect(outOfStock.every((e) => e.code === 'OUT_OF_STOCK')).toBe(true);
      const sent = (await Promise.all(
        responses
          .slice(0, 50)
          .filter((r) => r.status === 201)
          .map((r) => r.json()),
      )) as Array<{
        issued: number;
      }>;
      const refusedSends = await Promise.all(
        responses
          .slice(0, 50)
          .filter((r) => r.status !== 201)
          .map(errorOf),
      );
      expect(refusedSends.every((e) => e.code === 'OUT_OF_STOCK')).toBe(true);
      expect(claimed + sent.reduce((sum, s) => sum + s.issued, 0)).toBe(10);
      // Nobody holds two: the per-member limit of 1 held for every member.
      const holders = (await coupons.find({ templateId: template.id }).lean()).map((c) => c.memberId.toHexString());
      expect(new Set(holders).size).toBe(10);
    }, 120_000);

    it('holds the per-member limit when a manager’s sends and the member’s own claims race', async () => {
      const community = await createCommunity('限领群');
      const manager = await makeManager(community.id, 'limits-perm-manager');
      const fan = await member('limits-perm-fan');
      await join(fan.api, community.id);
      const template = await createTemplate({ name: '每人一张', totalStock: 100, perMemberLimit: 1, releasedToManagers: true });

      const responses = await Promise.all([
        ...Array.from({ length: 10 }, () => sendCoupon(manager.api, community.id, template.id)),
        ...Array.from({ length: 10 }, () => claim(fan.api, template.id)),
      ]);
      expect(responses.map((r) => r.status).filter((s) => s >= 500)).toEqual([]);
      expect(await walletOf(fan.api, template.id)).toHaveLength(1);
      expect(await coupons.countDocuments({ templateId: template.id })).toBe(1);
      expect((await templates.findById(template.id).lean())?.remainingStock).toBe(99);
      const claims = await Promise.all(
        responses
          .slice(10)
          .filter((r) => r.status !== 200)
          .map(errorOf),
      );
      expect(claims.every((e) => e.code === 'LIMIT_REACHED')).toBe(true);
    });

    it('refuses a send over the per-send cap HQ set in the programme, and sends nothing', async () => {
      const settings = db.collection<{ _id: string }>('programme_settings');
      await settings.updateOne({ _id: 'staff-policy' }, { $set: { maxCouponsPerSend: 2 } }, { upsert: true });
      try {
        const community = await createCommunity('超限群');
        const manager = await makeManager(community.id, 'limits-cap-manager');
        for (const fan of await Promise.all([0, 1, 2].map((i) => member(`limits-cap-fan-${i}`))))
          await join(fan.api, community.id);
        const template = await createTemplate({ name: '上限券', claimable: false, releasedToManagers: true });

        const refused = await sendCoupon(manager.api, community.id, template.id);
        expect(refused.status).toBe(409);
        expect(await errorOf(refused)).toMatchObject({ code: 'LIMIT_REACHED', details: { recipients: 3, maxCouponsPerSend: 2 } });
        expect(await coupons.countDocuments({ templateId: template.id })).toBe(0);
        expect(
          await db.collection('community_coupon_sends').countDocuments({ templateId: new Types.ObjectId(template.id) }),
        ).toBe(0);
        expect((await audit(`actor=${manager.id}`)).map((e) => e.action)).toEqual([
          'refused: POST /api/v1/staff/communities/:communityId/coupon-sends',
        ]);
      } finally {
        await settings.deleteOne({ _id: 'staff-policy' });
      }
    });

    it('refuses a send of a template with no stock left, and one that would empty it only draws what is left', async () => {
      const community = await createCommunity('库存群');
      const manager = await makeManager(community.id, 'limits-empty-manager');
      const fans = await Promise.all([0, 1, 2].map((i) => member(`limits-empty-fan-${i}`)));
      for (const fan of fans) await join(fan.api, community.id);
      const template = await createTemplate({ name: '两张券', totalStock: 2, claimable: false, releasedToManagers: true });
      const first = await sendCoupon(manager.api, community.id, template.id);
      expect(await first.json()).toMatchObject({ recipients: 3, issued: 2 });
      const empty = await sendCoupon(manager.api, community.id, template.id);
      expect(empty.status).toBe(409);
      expect((await errorOf(empty)).code).toBe('OUT_OF_STOCK');
      expect(await coupons.countDocuments({ templateId: template.id })).toBe(2);
    });
  });

  describe('posts', () => {
    const submit = (api: Api, body: Record<string, unknown>) => api('/api/v1/me/posts', { body, headers: key() });
    const balance = async (api: Api) => MemberHome.parse(await (await api('/api/v1/me/home')).json()).points.balance;

    it('refuses staff deciding their own post, manager or HQ, and changes nothing', async () => {
      const community = await createCommunity('自审群');
      const manager = await makeManager(community.id, 'limits-post-manager');
      await join(manager.api, community.id);
      const own = (await (
        await submit(manager.api, { kind: 'show', text: '店长自己的晒单', communityId: community.id })
      ).json()) as PostView;
      for (const decision of [{ decision: 'approve' }, { decision: 'reject', reason: '自己拒绝' }]) {
        const refused = await manager.api(`/api/v1/staff/posts/${own.id}/decision`, { body: decision });
        expect(refused.status).toBe(403);
        expect(await errorOf(refused)).toMatchObject({ code: 'FORBIDDEN', details: { reason: 'own-post' } });
      }
      const hqPost = (await (await submit(hq, { kind: 'review', text: '总部自己的评价' })).json()) as PostView;
      expect((await hq(`/api/v1/staff/posts/${hqPost.id}/decision`, { body: { decision: 'approve' } })).status).toBe(403);
      expect(await balance(manager.api)).toBe(0);
      expect(await balance(hq)).toBe(0);
      expect((await audit(`actor=${manager.id}`)).map((e) => e.action)).toEqual([
        'refused: POST /api/v1/staff/posts/:postId/decision',
        'refused: POST /api/v1/staff/posts/:postId/decision',
      ]);

      // Someone else may decide it, and it pays its author once.
      const approved = await hq(`/api/v1/staff/posts/${own.id}/decision`, { body: { decision: 'approve' } });
      expect(approved.status).toBe(200);
      expect(await balance(manager.api)).toBe(20);
    });

    it('pays the author once when 50 approvals by HQ and managers and the reward job race', async () => {
      const community = await createCommunity('并发审核群');
      const managers = await Promise.all([0, 1].map((i) => makeManager(community.id, `limits-approve-manager-${i}`)));
      const author = await member('limits-approve-author');
      await join(author.api, community.id);
      const post = (await (
        await submit(author.api, { kind: 'review', text: '并发审核只付一次', communityId: community.id })
      ).json()) as PostView;
      const approvers = [hq, managers[0].api, managers[1].api];
      const [responses] = await Promise.all([
        Promise.all(
          Array.from({ length: 50 }, (_, i) =>
            approvers[i % 3](`/api/v1/staff/posts/${post.id}/decision`, { body: { decision: 'approve' } }),
          ),
        ),
        running.app.get(PostsService).payPending(),
      ]);
      expect(responses.every((r) => r.status === 200)).toBe(true);
      expect(await balance(author.api)).toBe(20);
      const entries = await db.collection('points_entries').countDocuments({ 'source.type': 'post', 'source.id': post.id });
      expect(entries).toBe(1);
    });
  });

  describe('group-buy deals', () => {
    const dealBody = (overrides: Record<string, unknown> = {}) => ({
      skuCode: 'SKU-SCOPE-01',
      skuName: '门店拼团',
      normalPriceFen: 10_000,
      groupPriceFen: 6_000,
      groupSize: 3,
      timeLimitMinutes: 60,
      maxGroups: 10,
      startsAt: new Date(Date.now() - MINUTE).toISOString(),
      endsAt: new Date(Date.now() + 7 * DAY).toISOString(),
      ...overrides,
    });
    const createDeal = (api: Api, overrides: Record<string, unknown> = {}) =>
      api('/api/v1/staff/group-buy-deals', { body: dealBody(overrides) });

    it('lets a manager create deals only for their own stores; HQ for any store or the whole brand', async () => {
      const session = await loginAsStaff(running, 'limits-deal-manager', 'manager', { storeIds: ['SH01', 'SH02'] });
      const manager = authorized(running, session.accessToken);
      const dealsBefore = await db.collection('group_buy_deals').countDocuments();
      const templatesBefore = await templates.countDocuments();
      for (const storeCodes of [['BJ01'], ['SH01', 'BJ01'], undefined]) {
        const refused = await createDeal(manager, storeCodes ? { storeCodes } : {});
        expect([JSON.stringify(storeCodes), refused.status]).toEqual([JSON.stringify(storeCodes), 403]);
        expect((await errorOf(refused)).code).toBe('FORBIDDEN');
      }
      expect(await db.collection('group_buy_deals').countDocuments()).toBe(dealsBefore);
      expect(await templates.countDocuments()).toBe(templatesBefore);
      expect((await audit(`actor=${session.member.id}`)).map((e) => e.action)).toEqual(
        Array.from({ length: 3 }, () => 'refused: POST /api/v1/staff/group-buy-deals'),
      );

      const own = await createDeal(manager, { storeCodes: ['SH02'] });
      expect(own.status).toBe(201);
      expect(StaffGroupBuyDealView.parse(await own.json()).storeCodes).toEqual(['SH02']);
      expect((await createDeal(hq, { storeCodes: ['BJ01'] })).status).toBe(201);
      const brandWide = await createDeal(hq);
      expect(brandWide.status).toBe(201);
      expect(StaffGroupBuyDealView.parse(await brandWide.json()).storeCodes).toBeUndefined();
      expect(
        (await audit(`actor=${session.member.id}&action=${encodeURIComponent('POST /api/v1/staff/group-buy-deals')}`)).length,
      ).toBe(1);
    });

    it('refuses a group price below HQ’s floor, naming the floor, for managers and HQ alike', async () => {
      const manager = authorized(
        running,
        (await loginAsStaff(running, 'limits-floor-manager', 'manager', { storeIds: ['GZ01'] })).accessToken,
      );
      const dealsBefore = await db.collection('group_buy_deals').countDocuments();
      for (const [api, groupPriceFen] of [
        [manager, 1],
        [hq, 1],
        [manager, 2_999],
      ] as const) {
        const refused = await createDeal(api, { storeCodes: ['GZ01'], groupPriceFen });
        expect(refused.status).toBe(400);
        const error = await errorOf(refused);
        expect(error).toMatchObject({
          code: 'VALIDATION_FAILED',
          details: { floorFen: 3_000, issues: [{ path: 'body.groupPriceFen' }] },
        });
        expect(error.message).toContain('¥30.00');
      }
      expect(await db.collection('group_buy_deals').countDocuments()).toBe(dealsBefore);
      expect((await createDeal(manager, { storeCodes: ['GZ01'], groupPriceFen: 3_000 })).status).toBe(201);

      // The minimum in fen holds for cheap items too, and HQ's own setting replaces the default.
      const cheap = await createDeal(manager, { storeCodes: ['GZ01'], normalPriceFen: 150, groupPriceFen: 60 });
      expect(await errorOf(cheap)).toMatchObject({ details: { floorFen: 100 } });
      // HQ sets its own floor through the programme API; managers read it (and cannot change it).
      const policy = { maxCouponsPerSend: 5_000, groupBuyPriceFloor: { minPercentOfNormalPrice: 50, minFen: 100 } };
      expect((await manager('/api/v1/hq/staff-policy', { method: 'PUT', body: policy })).status).toBe(403);
      const saved = await hq('/api/v1/hq/staff-policy', { method: 'PUT', body: policy });
      expect(saved.status).toBe(200);
      try {
        expect(await (await manager('/api/v1/staff/staff-policy')).json()).toEqual(policy);
        expect(await errorOf(await createDeal(manager, { storeCodes: ['GZ01'], groupPriceFen: 3_000 }))).toMatchObject({
          details: { floorFen: 5_000 },
        });
        const bad = await hq('/api/v1/hq/staff-policy', {
          method: 'PUT',
          body: { ...policy, groupBuyPriceFloor: { minPercentOfNormalPrice: 100, minFen: 0 } },
        });
        expect(bad.status).toBe(400);
      } finally {
        await db.collection<{ _id: string }>('programme_settings').deleteOne({ _id: 'staff-policy' });
      }
    });
  });

  describe('photo uploads', () => {
    const PNG = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
      'base64',
    );
    const raw = (token: string, contentType: string, body: Buffer | string) =>
      fetch(`${running.baseUrl}/api/v1/me/images`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
        body: typeof body === 'string' ? body : new Uint8Array(body),
      });
    const part = (boundary: string, field: string, bytes: Buffer, filename = 'photo.png') =>
      Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: image/png\r\n\r\n`,
        ),
        bytes,
        Buffer.from('\r\n'),
      ]);

    it('answers every malformed multipart upload with a 4xx error and stores nothing', async () => {
      const token = (await loginAs(running, 'limits-uploader')).accessToken;
      const files = db.collection('post_images.files');
      const before = await files.countDocuments();
      const b = 'ml-boundary-42';
      const whole = Buffer.concat([part(b, 'file', PNG), Buffer.from(`--${b}--\r\n`)]);
      const cases: Array<[string, Response, number[]]> = [
        ['no boundary parameter', await raw(token, 'multipart/form-data', whole), [400]],
        ['a boundary the body never uses', await raw(token, 'multipart/form-data; boundary=other', whole), [400]],
        ['a garbled body', await raw(token, `multipart/form-data; boundary=${b}`, 'this is not multipart at all'), [400]],
        [
          'truncated mid-file',
          await raw(token, `multipart/form-data; boundary=${b}`, whole.subarray(0, whole.length - 40)),
          [400],
        ],
        [
          'no file, only a field',
          await raw(
            token,
            `multipart/form-data; boundary=${b}`,
            `--${b}\r\nContent-Disposition: form-data; name="caption"\r\n\r\nhello\r\n--${b}--\r\n`,
          ),
          [400],
        ],
        [
          'the file in another field',
          await raw(
            token,
            `multipart/form-data; boundary=${b}`,
            Buffer.concat([part(b, 'photo', PNG), Buffer.from(`--${b}--\r\n`)]),
          ),
          [400],
        ],
        [
          'two files',
          await raw(
            token,
            `multipart/form-data; boundary=${b}`,
            Buffer.concat([part(b, 'file', PNG), part(b, 'file', PNG), Buffer.from(`--${b}--\r\n`)]),
          ),
          [400, 413],
        ],
        [
          'too large',
          await raw(
            token,
            `multipart/form-data; boundary=${b}`,
            Buffer.concat([
              part(b, 'file', Buffer.concat([PNG, Buffer.alloc(2 * 1024 * 1024 + 1)])),
              Buffer.from(`--${b}--\r\n`),
            ]),
          ),
          [413],
        ],
        ['an empty body', await raw(token, `multipart/form-data; boundary=${b}`, ''), [400]],
      ];
      const problems: string[] = [];
      for (const [what, response, statuses] of cases) {
        const body = (await response.json().catch(() => ({}))) as { code?: string; message?: string };
        if (!statuses.includes(response.status) || typeof body.code !== 'string' || typeof body.message !== 'string')
          problems.push(`${what}: ${response.status} ${JSON.stringify(body)}`);
      }
      expect(problems).toEqual([]);
      expect(await files.countDocuments()).toBe(before);
      // A well-formed upload still works.
      expect((await raw(token, `multipart/form-data; boundary=${b}`, whole)).status).toBe(201);
    });
  });
});
