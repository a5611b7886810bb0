import { useEffect, useRef, useState } from 'react';
import { Button, Picker, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import {
  formatFen,
  getAnalyticsDashboard,
  getLatestAnalyticsRecompute,
  startAnalyticsRecompute,
  type AnalyticsRecomputeView,
  getCommunityFigures,
  getProgramOverview,
  listStaffCommunities,
  type CommunityFigures,
  type DashboardView,
  type StaffCommunityView,
} from '@memberloop/shared';
import { Empty, Screen, Section } from '../../components/Screen';
import { Tabs } from '../../components/Tabs';
import { useAction } from '../../hooks/use-action';
import { useRemote } from '../../hooks/use-remote';
import { callEndpoint } from '../../services/api-client';
import { loadBrandTimeZone } from '../../services/brand-time-zone';
import { dateTimeText } from '../../services/date-text';
import { callAsMember, staffRoleOfSession } from '../../services/session';
import { BarChart, ColumnChart, DonutChart, RateGauge } from './charts';
import { SEGMENT_LABEL, STAGE_LABEL, churnDistribution, dashboardPeriod, distribution, purchaseColumns } from './chart-data';
import { saveDashboardCsv } from './dashboard-export';
import {
  RECOMPUTE_POLL_MS,
  dashboardCsvName,
  recomputeActive,
  recomputeFailureText,
  recomputeProgress,
} from './dashboard-recompute';
import { DASHBOARD_TEXT as T } from './dashboard-text';
import './manager.css';
import './dashboard.css';

type Days = '7' | '30' | '90';
const PERIODS = T.periods;

interface DashboardData {
  days: Days;
  period: { from: string; to: string; granularity: 'day' | 'week' };
  dashboard: DashboardView;
  tierNames: Map<string, string>;
  communities: StaffCommunityView[];
  community?: StaffCommunityView;
  figures?: CommunityFigures;
}

/** A community's own figures: members, active members, and its sign-up and attendance rates as gauges. */
function CommunityFiguresSection({
  data,
  onPick,
}: {
  data: Required<Pick<DashboardData, 'community' | 'figures'>> & Pick<DashboardData, 'communities'>;
  onPick: (communityId: string) => void;
}) {
  const { community, figures, communities } = data;
  const index = Math.max(
    0,
    communities.findIndex((c) => c.id === community.id),
  );
  return (
    <Section
      title={T.communityActivities}
      extra={
        communities.length > 1 ? (
          <Picker
            mode='selector'
            range={communities.map((c) => c.name)}
            value={index}
            onChange={(e) => onPick(communities[Number(e.detail.value)].id)}
          >
            <Text className='dashboard__switch'>{community.name} ▾</Text>
          </Picker>
        ) : (
          <Text className='form-hint'>{community.name}</Text>
        )
      }
    >
      <View className='figures figures--light'>
        <View className='figures__item'>
          <Text className='figures__value'>{figures.members}</Text>
          <Text className='figures__label'>{T.members}</Text>
        </View>
        <View className='figures__item'>
          <Text className='figures__value'>{figures.activeMembers}</Text>
          <Text className='figures__label'>{T.active(figures.windowDays)}</Text>
        </View>
      </View>
      <View className='gauges'>
        <RateGauge
          label={T.signUpRate}
          rate={figures.signUps.rate}
          detail={T.signedUp(figures.signUps.members, figures.members)}
        />
        <RateGauge
          label={T.attendanceRate}
          rate={figures.attendance.rate}
          detail={
            figures.attendance.rate === null
              ? T.noEndedActivity
              : T.attended(figures.attendance.attended, figures.attendance.confirmed)
          }
        />
      </View>
      <Text className='form-hint'>{T.window(figures.windowDays)}</Text>
    </Section>
  );
}

/**
 * When the figures were computed, the CSV export, and for HQ the 重新计算 button with the run's progress: a
 * recompute runs in the server; its progress is polled until it is done, then the dashboard reloads.
 */
function DataFreshness({
  asOf,
  period,
  onRecomputed,
}: {
  asOf: string | null;
  period: DashboardData['period'];
  onRecomputed: () => Promise<void>;
}) {
  const isHq = staffRoleOfSession() === 'hq';
  const [run, setRun] = useState<AnalyticsRecomputeView | undefined>();
  // One start and one export at a time (ActionGate): a second tap while one runs is ignored.
  const { busy: starting, run: runStart } = useAction();
  const { busy: exporting, run: runExport } = useAction();

  // HQ opening the page while a run goes on (theirs, a colleague's, the nightly one) sees its progress too.
  useEffect(() => {
    if (!isHq) return;
    callAsMember(getLatestAnalyticsRecompute).then(
      ({ run: latest }) => latest && setRun(latest),
      () => undefined,
    );
  }, [isHq]);

  useEffect(() => {
    if (!recomputeActive(run)) return undefined;
    const timer = setTimeout(() => {
      callAsMember(getLatestAnalyticsRecompute).then(
        ({ run: next }) => {
          if (!next) return;
          setRun(next);
          if (next.status === 'done') {
            void onRecomputed();
            void Taro.showToast({ title: T.recomputed, icon: 'success' });
          }
        },
        // A lost poll is tried again.
        () => setRun((current) => current && { ...current }),
      );
    }, RECOMPUTE_POLL_MS);
    return () => clearTimeout(timer);
  }, [run, onRecomputed]);

  const start = async () => {
    if (recomputeActive(run)) return;
    const answer = await runStart(() => callAsMember(startAnalyticsRecompute), 'recompute');
    if (!answer) return;
    setRun(answer.run);
    if (!answer.started) await Taro.showToast({ title: T.alreadyRunning, icon: 'none' });
  };

  const exportCsv = async () => {
    await runExport(() => saveDashboardCsv(period, dashboardCsvName(period)).then(() => true), 'export');
  };

  const active = recomputeActive(run);
  const progress = run && active ? recomputeProgress(run) : undefined;
  return (
    <View className='dashboard-data'>
      <Text className='dashboard-data__as-of' data-testid='dashboard-as-of'>
        {asOf ? T.asOf(dateTimeText(asOf)) : T.notComputedYet}
      </Text>
      {progress && (
        <View className='dashboard-data__progress' data-testid='recompute-progress'>
          <Text className='dashboard-data__step'>{T.recomputing(progress.step)}</Text>
          <View className='dashboard-progress'>
            <View className='dashboard-progress__fill' style={{ width: `${progress.percent}%` }} />
          </View>
          <Text className='dashboard-data__count'>{progress.text}</Text>
        </View>
      )}
      {run?.status === 'failed' && (
        <Text className='dashboard-data__failed' data-testid='recompute-failed'>
          {recomputeFailureText(run)}
        </Text>
      )}
      <View className='dashboard-data__actions'>
        <Button
          className='dashboard-data__button'
          size='mini'
          data-testid='dashboard-export'
          disabled={exporting || undefined}
          onClick={() => void exportCsv()}
        >
          {exporting ? T.preparingFile : T.exportCsv}
        </Button>
        {isHq && (
          <Button
            className='dashboard-data__button dashboard-data__button--main'
            size='mini'
            data-testid='recompute-button'
            disabled={starting || active || undefined}
            onClick={() => void start()}
          >
            {active ? T.computing : T.recompute}
          </Button>
        )}
      </View>
    </View>
  );
}

/**
 * The manager's dashboard: the community's sign-up and attendance rates, then members by tier, lifecycle stage,
 * RFM segment and churn risk, and purchases over time, for the stores they look after (all stores for HQ).
 */
export default function DashboardPage() {
  const opened = useRouter().params.communityId;
  const [days, setDays] = useState<Days>('30');
  const [communityId, setCommunityId] = useState(opened);
  const { state, reload } = useRemote<DashboardData>(async () => {
    const period = dashboardPeriod(Number(days), new Date(), await loadBrandTimeZone());
    const [dashboard, programme, { communities }] = await Promise.all([
      callAsMember(getAnalyticsDashboard, { query: period }),
      callEndpoint(getProgramOverview),
      callAsMember(listStaffCommunities),
    ]);
    const community = communities.find((c) => c.id === communityId) ?? communities[0];
    const figures = community ? await callAsMember(getCommunityFigures, { params: { communityId: community.id } }) : undefined;
    return {
      days,
      period,
      dashboard,
      tierNames: new Map(programme.tiers.map((t) => [t.code, t.name])),
      communities,
      community,
      figures,
    };
  });
  const shown = useRef({ days, communityId });
  useEffect(() => {
    if (shown.current.days === days && shown.current.communityId === communityId) return;
    shown.current = { days, communityId };
    void reload();
  }, [days, communityId, reload]);

  return (
    <View className='page manager dashboard'>
      <Tabs tabs={PERIODS} value={days} onChange={setDays} />
      <Screen state={state} onRetry={() => void reload()}>
        {(data) => {
          const { dashboard } = data;
          const noStores = Array.isArray(dashboard.stores) && dashboard.stores.length === 0;
          const columns = purchaseColumns(dashboard.purchases);
          const orders = dashboard.purchases.reduce((sum, p) => sum + p.orders, 0);
          const net = dashboard.purchases.reduce((sum, p) => sum + p.netFen, 0);
          const segments = distribution(
            dashboard.membersBySegment.filter((s) => s.count > 0),
            (key) => SEGMENT_LABEL[key as keyof typeof SEGMENT_LABEL],
          );
          return (
            <>
              {data.community && data.figures && (
                <CommunityFiguresSection
                  data={{ community: data.community, figures: data.figures, communities: data.communities }}
                  onPick={setCommunityId}
                />
              )}

              {noStores ? (
                <Section title={T.membersAndSales}>
                  <Empty text={T.noStores} />
                </Section>
              ) : (
                <>
                  <View className='dashboard__scope'>
                    <Text>{dashboard.stores === 'all' ? T.allStores : T.stores(dashboard.stores)}</Text>
                  </View>
                  <DataFreshness asOf={dashboard.asOf} period={data.period} onRecomputed={reload} />

                  <Section title={T.salesTrend} extra={<Text className='form-hint'>{T.salesBasis(data.days === '90')}</Text>}>
                    <View className='dashboard__totals'>
                      <Text className='dashboard__total'>{formatFen(net, { compact: true })}</Text>
                      <Text className='form-hint'>{T.orders(orders)}</Text>
                    </View>
                    <ColumnChart columns={columns} />
                  </Section>

                  <Section title={T.tiers} extra={<Text className='form-hint'>{T.memberTotal(dashboard.members)}</Text>}>
                    <BarChart
                      data={distribution(dashboard.membersByTier, (key) => data.tierNames.get(key))}
                      emptyText={T.noMemberData}
                    />
                  </Section>

                  <Section title={T.lifecycle}>
                    <DonutChart
                      data={distribution(dashboard.membersByStage, (key) => STAGE_LABEL[key as keyof typeof STAGE_LABEL])}
                      caption={T.membersCaption}
                      emptyText={T.noMemberData}
                    />
                  </Section>

                  <Section title={T.rfm}>
                    <BarChart data={segments} emptyText={T.rfmEmpty} />
                  </Section>

                  <Section title={T.churn}>
                    <BarChart data={churnDistribution(dashboard.membersByChurnRisk)} emptyText={T.churnEmpty} />
                  </Section>
                </>
              )}
            </>
          );
        }}
      </Screen>
    </View>
  );
}
