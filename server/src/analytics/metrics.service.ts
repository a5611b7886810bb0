import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { MetricsView } from '@memberloop/shared';
import { Model, Types } from 'mongoose';
import { Clock } from '../common/clock/clock';
import { CouponStore } from '../coupons';
import { PointsStore } from '../points';
import { PurchaseStore } from '../purchases';
import { inScope, scopeStores, type AnalyticsScope } from './analytics-scope';
import { parseDay } from './domain/calendar';
import { countsAsPurchase, storeKeyOf } from './domain/member-facts';
import {
  addCustomerPurchases,
  addLifetimeValue,
  addPoints,
  addWinbackContact,
  metricSet,
  MetricsBreakdown,
  type MetricsPeriod,
} from './domain/period-metrics';
import { ProfileRecomputeService } from './profile-recompute.service';
import { MemberProfile } from './schemas/member-profile.schema';
import { WinbackContact } from './schemas/winback.schema';

type Dims = { tier: string; region?: string; storeCodes: string[] };
type Bought = { day: number; netFen: number; store: string };

/** One metrics request: its scope and period (as brand days and as instants), the counters it fills. */
interface MetricsRun {
  scope: AnalyticsScope;
  period: MetricsPeriod;
  /** The period's first instant and the instant after its last day. */
  from: Date;
  to: Date;
  breakdown: MetricsBreakdown;
  dims: DimensionCache;
}

/**
 * The period metrics, streamed: purchases of the period (and the N days after it, for retention) through
 * the paidAt index, folded per member into compact (day, net, store) tuples; ledger totals grouped per member
 * by the database; win-back contacts with their coupons; acquisition cohorts from the profiles. Purchase
 * figures by store count the purchases made at the store; member figures (points, win-back, lifetime value)
 * count the members of the store. Region and tier are the member's, as of the last recompute.
 */
@Injectable()
export class MetricsService {
  constructor(
    @InjectModel(WinbackContact.name) private readonly contacts: Model<WinbackContact>,
    @InjectModel(MemberProfile.name) private readonly profiles: Model<MemberProfile>,
    private readonly purchases: PurchaseStore,
    private readonly points: PointsStore,
    private readonly coupons: CouponStore,
    private readonly recompute: ProfileRecomputeService,
    private readonly clock: Clock,
  ) {}

  async metrics(scope: AnalyticsScope, query: { from: string; to: string; retentionDays: number }): Promise<MetricsView> {
    const calendar = this.recompute.calendar;
    const period: MetricsPeriod = {
      fromDay: parseDay(query.from),
      toDay: parseDay(query.to),
      retentionDays: query.retentionDays,
      asOfDay: calendar.dayOf(this.clock.now()),
    };
    const run: MetricsRun = {
      scope,
      period,
      from: calendar.startOf(period.fromDay),
      to: calendar.startOf(period.toDay + 1),
      breakdown: new MetricsBreakdown(),
      dims: new DimensionCache(this.profiles),
    };
    await this.addPurchases(run);
    await this.addPointsTotals(run);
    await this.addWinbackContacts(run);
    await this.addAcquiredCustomers(run);
    const { breakdown } = run;
    return {
      from: query.from,
      to: query.to,
      stores: scopeStores(scope),
      overall: metricSet(breakdown.overall, period.retentionDays),
      byStore: breakdown.view('store', period.retentionDays),
      byRegion: breakdown.view('region', period.retentionDays),
      byTier: breakdown.view('tier', period.retentionDays),
    };
  }

  /** Purchases: the period plus the retention days after it, per member and per store bought at. */
  private async addPurchases({ scope, period, from, breakdown, dims }: MetricsRun): Promise<void> {
    const calendar = this.recompute.calendar;
    const bought = new Map<string, Bought[]>();
    const rows = this.purchases.appliedPaidBetween(
      from,
      calendar.startOf(period.toDay + 1 + period.retentionDays),
      scope.kind === 'stores' ? scope.stores : undefined,
    );
    for await (const row of rows) {
      if (!countsAsPurchase(row)) continue;
      const key = row.memberId.toHexString();
      let list = bought.get(key);
      if (!list) bought.set(key, (list = []));
      list.push({ day: calendar.dayOf(row.paidAt), netFen: row.totalFen - row.refundedFen, store: storeKeyOf(row) });
    }
    await dims.load(bought.keys());
    for (const [memberId, list] of bought) {
      const d = await dims.of(memberId);
      for (const counters of breakdown.memberGroups(d.region, d.tier)) addCustomerPurchases(counters, list, period);
      for (const store of new Set(list.map((p) => p.store))) {
        addCustomerPurchases(
          breakdown.group('store', store),
          list.filter((p) => p.store === store),
          period,
        );
      }
    }
  }

  /** Points earned and redeemed in the period, per member. */
  private async addPointsTotals({ scope, from, to, breakdown, dims }: MetricsRun): Promise<void> {
    const pointRows = await this.points.earnedAndRedeemedByMember(from, to);
    await dims.load(pointRows.map((row) => row._id.toHexString()));
    for (const row of pointRows) {
      const d = await dims.of(row._id.toHexString());
      if (!inScope(scope, d.storeCodes)) continue;
      for (const counters of this.memberCounters(breakdown, d, scope)) addPoints(counters, row.earned, row.redeemed);
    }
  }

  /** Win-back contacts of the period and whether their coupon was used. */
  private async addWinbackContacts({ scope, from, to, breakdown }: MetricsRun): Promise<void> {
    const contactFilter: Record<string, unknown> = { contactedAt: { $gte: from, $lt: to }, issued: true };
    if (scope.kind === 'stores') contactFilter.storeCodes = { $in: scope.stores };
    const contacts = await this.contacts.find(contactFilter).lean<WinbackContact[]>();
    const used = new Set<string>();
    for (let i = 0; i < contacts.length; i += 1000) {
      const keys = contacts.slice(i, i + 1000).map((c) => c.issueKey);
      const redeemed = await this.coupons.usedByIssueKeys(keys);
      for (const coupon of redeemed) used.add(coupon.issueKey);
    }
    for (const contact of contacts) {
      const d: Dims = { tier: contact.tier, region: contact.region, storeCodes: contact.storeCodes };
      for (const counters of this.memberCounters(breakdown, d, scope))
        addWinbackContact(counters, contact.stage, used.has(contact.issueKey));
    }
  }

  /** Customers acquired in the period and their net spend to date. */
  private async addAcquiredCustomers({ scope, from, to, breakdown }: MetricsRun): Promise<void> {
    const cohortFilter: Record<string, unknown> = { firstPurchaseAt: { $gte: from, $lt: to } };
    if (scope.kind === 'stores') cohortFilter.storeCodes = { $in: scope.stores };
    const cohort = this.profiles
      .find(cohortFilter, { tier: 1, region: 1, netFen: 1, stores: 1 })
      .lean<MemberProfile>()
      .cursor({ batchSize: 2000 });
    for await (const profile of cohort) {
      for (const counters of breakdown.memberGroups(profile.region, profile.tier)) {
        if (scope.kind === 'all') addLifetimeValue(counters, profile.netFen);
        else addLifetimeValue(counters, sumInScope(profile.stores, scope));
      }
      for (const spend of profile.stores) {
        if (inScope(scope, [spend.store])) addLifetimeValue(breakdown.group('store', spend.store), spend.netFen);
      }
    }
  }

  /** Where a member-level figure goes: overall, region, tier, and each of the member's stores in scope. */
  private memberCounters(breakdown: MetricsBreakdown, d: Dims, scope: AnalyticsScope) {
    return [
      ...breakdown.memberGroups(d.region, d.tier),
      ...d.storeCodes.filter((s) => inScope(scope, [s])).map((s) => breakdown.group('store', s)),
    ];
  }
}

function sumInScope(stores: MemberProfile['stores'], scope: AnalyticsScope): number {
  return stores.filter((s) => inScope(scope, [s.store])).reduce((sum, s) => sum + s.netFen, 0);
}

/** Members' tier, region and stores from their profiles, looked up once each. */
class DimensionCache {
  private readonly cache = new Map<string, Dims>();

  constructor(private readonly profiles: Model<MemberProfile>) {}

  /** Loads many members at once (a thousand per query). */
  async load(memberIds: Iterable<string>): Promise<void> {
    const missing = [...memberIds].filter((id) => !this.cache.has(id));
    for (let i = 0; i < missing.length; i += 1000) {
      const ids = missing.slice(i, i + 1000);
      const profiles = await this.profiles
        .find({ _id: { $in: ids.map((id) => new Types.ObjectId(id)) } }, { tier: 1, region: 1, storeCodes: 1 })
        .lean<Array<Pick<MemberProfile, '_id' | 'tier' | 'region' | 'storeCodes'>>>();
      for (const p of profiles) this.cache.set(p._id.toHexString(), { tier: p.tier, region: p.region, storeCodes: p.storeCodes });
      // Members without a profile (deleted, or not recomputed yet) count as unknown.
      for (const id of ids) if (!this.cache.has(id)) this.cache.set(id, { tier: 'unknown', storeCodes: [] });
    }
  }

  async of(memberId: string): Promise<Dims> {
    if (!this.cache.has(memberId)) await this.load([memberId]);
    return this.cache.get(memberId) as Dims;
  }
}
