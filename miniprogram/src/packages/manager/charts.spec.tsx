import { render, screen } from '@testing-library/react';
import { BarChart, ColumnChart, DonutChart, RateGauge } from './charts';
import { distribution, purchaseColumns } from './chart-data';

const labels: Record<string, string> = { regular: '普通', silver: '银卡', gold: '金卡' };

describe('charts', () => {
  it('draws a bar per slice, as long as its count against the largest', () => {
    render(
      <BarChart
        data={distribution(
          [
            { key: 'regular', count: 30 },
            { key: 'silver', count: 15 },
            { key: 'gold', count: 0 },
          ],
          (key) => labels[key],
        )}
      />,
    );
    expect(screen.getByLabelText('普通 30').querySelector('.bar-chart__bar')).toHaveProperty('style.width', '100%');
    expect(screen.getByLabelText('银卡 15').querySelector('.bar-chart__bar')).toHaveProperty('style.width', '50%');
    expect(screen.getByLabelText('金卡 0').querySelector('.bar-chart__bar')).toHaveProperty('style.width', '0%');
  });

  it('says so instead of drawing empty charts', () => {
    render(<BarChart data={distribution([{ key: 'gold', count: 0 }], () => undefined)} emptyText='还没有会员数据' />);
    expect(screen.getByText('还没有会员数据')).toBeTruthy();
    render(<ColumnChart columns={purchaseColumns([{ period: '2026-11-01', orders: 0, netFen: 0 }])} />);
    expect(screen.getByText('这段时间还没有消费')).toBeTruthy();
  });

  it('lists only the non-empty slices of a donut around its total', () => {
    render(
      <DonutChart
        caption='位会员'
        data={distribution(
          [
            { key: 'regular', count: 3 },
            { key: 'silver', count: 0 },
            { key: 'gold', count: 1 },
          ],
          (key) => labels[key],
        )}
      />,
    );
    expect(screen.getByText('4')).toBeTruthy();
    expect(screen.getAllByLabelText(/^(普通|银卡|金卡)/).map((item) => item.getAttribute('aria-label'))).toEqual([
      '普通 3',
      '金卡 1',
    ]);
  });

  it('marks the best period and shows a rate as a percentage', () => {
    render(
      <ColumnChart
        columns={purchaseColumns([
          { period: '2026-11-01', orders: 1, netFen: 10_000 },
          { period: '2026-11-02', orders: 3, netFen: 86_000 },
        ])}
      />,
    );
    expect(screen.getByText('最高 ¥860')).toBeTruthy();
    expect(screen.getByLabelText('11/2 3 笔 ¥860').querySelector('.columns__bar--best')).not.toBeNull();
    render(<RateGauge label='到场率' rate={2 / 3} detail='2/3 人次到场' />);
    expect(screen.getByLabelText('到场率 67%')).toBeTruthy();
  });
});
