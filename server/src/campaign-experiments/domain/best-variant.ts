/** A variant's comparison with control, as the winner is picked from it. */
export interface VariantComparison {
  arm: string;
  conversion: { difference: number; low: number } | null;
  revenue: { difference: number; low: number } | null;
}

/**
 * The variant to recommend: the largest incremental revenue among variants whose revenue lift is significantly
 * above zero (interval above 0); failing that, the largest conversion lift among those significantly above zero;
 * null when no variant beats control beyond chance ("not significant" is no winner).
 */
export function bestVariant(variants: readonly VariantComparison[]): string | null {
  const pick = (metric: 'revenue' | 'conversion'): string | null => {
    const winners = variants.filter((v) => (v[metric]?.low ?? 0) > 0);
    if (winners.length === 0) return null;
    return winners.reduce((a, b) => ((b[metric]?.difference ?? 0) > (a[metric]?.difference ?? 0) ? b : a)).arm;
  };
  return pick('revenue') ?? pick('conversion');
}
