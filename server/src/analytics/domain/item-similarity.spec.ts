import { ItemSimilarityBuilder, picksFor } from './item-similarity';

/** Six members' baskets: tea goes with cups, a serum with its cream, and everybody buys the shopping bag. */
const BASKETS = [
  ['BAG', 'TEA', 'CUP'],
  ['BAG', 'TEA', 'CUP'],
  ['BAG', 'TEA'],
  ['BAG', 'SERUM', 'CREAM'],
  ['BAG', 'SERUM', 'CREAM'],
  ['BAG', 'CUP'],
];

function build(): ItemSimilarityBuilder {
  const builder = new ItemSimilarityBuilder();
  for (const basket of BASKETS) builder.addBasket(basket);
  return builder;
}

describe('co-purchase similarity and picks', () => {
  it('scores pairs by cosine of their buyers, so the best-seller does not dominate', () => {
    const neighbours = build().neighbours({ topK: 5, minTogether: 1 });
    // TEA: CUP together 2 / √(3·3) = 0.667; BAG together 3 / √(3·6) = 0.7071 … raw co-counts would put BAG far ahead.
    expect(neighbours.get('TEA')).toEqual([
      { sku: 'BAG', score: 0.7071, together: 3 },
      { sku: 'CUP', score: 0.6667, together: 2 },
    ]);
    // SERUM and CREAM always go together: 2 / √(2·2) = 1, well above the bag's 2 / √(2·6) = 0.5774.
    expect(neighbours.get('SERUM')?.[0]).toEqual({ sku: 'CREAM', score: 1, together: 2 });
    expect(neighbours.get('SERUM')?.[1]).toEqual({ sku: 'BAG', score: 0.5774, together: 2 });
  });

  it('drops pairs bought together by fewer members than the minimum, and keeps the top K', () => {
    const neighbours = build().neighbours({ topK: 1, minTogether: 3 });
    expect(neighbours.get('TEA')).toEqual([{ sku: 'BAG', score: 0.7071, together: 3 }]);
    expect(neighbours.get('SERUM')).toBeUndefined();
  });

  it('counts a member once however often they bought an item', () => {
    const builder = new ItemSimilarityBuilder();
    builder.addBasket(['A', 'A', 'B']);
    expect(builder.buyersOf('A')).toBe(1);
    expect(builder.neighbours({ topK: 5, minTogether: 1 }).get('A')).toEqual([{ sku: 'B', score: 1, together: 1 }]);
  });

  it('picks for a member never include what they bought, and say why', () => {
    const neighbours = build().neighbours({ topK: 10, minTogether: 1 });
    const picks = picksFor(new Set(['TEA', 'BAG']), (sku) => neighbours.get(sku), 3);
    expect(picks.map((p) => p.sku)).toEqual(['CUP', 'CREAM', 'SERUM']); // a tie goes by SKU
    expect(picks[0]).toEqual({ sku: 'CUP', score: 1.3738, becauseOf: 'BAG' });
    expect(picks.some((p) => p.sku === 'TEA' || p.sku === 'BAG')).toBe(false);
  });

  it('lists best-sellers by buyers', () => {
    expect(build().bestSellers(2)).toEqual([
      { sku: 'BAG', buyers: 6 },
      { sku: 'CUP', buyers: 3 },
    ]);
  });
});
