import { MembersService } from '../../server/src/members';
import { MemberPointsAdmin } from '../../server/src/staff/member-points-admin.service';
import { startApp, type RunningApp } from '../support/app';
import { authorized, loginAs, loginAsStaff } from '../support/sessions';

interface Ledger {
  entries: Array<{ kind: string; points: number; code: string; note: string; byMemberNo?: string; balanceAfter: number }>;
  nextCursor?: string;
  points: { balance: number; spendable: number; pending: number; debt: number };
}

/**
 * HQ's member desk: finds a member by member number or mobile (masked), reads the ledger with staff notes, and
 * corrects points with a mandatory reason, the ledger line and its audit entry together. The attacks each guard
 * stops: a manager or the member calling HQ's desk, an HQ account crediting itself, a deduction into debt, a retry
 * or a replayed key with another body, two deductions racing each other and a member's redemption.
 */
describe('HQ member desk: look-up, ledger, points adjustments', () => {
  let running: RunningApp;
  let hq: ReturnType<typeof authorized>;
  let hqNo: string;
  let hqId: string;

  beforeAll(async () => {
    running = await startApp();
    const session = await loginAsStaff(running, 'desk-hq', 'hq');
    hq = authorized(running, session.accessToken);
    hqNo = session.member.memberNo;
    hqId = session.member.id;
  });
  afterAll(async () => {
    await running?.close();
  });

  const adjust = (memberNo: string, body: unknown, key: string, as = hq) =>
    as(`/api/v1/hq/members/${memberNo}/points-adjustments`, {
      method: 'POST',
      body,
      headers: { 'idempotency-key': `hq-adjust-${key}` },
    });
  const ledger = async (memberNo: string, query = ''): Promise<Ledger> =>
    (await (await hq(`/api/v1/hq/members/${memberNo}/points${query}`)).json()) as Ledger;

  it('finds a member by member number in any case or by mobile, masked; an unknown one is an empty list', async () => {
    const member = await loginAs(running, 'desk-shopper');
    await running.app.get(MembersService).attachPhone(member.member.id, '13912345678');
    const byNo = await hq(`/api/v1/hq/members?q=${member.member.memberNo.toLowerCase()}`);
    expect(byNo.status).toBe(200);
    const found = ((await byNo.json()) as { members: Array<{ memberNo: string; phoneMasked?: string }> }).members;
    expect(found).toEqual([expect.objectContaining({ memberNo: member.member.memberNo, phoneMasked: '139****5678' })]);

    const byPhone = (await (await hq(`/api/v1/hq/members?q=${encodeURIComponent('+86 139-1234-5678')}`)).json()) as {
      members: Array<{ memberNo: string }>;
    };
    expect(byPhone.members.map((m) => m.memberNo)).toEqual([member.member.memberNo]);
    expect(JSON.stringify(byPhone)).not.toContain('13912345678');

    const none = (await (await hq('/api/v1/hq/members?q=13800000000')).json()) as { members: unknown[] };
    expect(none.members).toEqual([]);
    const bad = await hq('/api/v1/hq/members?q=zhang');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('adds and takes points with a reason: the member sees 积分调整, HQ sees the note and who, the audit log both', async () => {
    const member = await loginAs(running, 'desk-adjusted');
    const memberNo = member.member.memberNo;
    const added = await adjust(memberNo, { points: 500, reason: '门店系统故障补录积分' }, 'add-1');
    expect(added.status).toBe(201);
    expect(await added.json()).toMatchObject({
      entry: { kind: 'adjust', points: 500, code: 'adjustment', note: '门店系统故障补录积分', byMemberNo: hqNo },
      points: { balance: 500, spendable: 500 },
      replayed: false,
    });
    const taken = await adjust(memberNo, { points: -120, reason: '重复补录，扣回' }, 'take-1');
    expect(taken.status).toBe(201);
    expect(await taken.json()).toMatchObject({ entry: { points: -120, balanceAfter: 380 }, points: { balance: 380 } });

    const statement = await ledger(memberNo);
    expect(statement.entries.map((e) => [e.points, e.note, e.byMemberNo])).toEqual([
      [-120, '重复补录，扣回', hqNo],
      [500, '门店系统故障补录积分', hqNo],
    ]);
    expect(statement.points).toEqual({ balance: 380, spendable: 380, pending: 0, debt: 0 });

    // The member reads a code the app words as 积分调整, never the staff's note.
    const mine = await (await authorized(running, member.accessToken)('/api/v1/me/points/history')).text();
    expect(mine).toContain('"code":"adjustment"');
    expect(mine).not.toContain('补录');

    const audit = (await (await hq(`/api/v1/hq/audit-log?targetId=${memberNo}`)).json()) as {
      entries: Array<{ action: string; details: { points?: number; reason?: string } }>;
    };
    const adjustments = audit.entries.filter((e) => e.action === 'member.points-adjust');
    expect(adjustments.map((e) => [e.details.points, e.details.reason])).toEqual([
      [-120, '重复补录，扣回'],
      [500, '门店系统故障补录积分'],
    ]);
    // Reading the ledger is itself in the audit log (personal data read by staff).
    expect(audit.entries.some((e) => e.action === 'GET /api/v1/hq/members/:memberNo/points')).toBe(true);
  });

  it('a retry adjusts once; the same key with another body is refused', async () => {
    const member = await loginAs(running, 'desk-retried');
    const memberNo = member.member.memberNo;
    const body = { points: 200, reason: '活动奖励补发' };
    const [first, second] = await Promise.all([adjust(memberNo, body, 'retry-1'), adjust(memberNo, body, 'retry-1')]);
    // Both at once: one adjusts, the other gets its answer or is told the first is still being handled.
    expect(first.status === 201 || second.status === 201).toBe(true);
    for (const answer of [first, second])
      if (answer.status !== 201) expect(await answer.json()).toMatchObject({ code: 'IDEMPOTENCY_KEY_IN_PROGRESS' });
    const third = await adjust(memberNo, body, 'retry-1');
    expect(third.status).toBe(201);
    expect(((await third.json()) as { points: { balance: number } }).points.balance).toBe(200);
    const other = await adjust(memberNo, { points: 2000, reason: '活动奖励补发' }, 'retry-1');
    expect(other.status).toBe(422);
    expect(await other.json()).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    expect((await ledger(memberNo)).points.balance).toBe(200);
    expect((await ledger(memberNo)).entries).toHaveLength(1);
  });

  it('refuses bad input, a deduction into debt, its own account, managers and members, changing nothing', async () => {
    const member = await loginAs(running, 'desk-refused');
    const memberNo = member.member.memberNo;
    await adjust(memberNo, { points: 100, reason: '开卡礼补发' }, 'seed');

    const bodies: unknown[] = [
      { points: 0, reason: '没有变化的调整' },
      { points: 10.5, reason: '小数积分调整' },
      { points: 100_001, reason: '超过单次上限' },
      { points: 50, reason: '  ' },
      { points: 50 },
      { points: 50, reason: '多余字段', extra: true },
    ];
    for (const body of bodies) {
      const refused = await adjust(memberNo, body, `bad-${bodies.indexOf(body)}`);
      expect(refused.status).toBe(400);
      expect(await refused.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
    }
    const noKey = await hq(`/api/v1/hq/members/${memberNo}/points-adjustments`, { body: { points: 5, reason: '缺少幂等键' } });
    expect(noKey.status).toBe(400);

    const tooMuch = await adjust(memberNo, { points: -101, reason: '扣回多于余额' }, 'too-much');
    expect(tooMuch.status).toBe(409);
    expect(await tooMuch.json()).toMatchObject({ code: 'INSUFFICIENT_POINTS' });

    const own = await adjust(hqNo, { points: 1000, reason: '给自己加分' }, 'self');
    expect(own.status).toBe(403);
    expect(await own.json()).toMatchObject({ code: 'FORBIDDEN', details: { reason: 'OWN_ACCOUNT' } });
    expect((await ledger(hqNo)).entries).toHaveLength(0);

    const unknown = await adjust('M99999999', { points: 5, reason: '不存在的会员' }, 'unknown');
    expect(unknown.status).toBe(404);

    const manager = authorized(
      running,
      (await loginAsStaff(running, 'desk-manager', 'manager', { storeIds: ['S01'] })).accessToken,
    );
    expect((await adjust(memberNo, { points: 5, reason: '门店经理加分' }, 'manager', manager)).status).toBe(403);
    expect((await manager(`/api/v1/hq/members/${memberNo}/points`)).status).toBe(403);
    expect((await manager(`/api/v1/hq/members?q=${memberNo}`)).status).toBe(403);
    const self = authorized(running, member.accessToken);
    expect((await adjust(memberNo, { points: 5, reason: '会员自己加分' }, 'member', self)).status).toBe(403);

    const after = await ledger(memberNo);
    expect(after.points.balance).toBe(100);
    expect(after.entries).toHaveLength(1);
  });

  it('two deductions and a redemption racing for the same points: never below zero, every point accounted for', async () => {
    const member = await loginAs(running, 'desk-raced');
    const memberNo = member.member.memberNo;
    await adjust(memberNo, { points: 100, reason: '补录消费积分' }, 'race-seed');
    const gift = (await (await hq('/api/v1/hq/gifts', { body: { name: '帆布袋', pointsCost: 60, stock: 10 } })).json()) as {
      id: string;
    };
    const self = authorized(running, member.accessToken);

    const results = await Promise.all([
      adjust(memberNo, { points: -70, reason: '误加扣回 A' }, 'race-a'),
      adjust(memberNo, { points: -70, reason: '误加扣回 B' }, 'race-b'),
      self(`/api/v1/gifts/${gift.id}/redeem`, { method: 'POST', headers: { 'idempotency-key': 'race-gift-1' } }),
    ]);
    const succeeded = results.filter((r) => r.status < 300);
    expect(succeeded).toHaveLength(1);
    for (const refused of results.filter((r) => r.status >= 300)) {
      expect(refused.status).toBe(409);
      expect(await refused.json()).toMatchObject({ code: 'INSUFFICIENT_POINTS' });
    }
    const after = await ledger(memberNo);
    expect(after.points.balance).toBeGreaterThanOrEqual(0);
    expect(after.points.balance).toBe(after.entries.reduce((sum, e) => sum + e.points, 0));
    expect(after.entries).toHaveLength(2);
  });

  it('pages the ledger newest first without repeating a line', async () => {
    const member = await loginAs(running, 'desk-paged');
    const memberNo = member.member.memberNo;
    for (let i = 1; i <= 5; i++) await adjust(memberNo, { points: i, reason: `分批补录第 ${i} 笔` }, `page-${i}`);
    const first = await ledger(memberNo, '?limit=3');
    expect(first.entries.map((e) => e.points)).toEqual([5, 4, 3]);
    const second = await ledger(memberNo, `?limit=3&cursor=${first.nextCursor}`);
    expect(second.entries.map((e) => e.points)).toEqual([2, 1]);
    expect(second.nextCursor).toBeUndefined();
  });

  it('the same client key used for two members, after the request record is gone, adjusts each once', async () => {
    const first = await loginAs(running, 'desk-key-a');
    const second = await loginAs(running, 'desk-key-b');
    const admin = running.app.get(MemberPointsAdmin);
    const actor = { kind: 'staff' as const, memberId: hqId, role: 'hq' as const, communityIds: [], storeIds: [] };
    const body = { points: 30, reason: '同一个键分别补录' };
    expect((await admin.adjust(actor, first.member.memberNo, body, 'shared-key-1')).replayed).toBe(false);
    const forB = await admin.adjust(actor, second.member.memberNo, body, 'shared-key-1');
    expect(forB.replayed).toBe(false);
    expect(forB.points.balance).toBe(30);
    expect((await ledger(second.member.memberNo)).entries).toHaveLength(1);
  });
});
