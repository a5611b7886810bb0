/**
 * The order of index keys. An index entry is a tuple `[v1, …, vn, recordId]`: the key values in the
 * index's per-field directions, then the record id (ascending) so that equal keys of different documents
 * coexist. Scans need bounds that fall between stored keys, so two kinds of markers exist besides values:
 *  - `TypeEdge`: a position in value order just before or after a whole type bracket ("every number"),
 *    used for range predicates, which in MongoDB only match values of their operand's type bracket;
 *  - `LOW` / `HIGH`: below or above everything in tree order (whatever the field's direction), used to
 *    fill the key components after the last bounded one.
 */
import { compareStrings, compareValues, typeBracket } from '../query/values';

export class TypeEdge {
  /** `rank` sits between the brackets of `typeBracket` (which are integers). */
  constructor(readonly rank: number) {}
}

/** Below / above every value of every type. */
export const MIN_EDGE = new TypeEdge(-Infinity);
export const MAX_EDGE = new TypeEdge(Infinity);

export function edgeBefore(value: unknown): TypeEdge {
  return new TypeEdge(typeBracket(value) - 0.5);
}

export function edgeAfter(value: unknown): TypeEdge {
  return new TypeEdge(typeBracket(value) + 0.5);
}

class TreeEnd {
  constructor(readonly name: string) {}
}

export const LOW = new TreeEnd('LOW');
export const HIGH = new TreeEnd('HIGH');

interface ObjectIdWords {
  _bsontype: 'ObjectId';
  i0: number;
  i1: number;
  i2: number;
  i3: number;
}

function isObjectIdWords(v: unknown): v is ObjectIdWords {
  return (v as Partial<ObjectIdWords> | null)?._bsontype === 'ObjectId' && typeof (v as ObjectIdWords).i0 === 'number';
}

/**
 * `compareValues` with fast paths for the commonest keys (indexes compare keys ~20 times per lookup):
 * plain numbers, strings, dates, and ObjectIds, whose bson 7 representation holds the 12 bytes as four 24-bit
 * words (comparing them in order is comparing the bytes, i.e. mongod's order).
 */
export function compareIds(a: unknown, b: unknown): number {
  const ta = typeof a;
  if (ta === typeof b) {
    if (ta === 'number') {
      if ((a as number) < (b as number)) return -1;
      if ((a as number) > (b as number)) return 1;
      if (a === b) return 0;
    } else if (ta === 'string') {
      return compareStrings(a as string, b as string);
    } else if (isObjectIdWords(a) && isObjectIdWords(b)) {
      return a.i0 - b.i0 || a.i1 - b.i1 || a.i2 - b.i2 || a.i3 - b.i3;
    } else if (a instanceof Date && b instanceof Date) {
      const x = a.getTime();
      const y = b.getTime();
      if (x === y) return 0;
      if (x < y) return -1;
      if (x > y) return 1;
    }
  }
  return compareValues(a, b);
}

/** Value order extended with type edges. */
export function compareKeyValues(a: unknown, b: unknown): number {
  if (a instanceof TypeEdge) {
    if (b instanceof TypeEdge) return a.rank === b.rank ? 0 : a.rank < b.rank ? -1 : 1;
    return a.rank < typeBracket(b) ? -1 : 1;
  }
  if (b instanceof TypeEdge) return typeBracket(a) < b.rank ? -1 : 1;
  return compareIds(a, b);
}

/** `compareKeyValues` with strings under a collation (`compare` is the collation's value order). */
export function collatedKeyValues(compare: (a: unknown, b: unknown) => number): (a: unknown, b: unknown) => number {
  return (a, b) => {
    if (a instanceof TypeEdge) {
      if (b instanceof TypeEdge) return a.rank === b.rank ? 0 : a.rank < b.rank ? -1 : 1;
      return a.rank < typeBracket(b) ? -1 : 1;
    }
    if (b instanceof TypeEdge) return typeBracket(a) < b.rank ? -1 : 1;
    return compare(a, b);
  };
}

export type IndexKey = unknown[];
export type KeyComparator = (a: IndexKey, b: IndexKey) => number;

/** Tree order of `[v1, …, vn, recordId]` tuples for an index whose fields have `directions`. */
export function keyComparator(
  directions: readonly number[],
  compareKeyValues: (a: unknown, b: unknown) => number = compareBinaryKeyValues,
): KeyComparator {
  const n = directions.length;
  return (a, b) => {
    for (let i = 0; i < n; i++) {
      const x = a[i];
      const y = b[i];
      if (x === y) continue;
      if (x instanceof TreeEnd || y instanceof TreeEnd) return x === LOW || y === HIGH ? -1 : 1;
      const c = compareKeyValues(x, y);
      if (c !== 0) return directions[i] < 0 ? -c : c;
    }
    const x = a[n];
    const y = b[n];
    if (x === y) return 0;
    if (typeof x === 'number' && typeof y === 'number') return x < y ? -1 : 1;
    return x === LOW || y === HIGH ? -1 : 1;
  };
}

const compareBinaryKeyValues = compareKeyValues;
