import type { BarSeriesOption, GaugeSeriesOption, PieSeriesOption } from 'echarts/charts';
import type { TooltipComponentOption } from 'echarts/components';
import { churnDistribution, distribution, purchaseColumns, STAGE_LABEL } from './chart-data';
import { barOption, bestColumn, columnOption, donutOption, gaugeOption, type ChartOption } from './chart-options';

type Item = { name?: string; value: number; itemStyle: { color: string } };
const seriesOf = <T>(option: ChartOption) => (option.series as T[])[0];
const itemsOf = (option: ChartOption) => seriesOf<{ data: Item[] }>(option).data;
const categoriesOf = (axis: unknown) => (axis as { data: string[] }).data;

const stages = distribution(
  [
    { key: 'new-one-time', count: 2 },
    { key: 'new-repeat', count: 0 },
    { key: 'silent', count: 1 },
  ],
  (key) => STAGE_LABEL[key as keyof typeof STAGE_LABEL],
);

describe('bar option', () => {
  const churn = churnDistribution([
    { key: 'low', count: 3 },
    { key: 'medium', count: 1 },
    { key: 'high', count: 0 },
  ]);

  it('draws a bar per slice in the order given, top to bottom, in its colour', () => {
    const option = barOption(churn);
    expect(categoriesOf(option.yAxis)).toEqual(['低风险', '中风险', '高风险']);
    expect((option.yAxis as { inverse: boolean }).inverse).toBe(true);
    expect(itemsOf(option).map((item) => [item.value, item.itemStyle.color])).toEqual([
      [3, '#6b8f71'],
      [1, '#d9a45b'],
      [0, '#b3261e'],
    ]);
    expect(seriesOf<BarSeriesOption>(option).label).toMatchObject({ show: true, position: 'right' });
  });

  it('sizes text and bars in design px on the phone it is given', () => {
    const option = barOption(churn, (design) => design * 0.4);
    expect((option.yAxis as { axisLabel: { fontSize: number } }).axisLabel.fontSize).toBeCloseTo(9.6);
    expect(seriesOf<BarSeriesOption>(option).barMaxWidth).toBeCloseTo(11.2);
    expect(barOption(churn).yAxis).toMatchObject({ axisLabel: { fontSize: 12 } });
  });
});

describe('donut option', () => {
  it('leaves out empty slices and keeps the others’ labels, counts and colours', () => {
    const option = donutOption(stages);
    expect(itemsOf(option)).toEqual([
      { name: '新客首购', value: 2, itemStyle: { color: stages.slices[0].color } },
      { name: '沉默', value: 1, itemStyle: { color: stages.slices[2].color } },
    ]);
    expect(seriesOf<PieSeriesOption>(option)).toMatchObject({ type: 'pie', radius: ['62%', '92%'], label: { show: false } });
    expect((option.tooltip as TooltipComponentOption).formatter).toBe('{b}：{c} 人（{d}%）');
  });
});

describe('gauge option', () => {
  const valueOf = (option: ChartOption) => (seriesOf<GaugeSeriesOption>(option).data as Array<{ value: number }>)[0].value;

  it('fills the ring to the rate in percent, to a tenth', () => {
    expect(valueOf(gaugeOption(2 / 3))).toBe(66.7);
    expect(valueOf(gaugeOption(0.75))).toBe(75);
    expect(seriesOf<GaugeSeriesOption>(gaugeOption(0.75)).progress).toMatchObject({
      show: true,
      itemStyle: { color: '#b3561e' },
    });
  });

  it('keeps to the ring: nothing measured is empty, over 100% is full', () => {
    expect(valueOf(gaugeOption(null))).toBe(0);
    expect(valueOf(gaugeOption(1.4))).toBe(100);
    expect(valueOf(gaugeOption(-0.2))).toBe(0);
  });
});

describe('column option', () => {
  const columns = purchaseColumns([
    { period: '2026-11-01', orders: 1, netFen: 10_000 },
    { period: '2026-11-02', orders: 3, netFen: 86_000 },
    { period: '2026-11-03', orders: 1, netFen: -5_000 },
  ]);

  it('draws net sales per period, the best one in rust, refunds as nothing', () => {
    const option = columnOption(columns);
    expect(categoriesOf(option.xAxis)).toEqual(['11/1', '11/2', '11/3']);
    expect(itemsOf(option).map((item) => [item.value, item.itemStyle.color])).toEqual([
      [10_000, '#d9a45b'],
      [86_000, '#b3561e'],
      [0, '#d9a45b'],
    ]);
  });

  it('writes money on the axis and in the tooltip in yuan', () => {
    const option = columnOption(columns);
    const axisLabel = (option.yAxis as { axisLabel: { formatter: (fen: number) => string } }).axisLabel;
    expect([0, 20_000, 1_500_000].map(axisLabel.formatter)).toEqual(['¥0', '¥200', '¥1.5万']);
    const tooltip = (option.tooltip as { formatter: (params: unknown) => string }).formatter;
    expect(tooltip([{ dataIndex: 1 }])).toBe('11/2 · 3 笔 · ¥860');
    expect(tooltip({ dataIndex: 2 })).toBe('11/3 · 1 笔 · -¥50');
    expect((option.xAxis as { type: string }).type).toBe('category');
  });

  it('finds the best period only when something sold', () => {
    expect(bestColumn(columns)?.label).toBe('11/2');
    expect(bestColumn(purchaseColumns([{ period: '2026-11-01', orders: 1, netFen: -500 }]))).toBeUndefined();
    expect(bestColumn([])).toBeUndefined();
    const tie = purchaseColumns([
      { period: '2026-11-01', orders: 1, netFen: 500 },
      { period: '2026-11-02', orders: 1, netFen: 500 },
    ]);
    expect(bestColumn(tie)?.label).toBe('11/1');
  });
});
