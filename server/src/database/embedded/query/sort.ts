/**
 * Sort specifications (`find` sort, `$sort`). A missing field sorts as null, an empty array before null,
 * and an array by its smallest element ascending or its largest descending, as mongod does.
 */
import type { Document } from '../contracts';
import { commandError, MongoCommandError } from '../errors';
import type { Collation } from './collation';
import { sortKeyValues } from './paths';
import { compareValues as compareBinary, isDocument, isNumber, toJsNumber } from './values';

export type DocumentComparator = (a: Document, b: Document) => number;

interface SortField {
  path: string;
  direction: 1 | -1;
  /** `{ $meta: 'textScore' }`: by the document's text score, highest first. */
  meta?: 'textScore';
}

/** The textScore of a document of a `$text` query (undefined: the query has none). */
export type TextScoreOf = (doc: Document) => number | undefined;

export function noTextScore(): never {
  throw new MongoCommandError(40218, 'query requires text score metadata, but it is not available');
}

export function parseSort(sort: Document): SortField[] {
  if (!isDocument(sort)) throw commandError('TypeMismatch', 'Expected sort to be an object');
  return Object.entries(sort).map(([path, value]) => {
    if (isDocument(value) && '$meta' in value) {
      if (value.$meta !== 'textScore' || Object.keys(value).length !== 1)
        throw commandError('BadValue', `$meta sort by ${String(value.$meta)} is not supported by the embedded database`);
      return { path, direction: -1 as const, meta: 'textScore' as const };
    }
    const n = isNumber(value) ? toJsNumber(value) : NaN;
    if (n !== 1 && n !== -1)
      throw commandError('BadValue', '$sort key ordering must be 1 (for ascending) or -1 (for descending)');
    if (path === '' || path.startsWith('$'))
      throw commandError('BadValue', `FieldPath field names may not start with '$'. Given: ${path}`);
    return { path, direction: n };
  });
}

function sortKey(doc: Document, field: SortField, compareValues: (a: unknown, b: unknown) => number): unknown {
  const values = sortKeyValues(doc, field.path);
  let best = values[0];
  for (let i = 1; i < values.length; i++) {
    const cmp = compareValues(values[i], best);
    if (field.direction === 1 ? cmp < 0 : cmp > 0) best = values[i];
  }
  return best;
}

/** A comparator for `sort`; each document's keys are computed once and remembered. */
export function compileSort(sort: Document, collation?: Collation, textScore?: TextScoreOf): DocumentComparator {
  const fields = parseSort(sort);
  if (fields.some((f) => f.meta) && !textScore) noTextScore();
  const compareValues = collation?.compare ?? compareBinary;
  if (fields.length === 0) return () => 0;
  const keys = new WeakMap<Document, unknown[]>();
  const keysOf = (doc: Document): unknown[] => {
    let k = keys.get(doc);
    if (!k) {
      k = fields.map((f) => (f.meta ? (textScore?.(doc) ?? 0) : sortKey(doc, f, compareValues)));
      keys.set(doc, k);
    }
    return k;
  };
  return (a, b) => {
    const ka = keysOf(a);
    const kb = keysOf(b);
    for (let i = 0; i < fields.length; i++) {
      const cmp = compareValues(ka[i], kb[i]);
      if (cmp !== 0) return cmp * fields[i].direction;
    }
    return 0;
  };
}
