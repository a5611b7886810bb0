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
import { chooseNearIndex, findNear, geoBounds, geoFieldIntervals, type NearPlan, noGeoIndex } from './geo-planning';
import { impliesPartialFilter } from './partial-filter';
import { hashedValue } from './hashed';
import { isPoint, points } from './intervals';
import { findText } from '../query/text';
import { planText, type TextPlan } from './text-planning';
import { collectConditions, type FieldConditions, fieldIntervals, isOperatorObject } from './predicates';

export interface Plan {
  stage: PlanSummary['stage'];
  index?: OrderedIndex;
  bounds?: IndexBounds;
  /** A `$near` plan: rings of cells on `near.geoField`, the other fields bounded by `nearFields`. */
  near?: NearPlan;
  nearFields?: Array<Interval[] | null>;
  /** A `$text` plan on `index` (the collection's text index). */
  text?: TextPlan;
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
    if (i >= fields.length || fields[i] !== s.path || i === index.hashed) return 0;
    const o = s.direction * index.directions[i];
    if (orientation !== 0 && o !== orientation) return 0;
    orientation = o;
    i++;
  }
  return orientation;
}

function plainIntervals(index: OrderedIndex, conditions: FieldConditions): Array<Interval[] | null> {
  return index.fields.map((f, i) => {
    const c = conditions.get(f);
    if (index.geo.some((g) => g.position === i)) return null;
    const intervals = c ? fieldIntervals(c, index.multikey) : null;
    // A hashed field is bounded by equality only: each point becomes its hash; ranges leave it unbounded.
    if (i === index.hashed)
      return intervals && intervals.every(isPoint) ? points(intervals.map((iv) => hashedValue(iv.lo))) : null;
    return intervals;
  });
}

function evaluate(index: OrderedIndex, conditions: FieldConditions, sort: SortSpec, hinted: boolean): Candidate | null {
  // A text index serves `$text` only (mongod never plans it for other predicates).
  if (index.text) {
    if (hinted) noHint();
    return null;
  }
  const perField = plainIntervals(index, conditions);
  if (index.geo.length > 0) {
    let bounded = false;
    for (const g of index.geo) {
      const intervals = geoFieldIntervals(conditions.get(g.path), g, index.geoCoarse);
      if (intervals) bounded = true;
      perField[g.position] = intervals;
    }
    // Documents without a geometry are not in a geo index: only a geo predicate may use it.
    if (!bounded) {
      if (hinted) noHint();
      return null;
    }
  }
  if (index.partialFilter && !impliesPartialFilter(conditions, index.partialFilter)) {
    if (hinted) noHint();
    return null;
  }
  if (index.collation && !perField.every(collationSafe)) return null;
  if (index.sparse && index.geo.length === 0 && !hinted && !perField.some((iv) => iv !== null && !containsValue(iv, null)))
    return null;
  const bounds = indexBounds(index, perField);
  const n = index.fields.length;
  return {
    index,
    // A geo index may skip over unbounded leading fields (the ranking still uses the plain bounds).
    bounds: index.geo.length > 0 ? geoBounds(index, perField) : bounds,
    sortOrder: sortOrderOf(index, bounds, sort),
    score: Math.max(bounds.pointFields * 2 + (bounds.rangeField ? 1 : 0), index.geo.length > 0 ? 1 : 0),
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
  const near = findNear(conditions);
  const text = findText(filter);
  if (text !== undefined) {
    if (near) throw commandError('BadValue', 'text and geoNear not allowed in same query');
    const chosen = planText(coll.indexes, coll.ns, text, conditions);
    return { stage: 'TEXT', index: chosen.index, text: chosen.text, reverse: false, sortInMemory: sort.length > 0 };
  }
  if (near) return nearPlan(coll, conditions, near, sort, hint);
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

function nearPlan(
  coll: CollectionState,
  conditions: FieldConditions,
  near: NonNullable<ReturnType<typeof findNear>>,
  sort: SortSpec,
  hint: FindOptions['hint'],
): Plan {
  const hinted =
    hint !== undefined && hint !== null && hint !== '' && !(isDocument(hint) && Object.keys(hint).length === 0)
      ? naturalHint(hint) === undefined
        ? hintedIndex(coll, hint)
        : undefined
      : undefined;
  const chosen = chooseNearIndex(coll.indexes, near, conditions, hinted);
  if (!chosen) throw noGeoIndex(coll.ns, near);
  return {
    stage: chosen.plan.geoField.type === '2d' ? 'GEO_NEAR_2D' : 'GEO_NEAR_2DSPHERE',
    index: chosen.index,
    near: chosen.plan,
    nearFields: plainIntervals(chosen.index, conditions),
    reverse: false,
    sortInMemory: sort.length > 0,
  };
}
