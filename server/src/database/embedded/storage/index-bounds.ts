/**
 * Index bounds: the key ranges (in the index's tree order) a scan visits. Leading fields with point
 * intervals (equality, `$in`) multiply into separate ranges; the next field may be a range; later fields
 * are unbounded. A scan never visits keys outside these ranges.
 */
import { HIGH, type IndexKey, LOW } from './key-order';
import { hull, type Interval, isPoint } from './intervals';
import type { OrderedIndex } from './ordered-index';

export interface ScanRange {
  start: IndexKey;
  end: IndexKey;
}

export interface IndexBounds {
  ranges: ScanRange[];
  /** Leading fields bounded by points. */
  pointFields: number;
  /** Whether the field after them is bounded by a range. */
  rangeField: boolean;
  /** Fields bounded by exactly one point: a sort may skip over them. */
  singlePointFields: Set<number>;
}

/** More point combinations than this are scanned as one covering range instead. */
const MAX_RANGES = 4096;

function filled(prefix: unknown[], width: number, fill: unknown): IndexKey {
  const key = prefix.slice();
  while (key.length < width) key.push(fill);
  return key;
}

function rangeOf(prefix: unknown[], interval: Interval, direction: number, width: number): ScanRange {
  const ascending = direction > 0;
  const first = ascending ? interval.lo : interval.hi;
  const firstInclusive = ascending ? interval.loInclusive : interval.hiInclusive;
  const last = ascending ? interval.hi : interval.lo;
  const lastInclusive = ascending ? interval.hiInclusive : interval.loInclusive;
  return {
    start: filled([...prefix, first], width, firstInclusive ? LOW : HIGH),
    end: filled([...prefix, last], width, lastInclusive ? HIGH : LOW),
  };
}

/** `perField[i]`: the intervals field i of the index may take, or null when the filter does not bound it. */
export function indexBounds(index: OrderedIndex, perField: Array<Interval[] | null>): IndexBounds {
  const n = index.fields.length;
  const width = n + 1;
  let prefixes: unknown[][] = [[]];
  const singlePointFields = new Set<number>();
  let i = 0;
  for (; i < n; i++) {
    const intervals = perField[i];
    if (!intervals || !intervals.every(isPoint) || prefixes.length * intervals.length > MAX_RANGES) break;
    if (intervals.length === 1) singlePointFields.add(i);
    const next: unknown[][] = [];
    for (const prefix of prefixes) for (const p of intervals) next.push([...prefix, p.lo]);
    prefixes = next;
  }
  const pointFields = i;
  let last = i < n ? perField[i] : null;
  if (last && prefixes.length * last.length > MAX_RANGES) last = hull(last);
  const ranges: ScanRange[] = [];
  for (const prefix of prefixes) {
    if (last) for (const interval of last) ranges.push(rangeOf(prefix, interval, index.directions[i], width));
    else ranges.push({ start: filled(prefix, width, LOW), end: filled(prefix, width, HIGH) });
  }
  ranges.sort((a, b) => index.compare(a.start, b.start));
  return { ranges, pointFields, rangeField: last !== null, singlePointFields };
}
