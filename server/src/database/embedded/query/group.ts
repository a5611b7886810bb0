/**
 * `$group`, `$bucket` and `$sortByCount` run natively on canonical values, as mongod runs them: group keys
 * are equal when MongoDB's comparison (under the pipeline's collation) says so (1, 1.0 and NumberLong(1) are
 * one group, null and missing are one group, `{ a: 1, b: 2 }` and `{ b: 2, a: 1 }` are two), and the
 * accumulators keep BSON types and order (`$firstN $lastN $maxN $minN $topN $bottomN $top $bottom` included).
 * `undefined` is returned for a specification using an accumulator not implemented here: the caller runs the
 * stage in mingo then.
 */
import type { Document } from '../contracts';
import { MongoCommandError } from '../errors';
import type { Collation } from './collation';
import { compileSort } from './sort';
import { addTyped, avgOf, type Evaluator } from './native-expression';
import { bsonTypeName, compareValues, isDocument, isNumber, renderValue, toJsNumber, typeBracket } from './values';

type Compile = (expr: unknown) => Evaluator;
type Stage = (docs: Document[]) => Document[];

interface Accumulator {
  add(value: unknown): void;
  result(): unknown;
}

/** Makes a group's accumulator; `key` is the group's `_id` (the N-accumulators evaluate their `n` against it). */
type AccumulatorFactory = (compare: (a: unknown, b: unknown) => number, collated: boolean, key: unknown) => Accumulator;

function collecting(finish: (values: unknown[]) => unknown): AccumulatorFactory {
  return () => {
    const values: unknown[] = [];
    return {
      add: (v) => {
        if (v !== undefined) values.push(v);
      },
      result: () => finish(values),
    };
  };
}

const ACCUMULATORS: Record<string, AccumulatorFactory> = {
  $sum: () => {
    let total: unknown = 0;
    return {
      add: (v) => {
        if (isNumber(v)) total = addTyped(total, v);
      },
      result: () => total,
    };
  },
  $avg: () => {
    const values: unknown[] = [];
    return {
      add: (v) => {
        if (isNumber(v)) values.push(v);
      },
      result: () => avgOf(values),
    };
  },
  $min: (compare) => extremeAccumulator(compare, -1),
  $max: (compare) => extremeAccumulator(compare, 1),
  $first: () => {
    let seen = false;
    let first: unknown;
    return {
      add: (v) => {
        if (!seen) {
          seen = true;
          first = v;
        }
      },
      result: () => (first === undefined ? null : first),
    };
  },
  $last: () => {
    let last: unknown;
    return {
      add: (v) => {
        last = v;
      },
      result: () => (last === undefined ? null : last),
    };
  },
  $push: collecting((values) => values),
  $addToSet: (compare, collated) => {
    const values: unknown[] = [];
    // A short set is searched; a long one indexed.
    let seen: ValueTable<true> | undefined;
    return {
      add: (v) => {
        if (v === undefined) return;
        if (seen ? seen.get(v) : values.some((x) => compare(x, v) === 0)) return;
        values.push(v);
        if (seen) seen.set(v, true);
        else if (values.length > 32) {
          seen = new ValueTable<true>(compare, collated);
          for (const x of values) seen.set(x, true);
        }
      },
      result: () => values,
    };
  },
  $count: () => {
    let n = 0;
    return {
      add: () => {
        n += 1;
      },
      result: () => n,
    };
  },
  $mergeObjects: () => {
    const out: Document = {};
    return {
      add: (v) => {
        if (v === undefined || v === null) return;
        if (!isDocument(v))
          throw new MongoCommandError(
            40400,
            `$mergeObjects requires object inputs, but input ${renderValue(v)} is of type ${bsonTypeName(v)}`,
          );
        for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = x;
      },
      result: () => out,
    };
  },
};

/** mongod's other `$group` accumulators: mingo runs a `$group` using one of them. */
const MINGO_ACCUMULATORS = new Set(['$accumulator', '$median', '$percentile', '$stdDevPop', '$stdDevSamp']);

// ---------------------------------------------------------------- $firstN $lastN $maxN $minN $topN $bottomN $top $bottom

/** What an N-accumulator's operand compiles to: the value added per document and how a group's accumulator starts. */
interface NAccumulator {
  evaluate: Evaluator;
  factory: AccumulatorFactory;
}

function nSpec(op: string, operand: unknown, allowed: string[]): Document {
  if (!isDocument(operand))
    throw new MongoCommandError(5787900, `specification must be an object; found ${renderValue(operand)}`);
  for (const k of Object.keys(operand))
    if (!allowed.includes(k)) throw new MongoCommandError(5787901, `Unknown argument for ${op}: ${k}`);
  for (const k of allowed)
    if (!(k in operand))
      throw new MongoCommandError(
        k === 'input' ? 5787906 : k === 'n' ? 5787907 : k === 'sortBy' ? 5788005 : 5788004,
        `Missing value for '${k}'`,
      );
  return operand;
}

/** `n` evaluated with the group's `_id` document as its root (it may depend on it, as in mongod): a positive integer. */
function groupSize(n: Evaluator, key: unknown): number {
  const v = n(isDocument(key) ? key : {});
  const x = isNumber(v) ? toJsNumber(v) : NaN;
  if (!isNumber(v) || !Number.isInteger(x))
    throw new MongoCommandError(5787902, `Value for 'n' must be of integral type, but found ${renderValue(v)}`);
  if (x <= 0) throw new MongoCommandError(5787908, `'n' must be greater than 0, found ${renderValue(v)}`);
  return Math.min(x, Number.MAX_SAFE_INTEGER);
}

function orNull(v: unknown): unknown {
  return v === undefined ? null : v;
}

/** Keeps the best `n` of the values added under `order` (first = best), ties in arrival order. */
function bestN(n: number, order: (a: unknown, b: unknown) => number): Accumulator {
  let items: Array<{ v: unknown; i: number }> = [];
  let seq = 0;
  const sort = () => items.sort((a, b) => order(a.v, b.v) || a.i - b.i);
  return {
    add: (v) => {
      items.push({ v, i: seq++ });
      if (items.length > Math.max(64, 2 * n)) items = sort().slice(0, n);
    },
    result: () =>
      sort()
        .slice(0, n)
        .map((x) => x.v),
  };
}

function nAccumulator(op: string, operand: unknown, compile: Compile, collation: Collation | undefined): NAccumulator {
  const sorted = op === '$topN' || op === '$bottomN' || op === '$top' || op === '$bottom';
  const single = op === '$top' || op === '$bottom';
  const spec = nSpec(op, operand, sorted ? (single ? ['sortBy', 'output'] : ['n', 'sortBy', 'output']) : ['input', 'n']);
  const n = single ? () => 1 : compile(spec.n);
  if (sorted) {
    if (!isDocument(spec.sortBy))
      throw new MongoCommandError(5788604, `expected an object for 'sortBy', found ${bsonTypeName(spec.sortBy)}`);
    const byDoc = compileSort(spec.sortBy, collation);
    const output = compile(spec.output);
    const bottom = op === '$bottomN' || op === '$bottom';
    type Entry = { doc: Document; out: unknown };
    return {
      evaluate: (doc) => ({ doc, out: orNull(output(doc)) }) satisfies Entry,
      factory: (_compare, _collated, key) => {
        const size = groupSize(n, key);
        const keep = bestN(size, (a, b) => (bottom ? -1 : 1) * byDoc((a as Entry).doc, (b as Entry).doc));
        return {
          add: keep.add,
          result: () => {
            const best = (keep.result() as Entry[]).map((e) => e.out);
            if (bottom) best.reverse();
            return single ? orNull(best[0]) : best;
          },
        };
      },
    };
  }
  const input = compile(spec.input);
  return {
    evaluate: input,
    factory: (compare, _collated, key) => {
      const size = groupSize(n, key);
      if (op === '$firstN') {
        const values: unknown[] = [];
        return {
          add: (v) => {
            if (values.length < size) values.push(orNull(v));
          },
          result: () => values,
        };
      }
      if (op === '$lastN') {
        let values: unknown[] = [];
        return {
          add: (v) => {
            values.push(orNull(v));
            if (values.length > Math.max(64, 2 * size)) values = values.slice(-size);
          },
          result: () => values.slice(-size),
        };
      }
      const direction = op === '$maxN' ? -1 : 1;
      const keep = bestN(size, (a, b) => direction * compare(a, b));
      return {
        add: (v) => {
          if (v !== undefined && v !== null && bsonTypeName(v) !== 'undefined') keep.add(v);
        },
        result: keep.result,
      };
    },
  };
}

const N_ACCUMULATORS = new Set(['$firstN', '$lastN', '$maxN', '$minN', '$topN', '$bottomN', '$top', '$bottom']);

/** `$min` (-1) / `$max` (1): the running extreme in MongoDB's order, null and missing ignored. */
function extremeAccumulator(compare: (a: unknown, b: unknown) => number, direction: 1 | -1): Accumulator {
  let best: unknown;
  return {
    add: (v) => {
      if (v === undefined || v === null) return;
      if (best === undefined || compare(v, best) * direction > 0) best = v;
    },
    result: () => (best === undefined ? null : best),
  };
}

interface OutputField {
  name: string;
  factory: AccumulatorFactory;
  evaluate: Evaluator;
}

/** The `$group` stage, or undefined when an accumulator is not implemented here. */
export function nativeGroup(
  spec: unknown,
  compile: Compile,
  collation: Collation | undefined,
  keyOverride?: Evaluator,
): Stage | undefined {
  if (!isDocument(spec)) throw new MongoCommandError(15947, "a group's fields must be specified in an object");
  if (!('_id' in spec)) throw new MongoCommandError(15955, 'a group specification must include an _id');
  const fields: OutputField[] = [];
  for (const [name, value] of Object.entries(spec)) {
    if (name === '_id') continue;
    if (name.includes('.')) throw new MongoCommandError(40235, `The field name '${name}' cannot contain '.'`);
    if (name.startsWith('$')) throw new MongoCommandError(16410, `FieldPath field names may not start with '$'. Given: ${name}`);
    if (!isDocument(value) || Object.keys(value).length !== 1)
      throw new MongoCommandError(40238, `The field '${name}' must specify one accumulator`);
    const [op, operand] = Object.entries(value)[0];
    if (N_ACCUMULATORS.has(op)) {
      fields.push({ name, ...nAccumulator(op, operand, compile, collation) });
      continue;
    }
    const factory = ACCUMULATORS[op];
    if (!factory) {
      if (MINGO_ACCUMULATORS.has(op)) return undefined;
      throw new MongoCommandError(15952, `unknown group operator '${op}'`);
    }
    if (op === '$count') {
      if (!isDocument(operand) || Object.keys(operand).length > 0)
        throw new MongoCommandError(5424600, '$count takes no arguments, i.e. $count:{}');
    }
    if (Array.isArray(operand) && op !== '$count')
      throw new MongoCommandError(40237, `The ${op} accumulator is a unary operator`);
    fields.push({ name, factory, evaluate: op === '$count' ? () => 1 : compile(operand) });
  }
  const keyOf = keyOverride ?? compile(spec._id);
  const compare = collation?.compare ?? compareValues;
  return (docs) => groupDocuments(docs, keyOf, fields, compare, collation !== undefined);
}

interface Group {
  key: unknown;
  accumulators: Accumulator[];
}

/**
 * A string that values MongoDB's comparison equates always share (numbers by their double value, so 1, 1.0,
 * NumberLong(1) and NumberDecimal("1.0") meet; documents field by field in order); values sharing it are told
 * apart by the comparison itself. Under a collation strings may be equal without being identical, so they
 * all share one bucket then.
 */
function coarseKey(v: unknown, collated: boolean): string {
  if (v === undefined || v === null) return 'z';
  if (typeof v === 'string') return collated ? 's' : `s${v}`;
  if (isNumber(v)) {
    const n = toJsNumber(v);
    return Number.isNaN(n) ? 'nNaN' : `n${n === 0 ? 0 : n}`;
  }
  if (Array.isArray(v)) return `[${v.map((x) => coarseKey(x, collated)).join(',')}]`;
  if (isDocument(v)) {
    return `{${Object.keys(v)
      .map((k) => `${JSON.stringify(k)}:${coarseKey(v[k], collated)}`)
      .join(',')}}`;
  }
  if (v instanceof Date) return `d${v.getTime()}`;
  if (typeof v === 'boolean') return v ? 'T' : 'F';
  const type = bsonTypeName(v);
  if (type === 'symbol') return collated ? 's' : `s${(v as { value: string }).value}`;
  return `${type}:${renderValue(v)}`;
}

/** Values kept once each, as MongoDB's comparison (or the collation's) equates them. */
export class ValueTable<T> {
  private readonly buckets = new Map<string, Array<{ value: unknown; item: T }>>();

  constructor(
    private readonly compare: (a: unknown, b: unknown) => number,
    private readonly collated: boolean,
  ) {}

  get(value: unknown): T | undefined {
    const bucket = this.buckets.get(coarseKey(value, this.collated));
    return bucket?.find((entry) => this.compare(entry.value, value) === 0)?.item;
  }

  set(value: unknown, item: T): void {
    const key = coarseKey(value, this.collated);
    const bucket = this.buckets.get(key);
    if (bucket) bucket.push({ value, item });
    else this.buckets.set(key, [{ value, item }]);
  }
}

function groupDocuments(
  docs: Document[],
  keyOf: Evaluator,
  fields: OutputField[],
  compare: (a: unknown, b: unknown) => number,
  collated: boolean,
): Document[] {
  const groups: Group[] = []; // in the order their first document came
  const table = new ValueTable<Group>(compare, collated);
  for (const doc of docs) {
    const raw = keyOf(doc);
    const key = raw === undefined ? null : raw;
    let group = table.get(key);
    if (!group) {
      group = { key, accumulators: fields.map((f) => f.factory(compare, collated, key)) };
      table.set(key, group);
      groups.push(group);
    }
    for (let i = 0; i < fields.length; i++) group.accumulators[i].add(fields[i].evaluate(doc));
  }
  return groups.map((group) => {
    const out: Document = { _id: group.key };
    fields.forEach((f, i) => {
      out[f.name] = group.accumulators[i].result();
    });
    return out;
  });
}

/** `$sortByCount: <expression>`: `$group` by it with a count, then sorted by the count, highest first. */
export function nativeSortByCount(spec: unknown, compile: Compile, collation: Collation | undefined): Stage {
  const isPath = typeof spec === 'string' && spec.startsWith('$');
  const isExpression = isDocument(spec) && Object.keys(spec).length > 0 && Object.keys(spec)[0].startsWith('$');
  if (!isPath && !isExpression)
    throw new MongoCommandError(
      40148,
      `the sortByCount field must be defined as a $-prefixed path or an expression inside an object`,
    );
  const group = nativeGroup({ _id: spec, count: { $sum: 1 } }, compile, collation) as Stage;
  return (docs) => stableSort(group(docs), (a, b) => compareValues(b.count, a.count));
}

function stableSort(docs: Document[], compare: (a: Document, b: Document) => number): Document[] {
  return docs
    .map((doc, i) => ({ doc, i }))
    .sort((a, b) => compare(a.doc, b.doc) || a.i - b.i)
    .map((x) => x.doc);
}

const BUCKET_FIELDS = new Set(['groupBy', 'boundaries', 'default', 'output']);

/** A constant of the stage's specification: a literal (or `$literal`), not a path or an operator. */
function constant(value: unknown): { ok: boolean; value: unknown } {
  if (typeof value === 'string' && value.startsWith('$')) return { ok: false, value };
  if (isDocument(value)) {
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0] === '$literal') return { ok: true, value: value.$literal };
    if (keys.some((k) => k.startsWith('$'))) return { ok: false, value };
  }
  return { ok: true, value };
}

/**
 * `$bucket` as mongod desugars it: `$group` by the lower boundary of the bucket holding `groupBy` (by
 * MongoDB's comparison, so values of another type fall outside every bucket), or by `default`, then sorted by
 * `_id`. Only buckets holding a document are output; a value outside every bucket without `default` is 40066.
 */
export function nativeBucket(spec: unknown, compile: Compile, collation: Collation | undefined): Stage | undefined {
  if (!isDocument(spec))
    throw new MongoCommandError(40201, `Argument to $bucket stage must be an object, but found type: ${bsonTypeName(spec)}.`);
  let boundaries: unknown[] | undefined;
  let defaultValue: { value: unknown } | undefined;
  for (const [name, value] of Object.entries(spec)) {
    if (!BUCKET_FIELDS.has(name)) throw new MongoCommandError(40197, `Unrecognized option to $bucket: ${name}.`);
    if (name === 'groupBy') {
      const isPath = typeof value === 'string' && value.startsWith('$');
      const isExpression = isDocument(value) && Object.keys(value).length > 0 && Object.keys(value)[0].startsWith('$');
      if (!isPath && !isExpression)
        throw new MongoCommandError(
          40202,
          `The $bucket 'groupBy' field must be defined as a $-prefixed path or an expression, but found: ${renderValue(value)}.`,
        );
    } else if (name === 'boundaries') {
      if (!Array.isArray(value))
        throw new MongoCommandError(
          40200,
          `The $bucket 'boundaries' field must be an array, but found type: ${bsonTypeName(value)}.`,
        );
      boundaries = value.map((b) => {
        const c = constant(b);
        if (!c.ok)
          throw new MongoCommandError(
            40191,
            `The $bucket 'boundaries' field must be an array of constant values, but found value: ${renderValue(b)}.`,
          );
        return c.value;
      });
      if (boundaries.length < 2)
        throw new MongoCommandError(
          40192,
          `The $bucket 'boundaries' field must have at least 2 values, but found ${boundaries.length} value(s).`,
        );
    } else if (name === 'default') {
      const c = constant(value);
      if (!c.ok)
        throw new MongoCommandError(
          40195,
          `The $bucket 'default' field must be a constant expression, but found: ${renderValue(value)}.`,
        );
      defaultValue = { value: c.value };
    } else if (name === 'output' && !isDocument(value)) {
      throw new MongoCommandError(40196, `The $bucket 'output' field must be an object, but found type: ${bsonTypeName(value)}.`);
    }
  }
  if (spec.groupBy === undefined || !boundaries)
    throw new MongoCommandError(40198, "$bucket requires 'groupBy' and 'boundaries' to be specified.");
  const compare = collation?.compare ?? compareValues;
  const bounds = boundaries;
  for (let i = 1; i < bounds.length; i++) {
    const lower = bounds[i - 1];
    const upper = bounds[i];
    if (typeBracket(lower) !== typeBracket(upper))
      throw new MongoCommandError(
        40193,
        `All values in the the 'boundaries' option to $bucket must have the same type. Found conflicting types ${bsonTypeName(lower)} and ${bsonTypeName(upper)}.`,
      );
    if (!(compare(lower, upper) < 0))
      throw new MongoCommandError(
        40194,
        `The 'boundaries' option to $bucket must be sorted, but elements ${i - 1} and ${i} are not in ascending order (${renderValue(lower)} is not less than ${renderValue(upper)}).`,
      );
  }
  if (defaultValue && typeBracket(defaultValue.value) === typeBracket(bounds[0])) {
    const d = defaultValue.value;
    if (!(compare(d, bounds[0]) < 0 || compare(d, bounds[bounds.length - 1]) >= 0))
      throw new MongoCommandError(
        40199,
        "The $bucket 'default' field must be less than the lowest boundary or greater than or equal to the highest boundary.",
      );
  }
  const groupBy = compile(spec.groupBy);
  const fallback = defaultValue;
  const bucketOf: Evaluator = (doc) => {
    const v = groupBy(doc);
    for (let i = 1; i < bounds.length; i++) {
      if (compare(v, bounds[i - 1]) >= 0 && compare(v, bounds[i]) < 0) return bounds[i - 1];
    }
    if (!fallback)
      throw new MongoCommandError(40066, '$switch could not find a matching branch for an input, and no default was specified.');
    return fallback.value;
  };
  const output = isDocument(spec.output) ? spec.output : { count: { $sum: 1 } };
  const group = nativeGroup({ _id: null, ...output }, compile, collation, bucketOf);
  if (!group) return undefined;
  return (docs) => stableSort(group(docs), (a, b) => compare(a._id, b._id));
}
