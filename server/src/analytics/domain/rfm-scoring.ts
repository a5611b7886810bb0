/**
 * RFM scores by quantile: the population's values are cut into `bins` equally filled bins (quintiles by
 * default) and a member scores the bin their value falls in, 1 (worst) to `bins` (best). Equal values
 * always score the same, so heavy ties (most members bought once) share the lower bin for frequency and
 * monetary, and the better bin for recency.
 */

/** The cut points of a quantile scoring: the largest value of bins 1 … bins − 1. */
export type QuantileCuts = number[];

/** The model a full recompute fits and the incremental pass reuses until the next one. */
export interface RfmModel {
  bins: number;
  recency: QuantileCuts;
  frequency: QuantileCuts;
  monetary: QuantileCuts;
}

/** The raw values: days since the last purchase, purchases and net spend in the look-back. */
export interface RfmRaw {
  recencyDays: number;
  frequency: number;
  monetaryFen: number;
}

export interface RfmScores {
  r: number;
  f: number;
  m: number;
}

/**
 * Cut points of ascending-sorted values into `bins` bins: bin i ends at rank ceil(i·n / bins).
 * Empty input gives no cuts (everyone scores alike).
 */
export function quantileCuts(sortedAscending: ArrayLike<number>, bins: number): QuantileCuts {
  if (!Number.isInteger(bins) || bins < 2) throw new RangeError('at least two bins');
  const n = sortedAscending.length;
  if (n === 0) return [];
  const cuts: number[] = [];
  for (let i = 1; i < bins; i++) cuts.push(sortedAscending[Math.ceil((i * n) / bins) - 1]);
  return cuts;
}

/** Bins whose cut point lies strictly below the value. */
function binsBelow(value: number, cuts: QuantileCuts): number {
  let below = 0;
  for (const cut of cuts) if (cut < value) below += 1;
  return below;
}

/** Higher is better (frequency, monetary): 1 + the cut points the value exceeds. */
export function scoreHigherIsBetter(value: number, cuts: QuantileCuts): number {
  return 1 + binsBelow(value, cuts);
}

/** Lower is better (recency in days): `bins` − the cut points the value exceeds. */
export function scoreLowerIsBetter(value: number, cuts: QuantileCuts, bins: number): number {
  return bins - binsBelow(value, cuts);
}

export function rfmScores(raw: RfmRaw, model: RfmModel): RfmScores {
  return {
    r: scoreLowerIsBetter(raw.recencyDays, model.recency, model.bins),
    f: scoreHigherIsBetter(raw.frequency, model.frequency),
    m: scoreHigherIsBetter(raw.monetaryFen, model.monetary),
  };
}

/** Sorts a typed array copy ascending (numeric, unlike Array.prototype.sort). */
export function sortedCopy(values: ArrayLike<number>, length = values.length): Float64Array {
  const copy = new Float64Array(length);
  for (let i = 0; i < length; i++) copy[i] = values[i];
  return copy.sort();
}

/** Fits the model on every scored member's raw values. */
export function fitRfmModel(
  columns: { recency: ArrayLike<number>; frequency: ArrayLike<number>; monetary: ArrayLike<number> },
  length: number,
  bins: number,
): RfmModel {
  return {
    bins,
    recency: quantileCuts(sortedCopy(columns.recency, length), bins),
    frequency: quantileCuts(sortedCopy(columns.frequency, length), bins),
    monetary: quantileCuts(sortedCopy(columns.monetary, length), bins),
  };
}
