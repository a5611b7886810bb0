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
  quantityText,
} from '@memberloop/shared';
import { Empty, Screen, Section } from '../../components/Screen';
import { Tabs } from '../../components/Tabs';
import { useRemote } from '../../hooks/use-remote';
import { callEndpoint, messageOf } from '../../services/api-client';
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
import './manager.css';
import './dashboard.css';

type Days = '7' | '30' | '90';
const PERIODS = [
  { value: '7', label: '近7天' },
  { value: '30', label: '近30天' },
  { value: '90', label: '近90天' },
] as const;

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
      title='社群活动'
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
          <Text className='figures__label'>成员</Text>
        </View>
        <View className='figures__item'>
          <Text className='figures__value'>{figures.activeMembers}</Text>
          <Text className='figures__label'>近 {quantityText(figures.windowDays, '天')}活跃</Text>
        </View>
      </View>
      <View className='gauges'>
        <RateGauge
          label='报名率'
          rate={figures.signUps.rate}
          detail={`${figures.signUps.members}/${figures.members} 位成员报名`}
        />
        <RateGauge
          label='到场率'
          rate={figures.attendance.rate}
          detail={
            figures.attendance.rate === null
              ? '近期还没有结束的活动'
              : `${figures.attendance.attended}/${figures.attendance.confirmed} 人次到场`
          }
        />
      </View>
      <Text className='form-hint'>统计近 {figures.windowDays} 天 · 活跃 = 消费过或参加过社群活动</Text>
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
  const [starting, setStarting] = useState(false);
  const [exporting, setExporting] = useState(false);

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
            void Taro.showToast({ title: '已重新计算', icon: 'success' });
          }
        },
        // A lost poll is tried again.
        () => setRun((current) => current && { ...current }),
      );
    }, RECOMPUTE_POLL_MS);
    return () => clearTimeout(timer);
  }, [run, onRecomputed]);

  const start = async () => {
    if (starting || recomputeActive(run)) return;
    setStarting(true);
    try {
      const answer = await callAsMember(startAnalyticsRecompute);
      setRun(answer.run);
      if (!answer.started) await Taro.showToast({ title: '已有一次计算在进行中', icon: 'none' });
    } catch (error) {
      await Taro.showToast({ title: messageOf(error), icon: 'none' });
    } finally {
      setStarting(false);
    }
  };

  const exportCsv = async () => {
    if (exporting) return;
    setExporting(true);
    try {
      await saveDashboardCsv(period, dashboardCsvName(period));
    } catch (error) {
      await Taro.showToast({ title: messageOf(error), icon: 'none' });
    } finally {
      setExporting(false);
    }
  };

  const active = recomputeActive(run);
  const progress = run && active ? recomputeProgress(run) : undefined;
  return (
    <View className='dashboard-data'>
      <Text className='dashboard-data__as-of' data-testid='dashboard-as-of'>
        {asOf ? `数据更新于 ${dateTimeText(asOf)}（北京时间）` : '分层数据每日凌晨计算，尚未生成'}
      </Text>
      {progress && (
        <View className='dashboard-data__progress' data-testid='recompute-progress'>
          <Text className='dashboard-data__step'>正在重新计算 · {progress.step}</Text>
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
          {exporting ? '正在准备文件…' : '导出 CSV'}
        </Button>
        {isHq && (
          <Button
            className='dashboard-data__button dashboard-data__button--main'
            size='mini'
            data-testid='recompute-button'
            disabled={starting || active || undefined}
            onClick={() => void start()}
          >
            {active ? '计算中…' : '重新计算'}
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
                <Section title='会员与消费'>
                  <Empty text='你的账号还没有关联门店：会员分层与消费按门店统计，请联系总部关联门店' />
                </Section>
              ) : (
                <>
                  <View className='dashboard__scope'>
                    <Text>{dashboard.stores === 'all' ? '全部门店' : `门店 ${dashboard.stores.join('、')}`}</Text>
                  </View>
                  <DataFreshness asOf={dashboard.asOf} period={data.period} onRecomputed={reload} />

                  <Section
                    title='消费趋势'
                    extra={<Text className='form-hint'>{data.days === '90' ? '按周' : '按天'} · 实收</Text>}
                  >
                    <View className='dashboard__totals'>
                      <Text className='dashboard__total'>{formatFen(net, { compact: true })}</Text>
                      <Text className='form-hint'>{orders} 笔订单</Text>
                    </View>
                    <ColumnChart columns={columns} />
                  </Section>

                  <Section title='会员等级' extra={<Text className='form-hint'>共 {dashboard.members} 人</Text>}>
                    <BarChart
                      data={distribution(dashboard.membersByTier, (key) => data.tierNames.get(key))}
                      emptyText='还没有会员数据'
                    />
                  </Section>

                  <Section title='生命周期'>
                    <DonutChart
                      data={distribution(dashboard.membersByStage, (key) => STAGE_LABEL[key as keyof typeof STAGE_LABEL])}
                      caption='位会员'
                      emptyText='还没有会员数据'
                    />
                  </Section>

                  <Section title='RFM 分层'>
                    <BarChart data={segments} emptyText='有消费记录的会员才会分层' />
                  </Section>

                  <Section title='流失风险'>
                    <BarChart data={churnDistribution(dashboard.membersByChurnRisk)} emptyText='有消费记录的会员才会评估' />
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
