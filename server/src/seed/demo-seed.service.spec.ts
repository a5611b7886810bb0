import { ConfigModule } from '@nestjs/config';
import { getConnectionToken, MongooseModule } from '@nestjs/mongoose';
import { Test, type TestingModule } from '@nestjs/testing';
import type { Connection } from 'mongoose';
import { startTestDatabase, type TestDatabase } from '../../test/support/test-database';
import { PersonalDataModule } from '../common/crypto/personal-data.module';
import { appConfig } from '../config/app-config';
import { HistoricalClockModule } from '../import/historical-clock';
import { generateDemoBrand } from './demo-brand';
import { DEMO_PRODUCTS } from './demo-catalogue';
import { DemoSeedModule } from './demo-seed.module';
import { DemoSeedService, type DemoSeedOptions } from './demo-seed.service';

const OPTIONS: DemoSeedOptions = { members: 50, purchases: 300, months: 18, seed: 11, until: new Date('2026-05-01T00:00:00Z') };

describe('DemoSeedService (against the database)', () => {
  let database: TestDatabase;
  let context: TestingModule;
  let db: Connection;

  beforeAll(async () => {
    database = await startTestDatabase();
    context = await Test.createTestingModule({
      imports: [
        MongooseModule.forRoot(database.uri, { dbName: database.dbName }),
        ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: [appConfig] }),
        HistoricalClockModule,
        PersonalDataModule,
        DemoSeedModule,
      ],
    }).compile();
    await context.init();
    db = context.get<Connection>(getConnectionToken());
    await Promise.all(Object.values(db.models).map((m) => m.init()));
  });

  afterAll(async () => {
    await db?.dropDatabase();
    await context?.close();
    await database?.stop();
  });

  const counts = async () =>
    Object.fromEntries(
      await Promise.all(
        ['members', 'purchases', 'points_entries', 'points_lots', 'tier_changes', 'staff_roles'].map(
          async (name) => [name, await db.collection(name).countDocuments()] as const,
        ),
      ),
    );

  it('seeds a small brand whose ledgers add up, and a second run adds nothing', async () => {
    const generated = [...generateDemoBrand({ ...OPTIONS, until: OPTIONS.until as Date })];
    const purchases = generated.flatMap((g) => (g.kind === 'purchase' ? [g.purchase] : []));
    const refunds = purchases.filter((p) => p.refund).length;

    const first = await context.get(DemoSeedService).seed(OPTIONS);
    expect(first.members).toEqual({ created: 50, alreadyPresent: 0 });
    expect(first.staff).toMatchObject({ created: 4, alreadyPresent: 0 });
    // Every SKU the purchases name is in the catalogue, by name.
    expect(first.products).toEqual({ created: DEMO_PRODUCTS.length, alreadyPresent: 0 });
    const skus = new Set(purchases.flatMap((p) => p.lines.map((l) => l.sku)));
    expect(await db.collection('products').countDocuments({ sku: { $in: [...skus] }, status: 'active' })).toBe(skus.size);
    expect(first.orders).toMatchObject({
      purchases: { imported: purchases.length, alreadyPresent: 0 },
      refunds: { imported: refunds, alreadyPresent: 0 },
      rejected: [],
      interrupted: false,
    });
    expect(first.orders.pointsExpired).toBeGreaterThan(0); // 18 months of history, points valid for 12

    // Each member's balance is the sum of their ledger, and what they earned is what their earn entries say.
    const ledgers = await db
      .collection('points_entries')
      .aggregate<{ _id: unknown; total: number; earned: number }>([
        {
          $group: {
            _id: '$memberId',
            total: { $sum: '$points' },
            earned: { $sum: { $cond: [{ $eq: ['$kind', 'earn'] }, '$points', 0] } },
          },
        },
      ])
      .toArray();
    const accounts = await db.collection('points_accounts').find({}).toArray();
    expect(accounts.length).toBe(ledgers.length);
    for (const account of accounts) {
      const ledger = ledgers.find((l) => String(l._id) === String(account._id));
      expect({ balance: account.balance, lifetimeEarned: account.lifetimeEarned }).toEqual({
        balance: ledger?.total,
        lifetimeEarned: ledger?.earned,
      });
    }
    expect(await db.collection('purchases').countDocuments({ status: { $ne: 'applied' } })).toBe(0);
    // Every member above the entry tier got there through a recorded upgrade.
    for (const member of await db
      .collection('members')
      .find({ 'tier.code': { $ne: 'regular' } })
      .toArray()) {
      const last = await db.collection('tier_changes').find({ memberId: member._id }).sort({ at: -1 }).limit(1).next();
      expect(last?.to).toBe(member.tier.code);
    }

    const before = await counts();
    const second = await context.get(DemoSeedService).seed(OPTIONS);
    expect(second.members).toEqual({ created: 0, alreadyPresent: 50 });
    expect(second.staff).toMatchObject({ created: 0, alreadyPresent: 4 });
    expect(second.products).toEqual({ created: 0, alreadyPresent: DEMO_PRODUCTS.length });
    expect(second.orders).toMatchObject({
      purchases: { imported: 0, alreadyPresent: purchases.length },
      refunds: { imported: 0, alreadyPresent: refunds },
      rejected: [],
      pointsExpired: 0,
    });
    expect(await counts()).toEqual(before);
  }, 60_000);

  it('refuses to lay another brand over the one already seeded', async () => {
    await expect(context.get(DemoSeedService).seed({ ...OPTIONS, members: 60 })).rejects.toMatchObject({ code: 'CONFLICT' });
  });
});
