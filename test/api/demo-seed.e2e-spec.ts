import { ConfigModule } from '@nestjs/config';
import { getConnectionToken, MongooseModule } from '@nestjs/mongoose';
import { Test, type TestingModule } from '@nestjs/testing';
import type { Connection } from 'mongoose';
import { startTestDatabase, type TestDatabase } from '../../server/test/support/test-database';
import { PersonalDataModule } from '../../server/src/common/crypto/personal-data.module';
import { appConfig } from '../../server/src/config/app-config';
import { HistoricalClockModule } from '../../server/src/import/historical-clock';
import { DemoSeedModule } from '../../server/src/seed/demo-seed.module';
import { DemoSeedService, type DemoSeedOptions } from '../../server/src/seed/demo-seed.service';
import { startApp, type RunningApp } from '../support/app';
import { authorized, loginAs } from '../support/sessions';

// Small: what matters is that every screen has something, at any size.
const OPTIONS: DemoSeedOptions = { members: 30, purchases: 150, months: 6, seed: 5 };

/** The list a screen shows: the one array in the response body. */
async function listOf(response: Response): Promise<unknown[]> {
  expect(response.status).toBe(200);
  const body = (await response.json()) as Record<string, unknown>;
  const lists = Object.values(body).filter(Array.isArray);
  expect(lists).toHaveLength(1);
  return lists[0] as unknown[];
}

describe('the demo seed fills every screen of a member, a manager and HQ', () => {
  let database: TestDatabase;
  let seedContext: TestingModule;
  let running: RunningApp;
  let db: Connection;

  beforeAll(async () => {
    database = await startTestDatabase();
    seedContext = await Test.createTestingModule({
      imports: [
        MongooseModule.forRoot(database.uri, { dbName: database.dbName }),
        ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: [appConfig] }),
        HistoricalClockModule,
        PersonalDataModule,
        DemoSeedModule,
      ],
    }).compile();
    await seedContext.init();
    db = seedContext.get<Connection>(getConnectionToken());
    await Promise.all(Object.values(db.models).map((m) => m.init()));
  }, 60_000);

  afterAll(async () => {
    await running?.close();
    await seedContext?.close();
    await database?.stop();
  });

  const counts = async () => {
    const names = (await db.db!.listCollections().toArray()).map((c) => c.name).sort();
    return Object.fromEntries(
      await Promise.all(names.map(async (name) => [name, await db.collection(name).countDocuments()] as const)),
    );
  };

  it('seeds, and a second run adds nothing', async () => {
    const first = await seedContext.get(DemoSeedService).seed(OPTIONS);
    expect(first.orders.rejected).toEqual([]);
    expect(first.engagement).toMatchObject({ memberLogin: 'demo-member' });
    const before = await counts();
    await seedContext.get(DemoSeedService).seed(OPTIONS);
    expect(await counts()).toEqual(before);
  }, 120_000);

  it('shows a member, a manager and HQ full screens through the API', async () => {
    const url = new URL(database.uri);
    url.pathname = `/${database.dbName}`;
    running = await startApp({ MONGODB_URI: url.toString() });

    const member = authorized(running, (await loginAs(running, 'demo-member')).accessToken);
    expect((await listOf(await member('/api/v1/gifts'))).length).toBeGreaterThan(0);
    expect((await listOf(await member('/api/v1/coupons/claimable'))).length).toBeGreaterThan(0);
    expect((await listOf(await member('/api/v1/me/coupons?status=available'))).length).toBeGreaterThan(0);
    expect((await listOf(await member('/api/v1/group-buys/deals'))).length).toBe(2);
    expect((await listOf(await member('/api/v1/assist-campaigns'))).length).toBeGreaterThan(0);
    const communities = (await listOf(await member('/api/v1/communities'))) as Array<{ id: string }>;
    expect(communities.length).toBeGreaterThan(0);
    expect((await listOf(await member(`/api/v1/communities/${communities[0].id}/announcements`))).length).toBeGreaterThan(0);
    expect((await listOf(await member('/api/v1/activities?joined=true'))).length).toBeGreaterThan(0);
    expect((await listOf(await member('/api/v1/me/activities'))).length).toBeGreaterThan(0);
    expect((await listOf(await member('/api/v1/posts'))).length).toBeGreaterThan(0);
    const referral = (await (await member('/api/v1/me/referral')).json()) as { invitations: unknown[] };
    expect(referral.invitations).toHaveLength(3);
    const program = (await (await member('/api/v1/program')).json()) as {
      tiers: Array<{ benefits: { couponTemplateIds?: string[] } }>;
    };
    expect(program.tiers.slice(1).every((t) => (t.benefits.couponTemplateIds ?? []).length > 0)).toBe(true);

    const friend = authorized(running, (await loginAs(running, 'demo-friend-1')).accessToken);
    expect((await listOf(await friend('/api/v1/me/group-buys'))).length).toBeGreaterThan(0);
    expect((await listOf(await friend('/api/v1/me/assists'))).length).toBeGreaterThan(0);

    const manager = authorized(running, (await loginAs(running, 'demo-manager-shanghai')).accessToken);
    const managed = (await listOf(await manager('/api/v1/staff/communities'))) as Array<{ id: string }>;
    expect(managed.length).toBeGreaterThan(0);
    const activities = (await listOf(await manager(`/api/v1/staff/communities/${managed[0].id}/activities`))) as Array<{
      id: string;
    }>;
    expect(activities.length).toBe(2);
    expect((await listOf(await manager(`/api/v1/staff/activities/${activities[0].id}/sign-ups`))).length).toBeGreaterThan(0);
    expect((await listOf(await manager(`/api/v1/staff/communities/${managed[0].id}/announcements`))).length).toBeGreaterThan(0);
    expect((await listOf(await manager('/api/v1/staff/posts?status=approved'))).length).toBeGreaterThan(0);
    expect((await listOf(await manager('/api/v1/staff/group-buy-deals'))).length).toBeGreaterThan(0);

    const hq = authorized(running, (await loginAs(running, 'demo-hq')).accessToken);
    expect((await listOf(await hq('/api/v1/staff/communities'))).length).toBe(3);
    expect((await listOf(await hq('/api/v1/staff/posts?status=pending'))).length).toBeGreaterThan(0);
    expect((await listOf(await hq('/api/v1/staff/posts?status=approved'))).length).toBeGreaterThan(0);
  }, 60_000);
});
