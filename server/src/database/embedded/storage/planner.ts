/**
 * The query planner. Without mongod's trial runs it ranks candidate indexes by how much of the filter
 * they bound: a unique index fully bound by equality, then the longest equality prefix (plus a range on
 * the next field), then an index that yields the requested sort order, then the narrower index.
 * `{ _id: <value> }` alone is an IDHACK lookup. A sparse index serves only filters that exclude missing
 * fields, a partial index only filters that imply its partialFilterExpression; hidden indexes are ignored.
 */
import type { Document, FindOptions, PlanSummary } from '../contracts';
import { commandError } from '../errors';
import { type Collation, sameCollation } from '../query/collation';
import { parseSort } from '../query/sort';
import { isDocument, isNumber, toJsNumber, typeBracket } from '../query/values';
import type { CollectionState } from './collection-state';
import { type IndexBounds, indexBounds } from './index-bounds';
import { sameKeyPattern } from './index-specs';
import { containsValue, type Interval } from './intervals';
import { compareKeyValues, MAX_EDGE, MIN_EDGE, TypeEdge } from './key-order';
import type { OrderedIndex } from './ordered-index';
import { impliesPartialFilter } from './partial-filter';
import { collectConditions, type FieldConditions, fieldIntervals, isOperatorObject } from './predicates';

export interface Plan {
  stage: PlanSummary['stage'];
  index?: OrderedIndex;
  bounds?: IndexBounds;
  /** Walk the ranges (or the collection) backwards: the order a descending sort needs. */
  reverse: boolean;
  sortInMemory: boolean;
}

type SortSpec = ReturnType<typeof parseSort>;

interface Candidate {
  index: OrderedIndex;
  bounds: IndexBounds;
  /** 1 / -1: walking the index forward / backward yields the sort order; 0: it does not. */
  sortOrder: number;
  score: number;
  uniqueLookup: boolean;
}

function noHint(): never {
  throw commandError('BadValue', 'hint provided does not correspond to an existing index');
}

function hintedIndex(coll: CollectionState, hint: string | Document): OrderedIndex {
  const found = typeof hint === 'string' ? coll.findIndex(hint) : coll.indexes.find((i) => sameKeyPattern(i.spec.key, hint));
  if (!found || found.hidden) noHint();
  return found;
}

function naturalHint(hint: FindOptions['hint']): number | undefined {
  if (!isDocument(hint) || !('$natural' in hint)) return undefined;
  const direction = isNumber(hint.$natural) ? toJsNumber(hint.$natural) : NaN;
  if (direction !== 1 && direction !== -1) throw commandError('BadValue', '$natural hint must be 1 or -1');
  return direction;
}

/** 1 or -1 when the index (walked that way) yields `sort`, skipping fields pinned to a single point. */
function sortOrderOf(index: OrderedIndex, bounds: IndexBounds, sort: SortSpec): number {
  if (sort.length === 0 || index.multikey) return 0;
  const fields = index.fields;
  let orientation = 0;
  let i = 0;
  for (const s of sort) {
    while (i < fields.length && fields[i] !== s.path && bounds.singlePointFields.has(i)) i++;
    if (i >= fields.length || fields[i] !== s.path) return 0;
    const o = s.direction * index.directions[i];
    if (orientation !== 0 && o !== orientation) return 0;
    orientation = o;
    i++;
  }
  return orientation;
}

function evaluate(index: OrderedIndex, conditions: FieldConditions, sort: SortSpec, hinted: boolean): Candidate | null {
  const perField: Array<Interval[] | null> = index.fields.map((f) => {
    const c = conditions.get(f);
    return c ? fieldIntervals(c, index.multikey) : null;
  });
  if (index.partialFilter && !impliesPartialFilter(conditions, index.partialFilter)) {
    if (hinted) noHint();
    return null;
  }
  if (index.collation && !perField.every(collationSafe)) return null;
  if (index.sparse && !hinted && !perField.some((iv) => iv !== null && !containsValue(iv, null))) return null;
  const bounds = indexBounds(index, perField);
  const n = index.fields.length;
  return {
    index,
    bounds,
    sortOrder: sortOrderOf(index, bounds, sort),
    score: bounds.pointFields * 2 + (bounds.rangeField ? 1 : 0),
    uniqueLookup: index.unique && bounds.pointFields === n && bounds.ranges.length <= 1,
  };
}

function rank(v: unknown): number {
  return v instanceof TypeEdge ? v.rank : typeBracket(v);
}

/**
 * Whether bounds derived in binary order scan a collated index right: points (at most one holding
 * strings, objects or arrays, whose collation-equal keys are adjacent in the index), the whole index, or
 * ranges that touch no string, object or array. A string range would be cut at binary positions.
 */
function collationSafe(intervals: Interval[] | null): boolean {
  if (intervals === null) return true;
  let collatablePoints = 0;
  for (const iv of intervals) {
    if (iv.loInclusive && iv.hiInclusive && (iv.lo === iv.hi || compareKeyValues(iv.lo, iv.hi) === 0)) {
      const r = rank(iv.lo);
      if (r >= 15 && r <= 25) collatablePoints++;
      continue;
    }
    if (iv.lo === MIN_EDGE && iv.hi === MAX_EDGE) continue;
    if (rank(iv.lo) <= 25 && rank(iv.hi) >= 15) return false;
  }
  return collatablePoints <= 1;
}

function better(a: Candidate, b: Candidate): boolean {
  if (a.uniqueLookup !== b.uniqueLookup) return a.uniqueLookup;
  if (a.score !== b.score) return a.score > b.score;
  if ((a.sortOrder !== 0) !== (b.sortOrder !== 0)) return a.sortOrder !== 0;
  return a.index.fields.length < b.index.fields.length;
}

function isIdLookup(filter: Document, candidate: Candidate): boolean {
  const keys = Object.keys(filter);
  if (keys.length !== 1 || keys[0] !== '_id' || candidate.index.name !== '_id_') return false;
  const condition = filter._id;
  const plainEquality = !isOperatorObject(condition) || (Object.keys(condition).length === 1 && '$eq' in condition);
  return plainEquality && candidate.bounds.ranges.length === 1 && candidate.bounds.singlePointFields.has(0);
}

function collectionScan(sort: SortSpec, reverse: boolean): Plan {
  return { stage: 'COLLSCAN', reverse, sortInMemory: sort.length > 0 };
}

function indexPlan(c: Candidate, sort: SortSpec, stage: Plan['stage'] = 'IXSCAN'): Plan {
  return {
    stage,
    index: c.index,
    bounds: c.bounds,
    reverse: c.sortOrder < 0,
    sortInMemory: sort.length > 0 && c.sortOrder === 0,
  };
}

/**
 * `collation`: the query's (undefined: simple). Only indexes with the same collation can bound or order
 * its string comparisons; an index with another collation is never used (a hinted one gives a collection scan).
 */
export function planFind(
  coll: CollectionState | undefined,
  filter: Document,
  options: FindOptions = {},
  collation?: Collation,
): Plan {
  const sort = options.sort ? parseSort(options.sort) : [];
  if (!coll) return { stage: 'EOF', reverse: false, sortInMemory: false };
  const conditions = collectConditions(filter);
  const hint = options.hint;
  if (hint !== undefined && hint !== null && !(isDocument(hint) && Object.keys(hint).length === 0) && hint !== '') {
    const natural = naturalHint(hint);
    if (natural !== undefined) return collectionScan(sort, natural < 0);
    const hinted = hintedIndex(coll, hint);
    if (!sameCollation(hinted.collation, collation)) return collectionScan(sort, false);
    const candidate = evaluate(hinted, conditions, sort, true);
    if (!candidate) return collectionScan(sort, false);
    return indexPlan(candidate, sort);
  }
  let best: Candidate | undefined;
  for (const index of coll.indexes) {
    if (index.hidden || !sameCollation(index.collation, collation)) continue;
    const candidate = evaluate(index, conditions, sort, false);
    if (candidate && (candidate.score > 0 || candidate.sortOrder !== 0) && (!best || better(candidate, best))) best = candidate;
  }
  if (!best) return collectionScan(sort, false);
  return indexPlan(best, sort, isIdLookup(filter, best) ? 'IDHACK' : 'IXSCAN');
}
