import type { Recommendation } from '@memberloop/shared';

/** The words of the recommendations row (也许你喜欢). */
export const RECOMMENDATION_TEXT = {
  title: '也许你喜欢',
  personalised: '根据你的购买推荐',
  popular: '大家都在买',
  /** On a tile without a picture when the product's name is empty (推荐). */
  fallbackInitial: '荐',
} as const;

/** Why an item is suggested, in a few words: the member's own purchase it goes with (by name), or that it sells well. */
export function reasonText(item: Pick<Recommendation, 'reason' | 'becauseOfName'>): string {
  if (item.reason === 'also-bought') return item.becauseOfName ? `常与「${item.becauseOfName}」一起买` : '买过的会员也买了';
  return '人气热卖';
}
