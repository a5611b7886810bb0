/**
 * "Members who bought A also bought B": item-to-item similarity from co-purchases. Each member's distinct
 * items in the look-back make one basket; the similarity of A and B is the cosine of their buyer sets,
 * |A ∩ B| / √(|A|·|B|), so a best-seller bought by everyone is not everyone's neighbour (raw co-counts
 * would rank it first for every item).
 */

export interface SimilarItem {
  sku: string;
  score: number;
  /** Members who bought both. */
  together: number;
}

/** Pair keys as numbers: i · 2^21 + j stays exact for up to two million items. */
const PAIR_BASE = 2 ** 21;

export class ItemSimilarityBuilder {
  private readonly index = new Map<string, number>();
  private readonly skus: string[] = [];
  private readonly buyers: number[] = [];
  private readonly pairs = new Map<number, number>();

  /**
   * @param maxBasketItems items of one basket considered (its first ones): keeps one huge basket from
   *   costing items² pairs.
   */
  constructor(private readonly maxBasketItems = 50) {}

  /** One member's distinct items. */
  addBasket(items: Iterable<string>): void {
    const ids: number[] = [];
    for (const sku of new Set(items)) {
      if (ids.length >= this.maxBasketItems) break;
      let id = this.index.get(sku);
      if (id === undefined) {
        id = this.skus.length;
        if (id >= PAIR_BASE) throw new RangeError('too many distinct items');
        this.index.set(sku, id);
        this.skus.push(sku);
        this.buyers.push(0);
      }
      this.buyers[id] += 1;
      ids.push(id);
    }
    ids.sort((a, b) => a - b);
    for (let x = 0; x < ids.length; x++) {
      for (let y = x + 1; y < ids.length; y++) {
        const key = ids[x] * PAIR_BASE + ids[y];
        this.pairs.set(key, (this.pairs.get(key) ?? 0) + 1);
      }
    }
  }

  /** Members who bought the item. */
  buyersOf(sku: string): number {
    const id = this.index.get(sku);
    return id === undefined ? 0 : this.buyers[id];
  }

  /** Every item's most similar items, best first (ties: more buyers together, then SKU). */
  neighbours(options: { topK: number; minTogether: number }): Map<string, SimilarItem[]> {
    const lists = new Map<number, SimilarItem[]>();
    const push = (id: number, item: SimilarItem) => {
      let list = lists.get(id);
      if (!list) lists.set(id, (list = []));
      list.push(item);
    };
    for (const [key, together] of this.pairs) {
      if (together < options.minTogether) continue;
      const a = Math.floor(key / PAIR_BASE);
      const b = key - a * PAIR_BASE;
      const score = together / Math.sqrt(this.buyers[a] * this.buyers[b]);
      push(a, { sku: this.skus[b], score, together });
      push(b, { sku: this.skus[a], score, together });
    }
    const result = new Map<string, SimilarItem[]>();
    for (const [id, list] of lists) {
      list.sort(bySimilarity);
      result.set(
        this.skus[id],
        list.slice(0, options.topK).map((item) => ({ ...item, score: Math.round(item.score * 10_000) / 10_000 })),
      );
    }
    return result;
  }

  /** The items most members bought, best first. */
  bestSellers(limit: number): Array<{ sku: string; buyers: number }> {
    return this.skus
      .map((sku, id) => ({ sku, buyers: this.buyers[id] }))
      .sort((a, b) => b.buyers - a.buyers || (a.sku < b.sku ? -1 : 1))
      .slice(0, limit);
  }
}

function bySimilarity(a: SimilarItem, b: SimilarItem): number {
  return b.score - a.score || b.together - a.together || (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0);
}

export interface MemberPick {
  sku: string;
  score: number;
  becauseOf: string;
}

/**
 * A member's picks: every neighbour of what they bought, scored by the sum of its similarities to their items,
 * never something they already bought; `becauseOf` is the bought item contributing most.
 */
export function picksFor(
  bought: ReadonlySet<string>,
  neighbours: (sku: string) => readonly SimilarItem[] | undefined,
  limit: number,
): MemberPick[] {
  const scores = new Map<string, { score: number; best: number; becauseOf: string }>();
  for (const sku of bought) {
    for (const item of neighbours(sku) ?? []) {
      if (bought.has(item.sku)) continue;
      const entry = scores.get(item.sku);
      if (!entry) scores.set(item.sku, { score: item.score, best: item.score, becauseOf: sku });
      else {
        entry.score += item.score;
        if (item.score > entry.best || (item.score === entry.best && sku < entry.becauseOf)) {
          entry.best = item.score;
          entry.becauseOf = sku;
        }
      }
    }
  }
  return [...scores]
    .map(([sku, e]) => ({ sku, score: Math.round(e.score * 10_000) / 10_000, becauseOf: e.becauseOf }))
    .sort((a, b) => b.score - a.score || (a.sku < b.sku ? -1 : 1))
    .slice(0, limit);
}
