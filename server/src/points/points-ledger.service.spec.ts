import { getConnectionToken, getModelToken, MongooseModule } from '@nestjs/mongoose';
import { Test, type TestingModule } from '@nestjs/testing';
import { type Connection, type Model, Types } from 'mongoose';
import { startTestDatabase, type TestDatabase } from '../../test/support/test-database';
import { Clock, ManualClock } from '../common/clock/clock';
import { ClockModule } from '../common/clock/clock.module';
import { PointsLedgerService } from './points-ledger.service';
import { PointsModule } from './points.module';
import { PointsAccount } from './schemas/points-account.schema';
import { PointsEntry } from './schemas/points-entry.schema';
import { PointsLot } from './schemas/points-lot.schema';

const DAY = 86_400_000;
const start = new Date('2026-03-01T04:00:00Z');

describe('PointsLedgerService (against the database)', () => {
  let database: TestDatabase;
  let moduleRef: TestingModule;
  let ledger: PointsLedgerService;
  let entries: Model<PointsEntry>;
  let accounts: Model<PointsAccount>;
  const clock = new ManualClock(start);

  beforeAll(async () => {
    database = await startTestDatabase();
    moduleRef = await Test.createTestingModule({
      imports: [MongooseModule.forRoot(database.uri, { dbName: database.dbName }), ClockModule, PointsModule],
    })
      .overrideProvider(Clock)
      .useValue(clock)
      .compile();
    await moduleRef.init();
    ledger = moduleRef.get(PointsLedgerService);
    entries = moduleRef.get(getModelToken(PointsEntry.name));
    accounts = moduleRef.get(getModelToken(PointsAccount.name));
    await Promise.all(Object.values(moduleRef.get<Connection>(getConnectionToken()).models).map((m) => m.init()));
  });

  afterAll(async () => {
    await moduleRef?.get<Connection>(getConnectionToken()).dropDatabase();
    await moduleRef?.close();
    await database?.stop();
  });

  beforeEach(() => clock.set(start));

  const earn = (
    memberId: Types.ObjectId,
    points: number,
    key: string,
    over: Partial<{ availableAt: Date; expiresAt: Date }> = {},
  ) =>
    ledger.earn({
      memberId,
      points,
      reason: 'purchase',
      source: { type: 'purchase', id: key },
      idempotencyKey: key,
      occurredAt: clock.now(),
      availableAt: over.availableAt ?? clock.now(),
      expiresAt: over.expiresAt ?? new Date(clock.now().getTime() + 365 * DAY),
    });
  const spend = (memberId: Types.ObjectId, points: number, key: string) =>
    ledger.spend({ memberId, points, reason: 'redeem', source: { type: 'redemption', id: key }, idempotencyKey: key });

  /** The invariant every test ends on: the account's balance is the sum of the member's ledger. */
  async function expectBalanceMatchesLedger(memberId: Types.ObjectId): Promise<number> {
    const [sum] = await entries.aggregate<{ total: number }>([
      { $match: { memberId } },
      { $group: { _id: null, total: { $sum: '$points' } } },
    ]);
    const account = await accounts.findById(memberId).lean();
    expect(account?.balance ?? 0).toBe(sum?.total ?? 0);
    return account?.balance ?? 0;
  }

  it('earns into a lot and the balance, once per idempotency key', async () => {
    const member = new Types.ObjectId();
    const first = await earn(member, 120, 'order-1');
    const again = await earn(member, 120, 'order-1');
    expect(first.replayed).toBe(false);
    expect(again).toMatchObject({ replayed: true });
    expect(again.entry._id).toEqual(first.entry._id);
    expect(await ledger.balanceOf(member)).toMatchObject({ balance: 120, spendable: 120, pending: 0 });
    expect(await expectBalanceMatchesLedger(member)).toBe(120);
  });

  it('applies the same purchase posted 20 times at once exactly once', async () => {
    const member = new Types.ObjectId();
    const results = await Promise.all(Array.from({ length: 20 }, () => earn(member, 50, 'order-storm')));
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    expect(await entries.countDocuments({ idempotencyKey: 'order-storm' })).toBe(1);
    expect(await expectBalanceMatchesLedger(member)).toBe(50);
  });

  it('spends the soonest-expiring points first and refuses to overdraw without writing anything', async () => {
    const member = new Types.ObjectId();
    await earn(member, 100, 'late', { expiresAt: new Date(start.getTime() + 300 * DAY) });
    await earn(member, 40, 'soon', { expiresAt: new Date(start.getTime() + 30 * DAY) });
    const { entry } = await spend(member, 60, 'redeem-1');
    expect(entry.points).toBe(-60);
    expect(entry.allocations?.map((a) => a.points)).toEqual([40, 20]);
    await expect(spend(member, 81, 'redeem-2')).rejects.toMatchObject({ code: 'INSUFFICIENT_POINTS' });
    expect(await entries.countDocuments({ idempotencyKey: 'redeem-2' })).toBe(0);
    expect(await expectBalanceMatchesLedger(member)).toBe(80);
  });

  it('never overdraws under 200 concurrent spends', async () => {
    const member = new Types.ObjectId();
    await earn(member, 1000, 'big-order');
    const outcomes = await Promise.allSettled(Array.from({ length: 200 }, (_, i) => spend(member, 10, `burn-${i}`)));
    const succeeded = outcomes.filter((o) => o.status === 'fulfilled').length;
    expect(succeeded).toBe(100);
    for (const o of outcomes) if (o.status === 'rejected') expect(o.reason).toMatchObject({ code: 'INSUFFICIENT_POINTS' });
    expect(await expectBalanceMatchesLedger(member)).toBe(0);
    expect(await ledger.balanceOf(member)).toMatchObject({ spendable: 0 });
  }, 120_000);

  it('never overdraws when two server instances spend at once (their transactions conflict and retry)', async () => {
    // A second ledger with its own in-process queue, as another server would have: only the database keeps them apart.
    const other = new PointsLedgerService(
      moduleRef.get(getConnectionToken()),
      entries,
      moduleRef.get(getModelToken(PointsLot.name)),
      accounts,
      clock,
    );
    const member = new Types.ObjectId();
    await earn(member, 300, 'two-servers');
    const outcomes = await Promise.allSettled(
      Array.from({ length: 60 }, (_, i) =>
        (i % 2 === 0 ? ledger : other).spend({
          memberId: member,
          points: 10,
          reason: 'gift',
          source: { type: 'test', id: `${i}` },
          idempotencyKey: `two-${i}`,
        }),
      ),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(30);
    for (const o of outcomes) if (o.status === 'rejected') expect(o.reason).toMatchObject({ code: 'INSUFFICIENT_POINTS' });
    expect(await expectBalanceMatchesLedger(member)).toBe(0);
  }, 120_000);

  it('keeps pending points out of reach until the return window has passed', async () => {
    const member = new Types.ObjectId();
    await earn(member, 70, 'pending-order', { availableAt: new Date(start.getTime() + 7 * DAY) });
    expect(await ledger.balanceOf(member)).toMatchObject({ balance: 70, spendable: 0, pending: 70 });
    await expect(spend(member, 10, 'too-early')).rejects.toMatchObject({ code: 'INSUFFICIENT_POINTS' });
    clock.advance(7 * DAY);
    await expect(spend(member, 10, 'in-time')).resolves.toMatchObject({ replayed: false });
  });

  it('expires lots past their expiry once, even when two jobs run at once', async () => {
    const member = new Types.ObjectId();
    await earn(member, 30, 'old', { expiresAt: new Date(start.getTime() + 10 * DAY) });
    await earn(member, 50, 'young', { expiresAt: new Date(start.getTime() + 100 * DAY) });
    clock.advance(11 * DAY);
    const [a, b] = await Promise.all([ledger.expireDueLots(), ledger.expireDueLots()]);
    expect(a + b).toBe(30);
    expect(await ledger.expireDueLots()).toBe(0);
    expect(await expectBalanceMatchesLedger(member)).toBe(50);
  });

  it('claws back a refunded purchase from its own lot first, with a negative balance or a recorded debt for the rest', async () => {
    const negative = new Types.ObjectId();
    const earned = await earn(negative, 100, 'refunded-order');
    await spend(negative, 80, 'spent-before-refund');
    await ledger.clawBack({
      memberId: negative,
      points: 100,
      reason: 'refund',
      source: { type: 'refund', id: 'r1' },
      idempotencyKey: 'r1',
      earnEntryId: earned.entry._id,
      policy: 'negativeBalance',
    });
    expect(await expectBalanceMatchesLedger(negative)).toBe(-80);

    const indebted = new Types.ObjectId();
    const earned2 = await earn(indebted, 100, 'refunded-order-2');
    await spend(indebted, 80, 'spent-before-refund-2');
    const clawback = await ledger.clawBack({
      memberId: indebted,
      points: 100,
      reason: 'refund',
      source: { type: 'refund', id: 'r2' },
      idempotencyKey: 'r2',
      earnEntryId: earned2.entry._id,
      policy: 'debt',
    });
    expect(clawback.entry).toMatchObject({ points: -20, shortfall: 80 });
    expect(await ledger.balanceOf(indebted)).toMatchObject({ balance: 0, debt: 80 });
    // The next earning repays the debt first.
    await earn(indebted, 50, 'after-refund');
    expect(await ledger.balanceOf(indebted)).toMatchObject({ balance: 0, debt: 30, spendable: 0 });
    await earn(indebted, 50, 'after-refund-2');
    expect(await ledger.balanceOf(indebted)).toMatchObject({ balance: 20, debt: 0, spendable: 20 });
    expect(await expectBalanceMatchesLedger(indebted)).toBe(20);
  });

  it('holds the earning caps when 30 capped earnings of one member run at once, and a replay gives the first points', async () => {
    const memberId = new Types.ObjectId();
    const caps = (cap: number) => ({
      day: '2026-03-01',
      month: '2026-03',
      seedToday: 0,
      seedThisMonth: 0,
      decide: (earnedToday: number) => Math.max(0, Math.min(700, cap - earnedToday)),
    });
    const command = (key: string) => ({
      memberId,
      points: 700,
      reason: 'purchase',
      source: { type: 'purchase', id: key },
      idempotencyKey: key,
      occurredAt: clock.now(),
      availableAt: clock.now(),
      expiresAt: new Date(clock.now().getTime() + 365 * DAY),
    });
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) => ledger.earnWithinCaps(command(`cap-${i}`), caps(5_000))),
    );
    expect(results.reduce((sum, r) => sum + r.points, 0)).toBe(5_000);
    expect(results.filter((r) => r.write === undefined)).toHaveLength(30 - 8); // 7 × 700 + 100
    expect(await expectBalanceMatchesLedger(memberId)).toBe(5_000);
    const again = await ledger.earnWithinCaps(command('cap-0'), caps(5_000));
    expect(again).toMatchObject({ points: results[0].points, write: { replayed: true } });
    expect((await accounts.findById(memberId).lean())?.capDays).toEqual({ '2026-03-01': 5_000 });
  });

  it('gives back parts of a burn, never more than it took, and only to lots that have not expired', async () => {
    const memberId = new Types.ObjectId();
    await earn(memberId, 300, 'rb-soon', { expiresAt: new Date(start.getTime() + 10 * DAY) });
    await earn(memberId, 300, 'rb-late', { expiresAt: new Date(start.getTime() + 300 * DAY) });
    const burn = await spend(memberId, 500, 'rb-burn'); // 300 from the soon lot, 200 from the late one
    const back = (points: number, key: string) =>
      ledger.returnBurned({
        burnEntryId: burn.entry._id,
        points,
        reason: 'refund',
        source: { type: 'refund', id: key },
        idempotencyKey: key,
      });
    expect((await back(150, 'r1'))?.entry.points).toBe(150);
    expect((await back(150, 'r1'))?.replayed).toBe(true);
    clock.set(new Date(start.getTime() + 20 * DAY)); // the soon lot has expired
    expect((await back(400, 'r2'))?.entry.points).toBe(50); // what is left of the late lot's 200
    expect(await back(100, 'r3')).toBeNull();
    expect(await expectBalanceMatchesLedger(memberId)).toBe(100 + 150 + 50);
  });
  it('adjusts by staff: a credit is a lot spendable at once that repays debt first, a debit never overdraws, and the work done alongside commits with it or not at all', async () => {
    const memberId = new Types.ObjectId();
    const adjust = (points: number, key: string, alongside?: () => Promise<void>) =>
      ledger.adjust({
        memberId,
        points,
        reason: 'staff correction',
        source: { type: 'hq-adjustment', id: 'M00000001' },
        idempotencyKey: key,
        expiresAt: new Date(start.getTime() + 365 * DAY),
        ...(alongside ? { alongside: async () => alongside() } : {}),
      });
    // An audit write that fails takes the adjustment with it: nothing is written.
    await expect(
      adjust(500, 'adj-failed', async () => {
        throw new Error('audit log unavailable');
      }),
    ).rejects.toThrow('audit log unavailable');
    expect(await entries.countDocuments({ memberId })).toBe(0);

    const credit = await adjust(500, 'adj-credit');
    expect(credit).toMatchObject({ entry: { kind: 'adjust', points: 500 }, replayed: false, balance: 500 });
    expect(await adjust(500, 'adj-credit')).toMatchObject({ replayed: true });
    expect((await ledger.balanceOf(memberId)).spendable).toBe(500);

    await expect(adjust(-501, 'adj-over')).rejects.toMatchObject({ code: 'INSUFFICIENT_POINTS' });
    await expect(adjust(0, 'adj-zero')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    const debits = await Promise.allSettled([adjust(-300, 'adj-d1'), adjust(-300, 'adj-d2'), spend(memberId, 300, 'adj-s')]);
    expect(debits.filter((d) => d.status === 'fulfilled')).toHaveLength(1);
    expect(await expectBalanceMatchesLedger(memberId)).toBe(200);

    // A debt left by a refund is repaid from a credit first, as from an earning.
    await ledger.clawBack({
      memberId,
      points: 250,
      reason: 'refund',
      source: { type: 'refund', id: 'adj-r' },
      idempotencyKey: 'adj-refund',
      policy: 'debt',
    });
    await expect(adjust(-10, 'adj-in-debt')).rejects.toMatchObject({ code: 'INSUFFICIENT_POINTS' });
    await adjust(100, 'adj-repay');
    const after = await ledger.balanceOf(memberId);
    expect(after).toMatchObject({ balance: 50, debt: 0, spendable: 50 });
    expect(await expectBalanceMatchesLedger(memberId)).toBe(50);
  });

  it('after a merge, a refund giving back spent points and an earning that raced the merge land on the kept account, lots and balance together', async () => {
    const from = new Types.ObjectId();
    const into = new Types.ObjectId();
    await earn(from, 300, 'mg-earn');
    const burn = await spend(from, 300, 'mg-burn'); // the lot is empty now, and still moves with the merge
    await earn(into, 100, 'mg-into');
    const transfer = (key: string) =>
      ledger.transferAll({ from, into, fromLabel: 'M00000001', intoLabel: 'M00000002', idempotencyKey: key });
    // An earning queued behind the merge (a referral's delayed extra) runs after it: it lands on the kept account.
    const [moved] = await Promise.all([transfer('mg-1'), earn(from, 50, 'mg-late')]);
    // Either the earning committed first and moved with the merge, or it found the account merged and followed it.
    const late = await entries.findOne({ idempotencyKey: 'mg-late' }).lean();
    expect(late?.memberId.equals(into) || moved.points === 50).toBe(true);
    expect(await transfer('mg-1')).toMatchObject({ points: moved.points });

    const back = await ledger.returnBurned({
      burnEntryId: burn.entry._id,
      points: 300,
      reason: 'refund',
      source: { type: 'refund', id: 'mg-r' },
      idempotencyKey: 'mg-r',
    });
    expect(back?.entry.memberId.equals(into)).toBe(true);
    expect(await expectBalanceMatchesLedger(from)).toBe(0);
    expect(await expectBalanceMatchesLedger(into)).toBe(100 + 50 + 300);
    const kept = await ledger.balanceOf(into);
    expect(kept.spendable).toBe(450);
    expect((await ledger.balanceOf(from)).spendable).toBe(0);
    // What the kept account holds can be spent: lots and balance agree.
    expect((await spend(into, 450, 'mg-spend')).entry.points).toBe(-450);
  });
});
