import { render, screen } from '@testing-library/react';
import type { ChartOption } from './chart-options';
import { BarChart, ColumnChart, DonutChart, RateGauge } from './charts';
import { distribution, purchaseColumns } from './chart-data';

// jsdom has no canvas: the chart is replaced by a stand-in that records the option it was given.
const mockDrawn: ChartOption[] = [];
jest.mock('./echart', () => ({
  designPx: (design: number) => design / 2,
  EChart: ({ option }: { option: ChartOption }) => {
    mockDrawn.push(option);
    return jest.requireActual<typeof import('react')>('react').createElement('canvas');
  },
}));

const labels: Record<string, string> = { regular: '普通', silver: '银卡', gold: '金卡' };
const tiers = (counts: [number, number, number]) =>
  distribution(
    (['regular', 'silver', 'gold'] as const).map((key, i) => ({ key, count: counts[i] })),
    (key) => labels[key],
  );
const lastSeries = () => (mockDrawn[mockDrawn.length - 1].series as Array<{ type: string; data: unknown[] }>)[0];

beforeEach(() => {
  mockDrawn.length = 0;
});

describe('charts', () => {
  it('draws a bar per slice and lists each one’s count and share', () => {
    render(<BarChart data={tiers([30, 15, 0])} />);
    expect(lastSeries()).toMatchObject({ type: 'bar', data: [{ value: 30 }, { value: 15 }, { value: 0 }] });
    expect(screen.getAllByLabelText(/^(普通|银卡|金卡)/).map((item) => item.textContent)).toEqual([
      '普通30 · 67%',
      '银卡15 · 33%',
      '金卡0 · 0%',
    ]);
  });

  it('says so instead of drawing empty charts', () => {
    render(<BarChart data={distribution([{ key: 'gold', count: 0 }], () => undefined)} emptyText='还没有会员数据' />);
    expect(screen.getByText('还没有会员数据')).toBeTruthy();
    render(<DonutChart data={tiers([0, 0, 0])} caption='位会员' emptyText='还没有分层' />);
    expect(screen.getByText('还没有分层')).toBeTruthy();
    render(<ColumnChart columns={purchaseColumns([{ period: '2026-11-01', orders: 1, netFen: -500 }])} />);
    expect(screen.getByText('这段时间还没有消费')).toBeTruthy();
    expect(mockDrawn).toEqual([]);
  });

  it('puts the total in the ring and lists only the non-empty slices', () => {
    render(<DonutChart caption='位会员' data={tiers([3, 0, 1])} />);
    expect(screen.getByText('4')).toBeTruthy();
    expect(screen.getByText('位会员')).toBeTruthy();
    expect(lastSeries()).toMatchObject({
      type: 'pie',
      data: [
        { name: '普通', value: 3 },
        { name: '金卡', value: 1 },
      ],
    });
    expect(screen.getAllByLabelText(/^(普通|银卡|金卡)/).map((item) => item.getAttribute('aria-label'))).toEqual([
      '普通 3',
      '金卡 1',
    ]);
  });

  it('names the best period, and every period for screen readers', () => {
    render(
      <ColumnChart
        columns={purchaseColumns([
          { period: '2026-11-01', orders: 1, netFen: 10_000 },
          { period: '2026-11-02', orders: 3, netFen: 86_000 },
        ])}
      />,
    );
    expect(screen.getByText('最高 11/2 · ¥860')).toBeTruthy();
    expect(screen.getByTestId('column-chart').getAttribute('aria-label')).toBe('11/1 · 1 笔 · ¥100；11/2 · 3 笔 · ¥860');
    expect(lastSeries()).toMatchObject({ type: 'bar', data: [{ value: 10_000 }, { value: 86_000 }] });
  });

  it('shows a rate in its ring as a percentage, with what it measures', () => {
    render(<RateGauge label='到场率' rate={2 / 3} detail='2/3 人次到场' />);
    const gauge = screen.getByLabelText('到场率 67%');
    expect(gauge.textContent).toBe('67%到场率2/3 人次到场');
    expect(lastSeries()).toMatchObject({ type: 'gauge', data: [{ value: 66.7 }] });
    render(<RateGauge label='报名率' rate={null} detail='近期还没有活动' />);
    expect(screen.getByLabelText('报名率 —')).toBeTruthy();
  });
});
