import { LoginResult, MemberHome, PointsHistory, SignInCalendar, SignInResult, TokenPair } from '@memberloop/shared';
import { fakeLoginCode } from '../../server/src/wechat/fake/fake-wechat-identities';
import { IntegrationsService, type IntegrationCredentials } from '../../server/src/integrations/integrations.service';
import { MembersService } from '../../server/src/members/members.service';
import { getModelToken } from '@nestjs/mongoose';
import { PointsLedgerService } from '../../server/src/points/points-ledger.service';
import { PointsEntry } from '../../server/src/points/schemas/points-entry.schema';
import { Types, type Model } from 'mongoose';
import { startApp, type RunningApp } from '../support/app';
import { signedPost } from '../support/signed-request';

describe('members: WeChat login, tokens and the member card', () => {
  let running: RunningApp;
  let pos: IntegrationCredentials;

  beforeAll(async () => {
    running = await startApp();
    pos = await running.app.get(IntegrationsService).register('members-pos', 'Members POS');
  });
  afterAll(async () => {
    await running?.close();
  });

  const post = (path: string, body: unknown, token?: string) =>
    fetch(`${running.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
  const get = (path: string, token?: string) =>
    fetch(`${running.baseUrl}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const login = async (name: string) =>
    LoginResult.parse(await (await post('/api/v1/auth/wechat-login', { code: fakeLoginCode(name) })).json());

  it('registers a member on first WeChat login and finds them again on the next', async () => {
    const first = await login('alice');
    expect(first.member.isNew).toBe(true);
    expect(first.member.memberNo).toMatch(/^M\d{8}$/);
    const again = await login('alice');
    expect(again.member).toEqual({ ...first.member, isNew: false });
    expect(JSON.stringify(first)).not.toMatch(/session_?key/i);
  });

  it('registers one member when the first login arrives twice at once', async () => {
    const results = await Promise.all([login('bob'), login('bob'), login('bob')]);
    expect(new Set(results.map((r) => r.member.id)).size).toBe(1);
  });

  it('refuses a used or malformed code with UNAUTHENTICATED, and bad input with VALIDATION_FAILED', async () => {
    const code = fakeLoginCode('carol');
    expect((await post('/api/v1/auth/wechat-login', { code })).status).toBe(200);
    const reused = await post('/api/v1/auth/wechat-login', { code });
    expect(reused.status).toBe(401);
    expect(await reused.json()).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect((await post('/api/v1/auth/wechat-login', { code: 'not-a-code' })).status).toBe(401);
    const invalid = await post('/api/v1/auth/wechat-login', { code: { $gt: '' } });
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('rotates refresh tokens and revokes the whole login when a rotated token is reused', async () => {
    const session = await login('dave');
    const next = TokenPair.parse(await (await post('/api/v1/auth/refresh', { refreshToken: session.refreshToken })).json());
    expect(next.refreshToken).not.toBe(session.refreshToken);
    const replay = await post('/api/v1/auth/refresh', { refreshToken: session.refreshToken });
    expect(replay.status).toBe(401);
    // The theft was detected: the token refreshed from the same login no longer works either.
    expect((await post('/api/v1/auth/refresh', { refreshToken: next.refreshToken })).status).toBe(401);
  });

  it('serves the member card only to its signed-in member', async () => {
    expect((await get('/api/v1/me/home')).status).toBe(401);
    expect((await get('/api/v1/me/home', 'not.a.token')).status).toBe(401);

    const session = await login('erin');
    const members = running.app.get(MembersService);
    await members.attachPhone(session.member.id, '13800138000');
    const paidAt = new Date().toISOString();
    await signedPost(
      running.baseUrl,
      '/api/v1/purchases',
      {
        orderId: `home-${Date.now()}`,
        member: { phone: '13800138000' },
        storeCode: 'SH01',
        channel: 'store',
        paidAt,
        lines: [{ sku: 'SK-001', category: '护肤', quantity: 1, unitPriceFen: 35_000 }],
        totalFen: 35_000,
      },
      pos,
    );

    const response = await get('/api/v1/me/home', session.accessToken);
    expect(response.status).toBe(200);
    const home = MemberHome.parse(await response.json());
    expect(home).toMatchObject({
      memberId: session.member.id,
      points: { balance: 350, spendable: 350, pending: 0 },
      qualifying: { spendFen: 35_000, purchaseCount: 1 },
    });
    expect(home.tier.current.name).toBe('普通');
    expect(home.tier.next?.name).toBe('银卡');
    expect(home.tier.ratio).toBeCloseTo(0.7);
    expect(home.tier.criteria[0]).toMatchObject({ criterion: 'spendFen', remaining: 15_000 });
    // The purchase's points expire in a year: nothing expires soon yet.
    expect(home.points.expiringSoon).toEqual([]);

    // Points that lapse within 30 days show on the card, soonest first; later ones do not.
    const ledger = running.app.get(PointsLedgerService);
    const grant = (points: number, days: number) =>
      ledger.earn({
        memberId: new Types.ObjectId(session.member.id),
        points,
        reason: 'test grant',
        source: { type: 'test', id: `${points}` },
        idempotencyKey: `home-expiring:${session.member.id}:${points}`,
        occurredAt: new Date(),
        availableAt: new Date(),
        expiresAt: new Date(Date.now() + days * 86_400_000),
      });
    await grant(20, 25);
    await grant(10, 3);
    await grant(40, 45);
    const later = MemberHome.parse(await (await get('/api/v1/me/home', session.accessToken)).json());
    expect(later.points).toMatchObject({ balance: 420, spendable: 420 });
    expect(later.points.expiringSoon.map((lot) => lot.points)).toEqual([10, 20]);
  });

  it('pays the daily sign-in once a day, even when tapped ten times at once, and shows it in the statement', async () => {
    const session = await login('frank');
    const taps = await Promise.all(
      Array.from({ length: 10 }, () =>
        post('/api/v1/me/sign-in', {}, session.accessToken).then(async (r) => SignInResult.parse(await r.json())),
      ),
    );
    expect(taps.filter((t) => t.signedIn)).toHaveLength(1);
    expect(taps.every((t) => t.balance === 5 && t.streak === 1)).toBe(true);

    const calendar = SignInCalendar.parse(await (await get('/api/v1/me/sign-in', session.accessToken)).json());
    expect(calendar).toMatchObject({ streak: 1, signedInToday: true, dailyPoints: 5 });
    expect(calendar.daysThisMonth).toHaveLength(1);

    const history = PointsHistory.parse(await (await get('/api/v1/me/points/history?limit=10', session.accessToken)).json());
    expect(history.entries).toEqual([
      expect.objectContaining({ kind: 'earn', points: 5, code: 'sign-in', params: {}, balanceAfter: 5 }),
    ]);
    expect(history.nextCursor).toBeUndefined();
  });

  it('pages the statement with a cursor and refuses a bad page size', async () => {
    const session = await login('grace');
    const members = running.app.get(MembersService);
    await members.attachPhone(session.member.id, '13900139000');
    for (let i = 0; i < 3; i++) {
      await signedPost(
        running.baseUrl,
        '/api/v1/purchases',
        {
          orderId: `page-${Date.now()}-${i}`,
          member: { phone: '13900139000' },
          channel: 'online',
          paidAt: new Date(Date.now() - (3 - i) * 60_000).toISOString(),
          lines: [{ sku: 'PC-001', category: '个护', quantity: 1, unitPriceFen: 1000 * (i + 1) }],
          totalFen: 1000 * (i + 1),
        },
        pos,
      );
    }
    const first = PointsHistory.parse(await (await get('/api/v1/me/points/history?limit=2', session.accessToken)).json());
    // The third purchase of the month also completed the monthly task (+100, recorded right after it).
    expect(first.entries.map((e) => e.points)).toEqual([100, 30]);
    const second = PointsHistory.parse(
      await (await get(`/api/v1/me/points/history?limit=2&cursor=${first.nextCursor}`, session.accessToken)).json(),
    );
    expect(second.entries.map((e) => e.points)).toEqual([20, 10]);
    expect(first.entries.map((e) => e.code)).toEqual(['task', 'purchase']);
    expect(first.entries[0].params.name).toEqual(expect.any(String));
    expect(first.entries[1].params).toEqual({ channel: 'online', orderNo: expect.stringMatching(/^page-\d+-2$/) });
    expect(second.nextCursor).toBeUndefined();
    expect((await get('/api/v1/me/points/history?limit=1000', session.accessToken)).status).toBe(400);
    expect((await get('/api/v1/me/points/history?cursor[$gt]=', session.accessToken)).status).toBe(400);
  });

  it('says why points moved by a code and safe parameters, for old entries too, and passes on no free text', async () => {
    const session = await login('henry');
    const memberId = new Types.ObjectId(session.member.id);
    const ledger = running.app.get(PointsLedgerService);
    const now = new Date();
    const later = new Date(now.getTime() + 365 * 86_400_000);
    const earn = (points: number, key: string, source: { type: string; id: string }, reason: string, expiresAt = later) =>
      ledger.earn({ memberId, points, reason, source, idempotencyKey: key, occurredAt: now, availableAt: now, expiresAt });
    // A refund takes back more than is left: the rest is owed, and the next earning pays it off on its own line.
    await earn(10, `codes:${memberId}:1`, { type: 'purchase', id: 'CODES-1' }, '门店消费');
    await ledger.clawBack({
      memberId,
      points: 30,
      reason: '退货扣回积分',
      params: { orderNo: 'CODES-1' },
      source: { type: 'refund', id: 'CODES-1-R' },
      idempotencyKey: `codes:${memberId}:refund`,
      policy: 'debt',
    });
    await earn(50, `codes:${memberId}:2`, { type: 'purchase', id: 'CODES-2' }, '线上消费');
    // Points whose validity has ended.
    await earn(7, `codes:${memberId}:3`, { type: 'sign-in', id: '2020-01-01' }, '每日签到', new Date(now.getTime() - 1000));
    await ledger.expireDueLots();
    // Lines written before codes existed: the server's own old wording, and a staff member's words.
    const entries = running.app.get<Model<PointsEntry>>(getModelToken(PointsEntry.name));
    const old = (reason: string, kind: PointsEntry['kind'], source: { type: string; id: string }, points: number) =>
      entries.create({
        memberId,
        kind,
        points,
        reason,
        source,
        idempotencyKey: `codes-old:${memberId}:${source.type}:${source.id}`,
        occurredAt: new Date(now.getTime() + 1000),
        balanceAfter: 0,
      });
    await old('兑换 旅行装精华 15ml', 'burn', { type: 'gift-redemption', id: 'g1' }, -300);
    await old('每日签到（连续 7 天奖励）', 'earn', { type: 'sign-in', id: '2020-01-07' }, 25);
    await old('顾客投诉补偿 工单#123 店长张三', 'adjust', { type: 'staff-adjustment', id: 's1' }, 40);
    await old('legacy bonus', 'earn', { type: 'legacy-import', id: 'x1' }, 5);

    const response = await get('/api/v1/me/points/history?limit=20', session.accessToken);
    const text = await response.clone().text();
    const history = PointsHistory.parse(await response.json());
    const byCode = Object.fromEntries(history.entries.map((e) => [e.code, e]));
    expect(history.entries.map((e) => e.code).sort()).toEqual(
      [
        'adjustment',
        'debt-repayment',
        'expiry',
        'gift-redemption',
        'other',
        'purchase',
        'purchase',
        'refund',
        'sign-in',
        'sign-in',
      ].sort(),
    );
    expect(byCode.refund).toMatchObject({ kind: 'clawback', points: -10, params: { orderNo: 'CODES-1' } });
    expect(byCode['debt-repayment']).toMatchObject({ kind: 'clawback', points: -20, params: {} });
    expect(byCode.expiry).toMatchObject({ kind: 'expire', points: -7 });
    expect(byCode['gift-redemption'].params).toEqual({ name: '旅行装精华 15ml' });
    expect(history.entries.find((e) => e.code === 'sign-in' && e.points === 25)?.params).toEqual({ streakDays: 7 });
    expect(byCode.adjustment.params).toEqual({});
    // Neither the ledger's English nor a staff member's note reaches the member.
    for (const words of ['debt repayment', 'points expired', '工单', 'legacy bonus', 'reason']) expect(text).not.toContain(words);
  });
});
