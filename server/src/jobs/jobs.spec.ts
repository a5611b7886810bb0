import { ConfigModule } from '@nestjs/config';
import { getConnectionToken, getModelToken, MongooseModule } from '@nestjs/mongoose';
import { Test, type TestingModule } from '@nestjs/testing';
import { type Connection, type Model, Types } from 'mongoose';
import { startTestDatabase, type TestDatabase } from '../../test/support/test-database';
import { Clock, ManualClock } from '../common/clock/clock';
import { ClockModule } from '../common/clock/clock.module';
import { PersonalDataModule } from '../common/crypto/personal-data.module';
import { appConfig } from '../config/app-config';
import { MembersService } from '../members/members.service';
import { MembersModule } from '../members/members.module';
import { Member } from '../members/schemas/member.schema';
import { Notification } from '../notifications/schemas/notification.schema';
import { PointsLedgerService } from '../points/points-ledger.service';
import { TierChangeRecord } from '../tiers/schemas/tier-change.schema';
import { TierStandingService } from '../tiers/tier-standing.service';
import { fakeOpenid } from '../wechat/fake/fake-wechat-identities';
import { startFakeWechatServer, type FakeSentMessage, type FakeWechatServer } from '../wechat/fake/fake-wechat-server';
import { WechatApiClient } from '../wechat/wechat-api.client';
import { loadWechatConfig } from '../wechat/wechat.config';
import { CouponsService } from '../coupons/coupons.service';
import { JobRunner } from './job-runner.service';
import { JobScheduler } from './job-scheduler.service';
import { JobsModule } from './jobs.module';
import { CheckoutModule } from '../checkout/checkout.module';
import { CouponsModule } from '../coupons/coupons.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { PointsModule } from '../points/points.module';
import { TiersModule } from '../tiers/tiers.module';

const DAY = 86_400_000;
// 02:00 in Shanghai: the jobs' business day is the brand's.
const start = new Date('2026-03-01T18:00:00Z');

describe('background jobs (against the database, with a moved clock)', () => {
  let database: TestDatabase;
  let fake: FakeWechatServer;
  let moduleRef: TestingModule;
  let scheduler: JobScheduler;
  let ledger: PointsLedgerService;
  let members: MembersService;
  let memberModel: Model<Member>;
  let notifications: Model<Notification>;
  const clock = new ManualClock(start);
  const wechat = loadWechatConfig({ NODE_ENV: 'development' });

  beforeAll(async () => {
    database = await startTestDatabase();
    fake = await startFakeWechatServer({ appId: wechat.appId, appSecret: wechat.appSecret, clock });
    moduleRef = await Test.createTestingModule({
      imports: [
        ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: [appConfig] }),
        MongooseModule.forRoot(database.uri, { dbName: database.dbName }),
        ClockModule,
        PersonalDataModule,
        MembersModule,
        JobsModule,
        // The features whose jobs these tests run register them with the jobs core.
        CheckoutModule,
        CouponsModule,
        NotificationsModule,
        PointsModule,
        TiersModule,
      ],
    })
      .overrideProvider(Clock)
      .useValue(clock)
      .overrideProvider(WechatApiClient)
      .useValue(
        new WechatApiClient({ baseUrl: fake.baseUrl, appId: wechat.appId, appSecret: wechat.appSecret, timeoutMs: 2000, clock }),
      )
      .compile();
    await moduleRef.init();
    await Promise.all(Object.values(moduleRef.get<Connection>(getConnectionToken()).models).map((m) => m.init()));
    scheduler = moduleRef.get(JobScheduler);
    ledger = moduleRef.get(PointsLedgerService);
    members = moduleRef.get(MembersService);
    memberModel = moduleRef.get(getModelToken(Member.name));
    notifications = moduleRef.get(getModelToken(Notification.name));
  });

  afterAll(async () => {
    await moduleRef?.get<Connection>(getConnectionToken()).dropDatabase();
    await moduleRef?.close();
    await fake?.stop();
    await database?.stop();
  });

  async function messagesTo(toUser: string): Promise<FakeSentMessage[]> {
    const response = await fetch(`${fake.baseUrl}/__fake/messages?toUser=${encodeURIComponent(toUser)}`);
    return (await response.json()) as FakeSentMessage[];
  }

  async function member(name: string, consent: boolean) {
    const registered = await members.register({ openid: fakeOpenid(wechat.appId, name), registeredAt: clock.now() });
    if (consent) {
      await memberModel.updateOne(
        { _id: registered._id },
        { $set: { 'consents.notifications': { granted: true, at: clock.now() } } },
      );
    }
    return registered;
  }

  const earn = (memberId: Types.ObjectId, points: number, key: string, expiresInDays: number) =>
    ledger.earn({
      memberId,
      points,
      reason: 'purchase',
      source: { type: 'purchase', id: key },
      idempotencyKey: key,
      occurredAt: clock.now(),
      availableAt: clock.now(),
      expiresAt: new Date(clock.now().getTime() + expiresInDays * DAY),
    });

  it('reminds once before points expire, sends through WeChat, then expires them on the day', async () => {
    clock.set(start);
    const alice = await member('alice-expiry', true);
    await earn(alice._id, 120, 'alice-1', 20);
    await earn(alice._id, 30, 'alice-2', 25);
    await earn(alice._id, 500, 'alice-later', 200);

    await scheduler.tick();
    const sent = await messagesTo(alice.openid!);
    expect(sent).toHaveLength(1);
    expect(sent[0].page).toBe('pages/points/index');
    expect(sent[0].data.thing1.value).toBe('150 积分即将过期');
    expect(sent[0].data.date2.value).toBe('2026-03-22');

    // The same day again, and the next day: nothing new to say.
    await scheduler.tick();
    clock.advance(DAY);
    await scheduler.tick();
    expect(await messagesTo(alice.openid!)).toHaveLength(1);
    expect(await ledger.balanceOf(alice._id)).toMatchObject({ balance: 650 });

    clock.advance(20 * DAY);
    await scheduler.tick();
    expect(await ledger.balanceOf(alice._id)).toMatchObject({ balance: 530 });
    clock.advance(5 * DAY);
    await scheduler.tick();
    expect(await ledger.balanceOf(alice._id)).toMatchObject({ balance: 500, spendable: 500 });
  });

  it('does not message a member who has not agreed to notifications', async () => {
    clock.set(new Date(start.getTime() + 40 * DAY));
    const bob = await member('bob-no-consent', false);
    await earn(bob._id, 80, 'bob-1', 10);
    await scheduler.tick();
    expect(await messagesTo(bob.openid!)).toEqual([]);
    const [note] = await notifications.find({ memberId: bob._id }).lean();
    expect(note).toMatchObject({ status: 'skipped', outcome: 'the member has not agreed to notifications' });
  });

  it('runs a daily job once per day even when two instances tick together', async () => {
    clock.set(new Date(start.getTime() + 60 * DAY));
    const runner = moduleRef.get(JobRunner);
    const other = new JobRunner(moduleRef.get(getModelToken('JobRun')), clock);
    let runs = 0;
    const work = async () => {
      runs += 1;
      await new Promise((resolve) => setTimeout(resolve, 20));
      return {};
    };
    const outcomes = await Promise.all([
      runner.runOnce('test-daily', '2026-05-01', 60_000, work),
      other.runOnce('test-daily', '2026-05-01', 60_000, work),
    ]);
    expect(runs).toBe(1);
    expect(outcomes.filter((o) => o.ran)).toHaveLength(1);
    expect(await runner.runOnce('test-daily', '2026-05-01', 60_000, work)).toEqual({
      ran: false,
      reason: 'done for this period',
    });
    await runner.runOnce('test-daily', '2026-05-02', 60_000, work);
    expect(runs).toBe(2);
  });

  it('retries a job whose run failed, and takes over a lease its holder left behind', async () => {
    const runner = moduleRef.get(JobRunner);
    await expect(runner.runOnce('test-failing', 'p1', 60_000, () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await runner.runOnce('test-failing', 'p1', 60_000, async () => ({ ok: true }))).toEqual({
      ran: true,
      result: { ok: true },
    });

    // A holder that crashed mid-run: its lease lapses and another instance runs the job.
    const crashed = new JobRunner(moduleRef.get(getModelToken('JobRun')), clock);
    const never = crashed.runOnce('test-crash', 'p1', 60_000, () => new Promise<Record<string, unknown>>(() => undefined));
    void never;
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await runner.runOnce('test-crash', 'p1', 60_000, async () => ({}))).toEqual({
      ran: false,
      reason: 'running elsewhere',
    });
    clock.advance(61_000);
    expect(await runner.runOnce('test-crash', 'p1', 60_000, async () => ({ took: 'over' }))).toMatchObject({ ran: true });
  });

  it('reminds once of a coupon about to expire', async () => {
    clock.set(new Date(start.getTime() + 80 * DAY));
    const coupons = moduleRef.get(CouponsService);
    const template = await coupons.createTemplate({
      name: '周末 8 折券',
      benefit: { kind: 'percent', percentOff: 20, capFen: 5_000 },
      validity: { type: 'afterClaim', days: 2 },
      totalStock: 10,
    });
    const erin = await member('erin-coupon', true);
    expect(await coupons.issue(erin._id, new Types.ObjectId(template.id), 'test:erin')).toBe(true);
    await scheduler.tick();
    const sent = await messagesTo(erin.openid!);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ page: 'packages/coupons/index', data: { thing1: { value: '周末 8 折券' } } });
    clock.advance(DAY);
    await scheduler.tick();
    expect(await messagesTo(erin.openid!)).toHaveLength(1);
  });

  it('re-qualifies tiers once the year is over: keeps, downgrades one level, never below the floor', async () => {
    clock.set(new Date(start.getTime() + 100 * DAY));
    const tiers = moduleRef.get(TierStandingService);
    const carol = await member('carol-gold', true);
    const dave = await member('dave-gold-floor', true);
    for (const m of [carol, dave]) {
      await memberModel.updateOne(
        { _id: m._id },
        { $set: { tier: { code: 'gold', since: clock.now(), heldUntil: new Date(clock.now().getTime() + 365 * DAY) } } },
      );
    }
    await tiers.setFloor(dave._id, 'gold', 'hq-admin');

    clock.advance(366 * DAY);
    await scheduler.tick();
    const after = await memberModel.find({ _id: { $in: [carol._id, dave._id] } }).lean();
    const byId = new Map(after.map((m) => [m._id.toHexString(), m]));
    expect(byId.get(carol._id.toHexString())?.tier.code).toBe('silver');
    expect(byId.get(dave._id.toHexString())?.tier).toMatchObject({ code: 'gold', floorCode: 'gold' });
    const history = await moduleRef
      .get<Model<TierChangeRecord>>(getModelToken(TierChangeRecord.name))
      .find({ memberId: carol._id })
      .lean();
    expect(history.map((h) => [h.kind, h.from, h.to])).toEqual([['downgraded', 'gold', 'silver']]);
    const [message] = await messagesTo(carol.openid!);
    expect(message.data.thing1.value).toBe('会籍调整为银卡');

    // The next day nothing changes again: the new tier is held for a year.
    clock.advance(DAY);
    await scheduler.tick();
    expect((await memberModel.findById(carol._id).lean())?.tier.code).toBe('silver');
  });
});
