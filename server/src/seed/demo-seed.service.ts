import { Inject, Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { StaffRoleStore } from '../staff';
import { ProductStore } from '../catalogue';
import { AppError } from '../common/errors/app-error';
import { HistoricalClock } from '../import';
import { runKeyedInOrder } from '../import';
import { OrderImportService, type OrderImportSummary } from '../import';
import { MembersService, MemberStore } from '../members';
import { StoreDirectory } from '../stores';
import { fakeOpenid, fakeUnionid } from '../wechat/fake/fake-wechat-identities';
import { wechatConfig, type WechatConfig } from '../wechat/wechat.config';
import { generateDemoBrand, type DemoMember, type DemoPurchase } from './demo-brand';
import { DEMO_PRODUCTS } from './demo-catalogue';
import { demoImportRecords } from './demo-import-records';
import { DemoEngagementService, type DemoEngagementSummary } from './demo-engagement.service';
import { DEMO_STAFF } from './demo-staff';
import { demoStoreEntries } from './demo-store-positions';
import { DemoSeedRun } from './schemas/demo-seed-run.schema';

export interface DemoSeedOptions {
  members: number;
  /** Roughly how many purchases (the generator's habits decide the exact number). */
  purchases: number;
  months: number;
  seed: number;
  /** Where the history ends on the first run (default: now); later runs keep the first run's. */
  until?: Date;
  concurrency?: number;
  onProgress?: (phase: 'members' | 'orders', done: number, total: number) => void;
  signal?: AbortSignal;
}

export interface DemoSeedSummary {
  until: Date;
  members: { created: number; alreadyPresent: number };
  staff: { created: number; alreadyPresent: number; logins: string[] } | { skipped: string };
  /** The product catalogue of the SKUs the purchases name, so members see products by name. */
  products: { created: number; alreadyPresent: number };
  orders: OrderImportSummary;
  /** What fills the screens beyond the history: HQ's catalogue, communities, deals, the demo member. */
  engagement: DemoEngagementSummary | { skipped: string };
  /** Every member in the database by tier, after the seed. */
  tiers: Record<string, number>;
}

const RUN_ID = 'demo-brand';
const DAY = 86_400_000;

/**
 * Fills the database with the demo brand: members registered through MembersService, their purchases and
 * refunds through the order import (so through the live ingest, each at its own time), and a few staff.
 * Deterministic from its options, and idempotent: a second run finds everything there and adds nothing.
 */
@Injectable()
export class DemoSeedService {
  constructor(
    private readonly members: MembersService,
    private readonly importer: OrderImportService,
    private readonly clock: HistoricalClock,
    @InjectModel(DemoSeedRun.name) private readonly runs: Model<DemoSeedRun>,
    private readonly staffRoles: StaffRoleStore,
    private readonly memberStore: MemberStore,
    @Inject(wechatConfig.KEY) private readonly wechat: WechatConfig,
    private readonly engagement: DemoEngagementService,
    private readonly catalogue: ProductStore,
    private readonly storeDirectory: StoreDirectory,
  ) {}

  async seed(options: DemoSeedOptions): Promise<DemoSeedSummary> {
    const until = await this.historyEnd(options);
    const members: DemoMember[] = [];
    const purchases: DemoPurchase[] = [];
    const brand = { members: options.members, purchases: options.purchases, months: options.months, seed: options.seed, until };
    for (const item of generateDemoBrand(brand)) {
      if (item.kind === 'member') members.push(item.member);
      else purchases.push(item.purchase);
    }
    const concurrency = options.concurrency ?? 8;
    const registered = await this.registerMembers(members, concurrency, options);
    const staff = await this.registerStaff(new Date(until.getTime() - options.months * 30 * DAY));
    const products = await this.catalogue.addMissing(DEMO_PRODUCTS, new Date(until.getTime() - options.months * 30 * DAY));
    await this.storeDirectory.addMissing(demoStoreEntries(), new Date(until.getTime() - options.months * 30 * DAY));
    // Templates and the ladder's upgrade bundles first: members who move up in the history receive their bundle.
    const templates = await this.engagement.catalogue();
    const orders = options.signal?.aborted
      ? emptySummary()
      : await this.importer.importRecords(demoImportRecords(members, purchases), {
          integrationId: 'demo-seed',
          concurrency,
          signal: options.signal,
          onProgress: (done, total) => options.onProgress?.('orders', done, total),
        });
    const engagement =
      orders.interrupted || options.signal?.aborted
        ? { skipped: 'interrupted' }
        : await this.engagement.engage(templates, regularsOf(members, purchases), until);
    return { until, members: registered, staff, products, orders, engagement, tiers: await this.tierCounts() };
  }

  /** The first run fixes where the history ends; a run with other options would make another brand. */
  private async historyEnd(options: DemoSeedOptions): Promise<Date> {
    const wanted = { seed: options.seed, members: options.members, purchases: options.purchases, months: options.months };
    let run = await this.runs.findById(RUN_ID).lean();
    if (!run) {
      const until = options.until ?? new Date(Math.floor(Date.now() / 60_000) * 60_000);
      await this.runs.create({ _id: RUN_ID, ...wanted, until }).catch((error: { code?: number }) => {
        if (error.code !== 11000) throw error;
      });
      run = await this.runs.findById(RUN_ID).lean().orFail();
    }
    const sameBrand =
      run.seed === wanted.seed &&
      run.members === wanted.members &&
      run.purchases === wanted.purchases &&
      run.months === wanted.months &&
      (!options.until || options.until.getTime() === run.until.getTime());
    if (!sameBrand) {
      throw new AppError(
        'CONFLICT',
        `This database already holds the demo brand made with --members ${run.members} --purchases ${run.purchases} ` +
          `--months ${run.months} --seed ${run.seed} (history until ${run.until.toISOString()}): other options would make ` +
          'another brand on top of it. Run with those options, or seed an empty database (another DATA_DIR).',
      );
    }
    return run.until;
  }

  private async registerMembers(
    members: DemoMember[],
    concurrency: number,
    options: DemoSeedOptions,
  ): Promise<DemoSeedSummary['members']> {
    const counts = { created: 0, alreadyPresent: 0 };
    // In the order they joined, so member numbers follow the history.
    const byJoining = [...members].sort((a, b) => a.registeredAt.getTime() - b.registeredAt.getTime());
    let done = 0;
    options.onProgress?.('members', 0, byJoining.length);
    await runKeyedInOrder(
      byJoining,
      (m) => m.phone,
      concurrency,
      async (m) => {
        if (await this.members.resolve({ phone: m.phone })) counts.alreadyPresent += 1;
        else {
          try {
            await this.clock.runAt(m.registeredAt, () =>
              this.members.register({
                phone: m.phone,
                nickname: m.name,
                birthday: m.birthday,
                region: m.region,
                city: m.city,
                registeredAt: m.registeredAt,
              }),
            );
            counts.created += 1;
          } catch (error) {
            // Registered meanwhile by another run: the phone is taken by this very member.
            if (!(error instanceof AppError && error.code === 'CONFLICT' && (await this.members.resolve({ phone: m.phone }))))
              throw error;
            counts.alreadyPresent += 1;
          }
        }
        options.onProgress?.('members', ++done, byJoining.length);
      },
      options.signal,
    );
    return counts;
  }

  /** Staff are members with a role; they sign in through the local WeChat fake as `dev:<login>`. */
  private async registerStaff(joinedAt: Date): Promise<DemoSeedSummary['staff']> {
    if (this.wechat.apiBase)
      return { skipped: 'WeChat is the real one (WECHAT_API_BASE): demo staff can only sign in through the local fake' };
    const counts = { created: 0, alreadyPresent: 0, logins: [] as string[] };
    for (const staff of DEMO_STAFF) {
      const openid = fakeOpenid(this.wechat.appId, staff.login);
      const member =
        (await this.members.findByOpenid(openid)) ??
        (await this.clock.runAt(joinedAt, () =>
          this.members.register({ openid, unionid: fakeUnionid(staff.login), nickname: staff.nickname, registeredAt: joinedAt }),
        ));
      const created = await this.staffRoles.createRoleIfAbsent(member._id, staff.role, staff.storeIds);
      if (created) counts.created += 1;
      else counts.alreadyPresent += 1;
      counts.logins.push(
        `dev:${staff.login} (${staff.role}${staff.storeIds.length > 0 ? ` of ${staff.storeIds.join(', ')}` : ''})`,
      );
    }
    return counts;
  }

  private tierCounts(): Promise<Record<string, number>> {
    return this.memberStore.activeCountsByTier();
  }
}

/** The members who bought most: the demo's communities, posts and sign-ups are theirs (at most 24). */
function regularsOf(members: DemoMember[], purchases: DemoPurchase[]): string[] {
  const counts = new Map<string, number>();
  for (const p of purchases) counts.set(p.memberNo, (counts.get(p.memberNo) ?? 0) + 1);
  return [...members]
    .sort((a, b) => (counts.get(b.memberNo) ?? 0) - (counts.get(a.memberNo) ?? 0) || a.memberNo.localeCompare(b.memberNo))
    .slice(0, 24)
    .map((m) => m.phone);
}

function emptySummary(): OrderImportSummary {
  return {
    records: 0,
    purchases: { imported: 0, alreadyPresent: 0 },
    refunds: { imported: 0, alreadyPresent: 0 },
    rejected: [],
    pointsExpired: 0,
    interrupted: true,
  };
}
