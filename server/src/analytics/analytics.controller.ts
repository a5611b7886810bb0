import { Controller, Headers, Res } from '@nestjs/common';
import {
  createWinbackRule,
  dryRunWinbackRule,
  exportAnalyticsDashboard,
  getAnalyticsDashboard,
  getAnalyticsMetrics,
  getAnalyticsSettings,
  getLatestAnalyticsRecompute,
  startAnalyticsRecompute,
  type AnalyticsRecomputeStart,
  type AnalyticsRecomputeView,
  getMemberAnalytics,
  getStageMigration,
  listChurnRisks,
  listWinbackRules,
  runWinbackRule,
  sendSegmentCoupon,
  type SegmentAudience,
  type SegmentCouponSendResult,
  updateAnalyticsSettings,
  updateWinbackRule,
  type AnalyticsSettings,
  type ChurnRiskList,
  type DashboardQuery,
  type DashboardView,
  type MemberAnalyticsView,
  type MetricsQuery,
  type MetricsView,
  type StageMigrationView,
  type WinbackDryRun,
  type WinbackRuleInput,
  type WinbackRuleView,
  type WinbackRunResult,
} from '@memberloop/shared';
import type { FastifyReply } from 'fastify';
import { Types } from 'mongoose';
import { CurrentPrincipal } from '../common/auth/access.guard';
import type { Principal } from '../common/auth/principal';
import { ContractBody, ContractParams, ContractQuery, Endpoint } from '../common/contract';
import { Idempotent } from '../common/idempotency';
import { analyticsScopeOf } from './analytics-scope';
import { AnalyticsSettingsService } from './analytics-settings.service';
import { DashboardService } from './dashboard.service';
import { MetricsService } from './metrics.service';
import { MigrationService } from './migration.service';
import { RecomputeRunsService } from './recompute-runs.service';
import { SegmentCouponSendsService } from './segment-coupon-sends.service';
import { WinbackService } from './winback.service';

/** The CRM analytics of the manager and HQ screens; HQ's settings and win-back rules. */
@Controller()
export class AnalyticsController {
  constructor(
    private readonly dashboards: DashboardService,
    private readonly metricsService: MetricsService,
    private readonly migrations: MigrationService,
    private readonly winback: WinbackService,
    private readonly settings: AnalyticsSettingsService,
    private readonly segmentSends: SegmentCouponSendsService,
    private readonly recomputes: RecomputeRunsService,
  ) {}

  /** Audited by the interceptor (a staff write); the run goes on in the background. */
  @Endpoint(startAnalyticsRecompute)
  startRecompute(@CurrentPrincipal() principal: Principal): Promise<AnalyticsRecomputeStart> {
    return this.recomputes.start(principal.kind === 'staff' ? principal.memberId : 'hq');
  }

  @Endpoint(getLatestAnalyticsRecompute)
  async latestRecompute(): Promise<{ run: AnalyticsRecomputeView | null }> {
    return { run: await this.recomputes.latest() };
  }

  @Endpoint(getMemberAnalytics)
  member(@CurrentPrincipal() principal: Principal, @ContractParams() params: { memberNo: string }): Promise<MemberAnalyticsView> {
    return this.dashboards.member(principal, params.memberNo);
  }

  @Endpoint(getAnalyticsDashboard)
  dashboard(@CurrentPrincipal() principal: Principal, @ContractQuery() query: DashboardQuery): Promise<DashboardView> {
    return this.dashboards.dashboard(analyticsScopeOf(principal, query.storeCode), query);
  }

  /** A file, not JSON: the contract's response is the CSV text, sent as text/csv for download. */
  @Endpoint(exportAnalyticsDashboard)
  async dashboardCsv(
    @CurrentPrincipal() principal: Principal,
    @ContractQuery() query: DashboardQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const csv = await this.dashboards.dashboardCsv(analyticsScopeOf(principal, query.storeCode), query);
    reply.header('content-type', 'text/csv; charset=utf-8');
    reply.header('content-disposition', `attachment; filename="dashboard-${query.from}-${query.to}.csv"`);
    return csv;
  }

  @Endpoint(getAnalyticsMetrics)
  metrics(@CurrentPrincipal() principal: Principal, @ContractQuery() query: MetricsQuery): Promise<MetricsView> {
    return this.metricsService.metrics(analyticsScopeOf(principal, query.storeCode), query);
  }

  @Endpoint(getStageMigration)
  migration(
    @CurrentPrincipal() principal: Principal,
    @ContractQuery() query: { from: string; to: string; storeCode?: string },
  ): Promise<StageMigrationView> {
    return this.migrations.migration(analyticsScopeOf(principal, query.storeCode), query.from, query.to);
  }

  @Endpoint(listChurnRisks)
  churnRisks(
    @CurrentPrincipal() principal: Principal,
    @ContractQuery() query: { level: 'medium' | 'high'; limit: number; storeCode?: string },
  ): Promise<ChurnRiskList> {
    return this.dashboards.churnRisks(analyticsScopeOf(principal, query.storeCode), query.level, query.limit);
  }

  @Endpoint(getAnalyticsSettings)
  getSettings(): Promise<AnalyticsSettings> {
    return this.settings.get();
  }

  @Endpoint(updateAnalyticsSettings)
  updateSettings(@ContractBody() body: AnalyticsSettings): Promise<AnalyticsSettings> {
    return this.settings.update(body);
  }

  @Endpoint(listWinbackRules)
  async rules(): Promise<{ rules: WinbackRuleView[] }> {
    return { rules: await this.winback.list() };
  }

  @Endpoint(createWinbackRule)
  createRule(@ContractBody() body: WinbackRuleInput): Promise<WinbackRuleView> {
    return this.winback.create(body);
  }

  @Endpoint(updateWinbackRule)
  updateRule(@ContractParams() params: { ruleId: string }, @ContractBody() body: WinbackRuleInput): Promise<WinbackRuleView> {
    return this.winback.update(new Types.ObjectId(params.ruleId), body);
  }

  @Endpoint(dryRunWinbackRule)
  dryRun(@ContractParams() params: { ruleId: string }, @ContractQuery() query: { limit: number }): Promise<WinbackDryRun> {
    return this.winback.dryRun(new Types.ObjectId(params.ruleId), query.limit);
  }

  @Endpoint(runWinbackRule)
  run(@ContractParams() params: { ruleId: string }): Promise<WinbackRunResult> {
    return this.winback.run(new Types.ObjectId(params.ruleId));
  }

  @Endpoint(sendSegmentCoupon)
  @Idempotent('sends', 'optional')
  sendToSegment(
    @CurrentPrincipal() principal: Principal,
    @ContractBody() body: { templateId: string; audience: SegmentAudience; dryRun: boolean },
    @Headers('idempotency-key') key: string | undefined,
  ): Promise<SegmentCouponSendResult> {
    return this.segmentSends.send(principal, body, key);
  }
}
