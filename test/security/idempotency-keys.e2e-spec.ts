import { getConnectionToken } from '@nestjs/mongoose';
import { CouponTemplateView, StaffCommunityView } from '@memberloop/shared';
import { Types, type Connection, type Model } from 'mongoose';
import { Clock } from '../../server/src/common/clock/clock';
import { IdempotentRequest } from '../../server/src/common/idempotency/idempotent-request.schema';
import { PointsLedgerService } from '../../server/src/points/points-ledger.service';
import { startApp, type RunningApp } from '../support/app';
import { addProducts } from '../support/catalogue';
import { authorized, loginAs, loginAsStaff } from '../support/sessions';

type Api = ReturnType<typeof authorized>;
interface Answer {
  status: number;
  body: Record<string, unknown>;
}

/** Copies of one request sent at the same moment (a double tap, a client's retries, a flaky network). */
const COPIES = 30;

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

/**
 * Idempotency-Key on every keyed endpoint, as Stripe's keys work: copies of a request sent at once run once; each
 * copy gets the first answer (the same success, or the same error) or 409 IDEMPOTENCY_KEY_IN_PROGRESS while it
 * runs; a later retry gets the first answer; the key sent with another request is refused.
 */
describe('Idempotency-Key: concurrent copies of a keyed request run once and all get its answer', () => {
  let running: RunningApp;
  let connection: Connection;
  let hq: Api;
  let keySeq = 0;

  beforeAll(async () => {
    running = await startApp({ JOBS_ENABLED: 'false' });
    connection = running.app.get<Connection>(getConnectionToken());
    hq = authorized(running, (await loginAsStaff(running, 'idem-hq', 'hq')).accessToken);
    await addProducts(hq, [{ sku: 'SKU-IDEM', name: '丝绒唇膏' }]);
  });
  afterAll(async () => {
    await running?.close();
  });

  const newKey = () => `idem-key-${++keySeq}-${Date.now()}`;
  const count = (collection: string, filter: Record<string, unknown>) =>
    connection.db!.collection(collection).countDocuments(filter);
  const member = async (name: string, points = 0) => {
    const session = await loginAs(running, name);
    if (points > 0) {
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
    }
    return {
      id: session.member.id,
      memberNo: session.member.memberNo,
      token: session.accessToken,
      api: authorized(running, session.accessToken),
    };
  };
  const balanceOf = async (api: Api) =>
    ((await (await api('/api/v1/me/home')).json()) as { points: { balance: number } }).points.balance;
  const template = async (body: Record<string, unknown>) => {
    const response = await hq('/api/v1/hq/coupon-templates', {
      body: {
        benefit: { kind: 'fixed', amountFen: 500 },
        validity: { type: 'afterClaim', days: 30 },
        totalStock: 1_000,
        ...body,
      },
    });
    expect(response.status).toBe(201);
    return CouponTemplateView.parse(await response.json());
  };
  const answerOf = async (response: Response): Promise<Answer> => ({
    status: response.status,
    body: (await response.json()) as Record<string, unknown>,
  });
  const race = async (send: () => Promise<Response>, copies = COPIES) =>
    Promise.all(Array.from({ length: copies }, async () => answerOf(await send())));
  const withoutReplayed = ({ replayed: _replayed, ...rest }: Record<string, unknown>) => rest;

  /**
   * Every copy got the one answer (or was told the first still runs), at most one ran (replayed: false), and a later
   * retry gets that answer again.
   */
  const expectOneAnswer = async (answers: Answer[], send: () => Promise<Response>, expected: { status: number }) => {
    const inProgress = answers.filter((a) => a.status === 409 && a.body.code === 'IDEMPOTENCY_KEY_IN_PROGRESS');
    const answered = answers.filter((a) => !inProgress.includes(a));
    expect(answered.length).toBeGreaterThan(0);
    expect(new Set(answered.map((a) => a.status))).toEqual(new Set([expected.status]));
    const first = withoutReplayed(answered[0].body);
    for (const answer of answered) expect(withoutReplayed(answer.body)).toEqual(first);
    if ('replayed' in answered[0].body) expect(answered.filter((a) => a.body.replayed === false).length).toBeLessThanOrEqual(1);
    const retry = await answerOf(await send());
    expect(retry.status).toBe(expected.status);
    expect(withoutReplayed(retry.body)).toEqual(first);
    if ('replayed' in retry.body) expect(retry.body.replayed).toBe(true);
    return first;
  };

  describe('member endpoints', () => {
    it('claim: one coupon, however many copies; never a limit error for the request that got the coupon', async () => {
      const t = await template({ name: '限领一张', perMemberLimit: 1 });
      const { api, id } = await member('idem-claimer');
      const key = newKey();
      const send = () => api(`/api/v1/coupons/templates/${t.id}/claim`, { method: 'POST', headers: { 'idempotency-key': key } });
      const answers = await race(send);
      const first = await expectOneAnswer(answers, send, { status: 200 });
      expect(first).toMatchObject({ templateId: t.id });
      expect(await count('coupons', { memberId: new Types.ObjectId(id), templateId: new Types.ObjectId(t.id) })).toBe(1);
    });

    it('claim refused: every copy and the retry get the same error, and nothing is claimed', async () => {
      const t = await template({ name: '已领过', perMemberLimit: 1 });
      const { api, id } = await member('idem-limited');
      expect(
        (await api(`/api/v1/coupons/templates/${t.id}/claim`, { method: 'POST', headers: { 'idempotency-key': newKey() } }))
          .status,
      ).toBe(200);
      const key = newKey();
      const send = () => api(`/api/v1/coupons/templates/${t.id}/claim`, { method: 'POST', headers: { 'idempotency-key': key } });
      const first = await expectOneAnswer(await race(send), send, { status: 409 });
      expect(first).toMatchObject({ code: 'LIMIT_REACHED' });
      expect(await count('coupons', { memberId: new Types.ObjectId(id), templateId: new Types.ObjectId(t.id) })).toBe(1);
    });

    it('exchange: points are spent once', async () => {
      const t = await template({ name: '积分换券', perMemberLimit: 5, pointsPrice: 100 });
      const { api, id } = await member('idem-exchanger', 1_000);
      const key = newKey();
      const send = () =>
        api(`/api/v1/coupons/templates/${t.id}/exchange`, { method: 'POST', headers: { 'idempotency-key': key } });
      expect(await expectOneAnswer(await race(send), send, { status: 200 })).toMatchObject({ pointsSpent: 100 });
      expect(await count('coupons', { memberId: new Types.ObjectId(id), templateId: new Types.ObjectId(t.id) })).toBe(1);
      expect(await balanceOf(api)).toBe(900);
    });

    it('gift redemption: redeemed and paid for once', async () => {
      const gift = (await (
        await hq('/api/v1/hq/gifts', {
          body: { name: '旅行装', description: '小样', pointsCost: 300, stock: 100, perMemberLimit: 3 },
        })
      ).json()) as {
        id: string;
      };
      const { api, id } = await member('idem-redeemer', 1_000);
      const key = newKey();
      const send = () => api(`/api/v1/gifts/${gift.id}/redeem`, { method: 'POST', headers: { 'idempotency-key': key } });
      await expectOneAnswer(await race(send), send, { status: 200 });
      expect(await count('gift_redemptions', { memberId: new Types.ObjectId(id) })).toBe(1);
      expect(await balanceOf(api)).toBe(700);
    });

    it('group-buy: one group opened', async () => {
      const response = await hq('/api/v1/staff/group-buy-deals', {
        body: {
          skuCode: 'SKU-IDEM',
          skuName: '丝绒唇膏',
          imageUrl: 'https://cdn.example.com/lip.png',
          normalPriceFen: 19_900,
          groupPriceFen: 9_900,
          groupSize: 3,
          timeLimitMinutes: 60,
          maxGroups: 100,
          perMemberLimit: 3,
          startsAt: new Date(Date.now() - 60_000).toISOString(),
          endsAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
        },
      });
      expect(response.status).toBe(201);
      const deal = (await response.json()) as { id: string };
      const { api, id } = await member('idem-leader');
      const key = newKey();
      const send = () =>
        api(`/api/v1/group-buys/deals/${deal.id}/groups`, { method: 'POST', headers: { 'idempotency-key': key } });
      await expectOneAnswer(await race(send), send, { status: 201 });
      expect(await count('group_buy_groups', { leaderId: new Types.ObjectId(id) })).toBe(1);
    });

    it('post: submitted once', async () => {
      const { api, id, token } = await member('idem-poster');
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(PNG)], { type: 'image/png' }), 'photo');
      const uploaded = await fetch(`${running.baseUrl}/api/v1/me/images`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
        body: form,
      });
      expect(uploaded.status).toBe(201);
      const { imageId } = (await uploaded.json()) as { imageId: string };
      const key = newKey();
      const body = { kind: 'show', text: '新买的精华，用了一周皮肤好多了', imageIds: [imageId] };
      const send = () => api('/api/v1/me/posts', { body, headers: { 'idempotency-key': key } });
      await expectOneAnswer(await race(send), send, { status: 201 });
      expect(await count('posts', { memberId: new Types.ObjectId(id) })).toBe(1);
    });
  });

  describe('staff endpoints', () => {
    let communityId: string;
    let manager: Api;
    const members: Array<Awaited<ReturnType<typeof member>>> = [];

    beforeAll(async () => {
      const created = await hq('/api/v1/hq/communities', { body: { name: '幂等测试群', kind: 'interest' } });
      expect(created.status).toBe(201);
      communityId = StaffCommunityView.parse(await created.json()).id;
      const { memberNo } = await member('idem-manager');
      expect((await hq(`/api/v1/hq/communities/${communityId}/managers/${memberNo}`, { method: 'PUT' })).status).toBe(200);
      manager = authorized(running, (await loginAs(running, 'idem-manager')).accessToken);
      for (let i = 0; i < 3; i++) {
        const m = await member(`idem-community-${i}`);
        expect((await m.api(`/api/v1/communities/${communityId}/membership`, { method: 'POST' })).status).toBe(200);
        members.push(m);
      }
    });

    it('activity: created once', async () => {
      const key = newKey();
      const body = {
        title: '幂等试用会',
        coverImageUrl: 'https://img.example.com/cover.jpg',
        description: '一起试用春季新品',
        startsAt: new Date(Date.now() + 2 * 3_600_000).toISOString(),
        endsAt: new Date(Date.now() + 4 * 3_600_000).toISOString(),
        place: '上海南京西路店',
        capacity: 30,
        pointsReward: 50,
      };
      const send = () =>
        manager(`/api/v1/staff/communities/${communityId}/activities`, { body, headers: { 'idempotency-key': key } });
      await expectOneAnswer(await race(send), send, { status: 201 });
      expect(await count('activities', { title: '幂等试用会' })).toBe(1);
    });

    it('announcement: posted once', async () => {
      const key = newKey();
      const body = { title: '幂等公告', body: '本周六下午两点，门店二楼。' };
      const send = () =>
        manager(`/api/v1/staff/communities/${communityId}/announcements`, { body, headers: { 'idempotency-key': key } });
      await expectOneAnswer(await race(send), send, { status: 201 });
      expect(await count('community_announcements', { title: '幂等公告' })).toBe(1);
    });

    it('community coupon send: sent once, one coupon each', async () => {
      const t = await template({ name: '群发券', claimable: false, releasedToManagers: true });
      const key = newKey();
      const send = () =>
        manager(`/api/v1/staff/communities/${communityId}/coupon-sends`, {
          body: { templateId: t.id },
          headers: { 'idempotency-key': key },
        });
      await expectOneAnswer(await race(send), send, { status: 201 });
      expect(await count('community_coupon_sends', { templateId: new Types.ObjectId(t.id) })).toBe(1);
      for (const m of members)
        expect(await count('coupons', { memberId: new Types.ObjectId(m.id), templateId: new Types.ObjectId(t.id) })).toBe(1);
    });

    it('segment coupon send: sent once', async () => {
      const t = await template({ name: '分群券', claimable: false });
      const key = newKey();
      const body = { templateId: t.id, audience: { stages: ['new-one-time'] } };
      const send = () => hq('/api/v1/staff/analytics/coupon-sends', { body, headers: { 'idempotency-key': key } });
      const answers = await race(send);
      const status = answers.find((a) => a.body.code !== 'IDEMPOTENCY_KEY_IN_PROGRESS')!.status;
      expect(status).toBeLessThan(300);
      await expectOneAnswer(answers, send, { status });
      expect(await count('segment_coupon_sends', { templateId: new Types.ObjectId(t.id) })).toBe(1);
    });
  });

  describe('keys, requests and crashes', () => {
    let records: Model<IdempotentRequest>;
    beforeAll(() => {
      records = connection.model<IdempotentRequest>(IdempotentRequest.name);
    });

    it('keeps one record per caller, endpoint and key under a unique index', async () => {
      const indexes = await records.collection.indexes();
      expect(indexes).toContainEqual(expect.objectContaining({ key: { caller: 1, endpoint: 1, key: 1 }, unique: true }));
    });

    it('refuses the key sent with a different request, and keeps the first answer for the first request', async () => {
      const [a, b] = [await template({ name: '券甲' }), await template({ name: '券乙' })];
      const { api, id } = await member('idem-reuser');
      const key = newKey();
      const claim = (templateId: string) =>
        api(`/api/v1/coupons/templates/${templateId}/claim`, { method: 'POST', headers: { 'idempotency-key': key } });
      expect((await claim(a.id)).status).toBe(200);
      const reused = await answerOf(await claim(b.id));
      expect(reused).toMatchObject({ status: 422, body: { code: 'IDEMPOTENCY_KEY_REUSED' } });
      expect(await count('coupons', { memberId: new Types.ObjectId(id), templateId: new Types.ObjectId(b.id) })).toBe(0);
      expect((await answerOf(await claim(a.id))).body).toMatchObject({ templateId: a.id, replayed: true });
    });

    it('binds nothing to the key for a request refused as malformed', async () => {
      const t = await template({ name: '先错后对' });
      const { api } = await member('idem-malformed');
      const key = newKey();
      const bad = await api('/api/v1/coupons/templates/not-an-id/claim', { method: 'POST', headers: { 'idempotency-key': key } });
      expect(bad.status).toBe(400);
      const good = await api(`/api/v1/coupons/templates/${t.id}/claim`, { method: 'POST', headers: { 'idempotency-key': key } });
      expect(good.status).toBe(200);
    });

    it('tells a copy the first still runs (409, stable code), and takes over a crashed holder once its lease lapses', async () => {
      const t = await template({ name: '接管' });
      const { api, id } = await member('idem-crash');
      const key = newKey();
      const send = () => api(`/api/v1/coupons/templates/${t.id}/claim`, { method: 'POST', headers: { 'idempotency-key': key } });
      // The first copy's server died while it ran: its record is in flight, its lease still running.
      const now = running.app.get(Clock).now();
      const { createHash } = await import('node:crypto');
      const fingerprint = createHash('sha256')
        .update(JSON.stringify({ body: null, params: { templateId: t.id }, query: {} }))
        .digest('hex');
      await records.create({
        caller: `member:${id}`,
        endpoint: 'POST /api/v1/coupons/templates/:templateId/claim',
        key,
        fingerprint,
        state: 'in-flight',
        owner: 'a-server-that-died',
        leaseUntil: new Date(now.getTime() + 20_000),
        createdAt: now,
        expiresAt: new Date(now.getTime() + 86_400_000),
      });
      const waiting = await answerOf(await send());
      expect(waiting).toMatchObject({ status: 409, body: { code: 'IDEMPOTENCY_KEY_IN_PROGRESS' } });
      expect(await count('coupons', { memberId: new Types.ObjectId(id), templateId: new Types.ObjectId(t.id) })).toBe(0);

      await records.updateOne({ key }, { $set: { leaseUntil: new Date(now.getTime() - 1) } });
      const answers = await race(send, 10);
      await expectOneAnswer(answers, send, { status: 200 });
      expect(await count('coupons', { memberId: new Types.ObjectId(id), templateId: new Types.ObjectId(t.id) })).toBe(1);
      expect(await records.findOne({ key }).lean()).toMatchObject({ state: 'done' });
    });
  });
});
