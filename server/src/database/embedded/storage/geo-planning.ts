/**
 * How the planner uses 2dsphere / 2d indexes. `$geoWithin` / `$geoIntersects` bound a geo field by the
 * cells covering the query region (their descendants as ranges, their ancestors as points: see
 * query/geo/cells.ts); `$near` / `$nearSphere` need a geo index on their field (else mongod's 291,
 * NoQueryExecutionPlans) and run as a geo-near plan that scans growing rings of cells.
 * A geo index is never used for a query that puts no geo predicate on its geo field: documents without
 * a geometry are not in it (mongod strips such assignments from 2dsphere indexes too).
 */
import { commandError, MongoCommandError } from '../errors';
import { geometryCells, type NearMetric, type NearQuery, nearMetric, parseNear, regionCells } from '../query/geo';
import { type Cell, coveringRanges } from '../query/geo/cells';
import { parseIntersectsOperand, parseWithinOperand, type Region } from '../query/geo/geometry';
import { type IndexBounds, indexBounds } from './index-bounds';
import { containsValue, type Interval, isPoint, points } from './intervals';
import { HIGH, type IndexKey, LOW } from './key-order';
import type { GeoField, OrderedIndex } from './ordered-index';
import { impliesPartialFilter } from './partial-filter';
import { type FieldConditions, isOperatorObject } from './predicates';

export interface NearPlan {
  query: NearQuery;
  field: string;
  geoField: GeoField;
  metric: NearMetric;
}

/**
 * Key intervals (inclusive id ranges) scanning every geometry that can touch the cells; `ancestors`: also
 * the cells containing them (needed once the index holds lines or polygons, keyed by coarser cells).
 */
export function cellIntervals(cells: Cell[], ancestors: boolean): Interval[] {
  return coveringRanges(cells, ancestors).map(([lo, hi]) => ({ lo, loInclusive: true, hi, hiInclusive: true }));
}

/**
 * The intervals the geo predicates of `conditions` allow on a geo field of `index`, or null when none
 * of them can use this kind of index.
 */
export function geoFieldIntervals(conditions: unknown[] | undefined, field: GeoField, ancestors: boolean): Interval[] | null {
  if (!conditions) return null;
  for (const condition of conditions) {
    if (!isOperatorObject(condition)) continue;
    for (const [op, operand] of Object.entries(condition)) {
      let cells: Cell[] | null = null;
      try {
        if (op === '$geoWithin' || op === '$within') {
          const region: Region = parseWithinOperand(operand);
          cells = regionCells(region, field.type, field.domain);
        } else if (op === '$geoIntersects' && field.type === '2dsphere') {
          cells = geometryCells(parseIntersectsOperand(operand));
        }
      } catch {
        cells = null; // the filter reports malformed operands
      }
      if (cells) return cellIntervals(cells, ancestors);
    }
  }
  return null;
}

/** The `$near` / `$nearSphere` of a filter (top level or under `$and`), if any. */
export function findNear(conditions: FieldConditions): { field: string; query: NearQuery } | undefined {
  let found: { field: string; query: NearQuery } | undefined;
  for (const [field, list] of conditions) {
    for (const condition of list) {
      if (!isOperatorObject(condition)) continue;
      for (const op of ['$near', '$nearSphere'] as const) {
        if (!(op in condition)) continue;
        if (found) throw commandError('BadValue', 'Too many geoNear expressions');
        found = { field, query: parseNear(op, condition[op], condition) };
      }
    }
  }
  return found;
}

export function noGeoIndex(ns: string, near: { field: string; query: NearQuery }): MongoCommandError {
  return new MongoCommandError(
    291,
    `error processing query: ns=${ns} GEONEAR  field=${near.field} maxdist=${near.query.maxDistance} isNearSphere=${near.query.op === '$nearSphere' ? 1 : 0}\n planner returned error :: caused by :: unable to find index for $geoNear query`,
  );
}

/**
 * The geo index a near query runs on: a GeoJSON point needs a 2dsphere index; a legacy `$near` prefers a
 * 2d index (flat distances), `$nearSphere` a 2dsphere one. `hinted` restricts the choice to that index.
 */
export function chooseNearIndex(
  indexes: readonly OrderedIndex[],
  near: { field: string; query: NearQuery },
  conditions: FieldConditions,
  hinted?: OrderedIndex,
): { index: OrderedIndex; plan: NearPlan } | undefined {
  // A partial index serves only queries that imply its filter (else it would miss documents).
  const eligible = (hinted ? [hinted] : indexes.filter((i) => !i.hidden)).filter(
    (i) => !i.partialFilter || impliesPartialFilter(conditions, i.partialFilter),
  );
  const candidates = eligible.flatMap((index) =>
    index.geo.filter((g) => g.path === near.field).map((geoField) => ({ index, geoField })),
  );
  const usable = candidates.filter((c) => !near.query.geoJson || c.geoField.type === '2dsphere');
  const preferred = near.query.op === '$near' && !near.query.geoJson ? '2d' : '2dsphere';
  usable.sort((a, b) => (a.geoField.type === preferred ? 0 : 1) - (b.geoField.type === preferred ? 0 : 1));
  const chosen = usable[0];
  if (!chosen) return undefined;
  return {
    index: chosen.index,
    plan: {
      query: near.query,
      field: near.field,
      geoField: chosen.geoField,
      metric: nearMetric(near.query, chosen.geoField.type),
    },
  };
}

/** Above this many distinct leading values a skip scan is not worth it: the leading fields stay unbounded. */
const MAX_SKIP_PREFIXES = 256;

/** The distinct tuples of the first `count` key fields, in index order (null when more than `max`). */
function distinctPrefixes(index: OrderedIndex, count: number, max: number): unknown[][] | null {
  const width = index.fields.length + 1;
  const out: unknown[][] = [];
  let probe: IndexKey = Array.from({ length: width }, () => LOW);
  for (;;) {
    const pair = index.tree.getPairOrNextHigher(probe);
    if (!pair) return out;
    const prefix = pair[0].slice(0, count);
    out.push(prefix);
    if (out.length > max) return null;
    probe = [...prefix, ...Array.from({ length: width - count }, () => HIGH)];
  }
}

/**
 * Bounds of a geo index scan. When fields before the bounded geo field are not pinned to points (say
 * `{ brand: 1, location: '2dsphere' }` queried without `brand`), a plain scan would read the whole index;
 * instead the distinct leading values are read from the index (a skip scan, as mongod's bounds checker
 * does) and each becomes a point in front of the geo cells.
 */
export function geoBounds(index: OrderedIndex, perField: Array<Interval[] | null>): IndexBounds {
  const firstGeo = Math.min(...index.geo.filter((g) => perField[g.position] !== null).map((g) => g.position));
  if (!Number.isFinite(firstGeo) || firstGeo === 0) return indexBounds(index, perField);
  const leading = perField.slice(0, firstGeo);
  if (leading.every((iv) => iv !== null && iv.every(isPoint))) return indexBounds(index, perField);
  const prefixes = distinctPrefixes(index, firstGeo, MAX_SKIP_PREFIXES);
  if (!prefixes) return indexBounds(index, perField);
  const kept = prefixes.filter((prefix) =>
    prefix.every((v, i) => leading[i] === null || containsValue(leading[i] as Interval[], v)),
  );
  // An empty set of points for a field bounds the scan to nothing, which is right: no key can match.
  const pinned = leading.map((_, i) => points(kept.map((prefix) => prefix[i])));
  return indexBounds(index, [...pinned, ...perField.slice(firstGeo)]);
}
