/**
 * Sets of index key values as sorted, disjoint intervals in value order. The planner derives them from
 * filter predicates; they only ever narrow a scan, so each must contain every key a matching document
 * can have (the full filter re-checks every fetched document).
 */
import { compareKeyValues, MAX_EDGE, MIN_EDGE } from './key-order';

export interface Interval {
  lo: unknown;
  loInclusive: boolean;
  hi: unknown;
  hiInclusive: boolean;
}

export const EVERYTHING: Interval[] = [{ lo: MIN_EDGE, loInclusive: true, hi: MAX_EDGE, hiInclusive: true }];

export function point(value: unknown): Interval {
  return { lo: value, loInclusive: true, hi: value, hiInclusive: true };
}

export function isPoint(interval: Interval): boolean {
  return interval.loInclusive && interval.hiInclusive && compareKeyValues(interval.lo, interval.hi) === 0;
}

/** Points, sorted and without duplicates. */
export function points(values: unknown[]): Interval[] {
  const sorted = [...values].sort(compareKeyValues);
  const out: Interval[] = [];
  for (const v of sorted) {
    if (out.length === 0 || compareKeyValues(out[out.length - 1].lo, v) !== 0) out.push(point(v));
  }
  return out;
}

function isEmpty(i: Interval): boolean {
  const c = compareKeyValues(i.lo, i.hi);
  return c > 0 || (c === 0 && !(i.loInclusive && i.hiInclusive));
}

function maxLow(a: Interval, b: Interval): [unknown, boolean] {
  const c = compareKeyValues(a.lo, b.lo);
  if (c === 0) return [a.lo, a.loInclusive && b.loInclusive];
  return c > 0 ? [a.lo, a.loInclusive] : [b.lo, b.loInclusive];
}

function minHigh(a: Interval, b: Interval): [unknown, boolean] {
  const c = compareKeyValues(a.hi, b.hi);
  if (c === 0) return [a.hi, a.hiInclusive && b.hiInclusive];
  return c < 0 ? [a.hi, a.hiInclusive] : [b.hi, b.hiInclusive];
}

/** True when `a` ends before `b` does (so the intersection sweep advances `a`). */
function endsFirst(a: Interval, b: Interval): boolean {
  const c = compareKeyValues(a.hi, b.hi);
  return c < 0 || (c === 0 && !a.hiInclusive && b.hiInclusive);
}

export function intersect(a: Interval[], b: Interval[]): Interval[] {
  const out: Interval[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const [lo, loInclusive] = maxLow(a[i], b[j]);
    const [hi, hiInclusive] = minHigh(a[i], b[j]);
    const candidate = { lo, loInclusive, hi, hiInclusive };
    if (!isEmpty(candidate)) out.push(candidate);
    if (endsFirst(a[i], b[j])) i++;
    else j++;
  }
  return out;
}

/** True when every key in `inner` is also in `outer`. */
export function isSubset(inner: Interval[], outer: Interval[]): boolean {
  return inner.every((i) => {
    const covered = intersect([i], outer);
    return covered.length === 1 && compareInterval(covered[0], i);
  });
}

function compareInterval(a: Interval, b: Interval): boolean {
  return (
    compareKeyValues(a.lo, b.lo) === 0 &&
    compareKeyValues(a.hi, b.hi) === 0 &&
    a.loInclusive === b.loInclusive &&
    a.hiInclusive === b.hiInclusive
  );
}

export function containsValue(intervals: Interval[], value: unknown): boolean {
  return intervals.some((i) => {
    const lo = compareKeyValues(i.lo, value);
    const hi = compareKeyValues(value, i.hi);
    return (lo < 0 || (lo === 0 && i.loInclusive)) && (hi < 0 || (hi === 0 && i.hiInclusive));
  });
}

/** One interval spanning them all (for when too many intervals would have to be scanned one by one). */
export function hull(intervals: Interval[]): Interval[] {
  if (intervals.length <= 1) return intervals;
  const first = intervals[0];
  const last = intervals[intervals.length - 1];
  return [{ lo: first.lo, loInclusive: first.loInclusive, hi: last.hi, hiInclusive: last.hiInclusive }];
}
