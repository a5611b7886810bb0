import { addCalendarDays, brandDay } from '@memberloop/shared';
import type { DashboardView, MemberStage, RfmSegment } from '@memberloop/shared';

/** The brand's warm tones, then cooler ones, so neighbouring slices stay apart. */
export const PALETTE = [
  '#8a6a3f',
  '#d9a45b',
  '#b3561e',
  '#5a4632',
  '#6b8f71',
  '#e6cfa8',
  '#3f6e8a',
  '#c08a4a',
  '#a59a92',
  '#7a4a2a',
  '#c4b5a5',
] as const;

export const STAGE_LABEL: Record<MemberStage, string> = {
  'new-one-time': '新客首购',
  'new-repeat': '新客复购',
  'old-one-time': '老客单次',
  'old-repeat': '老客复购',
  silent: '沉默',
  sleeping: '睡眠',
  lost: '流失',
  prospect: '未购潜客',
};

export const SEGMENT_LABEL: Record<RfmSegment, string> = {
  champions: '重要价值',
  loyal: '忠诚客户',
  'potential-loyalists': '潜力忠诚',
  new: '新客户',
  promising: '有潜力',
  'need-attention': '需要关注',
  'about-to-sleep': '即将沉睡',
  'at-risk': '流失风险',
  'cant-lose-them': '不能失去',
  hibernating: '休眠',
  lost: '已流失',
};

export const CHURN_LABEL: Record<string, string> = { low: '低风险', medium: '中风险', high: '高风险' };
/** Churn levels read as a traffic light. */
const CHURN_COLOURS: Record<string, string> = { low: '#6b8f71', medium: '#d9a45b', high: '#b3261e' };

export interface ChartSlice {
  key: string;
  label: string;
  count: number;
  /** count / total, 0–1 (0 when there is nothing). */
  share: number;
  color: string;
}

export interface Distribution {
  total: number;
  slices: ChartSlice[];
}

/**
 * Counts by key as chart slices in the order given (the server's: tier rank, lifecycle order, segment grid),
 * labelled in Chinese (unknown keys as they are), each with its share and a colour.
 */
export function distribution(
  counts: ReadonlyArray<{ key: string; count: number }>,
  labelOf: (key: string) => string | undefined,
  colourOf: (key: string, index: number) => string = (_, index) => PALETTE[index % PALETTE.length],
): Distribution {
  const total = counts.reduce((sum, c) => sum + c.count, 0);
  return {
    total,
    slices: counts.map((c, index) => ({
      key: c.key,
      label: labelOf(c.key) ?? c.key,
      count: c.count,
      share: total > 0 ? c.count / total : 0,
      color: colourOf(c.key, index),
    })),
  };
}

/** Members by churn risk, coloured low → high as green, amber, red. */
export function churnDistribution(counts: DashboardView['membersByChurnRisk']): Distribution {
  return distribution(
    counts,
    (key) => CHURN_LABEL[key],
    (key, index) => CHURN_COLOURS[key] ?? PALETTE[index % PALETTE.length],
  );
}

/** "45%", "4.5%", "0%", or "—" when there was nothing to measure. */
export function percentText(rate: number | null): string {
  if (rate === null) return '—';
  const percent = rate * 100;
  const shown = percent > 0 && percent < 10 ? Math.round(percent * 10) / 10 : Math.round(percent);
  return `${shown}%`;
}

export interface Column {
  /** "11/22": the first day the column covers. */
  label: string;
  orders: number;
  netFen: number;
}

/**
 * Purchases per day or week as at most `maxColumns` columns: neighbouring periods are added together when there
 * are more, so a phone-wide chart stays readable.
 */
export function purchaseColumns(series: DashboardView['purchases'], maxColumns = 15): Column[] {
  const perColumn = Math.max(1, Math.ceil(series.length / maxColumns));
  const columns: Column[] = [];
  for (let i = 0; i < series.length; i += perColumn) {
    const group = series.slice(i, i + perColumn);
    const [, month, day] = group[0].period.split('-');
    columns.push({
      label: `${Number(month)}/${Number(day)}`,
      orders: group.reduce((sum, p) => sum + p.orders, 0),
      netFen: group.reduce((sum, p) => sum + p.netFen, 0),
    });
  }
  return columns;
}

/** Money on a chart: "¥860", "¥1.2万", "¥35万". */
export function yuanText(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const yuan = Math.abs(fen) / 100;
  if (yuan < 10_000) return `${sign}¥${Math.round(yuan).toLocaleString('en-US')}`;
  const wan = yuan / 10_000;
  return `${sign}¥${wan < 100 ? Math.round(wan * 10) / 10 : Math.round(wan)}万`;
}

/** The dashboard's period: the last `days` days to today (brand's calendar), by day, or by week beyond a month. */
export function dashboardPeriod(
  days: number,
  now: Date,
  timeZone: string,
): { from: string; to: string; granularity: 'day' | 'week' } {
  const today = brandDay(now, timeZone);
  return { from: addCalendarDays(today, -(days - 1)), to: today, granularity: days > 31 ? 'week' : 'day' };
}
