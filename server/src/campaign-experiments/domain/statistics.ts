/**
 * The statistics of an A/B test's results (see docs/ab-testing.md): pure functions over counts and sums, so the
 * figures can be checked by hand.
 */

/** z for a two-sided 95 % interval. */
export const Z_95 = 1.959963984540054;

/** A difference of a variant against control, with its 95 % confidence interval. */
export interface Difference {
  /** Variant minus control. */
  difference: number;
  low: number;
  high: number;
}

/** A difference of proportions with the two-proportion z-test's statistic and two-sided p-value. */
export interface ProportionTest extends Difference {
  z: number;
  pValue: number;
  /** p < 0.05: the variant's rate differs from control's beyond what chance explains at the 5 % level. */
  significant: boolean;
}

/**
 * Standard normal cumulative distribution, through erf (Abramowitz & Stegun 7.1.26; absolute error below 1.5e-7,
 * far below what a p-value is read to).
 */
export function normalCdf(x: number): number {
  const t = 1 / (1 + 0.3275911 * (Math.abs(x) / Math.SQRT2));
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-(x * x) / 2);
  return x >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

/**
 * Two-proportion z-test of `x1 / n1` (variant) against `x0 / n0` (control): the test uses the pooled proportion
 * (under the null hypothesis both rates are equal); the interval of the difference uses each arm's own rate
 * (Wald, unpooled). Null when an arm is empty.
 */
export function twoProportionTest(x1: number, n1: number, x0: number, n0: number): ProportionTest | null {
  if (n1 <= 0 || n0 <= 0) return null;
  const p1 = x1 / n1;
  const p0 = x0 / n0;
  const difference = p1 - p0;
  const pooled = (x1 + x0) / (n1 + n0);
  const pooledSe = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n0));
  const se = Math.sqrt((p1 * (1 - p1)) / n1 + (p0 * (1 - p0)) / n0);
  const z = pooledSe === 0 ? 0 : difference / pooledSe;
  const pValue = pooledSe === 0 ? 1 : 2 * (1 - normalCdf(Math.abs(z)));
  return { difference, low: difference - Z_95 * se, high: difference + Z_95 * se, z, pValue, significant: pValue < 0.05 };
}

/** The sufficient statistics of a value per member over an arm (revenue in fen, zeros included). */
export interface Moments {
  n: number;
  sum: number;
  sumOfSquares: number;
}

export function momentsOf(values: readonly number[]): Moments {
  return values.reduce((m, v) => ({ n: m.n + 1, sum: m.sum + v, sumOfSquares: m.sumOfSquares + v * v }), {
    n: 0,
    sum: 0,
    sumOfSquares: 0,
  });
}

/** Sample variance (n − 1 in the denominator). */
export function sampleVariance(m: Moments): number {
  if (m.n < 2) return 0;
  return Math.max(0, (m.sumOfSquares - (m.sum * m.sum) / m.n) / (m.n - 1));
}

/**
 * The difference of mean revenue per member (variant − control) with Welch's unequal-variance standard error
 * √(s₁²/n₁ + s₀²/n₀) and a normal-approximation 95 % interval (sound for the hundreds of members an arm has;
 * revenue is skewed, so small arms read wide). Null when an arm has fewer than two members.
 */
export function meanDifference(variant: Moments, control: Moments): (Difference & { significant: boolean }) | null {
  if (variant.n < 2 || control.n < 2) return null;
  const difference = variant.sum / variant.n - control.sum / control.n;
  const se = Math.sqrt(sampleVariance(variant) / variant.n + sampleVariance(control) / control.n);
  const low = difference - Z_95 * se;
  const high = difference + Z_95 * se;
  return { difference, low, high, significant: low > 0 || high < 0 };
}
