import { useMemo } from 'react';
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Empty } from '../../components/Screen';
import { percentText, yuanText, type Column, type Distribution } from './chart-data';
import { barOption, bestColumn, columnOption, columnText, donutOption, gaugeOption } from './chart-options';
import { DASHBOARD_TEXT as T } from './dashboard-text';
import { designPx, EChart } from './echart';
import './charts.css';

/*
 * The dashboard's charts, drawn by ECharts (chart-options.ts builds what each one shows). The figures a manager reads
 * are also text beside or under each chart, so screen readers and the page's text carry them too.
 */

/** Each slice's count and share as text, with its colour as in the chart. */
function Legend({ data, shown = data.slices }: { data: Distribution; shown?: Distribution['slices'] }) {
  return (
    <View className='chart-legend'>
      {shown.map((slice) => (
        <View key={slice.key} className='chart-legend__item' aria-label={`${slice.label} ${slice.count}`}>
          <View className='chart-legend__dot' style={{ background: slice.color }} />
          <Text className='chart-legend__label'>{slice.label}</Text>
          <Text className='chart-legend__value'>
            {slice.count} · {percentText(slice.share)}
          </Text>
        </View>
      ))}
    </View>
  );
}

/** Horizontal bars, one per slice, their counts at the ends; each slice's count and share listed beneath. */
export function BarChart({ data, emptyText = T.noData }: { data: Distribution; emptyText?: string }) {
  const option = useMemo(() => barOption(data, designPx), [data]);
  if (data.total === 0) return <Empty text={emptyText} />;
  return (
    <View className='chart' data-testid='bar-chart'>
      {/* A new chart when the rows change: a canvas keeps the size it was measured at. */}
      <EChart
        key={data.slices.length}
        option={option}
        className='chart-canvas'
        style={{ height: Taro.pxTransform(data.slices.length * 64 + 16) }}
      />
      <Legend data={data} />
    </View>
  );
}

/** A ring of slices around the total, with a legend of the non-empty slices. */
export function DonutChart({ data, caption, emptyText = T.noData }: { data: Distribution; caption: string; emptyText?: string }) {
  const option = useMemo(() => donutOption(data, designPx), [data]);
  if (data.total === 0) return <Empty text={emptyText} />;
  return (
    <View className='donut' data-testid='donut-chart'>
      <View className='donut__ring'>
        <EChart option={option} className='chart-canvas chart-canvas--fill' />
        <View className='chart-centre'>
          <Text className='donut__total'>{data.total}</Text>
          <Text className='donut__caption'>{caption}</Text>
        </View>
      </View>
      <Legend data={data} shown={data.slices.filter((slice) => slice.count > 0)} />
    </View>
  );
}

/** Net sales per period as columns, the best period marked and named; every period is in the label for screen readers. */
export function ColumnChart({ columns }: { columns: Column[] }) {
  const option = useMemo(() => columnOption(columns, designPx), [columns]);
  const best = bestColumn(columns);
  if (!best) return <Empty text={T.noSales} />;
  return (
    <View className='columns' data-testid='column-chart' aria-label={columns.map(columnText).join('；')}>
      <Text className='columns__top'>{T.best(best.label, yuanText(best.netFen))}</Text>
      <EChart option={option} className='chart-canvas chart-canvas--columns' />
    </View>
  );
}

/** A rate as a ring filled to it, the rate in the middle, with what it measures under it. */
export function RateGauge({ label, rate, detail }: { label: string; rate: number | null; detail: string }) {
  const option = useMemo(() => gaugeOption(rate, designPx), [rate]);
  return (
    <View className='gauge' aria-label={`${label} ${percentText(rate)}`}>
      <View className='gauge__ring'>
        <EChart option={option} className='chart-canvas chart-canvas--fill' />
        <View className='chart-centre'>
          <Text className='gauge__value'>{percentText(rate)}</Text>
        </View>
      </View>
      <Text className='gauge__label'>{label}</Text>
      <Text className='gauge__detail'>{detail}</Text>
    </View>
  );
}
