import { render, screen } from '@testing-library/react';
import { Recommendations, initialOf, reasonText } from './index';

describe('Recommendations', () => {
  it('says why each item is suggested, by the name of what the member bought', () => {
    expect(reasonText({ reason: 'also-bought', becauseOfName: '白瓷品茗杯' })).toBe('常与「白瓷品茗杯」一起买');
    expect(reasonText({ reason: 'also-bought' })).toBe('买过的会员也买了');
    expect(reasonText({ reason: 'popular' })).toBe('人气热卖');
    expect(initialOf(' 正山小种')).toBe('正');
    expect(initialOf('serum')).toBe('S');
    expect(initialOf(' ')).toBe('荐');
  });

  it('shows a tile per pick with its picture or a placeholder, its name and price, and never its SKU', () => {
    const { container, rerender } = render(
      <Recommendations
        picks={{
          personalised: true,
          generatedAt: '2026-11-22T00:00:00.000Z',
          items: [
            {
              sku: 'SERUM-30',
              name: '修护精华 30ml',
              category: '护肤',
              imageUrl: 'https://cdn.example.com/serum.png',
              priceFen: 39_900,
              score: 0.8,
              reason: 'also-bought',
              becauseOf: 'CUP-1',
              becauseOfName: '白瓷品茗杯',
            },
            { sku: 'MASK-5', name: '补水面膜 5 片', category: '护肤', priceFen: 9_950, score: 0.5, reason: 'popular' },
          ],
        }}
      />,
    );
    expect(screen.getByText('也许你喜欢')).toBeTruthy();
    expect(screen.getByText('根据你的购买推荐')).toBeTruthy();
    const tiles = screen.getAllByTestId('recommendation');
    expect(tiles.map((tile) => tile.textContent)).toEqual([
      '修护精华 30ml¥399常与「白瓷品茗杯」一起买',
      '补补水面膜 5 片¥99.50人气热卖',
    ]);
    expect(tiles[0].querySelector('img')?.getAttribute('src')).toBe('https://cdn.example.com/serum.png');
    // Without a picture: the name's first character on a warm tile.
    expect(tiles[1].querySelector('img')).toBeNull();
    expect(tiles[1].querySelector('.pick__initial')?.textContent).toBe('补');
    for (const code of ['SERUM-30', 'MASK-5', 'CUP-1']) expect(container.textContent).not.toContain(code);

    rerender(<Recommendations picks={{ personalised: false, generatedAt: null, items: [] }} />);
    expect(container.innerHTML).toBe('');
    rerender(<Recommendations picks={undefined} />);
    expect(container.innerHTML).toBe('');
  });
});
