import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import {
  MEMBER_STAGES,
  RFM_SEGMENTS,
  type ChurnRiskList,
  type DashboardQuery,
  type DashboardView,
  type MemberAnalyticsView,
} from '@memberloop/shared';
import { Model } from 'mongoose';
import { AppError } from '../common/errors/app-error';
import type { Principal } from '../common/auth/principal';
import { MemberStore } from '../members';
import { PurchaseStore } from '../purchases';
import { AnalyticsSettingsService } from './analytics-settings.service';
import { AnalyticsStateStore } from './analytics-state.store';
import { inScope, scopeStores, type AnalyticsScope } from './analytics-scope';
import { dayString, parseDay, weekStart } from './domain/calendar';
import { toCsv } from '../common/csv/csv';
import { sumCombinations, type StoreCombination } from './domain/distribution-rollup';
import { SalesRollup, salesSeries, type MonthlySalesRow } from './domain/sales-rollup';
import { ProfileRecomputeService, RECOMPUTE_KEY, type RecomputeRecord } from './profile-recompute.service';
import { MemberDistribution, MonthlySales } from './schemas/analytics-state.schema';
import { MemberProfile } from './schemas/member-profile.schema';

const CHURN_LEVELS = ['low', 'medium', 'high'];

/** The manager and HQ screens: distributions, purchase series, a member's analytics, churn warnings, CSV. */
@Injectable()
export class DashboardService {
  constructor(
    @InjectModel(MemberDistribution.name) private readonly distributions: Model<MemberDistribution>,
    @InjectModel(MonthlySales.name) private readonly sales: Model<MonthlySales>,
    @InjectModel(MemberProfile.name) private readonly profiles: Model<MemberProfile>,
    private readonly recompute: ProfileRecomputeService,
    private readonly settings: AnalyticsSettingsService,
    private readonly state: AnalyticsStateStore,
    private readonly purchases: PurchaseStore,
    private readonly members: MemberStore,
  ) {}

  /**
   * Distributions as of the last full recompute (summed over the store combinations in scope); purchases per
   * day or week from the sales roll-up for days before that recompute and live from the purchases after it.
   */
  async dashboard(scope: AnalyticsScope, query: Pick<DashboardQuery, 'from' | 'to' | 'granularity'>): Promise<DashboardView> {
    const record = await this.state.get<RecomputeRecord>(RECOMPUTE_KEY);
    const combos = record ? await this.distributions.find({ generation: record.generation }).lean<StoreCombination[]>() : [];
    const counts = sumCombinations(combos, (stores) => inScope(scope, stores));
    const fromDay = parseDay(query.from);
    const toDay = parseDay(query.to);
    const liveFrom = record ? parseDay(record.asOfDay) : fromDay;
    const rows = await this.salesRows(fromDay, toDay, liveFrom, scope);
    const periodOf = query.granularity === 'week' ? weekStart : (day: number) => day;
    const series = salesSeries(rows, fromDay, toDay, periodOf, (store) => inScope(scope, [store]));
    return {
      asOf: record?.asOf ?? null,
      stores: scopeStores(scope),
      members: counts.members,
      membersByTier: ordered(counts.tier),
      membersByStage: ordered(counts.stage, MEMBER_STAGES),
      membersBySegment: ordered(counts.segment, RFM_SEGMENTS),
      membersByChurnRisk: ordered(counts.churn, CHURN_LEVELS),
      purchases: series.map((p) => ({ period: dayString(p.period), orders: p.orders, netFen: p.netFen })),
    };
  }

  async dashboardCsv(scope: AnalyticsScope, query: Pick<DashboardQuery, 'from' | 'to' | 'granularity'>): Promise<string> {
    const view = await this.dashboard(scope, query);
    const rows: Array<[string, string, number]> = [['members', 'all', view.members]];
    for (const [figure, counts] of [
      ['members by tier', view.membersByTier],
      ['members by stage', view.membersByStage],
      ['members by segment', view.membersBySegment],
      ['members by churn risk', view.membersByChurnRisk],
    ] as const) {
      for (const c of counts) rows.push([figure, c.key, c.count]);
    }
    for (const p of view.purchases) {
      rows.push([`orders per ${query.granularity}`, p.period, p.orders]);
      rows.push([`net sales (fen) per ${query.granularity}`, p.period, p.netFen]);
    }
    return toCsv(['figure', 'key', 'value'], rows);
  }

  /** A member's stage, RFM and churn risk computed now; managers only for members of their stores. */
  async member(principal: Principal, memberNo: string): Promise<MemberAnalyticsView> {
    const member = await this.members.activeStoresByMemberNo(memberNo);
    const visible =
      member &&
      principal.kind === 'staff' &&
      (principal.role === 'hq' || (member.storeCodes ?? []).some((s) => principal.storeIds.includes(s)));
    // Outside a manager's stores a member is reported as not found: their existence is not disclosed.
    if (!member || !visible) throw new AppError('NOT_FOUND', `No member ${memberNo} in your stores.`);
    const computed = await this.recompute.computeMember(member._id);
    if (!computed) throw new AppError('NOT_FOUND', `No member ${memberNo}.`);
    const { analysis, facts } = computed;
    const settings = await this.settings.get();
    return {
      memberNo,
      asOf: this.recompute.calendar.startOf(computed.asOfDay).toISOString(),
      stage: analysis.stage,
      contactPolicy: settings.lifecycle.contactPolicies[analysis.stage],
      orders: facts?.orders ?? 0,
      netFen: facts?.netFen ?? 0,
      ...(facts
        ? { firstPurchaseAt: new Date(facts.firstAt).toISOString(), lastPurchaseAt: new Date(facts.lastAt).toISOString() }
        : {}),
      rfm: analysis.rfm,
      churn: analysis.churn,
    };
  }

  /** Members at or above a churn level, riskiest first. */
  async churnRisks(scope: AnalyticsScope, level: 'medium' | 'high', limit: number): Promise<ChurnRiskList> {
    const settings = await this.settings.get();
    const from = level === 'high' ? settings.churn.highFrom : settings.churn.mediumFrom;
    const filter: Record<string, unknown> = { churnScore: { $gte: from } };
    if (scope.kind === 'stores') filter.storeCodes = { $in: scope.stores };
    const profiles = await this.profiles.find(filter).sort({ churnScore: -1, _id: 1 }).limit(limit).lean<MemberProfile[]>();
    return {
      members: profiles
        .filter((p) => p.lastPurchaseAt && p.churnScore !== undefined && p.churnLevel)
        .map((p) => ({
          memberNo: p.memberNo,
          stage: p.stage,
          segment: p.segment ?? null,
          churn: {
            score: p.churnScore as number,
            level: p.churnLevel as 'low' | 'medium' | 'high',
            intervalRatio: p.intervalRatio ?? 0,
            basketChange: p.basketChange ?? null,
          },
          lastPurchaseAt: (p.lastPurchaseAt as Date).toISOString(),
        })),
    };
  }

  /** Roll-up rows for the days before `liveFrom`, and rows computed from the purchases from it on. */
  private async salesRows(fromDay: number, toDay: number, liveFrom: number, scope: AnalyticsScope): Promise<MonthlySalesRow[]> {
    const months: string[] = [];
    for (let day = fromDay; day <= toDay; day++) {
      const month = dayString(day).slice(0, 7);
      if (months[months.length - 1] !== month) months.push(month);
    }
    const filter: Record<string, unknown> = { month: { $in: months } };
    if (scope.kind === 'stores') filter.store = { $in: scope.stores };
    const stored = (await this.sales.find(filter).lean<MonthlySalesRow[]>()).map((row) => ({
      ...row,
      days: Object.fromEntries(
        Object.entries(row.days).filter(([dom]) => parseDay(`${row.month}-${dom}`) < liveFrom),
      ) as MonthlySalesRow['days'],
    }));
    if (liveFrom > toDay) return stored;
    const live = new SalesRollup(this.recompute.calendar);
    const purchases = this.purchases.appliedPaidBetween(
      this.recompute.calendar.startOf(Math.max(liveFrom, fromDay)),
      this.recompute.calendar.startOf(toDay + 1),
      scope.kind === 'stores' ? scope.stores : undefined,
    );
    for await (const row of purchases) live.add(row);
    return [...stored, ...live.result()];
  }
}

/** Counts as a list: in the given order (with zeros) when there is one, else by key. */
function ordered(counts: Record<string, number>, order?: readonly string[]): Array<{ key: string; count: number }> {
  const keys = order ?? Object.keys(counts).sort();
  return keys.map((key) => ({ key, count: counts[key] ?? 0 }));
}
