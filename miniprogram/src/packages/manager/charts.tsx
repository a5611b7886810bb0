import { Text, View } from '@tarojs/components';
import { Empty } from '../../components/Screen';
import { donutBackground, gaugeBackground, percentText, yuanText, type Column, type Distribution } from './chart-data';
import './charts.css';

/*
 * Charts drawn with views and CSS (bars by width, donuts and gauges by conic-gradient): the same markup renders in
 * WeChat and in H5, and the manager's subpackage carries no chart library (see chart-data.ts for the numbers).
 */

/** Horizontal bars, one per slice, with the count and the share. */
export function BarChart({ data, emptyText = '暂无数据' }: { data: Distribution; emptyText?: string }) {
  if (data.total === 0) return <Empty text={emptyText} />;
  return (
    <View className='bar-chart' data-testid='bar-chart'>
      {data.slices.map((slice) => (
        <View key={slice.key} className='bar-chart__row' aria-label={`${slice.label} ${slice.count}`}>
          <Text className='bar-chart__label'>{slice.label}</Text>
          <View className='bar-chart__track'>
            <View
              className='bar-chart__bar'
              style={{ width: `${slice.count > 0 ? Math.max(2, slice.ofMax * 100) : 0}%`, background: slice.color }}
            />
          </View>
          <Text className='bar-chart__value'>{slice.count}</Text>
          <Text className='bar-chart__share'>{percentText(slice.share)}</Text>
        </View>
      ))}
    </View>
  );
}

/** A ring of slices around the total, with a legend of the non-empty slices. */
export function DonutChart({
  data,
  caption,
  emptyText = '暂无数据',
}: {
  data: Distribution;
  caption: string;
  emptyText?: string;
}) {
  if (data.total === 0) return <Empty text={emptyText} />;
  const shown = data.slices.filter((slice) => slice.count > 0);
  return (
    <View className='donut' data-testid='donut-chart'>
      <View className='donut__ring' style={{ background: donutBackground(data.slices) }}>
        <View className='donut__hole'>
          <Text className='donut__total'>{data.total}</Text>
          <Text className='donut__caption'>{caption}</Text>
        </View>
      </View>
      <View className='donut__legend'>
        {shown.map((slice) => (
          <View key={slice.key} className='donut__item' aria-label={`${slice.label} ${slice.count}`}>
            <View className='donut__dot' style={{ background: slice.color }} />
            <Text className='donut__label'>{slice.label}</Text>
            <Text className='donut__value'>
              {slice.count} · {percentText(slice.share)}
            </Text>
          </View>
        ))}
      </View>
    </View>
  );
}

/** Net sales per period as columns, the best period marked, some dates under the axis. */
export function ColumnChart({ columns }: { columns: Column[] }) {
  const best = columns.reduce<Column | undefined>((top, c) => (!top || c.netFen > top.netFen ? c : top), undefined);
  if (!best || best.netFen <= 0) return <Empty text='这段时间还没有消费' />;
  const every = columns.length <= 8 ? 1 : Math.ceil(columns.length / 5);
  return (
    <View className='columns' data-testid='column-chart'>
      <Text className='columns__top'>最高 {yuanText(best.netFen)}</Text>
      <View className='columns__plot'>
        {columns.map((column) => (
          <View
            key={column.label}
            className='columns__slot'
            aria-label={`${column.label} ${column.orders} 笔 ${yuanText(column.netFen)}`}
          >
            <View
              className={`columns__bar ${column === best ? 'columns__bar--best' : ''}`}
              style={{ height: `${column.netFen > 0 ? Math.max(2, column.height * 100) : 0}%` }}
            />
          </View>
        ))}
      </View>
      <View className='columns__axis'>
        {columns.map((column, index) => (
          <Text key={column.label} className='columns__label'>
            {index % every === 0 ? column.label : ''}
          </Text>
        ))}
      </View>
    </View>
  );
}

/** A rate as a ring filled to it, with what it measures. */
export function RateGauge({ label, rate, detail }: { label: string; rate: number | null; detail: string }) {
  return (
    <View className='gauge' aria-label={`${label} ${percentText(rate)}`}>
      <View className='gauge__ring' style={{ background: gaugeBackground(rate) }}>
        <View className='gauge__hole'>
          <Text className='gauge__value'>{percentText(rate)}</Text>
        </View>
      </View>
      <Text className='gauge__label'>{label}</Text>
      <Text className='gauge__detail'>{detail}</Text>
    </View>
  );
}
