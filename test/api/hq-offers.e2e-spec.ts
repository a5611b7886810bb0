import { getModelToken } from '@nestjs/mongoose';
import {
  type AuditEntryView,
  type CouponView,
  GiftView,
  HqCouponTemplateView,
  HqGiftView,
  ReleasedCouponTemplate,
  StaffCommunityView,
} from '@memberloop/shared';
import { Types, type Model } from 'mongoose';
import { Coupon, CouponTemplate } from '../../server/src/coupons/coupon.schema';
import { CouponsService } from '../../server/src/coupons/coupons.service';
import { PointsLedgerService } from '../../server/src/points/points-ledger.service';
import { startApp, type RunningApp } from '../support/app';
import { authorized, loginAs, loginAsStaff } from '../support/sessions';

type Api = ReturnType<typeof authorized>;

/**
 * HQ's coupon templates and points gifts (issue 20, item 3) and the manager's pick of released templates (issue 21,
 * item 5): list, change within what members already hold, retire and bring back, every refusal with its code, the
 * stock racing claims and redemptions, and every change in the audit log.
 */
describe('HQ offers: coupon templates and points gifts', () => {
  let running: RunningApp;
  let hq: Api;
  let hqId: string;
  let templates: Model<CouponTemplate>;
  let coupons: Model<Coupon>;
  let keySeq = 0;

  beforeAll(async () => {
    running = await startApp({ JOBS_ENABLED: 'false' });
    const session = await loginAsStaff(running, 'offers-hq', 'hq');
    hq = authorized(running, session.accessToken);
    hqId = session.member.id;
    templates = running.app.get(getModelToken(CouponTemplate.name));
    coupons = running.app.get(getModelToken(Coupon.name));
  });
  afterAll(async () => {
    await running?.close();
  });

  const key = () => ({ 'idempotency-key': `offers-key-${++keySeq}` });
  const member = async (name: string, points = 0) => {
    const session = await loginAs(running, name);
    if (points > 0)
      await running.app.get(PointsLedgerService).earn({
        memberId: new Types.ObjectId(session.member.id),
        points,
        reason: 'test grant',
        source: { type: 'test', id: name },
        idempotencyKey: `grant:${name}`,
        occurredAt: new Date(),
        availableAt: new Date(),
        expiresAt: new Date(Date.now() + 86_400_000 * 300),
      });
    return { api: authorized(running, session.accessToken), id: session.member.id, memberNo: session.member.memberNo };
  };
  const errorOf = async (response: Response) => (await response.json()) as { code: string; message: string; details?: unknown };
  const createTemplate = async (body: Record<string, unknown>) => {
    const response = await hq('/api/v1/hq/coupon-templates', {
      body: {
        name: '总部券',
        benefit: { kind: 'fixed', amountFen: 1_000 },
        validity: { type: 'afterClaim', days: 30 },
        totalStock: 100,
        ...body,
      },
    });
    expect(response.status).toBe(201);
    return HqCouponTemplateView.parse(await response.json());
  };
  const changeTemplate = (id: string, body: Record<string, unknown>) =>
    hq(`/api/v1/hq/coupon-templates/${id}`, { method: 'PATCH', body });
  const listTemplates = async (query = '') => {
    const response = await hq(`/api/v1/hq/coupon-templates${query}`);
    expect(response.status).toBe(200);
    return ((await response.json()) as { templates: unknown[] }).templates.map((t) => HqCouponTemplateView.parse(t));
  };
  const claim = (api: Api, templateId: string) =>
    api(`/api/v1/coupons/templates/${templateId}/claim`, { method: 'POST', headers: key() });
  const audit = async (query: string) =>
    ((await (await hq(`/api/v1/hq/audit-log?limit=100&${query}`)).json()) as { entries: AuditEntryView[] }).entries;
  const auditOf = (method: string, path: string) => audit(`action=${encodeURIComponent(`${method} ${path}`)}`);

  describe('coupon templates', () => {
    it('lists templates for HQ only, newest first, with stock, coupons issued and used, and status', async () => {
      const first = await createTemplate({ name: '列表券甲', totalStock: 10 });
      const second = await createTemplate({ name: '列表券乙', totalStock: 5, claimable: false });
      const fan = await member('offers-list-fan');
      expect((await claim(fan.api, first.id)).status).toBe(200);

      const all = await listTemplates();
      const ids = all.map((t) => t.id);
      expect(ids.indexOf(second.id)).toBeLessThan(ids.indexOf(first.id));
      expect(all.find((t) => t.id === first.id)).toMatchObject({
        totalStock: 10,
        remainingStock: 9,
        issuedCount: 1,
        claimedCount: 1,
        usedCount: 0,
        status: 'active',
        releasedToManagers: false,
        claimable: true,
      });
      expect(all.find((t) => t.id === second.id)).toMatchObject({ claimable: false, issuedCount: 0, claimedCount: 0 });

      expect((await hq(`/api/v1/hq/coupon-templates/${second.id}/retire`, { method: 'POST' })).status).toBe(200);
      expect((await listTemplates('?status=retired')).map((t) => t.id)).toContain(second.id);
      expect((await listTemplates('?status=active')).map((t) => t.id)).not.toContain(second.id);
      expect((await hq('/api/v1/hq/coupon-templates?status=gone')).status).toBe(400);

      // Members and managers do not see HQ's list.
      expect((await fan.api('/api/v1/hq/coupon-templates')).status).toBe(403);
      const manager = await loginAsStaff(running, 'offers-list-manager', 'manager');
      expect((await authorized(running, manager.accessToken)('/api/v1/hq/coupon-templates')).status).toBe(403);
    });

    it('changes name, stock, limit and switches; never the stock below what was issued; the terms once issued', async () => {
      const template = await createTemplate({ name: '可改券', totalStock: 3, perMemberLimit: 1 });
      // Before any coupon exists, HQ may still correct the benefit and the validity.
      const corrected = await changeTemplate(template.id, {
        benefit: { kind: 'threshold', thresholdFen: 19_900, amountFen: 2_000 },
        validity: { type: 'afterClaim', days: 7 },
      });
      expect(corrected.status).toBe(200);
      expect(HqCouponTemplateView.parse(await corrected.json())).toMatchObject({
        benefit: { kind: 'threshold', thresholdFen: 19_900, amountFen: 2_000 },
        validity: { type: 'afterClaim', days: 7 },
      });

      const fans = await Promise.all([0, 1].map((i) => member(`offers-edit-fan-${i}`)));
      for (const fan of fans) expect((await claim(fan.api, template.id)).status).toBe(200);

      const changed = await changeTemplate(template.id, {
        name: '改名券',
        totalStock: 10,
        perMemberLimit: 2,
        claimable: false,
        releasedToManagers: true,
      });
      expect(changed.status).toBe(200);
      expect(HqCouponTemplateView.parse(await changed.json())).toMatchObject({
        name: '改名券',
        totalStock: 10,
        remainingStock: 8,
        issuedCount: 2,
        perMemberLimit: 2,
        claimable: false,
        releasedToManagers: true,
      });

      // The stock may come down to what was issued, not below.
      const below = await changeTemplate(template.id, { totalStock: 1 });
      expect(below.status).toBe(409);
      expect(await errorOf(below)).toMatchObject({ code: 'STOCK_BELOW_ISSUED', details: { issued: 2 } });
      const down = await changeTemplate(template.id, { totalStock: 2 });
      expect(HqCouponTemplateView.parse(await down.json())).toMatchObject({ totalStock: 2, remainingStock: 0 });

      // Members hold coupons of it: its benefit and validity stay as they are.
      for (const body of [{ benefit: { kind: 'fixed', amountFen: 5_000 } }, { validity: { type: 'afterClaim', days: 90 } }]) {
        const refused = await changeTemplate(template.id, body);
        expect(refused.status).toBe(409);
        expect((await errorOf(refused)).code).toBe('COUPON_TERMS_FIXED');
      }
      // Sent back unchanged, the terms are not a change.
      expect(
        (
          await changeTemplate(template.id, {
            benefit: { amountFen: 2_000, thresholdFen: 19_900, kind: 'threshold' },
            name: '改名券二',
          })
        ).status,
      ).toBe(200);
      const stored = await templates.findById(template.id).lean();
      expect(stored).toMatchObject({ totalStock: 2, remainingStock: 0, name: '改名券二', validity: { days: 7 } });

      // Bad input and unknown templates change nothing.
      for (const body of [
        {},
        { totalStock: 0 },
        { perMemberLimit: 0 },
        { name: '' },
        { benefit: { kind: 'threshold', thresholdFen: 100, amountFen: 100 } },
        { remainingStock: 50 },
      ]) {
        const bad = await changeTemplate(template.id, body);
        expect(bad.status).toBe(400);
        expect((await errorOf(bad)).code).toBe('VALIDATION_FAILED');
      }
      expect((await changeTemplate('0123456789abcdef01234567', { name: '无' })).status).toBe(404);
      expect((await templates.findById(template.id).lean())?.totalStock).toBe(2);

      // A coupon bought with points is never released to managers.
      const priced = await createTemplate({ name: '积分换券', pointsPrice: 300 });
      const release = await changeTemplate(priced.id, { releasedToManagers: true });
      expect(release.status).toBe(400);
      expect((await errorOf(release)).code).toBe('VALIDATION_FAILED');

      // Every change is in the audit log with HQ as the actor and the template as the target.
      const entries = await auditOf('PATCH', '/api/v1/hq/coupon-templates/:templateId');
      expect(entries.filter((e) => e.target.id === template.id)).toHaveLength(4);
      expect(entries.find((e) => e.target.id === template.id)).toMatchObject({
        actor: hqId,
        target: { type: 'template', id: template.id },
      });
    });

    it('retires a template: no claims or sends; coupons members hold stay usable; brought back, claimed again', async () => {
      const template = await createTemplate({ name: '停发券', releasedToManagers: true });
      const holder = await member('offers-retire-holder');
      const held = (await (await claim(holder.api, template.id)).json()) as CouponView;

      const retired = await hq(`/api/v1/hq/coupon-templates/${template.id}/retire`, { method: 'POST' });
      expect(retired.status).toBe(200);
      expect(HqCouponTemplateView.parse(await retired.json())).toMatchObject({ status: 'retired', claimedCount: 1 });

      // A member claiming it is refused with a code the app words; it is gone from the claim centre.
      const late = await member('offers-retire-late');
      const refused = await claim(late.api, template.id);
      expect(refused.status).toBe(409);
      expect((await errorOf(refused)).code).toBe('COUPON_TEMPLATE_RETIRED');
      const centre = (await (await late.api('/api/v1/coupons/claimable')).json()) as { templates: Array<{ id: string }> };
      expect(centre.templates.map((t) => t.id)).not.toContain(template.id);
      expect((await coupons.countDocuments({ templateId: template.id })) as number).toBe(1);

      // The coupon already in a wallet stays valid: listed and its QR code issued.
      const wallet = (await (await holder.api('/api/v1/me/coupons')).json()) as { coupons: CouponView[] };
      expect(wallet.coupons.find((c) => c.id === held.id)).toMatchObject({ status: 'available' });
      expect((await holder.api(`/api/v1/me/coupons/${held.id}/token`, { method: 'POST' })).status).toBe(200);

      // Retiring again is harmless; unknown templates are 404; only HQ retires.
      expect((await hq(`/api/v1/hq/coupon-templates/${template.id}/retire`, { method: 'POST' })).status).toBe(200);
      expect((await hq('/api/v1/hq/coupon-templates/0123456789abcdef01234567/retire', { method: 'POST' })).status).toBe(404);
      expect((await holder.api(`/api/v1/hq/coupon-templates/${template.id}/reactivate`, { method: 'POST' })).status).toBe(403);

      // A rule's reward (a win-back, a tier gift) is not issued from a retired template either.
      const issuer = running.app.get(CouponsService);
      expect(await issuer.issue(new Types.ObjectId(late.id), new Types.ObjectId(template.id), `winback:${late.id}`)).toBe(false);
      expect(await coupons.countDocuments({ templateId: template.id })).toBe(1);

      const back = await hq(`/api/v1/hq/coupon-templates/${template.id}/reactivate`, { method: 'POST' });
      expect(HqCouponTemplateView.parse(await back.json())).toMatchObject({ status: 'active' });
      expect((await claim(late.api, template.id)).status).toBe(200);

      expect(
        (await auditOf('POST', '/api/v1/hq/coupon-templates/:templateId/retire')).filter((e) => e.target.id === template.id),
      ).toHaveLength(2);
      expect(await auditOf('POST', '/api/v1/hq/coupon-templates/:templateId/reactivate')).toEqual([
        expect.objectContaining({ actor: hqId, target: { type: 'template', id: template.id } }),
      ]);
    });

    it('refuses exchanging points for a retired template, spending nothing', async () => {
      const priced = await createTemplate({ name: '积分换停发券', pointsPrice: 200 });
      const buyer = await member('offers-exchange-buyer', 1_000);
      expect((await hq(`/api/v1/hq/coupon-templates/${priced.id}/retire`, { method: 'POST' })).status).toBe(200);
      const refused = await buyer.api(`/api/v1/coupons/templates/${priced.id}/exchange`, { method: 'POST', headers: key() });
      expect(refused.status).toBe(409);
      expect((await errorOf(refused)).code).toBe('COUPON_TEMPLATE_RETIRED');
      expect(await running.app.get(PointsLedgerService).balance(new Types.ObjectId(buyer.id))).toBe(1_000);
      expect(await coupons.countDocuments({ templateId: priced.id })).toBe(0);
    });

    it('never lets coupons issued exceed the stock when HQ lowers it while members claim', async () => {
      for (const round of [0, 1, 2]) {
        const template = await createTemplate({ name: `抢券改库存${round}`, totalStock: 20, perMemberLimit: 1 });
        const claimers = await Promise.all(Array.from({ length: 16 }, (_, i) => member(`offers-race-${round}-${i}`)));
        const lowerTo = 6 + round * 2;
        const [edit, ...claims] = await Promise.all([
          // The edit lands somewhere among the claims: before, between or after them.
          new Promise<Response>((resolve) =>
            setTimeout(() => resolve(changeTemplate(template.id, { totalStock: lowerTo })), round * 15),
          ),
          ...claimers.map((c) => claim(c.api, template.id)),
        ]);
        const issued = await coupons.countDocuments({ templateId: template.id });
        const stored = (await templates.findById(template.id).lean())!;
        // Whatever the interleaving: what went out is what the stock says, and never more than the stock.
        expect(stored.remainingStock).toBeGreaterThanOrEqual(0);
        expect(stored.totalStock - stored.remainingStock).toBe(issued);
        expect(issued).toBeLessThanOrEqual(stored.totalStock);
        expect(claims.filter((c) => c.status === 200)).toHaveLength(issued);
        for (const refused of claims.filter((c) => c.status !== 200)) expect((await errorOf(refused)).code).toBe('OUT_OF_STOCK');
        if (edit.status === 200) {
          expect(stored.totalStock).toBe(lowerTo);
        } else {
          // Refused only because more than the new stock had already gone out.
          expect(await errorOf(edit)).toMatchObject({ code: 'STOCK_BELOW_ISSUED' });
          expect(stored.totalStock).toBe(20);
          expect(issued).toBeGreaterThan(lowerTo);
        }
      }
    }, 60_000);
  });

  describe('managers send only what HQ released', () => {
    const createCommunity = async (name: string) => {
      const response = await hq('/api/v1/hq/communities', { body: { name, kind: 'interest' } });
      expect(response.status).toBe(201);
      return StaffCommunityView.parse(await response.json());
    };
    const makeManager = async (communityId: string, name: string) => {
      const { memberNo, id } = await member(name);
      expect((await hq(`/api/v1/hq/communities/${communityId}/managers/${memberNo}`, { method: 'PUT' })).status).toBe(200);
      return { api: authorized(running, (await loginAs(running, name)).accessToken), id };
    };
    const send = (api: Api, communityId: string, templateId: string) =>
      api(`/api/v1/staff/communities/${communityId}/coupon-sends`, { body: { templateId }, headers: key() });
    const released = async (api: Api) => {
      const response = await api('/api/v1/staff/coupon-templates');
      expect(response.status).toBe(200);
      return ((await response.json()) as { templates: unknown[] }).templates.map((t) => ReleasedCouponTemplate.parse(t));
    };

    it('lists released, active, in-stock templates for managers, and refuses sending an unreleased or retired one', async () => {
      const community = await createCommunity('总部发券群');
      const manager = await makeManager(community.id, 'offers-send-manager');
      const fan = await member('offers-send-fan');
      expect((await fan.api(`/api/v1/communities/${community.id}/membership`, { method: 'POST' })).status).toBe(200);

      const open = await createTemplate({ name: '可发券', claimable: false, releasedToManagers: true, totalStock: 50 });
      const unreleased = await createTemplate({ name: '未放券', claimable: false });
      const toRetire = await createTemplate({ name: '将停券', claimable: false, releasedToManagers: true });
      const empty = await createTemplate({ name: '发完券', claimable: false, releasedToManagers: true, totalStock: 1 });
      const ended = await createTemplate({
        name: '过期券',
        claimable: false,
        releasedToManagers: true,
        validity: { type: 'window', from: '2020-01-01T00:00:00.000Z', to: '2020-02-01T00:00:00.000Z' },
      });
      await templates.updateOne({ _id: empty.id }, { $set: { remainingStock: 0 } });
      expect((await hq(`/api/v1/hq/coupon-templates/${toRetire.id}/retire`, { method: 'POST' })).status).toBe(200);

      const list = await released(manager.api);
      const ids = list.map((t) => t.id);
      expect(ids).toContain(open.id);
      for (const hidden of [unreleased, toRetire, empty, ended]) expect(ids).not.toContain(hidden.id);
      expect(list.find((t) => t.id === open.id)).toEqual({
        id: open.id,
        name: '可发券',
        benefit: { kind: 'fixed', amountFen: 1_000 },
        validity: { type: 'afterClaim', days: 30 },
        remainingStock: 50,
        perMemberLimit: 1,
      });
      // HQ may read it too; a member may not.
      expect((await released(hq)).map((t) => t.id)).toContain(open.id);
      expect((await fan.api('/api/v1/staff/coupon-templates')).status).toBe(403);

      const notReleased = await send(manager.api, community.id, unreleased.id);
      expect(notReleased.status).toBe(403);
      expect(await errorOf(notReleased)).toMatchObject({ code: 'FORBIDDEN', details: { reason: 'template-not-released' } });
      const retired = await send(manager.api, community.id, toRetire.id);
      expect(retired.status).toBe(409);
      expect(await errorOf(retired)).toMatchObject({ code: 'COUPON_TEMPLATE_RETIRED', details: { reason: 'template-retired' } });
      // HQ cannot send a retired one either.
      expect((await errorOf(await send(hq, community.id, toRetire.id))).code).toBe('COUPON_TEMPLATE_RETIRED');
      expect(await coupons.countDocuments({ templateId: { $in: [unreleased.id, toRetire.id] } })).toBe(0);

      const sent = await send(manager.api, community.id, open.id);
      expect(sent.status).toBe(201);
      expect(await sent.json()).toMatchObject({ issued: 1 });
      expect((await released(manager.api)).find((t) => t.id === open.id)?.remainingStock).toBe(49);

      // Both refused sends (not released, retired) are in the audit log with who tried them.
      expect(
        (await audit(`actor=${manager.id}`)).filter(
          (e) => e.action === 'refused: POST /api/v1/staff/communities/:communityId/coupon-sends',
        ),
      ).toHaveLength(2);
    });
  });

  describe('points gifts', () => {
    const createGift = async (body: Record<string, unknown>) => {
      const response = await hq('/api/v1/hq/gifts', { body });
      expect(response.status).toBeLessThan(300);
      return HqGiftView.parse(await response.json());
    };
    const listGifts = async (query = '') =>
      ((await (await hq(`/api/v1/hq/gifts${query}`)).json()) as { gifts: unknown[] }).gifts.map((g) => HqGiftView.parse(g));
    const changeGift = (id: string, body: Record<string, unknown>) => hq(`/api/v1/hq/gifts/${id}`, { method: 'PATCH', body });
    const redeem = (api: Api, giftId: string) => api(`/api/v1/gifts/${giftId}/redeem`, { method: 'POST', headers: key() });
    const catalogue = async (api: Api) =>
      ((await (await api('/api/v1/gifts')).json()) as { gifts: unknown[] }).gifts.map((g) => GiftView.parse(g));

    it('lists, changes, retires and brings back gifts; a retired gift is hidden and refused', async () => {
      const gift = await createGift({ name: '帆布袋', pointsCost: 100, stock: 10, perMemberLimit: 2 });
      expect(gift).toMatchObject({ status: 'active', redeemedCount: 0, description: '' });
      const shopper = await member('offers-gift-shopper', 1_000);
      expect((await redeem(shopper.api, gift.id)).status).toBe(200);

      expect((await listGifts()).find((g) => g.id === gift.id)).toMatchObject({ stock: 9, redeemedCount: 1 });

      const changed = await changeGift(gift.id, {
        name: '限定帆布袋',
        description: '周年限定款',
        pointsCost: 150,
        stock: 20,
        perMemberLimit: 3,
      });
      expect(changed.status).toBe(200);
      expect(HqGiftView.parse(await changed.json())).toMatchObject({
        name: '限定帆布袋',
        description: '周年限定款',
        pointsCost: 150,
        stock: 20,
        perMemberLimit: 3,
        redeemedCount: 1,
      });
      const second = await redeem(shopper.api, gift.id);
      expect(await second.json()).toMatchObject({ pointsSpent: 150 });

      for (const body of [{}, { pointsCost: 0 }, { stock: -1 }, { name: '' }, { perMemberLimit: 0 }, { active: false }]) {
        const bad = await changeGift(gift.id, body);
        expect(bad.status).toBe(400);
        expect((await errorOf(bad)).code).toBe('VALIDATION_FAILED');
      }
      expect((await changeGift('0123456789abcdef01234567', { name: '无' })).status).toBe(404);
      expect((await shopper.api(`/api/v1/hq/gifts/${gift.id}`, { method: 'PATCH', body: { stock: 999 } })).status).toBe(403);

      const retired = await hq(`/api/v1/hq/gifts/${gift.id}/retire`, { method: 'POST' });
      expect(HqGiftView.parse(await retired.json())).toMatchObject({ status: 'retired', redeemedCount: 2 });
      expect((await catalogue(shopper.api)).map((g) => g.id)).not.toContain(gift.id);
      const refused = await redeem(shopper.api, gift.id);
      expect(refused.status).toBe(409);
      expect((await errorOf(refused)).code).toBe('GIFT_RETIRED');
      expect((await listGifts('?status=retired')).map((g) => g.id)).toContain(gift.id);
      expect((await listGifts('?status=active')).map((g) => g.id)).not.toContain(gift.id);

      const back = await hq(`/api/v1/hq/gifts/${gift.id}/reactivate`, { method: 'POST' });
      expect(HqGiftView.parse(await back.json())).toMatchObject({ status: 'active' });
      expect((await catalogue(shopper.api)).map((g) => g.id)).toContain(gift.id);
      expect((await redeem(shopper.api, gift.id)).status).toBe(200);

      for (const [method, path, count] of [
        ['PATCH', '/api/v1/hq/gifts/:giftId', 1],
        ['POST', '/api/v1/hq/gifts/:giftId/retire', 1],
        ['POST', '/api/v1/hq/gifts/:giftId/reactivate', 1],
      ] as const) {
        const entries = (await auditOf(method, path)).filter((e) => e.target.id === gift.id);
        expect(entries).toHaveLength(count);
        expect(entries[0]).toMatchObject({ actor: hqId, target: { type: 'gift', id: gift.id } });
      }
      expect((await auditOf('POST', '/api/v1/hq/gifts')).length).toBeGreaterThan(0);
    });

    it('counts each redemption once when HQ changes the stock while members redeem', async () => {
      const gift = await createGift({ name: '抢兑礼品', pointsCost: 10, stock: 40, perMemberLimit: 1 });
      const shoppers = await Promise.all(Array.from({ length: 20 }, (_, i) => member(`offers-gift-race-${i}`, 100)));
      const [edit, ...results] = await Promise.all([
        new Promise<Response>((resolve) => setTimeout(() => resolve(changeGift(gift.id, { stock: 30 })), 10)),
        ...shoppers.map((s) => redeem(s.api, gift.id)),
      ]);
      expect(edit.status).toBe(200);
      expect(results.map((r) => r.status)).toEqual(results.map(() => 200));
      const after = (await listGifts()).find((g) => g.id === gift.id)!;
      expect(after.redeemedCount).toBe(20);
      // HQ set 30 at some point among the redemptions: those after it came out of the 30, none counted twice.
      expect(after.stock).toBeGreaterThanOrEqual(10);
      expect(after.stock).toBeLessThanOrEqual(30);
      const editedTo = HqGiftView.parse(await edit.json()).stock;
      expect(editedTo).toBe(30);
    }, 60_000);

    it('refuses a redemption that races the gift’s retirement once the retirement is in', async () => {
      const gift = await createGift({ name: '停兑礼品', pointsCost: 10, stock: 100, perMemberLimit: 1 });
      const shoppers = await Promise.all(Array.from({ length: 10 }, (_, i) => member(`offers-gift-retire-${i}`, 100)));
      const [retire, ...results] = await Promise.all([
        hq(`/api/v1/hq/gifts/${gift.id}/retire`, { method: 'POST' }),
        ...shoppers.map((s) => redeem(s.api, gift.id)),
      ]);
      expect(retire.status).toBe(200);
      const ok = results.filter((r) => r.status === 200).length;
      for (const refused of results.filter((r) => r.status !== 200)) expect((await errorOf(refused)).code).toBe('GIFT_RETIRED');
      const after = (await listGifts()).find((g) => g.id === gift.id)!;
      expect(after).toMatchObject({ status: 'retired', redeemedCount: ok, stock: 100 - ok });
      // After the retirement, nobody redeems it.
      expect((await errorOf(await redeem(shoppers[0].api, gift.id))).code).toMatch(/GIFT_RETIRED/);
    });
  });
});
