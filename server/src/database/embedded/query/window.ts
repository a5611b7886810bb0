/**
 * `$setWindowFields` run natively on canonical values for the common window functions: `$sum $avg $min $max
 * $push $count $first $last` over `documents` or `range` windows (numbers, or dates with `unit`), and `$rank
 * $denseRank $documentNumber $shift`. Documents come out partition by partition (partitions in MongoDB's order
 * of `partitionBy`, under the collation), each in `sortBy` order, as mongod sorts them. A specification using
 * anything else (another window function, a dotted output field, …) returns undefined: mingo runs the stage.
 */
import { Decimal128 } from 'bson';
import type { Document } from '../contracts';
import { commandError, MongoCommandError } from '../errors';
import type { Collation } from './collation';
import { doubleValue, type Evaluator } from './expression-support';
import { addTyped, avgOf, extreme, sumOf } from './native-expression';
import { toDecimal } from './numeric';
import { getPath } from './paths';
import { compileSort } from './sort';
import { dateAdd, utcZone, TIME_UNITS, type TimeUnit } from './time-zones';
import { bsonTypeName, compareValues, isDocument, isNumber, toJsNumber } from './values';

type Compile = (expr: unknown) => Evaluator;
type Stage = (docs: Document[]) => Document[];

const ACCUMULATORS = new Set(['$sum', '$avg', '$min', '$max', '$push', '$count', '$first', '$last']);
const RANKS = new Set(['$rank', '$denseRank', '$documentNumber']);

type Bound = number | 'unbounded' | 'current';

interface WindowSpec {
  kind: 'documents' | 'range';
  lower: Bound;
  upper: Bound;
  unit?: TimeUnit;
}

interface OutputSpec {
  name: string;
  op: string;
  argument?: Evaluator;
  window?: WindowSpec;
  shift?: { by: number; fallback: Evaluator | undefined };
}

function bound(v: unknown, kind: 'documents' | 'range'): Bound | undefined {
  if (v === 'unbounded' || v === 'current') return v;
  if (!isNumber(v)) return undefined;
  const n = toJsNumber(v);
  if (kind === 'documents' && !Number.isInteger(n)) return undefined;
  return n;
}

function parseWindow(raw: unknown): WindowSpec | null | undefined {
  if (raw === undefined) return null;
  if (!isDocument(raw)) return undefined;
  const keys = Object.keys(raw);
  const kind = 'documents' in raw ? 'documents' : 'range' in raw ? 'range' : undefined;
  if (!kind || keys.some((k) => k !== kind && k !== 'unit')) return undefined;
  if (kind === 'documents' && 'unit' in raw) return undefined;
  const pair = raw[kind];
  if (!Array.isArray(pair) || pair.length !== 2) return undefined;
  const lower = bound(pair[0], kind);
  const upper = bound(pair[1], kind);
  if (lower === undefined || upper === undefined) return undefined;
  let unit: TimeUnit | undefined;
  if ('unit' in raw) {
    if (typeof raw.unit !== 'string' || !(TIME_UNITS as readonly string[]).includes(raw.unit)) return undefined;
    unit = raw.unit as TimeUnit;
  }
  return { kind, lower, upper, unit };
}

function parseOutput(name: string, raw: unknown, compile: Compile): OutputSpec | undefined {
  if (name.includes('.') || name.startsWith('$') || !isDocument(raw)) return undefined;
  const keys = Object.keys(raw).filter((k) => k !== 'window');
  if (keys.length !== 1) return undefined;
  const op = keys[0];
  const window = parseWindow(raw.window);
  if (window === undefined) return undefined;
  const operand = raw[op];
  if (ACCUMULATORS.has(op)) {
    if (op === '$count') {
      if (!isDocument(operand) || Object.keys(operand).length > 0) return undefined;
      return { name, op, window: window ?? undefined };
    }
    return { name, op, argument: compile(operand), window: window ?? undefined };
  }
  if (window) return undefined;
  if (RANKS.has(op)) return isDocument(operand) && Object.keys(operand).length === 0 ? { name, op } : undefined;
  if (op === '$shift') {
    if (!isDocument(operand) || !('output' in operand) || !('by' in operand)) return undefined;
    if (Object.keys(operand).some((k) => !['output', 'by', 'default'].includes(k))) return undefined;
    const by = operand.by;
    if (!isNumber(by) || !Number.isInteger(toJsNumber(by))) return undefined;
    return {
      name,
      op,
      argument: compile(operand.output),
      shift: { by: toJsNumber(by), fallback: 'default' in operand ? compile(operand.default) : undefined },
    };
  }
  return undefined;
}

/** The partition's documents in [lo, hi] for each position, as index pairs (hi < lo: empty). */
function windowBounds(
  window: WindowSpec | undefined,
  docs: Document[],
  sortValues: unknown[] | undefined,
): Array<[number, number]> {
  const n = docs.length;
  if (!window) return docs.map(() => [0, n - 1]);
  if (window.kind === 'documents') {
    const at = (b: Bound, i: number, lowerEnd: boolean) =>
      b === 'unbounded' ? (lowerEnd ? 0 : n - 1) : b === 'current' ? i : i + (b as number);
    return docs.map((_, i) => [Math.max(0, at(window.lower, i, true)), Math.min(n - 1, at(window.upper, i, false))]);
  }
  if (!sortValues) throw new MongoCommandError(5339902, 'Range-based bounds require sortBy a single field');
  const keys = sortValues.map((v) => {
    if (window.unit) {
      if (!(v instanceof Date))
        throw new MongoCommandError(
          5429513,
          `Invalid range: Expected the sortBy field to be a Date, but it was ${bsonTypeName(v)}`,
        );
      return v.getTime();
    }
    if (!isNumber(v))
      throw new MongoCommandError(
        5429414,
        `Invalid range: Expected the sortBy field to be a number, but it was ${bsonTypeName(v)}`,
      );
    return toJsNumber(v);
  });
  const shifted = (key: number, b: Bound): number => {
    if (b === 'current') return key;
    if (b === 'unbounded') return NaN;
    return window.unit ? dateAdd(key, window.unit, b as number, utcZone()) : key + (b as number);
  };
  // Keys ascend (a descending sortBy is refused for range windows), so both ends only move forward.
  let lo = 0;
  let hi = -1;
  return keys.map((key) => {
    const low = shifted(key, window.lower);
    const high = shifted(key, window.upper);
    if (window.lower !== 'unbounded') while (lo < n && keys[lo] < low) lo++;
    if (window.upper === 'unbounded') hi = n - 1;
    else while (hi + 1 < n && keys[hi + 1] <= high) hi++;
    return [lo, hi] as [number, number];
  });
}

function accumulate(op: string, values: unknown[], count: number, compare: (a: unknown, b: unknown) => number): unknown {
  switch (op) {
    case '$sum':
      return sumOf(values);
    case '$avg':
      return avgOf(values);
    case '$min':
      return extreme(values, compare, -1);
    case '$max':
      return extreme(values, compare, 1);
    case '$push':
      return values.filter((v) => v !== undefined);
    case '$count':
      return count;
    case '$first':
      return count === 0 ? null : (values[0] ?? null);
    default:
      return count === 0 ? null : (values[values.length - 1] ?? null);
  }
}

/** `$setWindowFields`, or undefined when the specification needs mingo. */
export function nativeSetWindowFields(spec: unknown, compile: Compile, collation: Collation | undefined): Stage | undefined {
  if (!isDocument(spec) || Object.keys(spec).some((k) => !['partitionBy', 'sortBy', 'output'].includes(k))) return undefined;
  if (!isDocument(spec.output)) return undefined;
  if (spec.sortBy !== undefined && !isDocument(spec.sortBy)) return undefined;
  const outputs: OutputSpec[] = [];
  for (const [name, raw] of Object.entries(spec.output)) {
    const out = parseOutput(name, raw, compile);
    if (!out) return undefined;
    outputs.push(out);
  }
  const sortBy = spec.sortBy as Document | undefined;
  const sortFields = sortBy ? Object.keys(sortBy) : [];
  for (const out of outputs) {
    if ((RANKS.has(out.op) || out.op === '$shift') && !sortBy)
      throw new MongoCommandError(
        5371602,
        `${out.op} must be specified with a top level sortBy expression with exactly one element`,
      );
    if ((out.op === '$rank' || out.op === '$denseRank') && sortFields.length !== 1)
      throw new MongoCommandError(
        5371602,
        `${out.op} must be specified with a top level sortBy expression with exactly one element`,
      );
    const bounded = out.window && (out.window.lower !== 'unbounded' || out.window.upper !== 'unbounded');
    if (bounded && out.window?.kind === 'documents' && !sortBy)
      throw new MongoCommandError(5339901, 'Document-based bounds require a sortBy');
    if (out.window?.kind === 'range' && sortFields.length !== 1)
      throw new MongoCommandError(5339902, 'Range-based bounds require sortBy a single field');
    if (out.window?.kind === 'range' && toJsNumber(sortBy![sortFields[0]]) < 0)
      throw commandError(
        'BadValue',
        `$setWindowFields: a range window over a descending sortBy is not supported by the embedded engine`,
      );
  }
  const compare = collation?.compare ?? compareValues;
  const partitionOf = spec.partitionBy === undefined ? () => null : compile(spec.partitionBy);
  const bySort = sortBy ? compileSort(sortBy, collation) : () => 0;
  const sortKey =
    sortFields.length === 1
      ? (doc: Document): unknown[] => {
          const v = getPath(doc, sortFields[0]);
          return [v === undefined ? null : v];
        }
      : undefined;
  return (docs) => {
    const entries = docs.map((doc, i) => {
      const p = partitionOf(doc);
      return { doc, i, partition: p === undefined ? null : p };
    });
    entries.sort((a, b) => compare(a.partition, b.partition) || bySort(a.doc, b.doc) || a.i - b.i);
    const result: Document[] = [];
    let start = 0;
    while (start < entries.length) {
      let end = start + 1;
      while (end < entries.length && compare(entries[end].partition, entries[start].partition) === 0) end++;
      const part = entries.slice(start, end).map((e) => e.doc);
      const sortValues = sortKey ? part.map((d) => sortKey(d)[0]) : undefined;
      const columns = outputs.map((out) => windowColumn(out, part, sortValues, sortKey, compare));
      part.forEach((doc, i) => {
        const copy: Document = { ...doc };
        outputs.forEach((out, j) => {
          const v = columns[j][i];
          if (v === undefined) delete copy[out.name];
          else copy[out.name] = v;
        });
        result.push(copy);
      });
      start = end;
    }
    return result;
  };
}

function windowColumn(
  out: OutputSpec,
  part: Document[],
  sortValues: unknown[] | undefined,
  sortKey: ((doc: Document) => unknown[]) | undefined,
  compare: (a: unknown, b: unknown) => number,
): unknown[] {
  if (out.op === '$documentNumber') return part.map((_, i) => i + 1);
  if (out.op === '$rank' || out.op === '$denseRank') {
    const keys = part.map((d) => sortKey!(d)[0]);
    let rank = 0;
    let dense = 0;
    return keys.map((k, i) => {
      if (i === 0 || compare(keys[i - 1], k) !== 0) {
        rank = i + 1;
        dense += 1;
      }
      return out.op === '$rank' ? rank : dense;
    });
  }
  if (out.op === '$shift') {
    const { by, fallback } = out.shift!;
    return part.map((doc, i) => {
      const j = i + by;
      if (j < 0 || j >= part.length) {
        const v = fallback ? fallback(doc) : null;
        return v === undefined ? null : v;
      }
      const v = out.argument!(part[j]);
      return v === undefined ? null : v;
    });
  }
  const values = out.argument ? part.map((d) => out.argument!(d)) : part.map(() => 1);
  const bounds = windowBounds(out.window, part, sortValues);
  const fixedLower = bounds.every(([lo], i) => lo === bounds[0][0] && (i === 0 || bounds[i][1] >= bounds[i - 1][1]));
  if (fixedLower && bounds.length > 1) return growingWindow(out.op, values, bounds, compare);
  let last: { lo: number; hi: number; value: unknown } | undefined;
  return bounds.map(([lo, hi]) => {
    if (last && last.lo === lo && last.hi === hi) return last.value;
    const slice = hi >= lo ? values.slice(lo, hi + 1) : [];
    const value = accumulate(out.op, slice, slice.length, compare);
    last = { lo, hi, value };
    return value;
  });
}

/**
 * Windows sharing their lower bound and growing (running totals such as `['unbounded', 'current']`): each
 * value is added once, so a partition costs O(n) rather than O(n²) (`$push` still copies its array per row).
 */
function growingWindow(
  op: string,
  values: unknown[],
  bounds: Array<[number, number]>,
  compare: (a: unknown, b: unknown) => number,
): unknown[] {
  const lo = bounds[0][0];
  let added = lo - 1;
  let total: unknown = 0;
  let numbers = 0;
  let decimal = false;
  let best: unknown;
  const pushed: unknown[] = [];
  const add = (v: unknown) => {
    switch (op) {
      case '$sum':
        if (isNumber(v)) total = addTyped(total, v);
        break;
      case '$avg':
        if (!isNumber(v)) break;
        numbers += 1;
        if (bsonTypeName(v) === 'decimal') decimal = true;
        total = addTyped(total, bsonTypeName(v) === 'long' || bsonTypeName(v) === 'int' ? doubleValue(toJsNumber(v)) : v);
        break;
      case '$min':
      case '$max':
        if (v === undefined || v === null || bsonTypeName(v) === 'undefined') break;
        if (best === undefined || compare(v, best) * (op === '$max' ? 1 : -1) > 0) best = v;
        break;
      case '$push':
        if (v !== undefined) pushed.push(v);
        break;
      default:
        break;
    }
  };
  return bounds.map(([, hi]) => {
    while (added < hi) add(values[++added]);
    const size = hi >= lo ? hi - lo + 1 : 0;
    switch (op) {
      case '$sum':
        return total;
      case '$avg':
        if (numbers === 0) return null;
        if (decimal) return Decimal128.fromStringWithRounding(String(Number(toDecimal(total).toString()) / numbers));
        return doubleValue(toJsNumber(total) / numbers);
      case '$min':
      case '$max':
        return best === undefined ? null : best;
      case '$push':
        return pushed.slice();
      case '$count':
        return size;
      case '$first':
        return size === 0 ? null : (values[lo] ?? null);
      default:
        return size === 0 ? null : (values[hi] ?? null);
    }
  });
}
