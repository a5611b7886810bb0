import { getModelToken } from '@nestjs/mongoose';
import type { Model, Types } from 'mongoose';
import { CouponTemplateView, type MemberMergeView } from '@memberloop/shared';
import { CouponStore } from '../../server/src/coupons';
import { IntegrationsService, type IntegrationCredentials } from '../../server/src/integrations/integrations.service';
import { MembersService } from '../../server/src/members';
import { MemberMergesService } from '../../server/src/member-merge/member-merges.service';
import { PointsAccount } from '../../server/src/points/schemas/points-account.schema';
import { PointsEntry } from '../../server/src/points/schemas/points-entry.schema';
import { startApp, timeOf, type RunningApp } from '../support/app';
import { authorized, loginAs, loginAsStaff } from '../support/sessions';
import { signedPost } from '../support/signed-request';

/**
 * HQ merges two accounts of one person: the points (with their expiry), coupons, orders, cards and tier move to the
 * kept account; the old WeChat login, phone and member number lead there; later refunds of old orders and delayed
 * points land there. The attacks each guard stops: merging oneself or a staff account, a second merge of the same
 * account, two HQs merging two accounts into each other at once, a merge while the account pays at a till, a
 * manager; and a crash half-way, finished by the resume job.
 */
describe('HQ merges two accounts of one person', () => {
  let running: RunningApp;
  let hq: ReturnType<typeof authorized>;
  let hqNo: string;
  let pos: IntegrationCredentials;
  let entries: Model<PointsEntry>;
  let accounts: Model<PointsAccount>;
  let seq = 0;

  beforeAll(async () => {
    running = await startApp();
    const session = await loginAsStaff(running, 'merge-hq', 'hq');
    hq = authorized(running, session.accessToken);
    hqNo = session.member.memberNo;
    pos = await running.app.get(IntegrationsService).register('merge-pos', 'Merge POS');
    entries = running.app.get(getModelToken(PointsEntry.name));
    accounts = running.app.get(getModelToken(PointsAccount.name));
  });
  afterAll(async () => {
    await running?.close();
  });

  const merge = (body: Record<string, unknown>, as = hq, key = `merge-key-${++seq}`) =>
    as('/api/v1/hq/member-merges', { body, headers: { 'idempotency-key': key } });
  const buy = (phone: string, fen: number) => {
    const orderId = `MG-${++seq}`;
    return signedPost(
      running.baseUrl,
      '/api/v1/purchases',
      {
        orderId,
        member: { phone },
        storeCode: 'SH01',
        channel: 'store',
        paidAt: new Date().toISOString(),
        lines: [{ sku: 'A', category: '护肤', quantity: 1, unitPriceFen: fen }],
        totalFen: fen,
      },
      pos,
    ).then(async (r) => ({ orderId, status: r.status, body: (await r.json()) as { pointsEarned: number } }));
  };
  /** A WeChat member with a phone, as the mini-program registers one. */
  const person = async (name: string, phone?: string) => {
    const login = await loginAs(running, name);
    if (phone) await running.app.get(MembersService).attachPhone(login.member.id, phone);
    return { ...login.member, token: login.accessToken, api: authorized(running, login.accessToken), phone };
  };
  const booksBalance = async (memberId: Types.ObjectId | string) => {
    const all = await entries.find({ memberId }).lean();
    const account = await accounts.findById(memberId).lean();
    expect(all.reduce((sum, e) => sum + e.points, 0)).toBe(account?.balance ?? 0);
    return account?.balance ?? 0;
  };

  it('moves points, coupons and orders; the old login, phone and number lead to the kept account; refunds follow', async () => {
    const old = await person('merge-old', '13600000001');
    const kept = await person('merge-kept');
    expect((await buy(old.phone!, 30_000)).body.pointsEarned).toBe(300);
    const firstOrder = await buy(old.phone!, 20_000);
    const templateResponse = await hq('/api/v1/hq/coupon-templates', {
      body: {
        name: '合并测试券',
        benefit: { kind: 'fixed', amountFen: 1_000 },
        validity: { type: 'afterClaim', days: 30 },
        totalStock: 10,
      },
    });
    const template = CouponTemplateView.parse(await templateResponse.json());
    expect(
      (
        await old.api(`/api/v1/coupons/templates/${template.id}/claim`, {
          method: 'POST',
          headers: { 'idempotency-key': 'merge-claim-1' },
        })
      ).status,
    ).toBe(200);
    await kept.api('/api/v1/me/sign-in', { method: 'POST', headers: { 'idempotency-key': 'merge-signin-1' } });
    const keptBefore = await booksBalance(kept.id);

    const merged = await merge({ fromMemberNo: old.memberNo, intoMemberNo: kept.memberNo, reason: '同一顾客，门店电话核实' });
    expect(merged.status).toBe(201);
    const view = (await merged.json()) as MemberMergeView;
    expect(view).toMatchObject({
      fromMemberNo: old.memberNo,
      intoMemberNo: kept.memberNo,
      state: 'done',
      moved: { points: 500, debt: 0, coupons: 1, orders: 2 },
      byMemberNo: hqNo,
    });

    expect(await booksBalance(old.id)).toBe(0);
    expect(await booksBalance(kept.id)).toBe(keptBefore + 500);
    const wallet = (await (await kept.api('/api/v1/me/coupons')).json()) as { coupons: Array<{ name: string }> };
    expect(wallet.coupons.map((c) => c.name)).toContain('合并测试券');
    const statement = await (await kept.api('/api/v1/me/points/history')).text();
    expect(statement).toContain('"code":"account-merge"');

    // The old WeChat login signs in as the kept account; the old session's refresh token is revoked.
    const again = await loginAs(running, 'merge-old');
    expect(again.member.memberNo).toBe(kept.memberNo);
    // The kept account holds the better tier of the two (the old one reached 银卡 with ¥500), and the old phone (moved:
    // the kept account had none) and member number lead there: a purchase earns 银卡's 1.2 times on it.
    const found = (await (await hq(`/api/v1/hq/members?q=${old.memberNo}`)).json()) as {
      members: Array<{ memberNo: string; tier: { code: string } }>;
    };
    expect(found.members.map((m) => [m.memberNo, m.tier.code])).toEqual([[kept.memberNo, 'silver']]);
    expect((await buy(old.phone!, 10_000)).body.pointsEarned).toBe(120);
    // The person's third purchase this month (two of them on the old account) completes the monthly task: +100.
    expect(await booksBalance(kept.id)).toBe(keptBefore + 500 + 120 + 100);

    // A refund of an order made on the old account takes the points back from the kept one.
    const refunded = await signedPost(
      running.baseUrl,
      '/api/v1/refunds',
      {
        refundId: `${firstOrder.orderId}-R1`,
        orderId: firstOrder.orderId,
        amountFen: 20_000,
        refundedAt: new Date().toISOString(),
      },
      pos,
    );
    expect(refunded.status).toBe(200);
    expect(await booksBalance(kept.id)).toBe(keptBefore + 720 - 200);
    expect(await booksBalance(old.id)).toBe(0);

    const audit = (await (await hq(`/api/v1/hq/audit-log?targetId=${old.memberNo}`)).json()) as {
      entries: Array<{ action: string; details: { into?: string; reason?: string } }>;
    };
    expect(audit.entries.find((e) => e.action === 'member.merge')?.details).toMatchObject({
      into: kept.memberNo,
      reason: '同一顾客，门店电话核实',
    });
  });

  it('refuses itself, staff accounts, its own account, a second merge, a manager and bad input, changing nothing', async () => {
    const a = await person('merge-a', '13600000002');
    const b = await person('merge-b');
    await buy(a.phone!, 10_000);
    const refused = async (body: Record<string, unknown>, status: number, code: string, reason?: string, as = hq) => {
      const response = await merge(body, as);
      expect(response.status).toBe(status);
      expect(await response.json()).toMatchObject({ code, ...(reason ? { details: { reason } } : {}) });
    };
    await refused({ fromMemberNo: a.memberNo, intoMemberNo: a.memberNo, reason: '同一个账号' }, 400, 'VALIDATION_FAILED');
    await refused({ fromMemberNo: a.memberNo, intoMemberNo: b.memberNo }, 400, 'VALIDATION_FAILED');
    await refused({ fromMemberNo: a.memberNo, intoMemberNo: b.memberNo, reason: '短' }, 400, 'VALIDATION_FAILED');
    await refused({ fromMemberNo: a.memberNo, intoMemberNo: 'M99999999', reason: '不存在的账号' }, 404, 'NOT_FOUND');
    await refused({ fromMemberNo: hqNo, intoMemberNo: b.memberNo, reason: '合并自己的账号' }, 403, 'FORBIDDEN', 'OWN_ACCOUNT');
    await refused({ fromMemberNo: b.memberNo, intoMemberNo: hqNo, reason: '合并进自己的账号' }, 403, 'FORBIDDEN', 'OWN_ACCOUNT');
    const clerk = await loginAsStaff(running, 'merge-clerk', 'manager', { storeIds: ['SH01'] });
    await refused(
      { fromMemberNo: clerk.member.memberNo, intoMemberNo: b.memberNo, reason: '店员的两个账号' },
      409,
      'CONFLICT',
      'STAFF_ACCOUNT',
    );
    const manager = authorized(running, clerk.accessToken);
    await refused(
      { fromMemberNo: a.memberNo, intoMemberNo: b.memberNo, reason: '门店经理来合并' },
      403,
      'FORBIDDEN',
      undefined,
      manager,
    );
    expect(await booksBalance(a.id)).toBe(100);

    expect((await merge({ fromMemberNo: a.memberNo, intoMemberNo: b.memberNo, reason: '同一顾客' })).status).toBe(201);
    await refused(
      { fromMemberNo: a.memberNo, intoMemberNo: b.memberNo, reason: '再合并一次' },
      409,
      'CONFLICT',
      'ALREADY_MERGED',
    );
    expect(await booksBalance(b.id)).toBe(100);
  });

  it('two HQs merging two accounts into each other at once: one merge happens, the books balance', async () => {
    const x = await person('merge-x', '13600000003');
    const y = await person('merge-y', '13600000004');
    await buy(x.phone!, 10_000);
    await buy(y.phone!, 20_000);
    const otherHq = authorized(running, (await loginAsStaff(running, 'merge-hq-2', 'hq')).accessToken);
    const [one, two] = await Promise.all([
      merge({ fromMemberNo: x.memberNo, intoMemberNo: y.memberNo, reason: '同一顾客 A' }),
      merge({ fromMemberNo: y.memberNo, intoMemberNo: x.memberNo, reason: '同一顾客 B' }, otherHq),
    ]);
    expect([one.status, two.status].sort()).toEqual([201, 409]);
    const total = (await booksBalance(x.id)) + (await booksBalance(y.id));
    expect(total).toBe(300);
    expect([await booksBalance(x.id), await booksBalance(y.id)].sort((p, q) => p - q)).toEqual([0, 300]);
  });

  it('refuses while the account pays with points at a till', async () => {
    const p = await person('merge-paying', '13600000005');
    const q = await person('merge-payee');
    await buy(p.phone!, 50_000);
    const hold = await signedPost(
      running.baseUrl,
      '/api/v1/points/holds',
      { holdId: `H-merge-${++seq}`, member: { phone: p.phone }, points: 100, orderTotalFen: 10_000 },
      pos,
    );
    expect(hold.status).toBe(201);
    const response = await merge({ fromMemberNo: p.memberNo, intoMemberNo: q.memberNo, reason: '付款中的账号' });
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({ code: 'CONFLICT', details: { reason: 'OPEN_HOLD' } });
  });

  it('a merge a crash interrupted half-way is finished by the resume job, each step once', async () => {
    const c = await person('merge-crash-from', '13600000006');
    const d = await person('merge-crash-into');
    await buy(c.phone!, 40_000);
    const store = running.app.get(CouponStore);
    const original = store.reassignMember.bind(store);
    const spy = jest.spyOn(store, 'reassignMember').mockRejectedValueOnce(new Error('the process died here'));
    const crashed = await merge({ fromMemberNo: c.memberNo, intoMemberNo: d.memberNo, reason: '同一顾客，崩溃测试' });
    expect(crashed.status).toBe(500);
    spy.mockImplementation(original);
    // Already true after the start: the old account leads to the kept one, and the points moved in one step.
    expect((await loginAs(running, 'merge-crash-from')).member.memberNo).toBe(d.memberNo);
    expect(await booksBalance(d.id)).toBe(400);

    // Until it finishes, neither account joins another merge (its coupons and orders would land on a merged one).
    const third = await person('merge-crash-third');
    const blocked = await merge({ fromMemberNo: d.memberNo, intoMemberNo: third.memberNo, reason: '未完成时再合并' });
    expect(blocked.status).toBe(409);
    expect(await blocked.json()).toMatchObject({ code: 'CONFLICT', details: { reason: 'MERGE_IN_PROGRESS' } });

    const merges = running.app.get(MemberMergesService);
    expect(await merges.resumeStalled()).toBe(0); // not stalled yet: it may still be running
    timeOf(running).advance(2 * 60_000);
    try {
      expect(await merges.resumeStalled()).toBe(1);
      expect(await merges.resumeStalled()).toBe(0);
    } finally {
      timeOf(running).reset();
    }
    expect(await booksBalance(d.id)).toBe(400);
    expect(await booksBalance(c.id)).toBe(0);
    spy.mockRestore();
  });

  it('deleting the kept account erases the merged one too: the old WeChat login and phone are free to join again', async () => {
    const old = await person('merge-erase-old', '13600000007');
    const kept = await person('merge-erase-kept', '13600000008');
    expect((await merge({ fromMemberNo: old.memberNo, intoMemberNo: kept.memberNo, reason: '同一顾客，注销测试' })).status).toBe(
      201,
    );
    const relogged = await loginAs(running, 'merge-erase-old');
    expect(relogged.member.memberNo).toBe(kept.memberNo);
    const deleted = await authorized(running, relogged.accessToken)('/api/v1/me/delete-account', { body: { confirm: true } });
    expect(deleted.status).toBe(200);
    // Neither login leads to the deleted account, and the old one registers anew (its openid was erased too).
    const fresh = await loginAs(running, 'merge-erase-old');
    expect([old.memberNo, kept.memberNo]).not.toContain(fresh.member.memberNo);
    const found = (await (await hq(`/api/v1/hq/members?q=${old.phone}`)).json()) as { members: unknown[] };
    expect(found.members).toEqual([]);
  });
});
