import type { ComposeOption } from 'echarts/core';
import type { BarSeriesOption, GaugeSeriesOption, PieSeriesOption } from 'echarts/charts';
import type { GridComponentOption, TooltipComponentOption } from 'echarts/components';
import { yuanText, type Column, type Distribution } from './chart-data';

/*
 * The dashboard's charts as ECharts options: pure data → option, so they are tested without a canvas. Only types come
 * from echarts here; the library itself is loaded by echarts-build.ts, inside the manager subpackage.
 */

export type ChartOption = ComposeOption<
  BarSeriesOption | PieSeriesOption | GaugeSeriesOption | GridComponentOption | TooltipComponentOption
>;

const INK = '#2b2522';
const LABEL = '#5a4632';
const MUTED = '#a59a92';
const TRACK = '#f0ebe6';
const RULE = '#f6f3ef';
const AXIS = '#e6d3b8';
/** Columns in the brand's gold; the best period in its rust. */
const COLUMN = '#d9a45b';
const BEST_COLUMN = '#b3561e';
export const GAUGE_COLOUR = '#b3561e';

/**
 * A length in design px (the 750-wide drawings the stylesheets are written in) in CSS px on the phone: chart text and
 * strokes follow the page's scale. By default that of a phone 375 px wide.
 */
export type Px = (design: number) => number;
const PHONE: Px = (design) => design / 2;

const tooltip = (px: Px): TooltipComponentOption => ({
  trigger: 'item',
  confine: true,
  backgroundColor: 'rgba(43, 37, 34, 0.9)',
  borderWidth: 0,
  padding: [px(12), px(20)],
  textStyle: { color: '#fff8ec', fontSize: px(24) },
});

/**
 * Horizontal bars, one per slice in the order given (first at the top), each in its slice's colour with its count at
 * the end. Empty slices keep their row: a tier nobody holds is worth seeing.
 */
export function barOption(data: Distribution, px: Px = PHONE): ChartOption {
  return {
    animationDuration: 500,
    tooltip: { ...tooltip(px), formatter: '{b}：{c} 人' },
    grid: { left: px(8), right: px(88), top: 0, bottom: 0, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
    xAxis: { type: 'value', show: false, max: (extent) => Math.max(1, extent.max) },
    yAxis: {
      type: 'category',
      inverse: true,
      data: data.slices.map((slice) => slice.label),
      axisLine: { show: false },
      axisTick: { show: false },
      axisLabel: { color: LABEL, fontSize: px(24), margin: px(20) },
    },
    series: [
      {
        type: 'bar',
        barMaxWidth: px(28),
        showBackground: true,
        backgroundStyle: { color: RULE, borderRadius: px(14) },
        itemStyle: { borderRadius: px(14) },
        label: { show: true, position: 'right', color: INK, fontSize: px(24), fontWeight: 'bold', distance: px(12) },
        data: data.slices.map((slice) => ({ value: slice.count, itemStyle: { color: slice.color } })),
      },
    ],
  };
}

/** A ring of the non-empty slices (an empty one would only leave a gap), clockwise from the top; the total goes in the hole. */
export function donutOption(data: Distribution, px: Px = PHONE): ChartOption {
  return {
    animationDuration: 500,
    tooltip: { ...tooltip(px), formatter: '{b}：{c} 人（{d}%）' },
    series: [
      {
        type: 'pie',
        radius: ['62%', '92%'],
        center: ['50%', '50%'],
        startAngle: 90,
        padAngle: 1,
        label: { show: false },
        labelLine: { show: false },
        emphasis: { scale: true, scaleSize: px(8) },
        itemStyle: { borderRadius: px(6) },
        data: data.slices
          .filter((slice) => slice.count > 0)
          .map((slice) => ({ name: slice.label, value: slice.count, itemStyle: { color: slice.color } })),
      },
    ],
  };
}

/** A rate as a ring filled clockwise from the top over a pale track; no rate (nothing to measure) leaves it empty. */
export function gaugeOption(rate: number | null, px: Px = PHONE, colour = GAUGE_COLOUR): ChartOption {
  const percent = Math.round(Math.min(1, Math.max(0, rate ?? 0)) * 1000) / 10;
  return {
    animationDuration: 600,
    series: [
      {
        type: 'gauge',
        startAngle: 90,
        endAngle: -270,
        min: 0,
        max: 100,
        radius: '92%',
        silent: true,
        pointer: { show: false },
        progress: { show: true, roundCap: true, width: px(20), itemStyle: { color: colour } },
        axisLine: { roundCap: true, lineStyle: { width: px(20), color: [[1, TRACK]] } },
        splitLine: { show: false },
        axisTick: { show: false },
        axisLabel: { show: false },
        title: { show: false },
        detail: { show: false },
        data: [{ value: percent }],
      },
    ],
  };
}

/** Net sales per column (refunds below zero drawn as nothing), the best period marked, money on the axis in yuan. */
export function columnOption(columns: ReadonlyArray<Column>, px: Px = PHONE): ChartOption {
  const best = bestColumn(columns);
  return {
    animationDuration: 500,
    tooltip: {
      ...tooltip(px),
      trigger: 'axis',
      axisPointer: { type: 'shadow', shadowStyle: { color: 'rgba(217, 164, 91, 0.12)' } },
      formatter: (params) => {
        const index = (Array.isArray(params) ? params[0] : params).dataIndex;
        const column = columns[index];
        return column ? columnText(column) : '';
      },
    },
    grid: { left: 0, right: px(16), top: px(24), bottom: 0, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
    xAxis: {
      type: 'category',
      data: columns.map((column) => column.label),
      axisLine: { lineStyle: { color: AXIS } },
      axisTick: { show: false },
      axisLabel: { color: MUTED, fontSize: px(22), hideOverlap: true },
    },
    yAxis: {
      type: 'value',
      splitNumber: 3,
      axisLabel: { color: MUTED, fontSize: px(22), formatter: (fen: number) => yuanText(fen) },
      splitLine: { lineStyle: { color: RULE } },
    },
    series: [
      {
        type: 'bar',
        barMaxWidth: px(44),
        itemStyle: { borderRadius: [px(8), px(8), 0, 0] },
        data: columns.map((column) => ({
          value: Math.max(0, column.netFen),
          itemStyle: { color: column === best ? BEST_COLUMN : COLUMN },
        })),
      },
    ],
  };
}

/** The period with the highest net sales (the first of equals), if anything sold. */
export function bestColumn(columns: ReadonlyArray<Column>): Column | undefined {
  const best = columns.reduce<Column | undefined>((top, c) => (!top || c.netFen > top.netFen ? c : top), undefined);
  return best && best.netFen > 0 ? best : undefined;
}

/** "11/2 · 3 笔 · ¥860": one period, as the tooltip and screen readers give it. */
export function columnText(column: Column): string {
  return `${column.label} · ${column.orders} 笔 · ${yuanText(column.netFen)}`;
}
