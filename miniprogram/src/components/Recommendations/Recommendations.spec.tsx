import { render, screen } from '@testing-library/react';
import { Recommendations, markOf, reasonText } from './index';

describe('Recommendations', () => {
  it('says why each item is suggested', () => {
    expect(reasonText({ reason: 'also-bought', becauseOf: 'CUP' })).toBe('常与 CUP 一起买');
    expect(reasonText({ reason: 'also-bought' })).toBe('买过的会员也买了');
    expect(reasonText({ reason: 'popular' })).toBe('人气热卖');
    expect(markOf('sk-serum-30')).toBe('SK');
    expect(markOf('--')).toBe('荐');
  });

  it('shows a tile per pick, and nothing when there are none', () => {
    const { container, rerender } = render(
      <Recommendations
        picks={{
          personalised: true,
          generatedAt: '2026-11-22T00:00:00.000Z',
          items: [
            { sku: 'SERUM', score: 0.8, reason: 'also-bought', becauseOf: 'CUP' },
            { sku: 'MASK', score: 0.5, reason: 'popular' },
          ],
        }}
      />,
    );
    expect(screen.getByText('也许你喜欢')).toBeTruthy();
    expect(screen.getByText('根据你的购买推荐')).toBeTruthy();
    expect(screen.getAllByTestId('recommendation').map((tile) => tile.textContent)).toEqual([
      'SESERUM常与 CUP 一起买',
      'MAMASK人气热卖',
    ]);
    rerender(<Recommendations picks={{ personalised: false, generatedAt: null, items: [] }} />);
    expect(container.innerHTML).toBe('');
    rerender(<Recommendations picks={undefined} />);
    expect(container.innerHTML).toBe('');
  });
});
