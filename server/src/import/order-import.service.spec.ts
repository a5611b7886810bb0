import { Readable } from 'node:stream';
import { ConfigModule } from '@nestjs/config';
import { getConnectionToken, MongooseModule } from '@nestjs/mongoose';
import { Test, type TestingModule } from '@nestjs/testing';
import type { PurchaseIngestRequest, RefundRequest } from '@memberloop/shared';
import type { Connection } from 'mongoose';
import { startTestDatabase, type TestDatabase } from '../../test/support/test-database';
import { Clock, ManualClock } from '../common/clock/clock';
import { ClockModule } from '../common/clock/clock.module';
import { PersonalDataModule } from '../common/crypto/personal-data.module';
import { appConfig } from '../config/app-config';
import { MembersService, type NewMember } from '../members/members.service';
import { PurchaseIngestService } from '../purchases/purchase-ingest.service';
import { PurchasesModule } from '../purchases/purchases.module';
import { RefundIngestService } from '../purchases/refund-ingest.service';
import { readCsv } from './csv-order-source';
import { HistoricalClock, HistoricalClockModule } from './historical-clock';
import { readJsonLines } from './jsonl-order-source';
import { CouponsModule } from '../coupons';
import { ReferralsModule } from '../referrals';
import { TasksModule } from '../tasks';
import { TiersModule } from '../tiers';
import { OrderImportModule } from './order-import.module';
import { OrderImportService, type OrderImportSummary } from './order-import.service';

const registeredAt = new Date('2024-12-01T02:00:00Z');
const MEMBERS: NewMember[] = [
  { phone: '13800000001', birthday: { month: 3, day: 5 }, region: '华东', city: '上海', registeredAt },
  { phone: '13800000002', cardNumbers: ['CARD-B'], region: '华南', city: '广州', registeredAt },
  { phone: '13800000003', region: '华北', city: '北京', registeredAt },
  { phone: '13800000004', region: '西南', city: '成都', registeredAt },
];

const line = (sku: string, category: string, quantity: number, unitPriceFen: number) => ({
  sku,
  category,
  quantity,
  unitPriceFen,
});
function order(
  orderId: string,
  member: PurchaseIngestRequest['member'],
  paidAt: string,
  lines: PurchaseIngestRequest['lines'],
  storeCode?: string,
): PurchaseIngestRequest {
  return {
    orderId,
    member,
    ...(storeCode ? { storeCode } : {}),
    channel: storeCode ? 'store' : 'online',
    paidAt,
    lines,
    totalFen: lines.reduce((sum, l) => sum + l.quantity * l.unitPriceFen, 0),
  };
}

/** Three members' year: upgrades to silver and gold, a birthday month, a member named by card and by phone, refunds. */
const ORDERS: PurchaseIngestRequest[] = [
  order('POS-A1', { phone: '13800000001' }, '2025-01-05T10:00:00+08:00', [line('SK-001', '护肤', 1, 30_000)], 'S2601'),
  order('WEB-A2', { phone: '13800000001' }, '2025-02-10T21:30:00+08:00', [line('MK-002', '彩妆', 2, 15_000)]),
  order('POS-A3', { phone: '13800000001' }, '2025-03-12T15:00:00+08:00', [line('FR-001', '香水', 1, 100_000)], 'S2601'),
  order('WEB-A4', { phone: '13800000001' }, '2025-04-01T12:00:00+08:00', [
    line('GB-001', '礼盒', 1, 50_000),
    line('SK-003', '护肤', 2, 50_000),
  ]),
  order(
    'POS-B1',
    { cardNo: 'CARD-B' },
    '2025-01-20T11:00:00+08:00',
    [line('PC-001', '个护', 3, 3_900), line('SK-002', '护肤', 1, 68_000)],
    'S2501',
  ),
  order('WEB-B2', { phone: '138 0000 0002' }, '2025-02-20T09:15:00+08:00', [line('MK-001', '彩妆', 1, 6_900)]),
  order('WEB-C1', { phone: '13800000003' }, '2025-05-01T20:00:00+08:00', [line('FR-002', '香水', 1, 59_900)]),
];
const REFUNDS: RefundRequest[] = [
  { refundId: 'RF-A4', orderId: 'WEB-A4', lines: [{ sku: 'SK-003', quantity: 1 }], refundedAt: '2025-04-05T10:00:00+08:00' },
  { refundId: 'RF-B1', orderId: 'POS-B1', amountFen: 10_000, refundedAt: '2025-03-01T10:00:00+08:00' },
  { refundId: 'RF-C1', orderId: 'WEB-C1', lines: [{ sku: 'FR-002', quantity: 1 }], refundedAt: '2025-05-03T10:00:00+08:00' },
];

const jsonLines = (records: unknown[]) => Readable.from([records.map((r) => JSON.stringify(r)).join('\n') + '\n']);
const text = (content: string) => Readable.from([content]);

function ordersCsv(orders: PurchaseIngestRequest[]): string {
  const rows = orders.flatMap((o) => {
    const [kind, value] = Object.entries(o.member)[0];
    return o.lines.map((l) =>
      [
        o.orderId,
        kind === 'phone' ? value : '',
        kind === 'cardNo' ? value : '',
        o.channel,
        o.storeCode ?? '',
        o.paidAt,
        l.sku,
        l.category,
        l.quantity,
        l.unitPriceFen,
      ].join(','),
    );
  });
  return ['orderId,phone,cardNo,channel,storeCode,paidAt,sku,category,quantity,unitPriceFen', ...rows].join('\n');
}

function refundsCsv(refunds: RefundRequest[]): string {
  const rows = refunds.flatMap((r) =>
    r.lines
      ? r.lines.map((l) => [r.refundId, r.orderId, r.refundedAt, l.sku, l.quantity, ''].join(','))
      : [[r.refundId, r.orderId, r.refundedAt, '', '', r.amountFen].join(',')],
  );
  return ['refundId,orderId,refundedAt,sku,quantity,amountFen', ...rows].join('\r\n');
}

describe('OrderImportService (against the database)', () => {
  let database: TestDatabase;
  const contexts: TestingModule[] = [];
  let dbCount = 0;

  beforeAll(async () => {
    database = await startTestDatabase();
  });

  afterAll(async () => {
    for (const context of contexts) {
      await context.get<Connection>(getConnectionToken()).dropDatabase();
      await context.close();
    }
    await database?.stop();
  });

  async function boot(clockModule: 'historical' | ManualClock, feature: 'import' | 'live'): Promise<TestingModule> {
    const builder = Test.createTestingModule({
      imports: [
        MongooseModule.forRoot(database.uri, { dbName: `${database.dbName}_${++dbCount}` }),
        ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: [appConfig] }),
        clockModule === 'historical' ? HistoricalClockModule : ClockModule,
        PersonalDataModule,
        // The live reference loads the features whose purchase hooks the application runs, as the import does.
        ...(feature === 'import'
          ? [OrderImportModule]
          : [PurchasesModule, CouponsModule, ReferralsModule, TasksModule, TiersModule]),
      ],
    });
    if (clockModule !== 'historical') builder.overrideProvider(Clock).useValue(clockModule);
    const context = await builder.compile();
    contexts.push(context);
    await context.init();
    await Promise.all(Object.values(context.get<Connection>(getConnectionToken()).models).map((m) => m.init()));
    // Registered one after another, so member numbers are the same in every database.
    for (const member of MEMBERS) await context.get(MembersService).register(member);
    return context;
  }

  /** An import context with the members registered. */
  const importContext = () => boot('historical', 'import');

  /** What the live API would have recorded: each request ingested at its own time, one after another. */
  async function liveReference(): Promise<TestingModule> {
    const clock = new ManualClock(registeredAt);
    const context = await boot(clock, 'live');
    const events = [
      ...ORDERS.map((request) => ({
        at: request.paidAt,
        rank: 0,
        apply: () => context.get(PurchaseIngestService).ingest('live', request),
      })),
      ...REFUNDS.map((request) => ({
        at: request.refundedAt,
        rank: 1,
        apply: () => context.get(RefundIngestService).ingest('live', request),
      })),
    ].sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || a.rank - b.rank);
    for (const event of events) {
      clock.set(new Date(event.at));
      await event.apply();
    }
    return context;
  }

  /** Everything the ingest decides, per member (by member number, the same in every database). */
  async function outcomes(context: TestingModule) {
    const db = context.get<Connection>(getConnectionToken());
    const members = await db.collection('members').find({}).sort({ memberNo: 1 }).toArray();
    return Promise.all(
      members.map(async (m) => {
        const [account, entries, purchases, tierChanges] = await Promise.all([
          db.collection('points_accounts').findOne({ _id: m._id }),
          db.collection('points_entries').find({ memberId: m._id }).sort({ occurredAt: 1, idempotencyKey: 1 }).toArray(),
          db.collection('purchases').find({ memberId: m._id }).sort({ orderId: 1 }).toArray(),
          db.collection('tier_changes').find({ memberId: m._id }).sort({ at: 1 }).toArray(),
        ]);
        return {
          memberNo: m.memberNo,
          tier: m.tier,
          account: account && { balance: account.balance, lifetimeEarned: account.lifetimeEarned, debt: account.debt },
          entries: entries.map((e) => ({
            kind: e.kind,
            points: e.points,
            occurredAt: e.occurredAt,
            // Keys name the integration (live or history): the same order either way.
            key: e.idempotencyKey.replace(/:(live|history):/, ':'),
            balanceAfter: e.balanceAfter,
            shortfall: e.shortfall,
          })),
          purchases: purchases.map((p) => ({
            orderId: p.orderId,
            status: p.status,
            outcome: {
              pointsEarned: p.outcome?.pointsEarned,
              tierCode: p.outcome?.tierCode,
              upgradedFrom: p.outcome?.upgradedFrom,
            },
            lines: p.lines,
            refundedFen: p.refundedFen,
            refunds: p.refunds.map((r: { refundId: string; amountFen: number; points: number; status: string }) => ({
              refundId: r.refundId,
              amountFen: r.amountFen,
              points: r.points,
              status: r.status,
            })),
          })),
          tierChanges: tierChanges.map((t) => ({ from: t.from, to: t.to, at: t.at, heldUntil: t.heldUntil })),
        };
      }),
    );
  }

  /** The invariant of the ledger: each member's balance is the sum of their entries. */
  async function expectBalancesMatchLedgers(context: TestingModule): Promise<void> {
    const db = context.get<Connection>(getConnectionToken());
    const sums = await db
      .collection('points_entries')
      .aggregate<{ _id: unknown; total: number }>([{ $group: { _id: '$memberId', total: { $sum: '$points' } } }])
      .toArray();
    const accounts = await db.collection('points_accounts').find({}).toArray();
    expect(accounts.length).toBe(sums.length);
    for (const account of accounts) expect(account.balance).toBe(sums.find((s) => String(s._id) === String(account._id))?.total);
  }

  const importer = (context: TestingModule) => context.get(OrderImportService);

  let live: Awaited<ReturnType<typeof outcomes>>;
  beforeAll(async () => {
    live = await outcomes(await liveReference());
  });

  it('the live reference itself went through upgrades, a birthday month and refunds', () => {
    const a = live[0];
    // Gold came with WEB-A4; its partial refund takes the year's spend back under gold's ¥3,000.
    expect(a.tierChanges.map((t) => t.to)).toEqual(['silver', 'gold', 'silver']);
    expect(a.purchases.find((p) => p.orderId === 'POS-A3')?.outcome.pointsEarned).toBe(2400); // silver 1.2 × birthday 2
    expect(live[1].purchases).toHaveLength(2); // named by card and by a phone written with spaces
    expect(live[2].account).toMatchObject({ balance: 0, lifetimeEarned: 599 });
  });

  it('imports a JSONL file, out of time order, to exactly what the live ingest gives', async () => {
    const context = await importContext();
    const shuffled = [
      ORDERS[3],
      REFUNDS[0],
      ORDERS[6],
      ORDERS[0],
      REFUNDS[2],
      ORDERS[4],
      ORDERS[2],
      REFUNDS[1],
      ORDERS[5],
      ORDERS[1],
    ];
    const summary = await importer(context).importRecords(readJsonLines(jsonLines(shuffled)), { integrationId: 'history' });
    expect(summary).toEqual<OrderImportSummary>({
      records: 10,
      purchases: { imported: 7, alreadyPresent: 0 },
      refunds: { imported: 3, alreadyPresent: 0 },
      rejected: [],
      pointsExpired: 0,
      interrupted: false,
    });
    expect(await outcomes(context)).toEqual(live);
    await expectBalancesMatchLedgers(context);

    const again = await importer(context).importRecords(readJsonLines(jsonLines(shuffled)), { integrationId: 'history' });
    expect(again).toMatchObject({ purchases: { imported: 0, alreadyPresent: 7 }, refunds: { imported: 0, alreadyPresent: 3 } });
    expect(await outcomes(context)).toEqual(live);
  });

  it('imports the same orders and refunds from CSV files (multi-line orders, CRLF) to the same result', async () => {
    const context = await importContext();
    const orders = await importer(context).importRecords(readCsv(text(ordersCsv(ORDERS))), { integrationId: 'history' });
    expect(orders).toMatchObject({ records: 7, purchases: { imported: 7 }, rejected: [] });
    const refunds = await importer(context).importRecords(readCsv(text(refundsCsv(REFUNDS))), { integrationId: 'history' });
    expect(refunds).toMatchObject({ records: 3, refunds: { imported: 3 }, rejected: [] });
    expect(await outcomes(context)).toEqual(live);

    // Re-running both files changes nothing.
    const again = await importer(context).importRecords(readCsv(text(ordersCsv(ORDERS))), { integrationId: 'history' });
    const againRefunds = await importer(context).importRecords(readCsv(text(refundsCsv(REFUNDS))), { integrationId: 'history' });
    expect(again.purchases).toEqual({ imported: 0, alreadyPresent: 7 });
    expect(againRefunds.refunds).toEqual({ imported: 0, alreadyPresent: 3 });
    expect(await outcomes(context)).toEqual(live);
  });

  it('rejects bad records with their line numbers and reasons, writing nothing for them', async () => {
    const context = await importContext();
    const good = ORDERS[6];
    const input = [
      JSON.stringify(good), // 1
      '{"orderId": "BROKEN",', // 2: not JSON
      JSON.stringify({ ...ORDERS[0], orderId: 'BAD-TOTAL', totalFen: 1 }), // 3
      JSON.stringify({ ...ORDERS[0], orderId: 'NO-STORE', storeCode: undefined }), // 4
      '', // 5: blank, ignored
      JSON.stringify({ ...ORDERS[1], orderId: 'NOBODY', member: { phone: '13999999999' } }), // 6: unknown member
      JSON.stringify({ ...good, totalFen: good.totalFen + 100, lines: [line('FR-002', '香水', 1, 60_000)] }), // 7: same orderId, other content
      JSON.stringify({ refundId: 'RF-X', orderId: 'NEVER-SOLD', amountFen: 100, refundedAt: '2025-06-01T00:00:00Z' }), // 8
      JSON.stringify({
        refundId: 'RF-TOO-MUCH',
        orderId: good.orderId,
        amountFen: 99_999_00,
        refundedAt: '2025-06-01T00:00:00Z',
      }), // 9
      '[1, 2]', // 10
    ].join('\n');
    const summary = await importer(context).importRecords(readJsonLines(text(input)), { integrationId: 'history' });
    expect(summary.purchases).toEqual({ imported: 1, alreadyPresent: 0 });
    expect(summary.rejected.map((r) => [r.line, r.id])).toEqual([
      [2, undefined],
      [3, 'BAD-TOTAL'],
      [4, 'NO-STORE'],
      [6, 'NOBODY'],
      [7, 'WEB-C1'],
      [8, 'RF-X'],
      [9, 'RF-TOO-MUCH'],
      [10, undefined],
    ]);
    const reasons = summary.rejected.map((r) => r.reason);
    expect(reasons[0]).toMatch(/not valid JSON/);
    expect(reasons[1]).toMatch(/^totalFen: must equal the sum of the lines \(30000\)/);
    expect(reasons[2]).toMatch(/^storeCode: required for store purchases/);
    expect(reasons[3]).toMatch(/^NOT_FOUND: No member matches/);
    expect(reasons[4]).toMatch(/^IDEMPOTENCY_KEY_REUSED/);
    expect(reasons[5]).toMatch(/^NOT_FOUND: No purchase with order id NEVER-SOLD/);
    expect(reasons[6]).toMatch(/^REFUND_EXCEEDS_PURCHASE: The refund is larger/);
    expect(reasons[7]).toMatch(/must be a JSON object/);

    const db = context.get<Connection>(getConnectionToken());
    expect(await db.collection('purchases').distinct('orderId')).toEqual(['WEB-C1']);
    const purchase = await db.collection('purchases').findOne({ orderId: 'WEB-C1' });
    expect(purchase).toMatchObject({ totalFen: good.totalFen, refunds: [], refundedFen: 0 });
    expect(await db.collection('points_entries').countDocuments()).toBe(1);
    await expectBalancesMatchLedgers(context);
  });

  it('rejects a CSV order whole when one of its rows is bad, and names the rows', async () => {
    const context = await importContext();
    const csv = [
      'orderId,phone,channel,storeCode,paidAt,sku,category,quantity,unitPriceFen,totalFen',
      'POS-1,13800000001,store,S2601,2025-01-05T10:00:00+08:00,SK-001,护肤,1,30000,36900', // 2
      'POS-1,13800000001,store,S2601,2025-01-05T10:00:00+08:00,MK-001,彩妆,1,6900,36900', // 3
      'POS-2,13800000002,store,S2601,2025-01-06T10:00:00+08:00,SK-001,护肤,1,30000,99900', // 4
      'POS-2,13800000002,store,S2601,2025-01-06T10:00:00+08:00,"MK-001,彩妆,1,69900,99900', // 5: unterminated quote
      'POS-3,13800000003,online,,2025-01-07T10:00:00+08:00,SK-001,护肤,one,30000,', // 6
      'POS-4,13800000004,online,,2025-01-08T10:00:00+08:00,"SK-001",护肤,1,30000,', // 7
      'POS-4,13800000004,online,,2025-01-09T10:00:00+08:00,SK-002,护肤,1,30000,', // 8: paidAt differs
      'POS-5,13800000004,online,,2025-01-08T10:00:00+08:00,SK-001,"护肤",2,"30000",', // 9
      'POS-6,,online,,2025-01-08T10:00:00+08:00,SK-001,护肤,1,100,', // 10: no member
      'POS-5,13800000004,online,,2025-01-08T10:00:00+08:00,SK-002,护肤,1,100,', // 11: not consecutive
    ].join('\n');
    const summary = await importer(context).importRecords(readCsv(text(csv)), { integrationId: 'history' });
    expect(summary.records).toBe(7);
    expect(summary.purchases.imported).toBe(2);
    expect(summary.rejected.map((r) => [r.line, r.lastLine, r.id])).toEqual([
      [4, 5, 'POS-2'],
      [6, 6, 'POS-3'],
      [7, 8, 'POS-4'],
      [10, 10, 'POS-6'],
      [11, 11, 'POS-5'],
    ]);
    const reasons = summary.rejected.map((r) => r.reason);
    expect(reasons[0]).toMatch(/line 5: unterminated quoted field/);
    expect(reasons[1]).toMatch(/lines\.0\.quantity/);
    expect(reasons[2]).toMatch(/line 8: paidAt differs from the first row of POS-4 \(line 7\)/);
    expect(reasons[3]).toMatch(/no member/);
    expect(reasons[4]).toMatch(/not consecutive \(it started at line 9\)/);
    const db = context.get<Connection>(getConnectionToken());
    expect((await db.collection('purchases').distinct('orderId')).sort()).toEqual(['POS-1', 'POS-5']);
    expect(await db.collection('purchases').findOne({ orderId: 'POS-1' })).toMatchObject({ totalFen: 36_900 });
  });

  it('refuses a CSV file whose header it cannot read, before importing anything', async () => {
    const context = await importContext();
    await expect(
      importer(context).importRecords(readCsv(text('orderId,phone,colour\nX,1,red')), { integrationId: 'h' }),
    ).rejects.toThrow(/unknown column "colour"/);
    await expect(
      importer(context).importRecords(readCsv(text('orderId,channel,paidAt,sku,category,quantity,unitPriceFen\n')), {
        integrationId: 'h',
      }),
    ).rejects.toThrow(/a column naming the member/);
  });

  it("applies one member's orders in time order while several members' orders run at once", async () => {
    const context = await importContext();
    const records: PurchaseIngestRequest[] = [];
    // 40 orders of member D a few minutes apart on two days, among 60 of the other members, all at 8 at once.
    for (let i = 0; i < 100; i++) {
      const mine = i % 5 < 2;
      const paidAt = new Date(Date.parse('2025-06-01T01:00:00Z') + i * 7 * 60_000).toISOString();
      const phone = mine ? '13800000004' : `1380000000${1 + (i % 3)}`;
      records.push(order(`ORD-${i}`, { phone }, paidAt, [line('SK-001', '护肤', 1, 4_000 + i * 100)]));
    }
    const summary = await importer(context).importRecords(readJsonLines(jsonLines([...records].reverse())), {
      integrationId: 'history',
      concurrency: 8,
    });
    expect(summary.purchases.imported).toBe(100);
    const db = context.get<Connection>(getConnectionToken());
    const member = await db.collection('members').findOne({ memberNo: 'M00000004' });
    // Entry ids grow in the order entries were written: that must be paid-time order.
    const written = await db.collection('points_entries').find({ memberId: member?._id }).sort({ _id: 1 }).toArray();
    expect(written.filter((e) => e.source.type === 'purchase')).toHaveLength(40);
    const times = written.map((e) => e.occurredAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
    let balance = 0;
    for (const entry of written) expect(entry.balanceAfter).toBe((balance += entry.points));
    // Each purchase saw exactly the spend of the member's earlier purchases: its tier is the one that running spend reached.
    const purchases = await db.collection('purchases').find({ memberId: member?._id }).sort({ paidAt: 1 }).toArray();
    let spend = 0;
    const expected = purchases.map((p) => {
      spend += p.totalFen;
      return spend >= 300_000 ? 'gold' : spend >= 50_000 ? 'silver' : 'regular';
    });
    expect(purchases.map((p) => p.outcome.tierCode)).toEqual(expected);
    expect(new Set(expected)).toEqual(new Set(['regular', 'silver', 'gold']));
    await expectBalancesMatchLedgers(context);
  });

  it('expires points at the start of the business day after they lapse, as a daily job would have', async () => {
    const context = await importContext();
    const records = [
      order('OLD', { phone: '13800000003' }, '2025-01-10T12:00:00+08:00', [line('SK-001', '护肤', 1, 10_000)]),
      order('NEW', { phone: '13800000003' }, '2026-01-20T12:00:00+08:00', [line('SK-001', '护肤', 1, 5_000)]),
    ];
    const summary = await importer(context).importRecords(readJsonLines(jsonLines(records)), { integrationId: 'history' });
    expect(summary.pointsExpired).toBe(100);
    const db = context.get<Connection>(getConnectionToken());
    const expired = await db.collection('points_entries').findOne({ kind: 'expire' });
    // Shanghai midnight starting 20 January 2026.
    expect(expired).toMatchObject({ points: -100, occurredAt: new Date('2026-01-19T16:00:00Z') });
    expect(await db.collection('points_accounts').findOne({})).toMatchObject({ balance: 50 });
    const again = await importer(context).importRecords(readJsonLines(jsonLines(records)), { integrationId: 'history' });
    expect(again).toMatchObject({ purchases: { imported: 0, alreadyPresent: 2 }, pointsExpired: 0 });
    await expectBalancesMatchLedgers(context);
  });

  it('refuses to run on the live clock', () => {
    const unused = {} as never;
    expect(
      () =>
        new OrderImportService(
          unused,
          unused,
          unused,
          unused,
          unused,
          new HistoricalClock(),
          new ManualClock(new Date()),
          unused,
        ),
    ).toThrow(/HistoricalClockModule/);
  });
});
