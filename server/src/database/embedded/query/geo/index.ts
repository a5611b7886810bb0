/**
 * The geo query operators as the filter compiler, the index key generator and the planner need them:
 * `$geoWithin` / `$geoIntersects` value tests, `$near` / `$nearSphere` (and `$geoNear`) parsing and
 * distances, and the keys of 2dsphere / 2d indexes. Pure functions.
 */
import { commandError, MongoCommandError } from '../../errors';
import { isDocument, isNumber, renderValue, toJsNumber } from '../values';
import { type Cell, cellId, coverRects, type Domain, leafId, type Rect, SPHERE_DOMAIN } from './cells';
import {
  capRects,
  GeoError,
  type Geometry,
  intersects,
  isFlatRegion,
  legacyPair,
  parseIntersectsOperand,
  parseStoredSphere,
  parseWithinOperand,
  type Region,
  regionRects,
  sphereDistance,
  sphereRects,
  storedGeometries,
  within,
  flatPoints,
} from './geometry';
import { EARTH_RADIUS_METERS, flatDistance, toVec, type Vec3 } from './sphere';

export { EARTH_RADIUS_METERS } from './sphere';
export { GeoError } from './geometry';

function badValue(error: unknown): never {
  if (error instanceof GeoError) throw commandError('BadValue', error.message);
  throw error;
}

/** Points a flat ($box, $center, $polygon, 2d $near) predicate considers: legacy pairs and GeoJSON points. */
export function flatPointsOf(value: unknown): Array<[number, number]> {
  if (isDocument(value) && value.type === 'Point' && Array.isArray(value.coordinates)) {
    const pair = legacyPair(value.coordinates);
    return pair ? [pair] : [];
  }
  const pair = legacyPair(value);
  if (pair) return [pair];
  if (!Array.isArray(value)) return [];
  return value.flatMap((element) => (Array.isArray(element) || isDocument(element) ? flatPointsOf(element) : []));
}

/** The value test of `$geoWithin` / `$within` (throws BadValue for a malformed shape). */
export function geoWithinTest(operand: unknown): { region: Region; test: (value: unknown) => boolean } {
  let region: Region;
  try {
    region = parseWithinOperand(operand);
  } catch (error) {
    badValue(error);
  }
  if (isFlatRegion(region)) {
    return {
      region,
      test: (value) => {
        const pts = flatPointsOf(value);
        return pts.length > 0 && pts.some(([x, y]) => within(pointAt(x, y), region));
      },
    };
  }
  return { region, test: (value) => storedGeometries(value)?.some((g) => within(g, region)) ?? false };
}

function pointAt(x: number, y: number): Geometry {
  return { type: 'Point', pos: { x, y, v: [0, 0, 0] }, legacy: true };
}

export function geoIntersectsTest(operand: unknown): { geometry: Geometry; test: (value: unknown) => boolean } {
  let geometry: Geometry;
  try {
    geometry = parseIntersectsOperand(operand);
  } catch (error) {
    badValue(error);
  }
  return { geometry, test: (value) => storedGeometries(value)?.some((g) => intersects(g, geometry)) ?? false };
}

// ---------------------------------------------------------------- $near

export interface NearQuery {
  op: '$near' | '$nearSphere';
  x: number;
  y: number;
  /** The point was GeoJSON: distances and bounds are metres, and only a 2dsphere index can serve it. */
  geoJson: boolean;
  /** In the query's unit (metres for GeoJSON, radians or flat units for legacy points). */
  minDistance: number;
  maxDistance: number;
}

function distanceOperand(value: unknown, name: string): number {
  if (!isNumber(value)) throw commandError('BadValue', `${name} must be a number`);
  const d = toJsNumber(value);
  if (Number.isNaN(d)) throw commandError('BadValue', `${name} must be a number`);
  if (d < 0) throw commandError('BadValue', `${name} must be non-negative`);
  return d;
}

/**
 * `{ $near: <point>, $maxDistance?, $minDistance? }` (siblings) or `{ $near: { $geometry, $maxDistance?,
 * $minDistance? } }`; the same for `$nearSphere`.
 */
export function parseNear(op: '$near' | '$nearSphere', operand: unknown, siblings: Record<string, unknown>): NearQuery {
  let x: number;
  let y: number;
  let geoJson = false;
  let max: unknown = siblings.$maxDistance;
  let min: unknown = siblings.$minDistance;
  if (isDocument(operand) && '$geometry' in operand) {
    const g = operand.$geometry;
    if (!isDocument(g) || g.type !== 'Point' || !Array.isArray(g.coordinates)) {
      throw commandError('BadValue', `invalid point in geo near query $geometry argument: ${renderValue(g)}`);
    }
    const pair = legacyPair(g.coordinates);
    if (!pair) throw commandError('BadValue', `invalid point in geo near query $geometry argument: ${renderValue(g)}`);
    [x, y] = pair;
    if (!(x >= -180 && x <= 180 && y >= -90 && y <= 90)) {
      throw commandError(
        'BadValue',
        `invalid point in geo near query $geometry argument: ${renderValue(g)}  longitude/latitude is out of bounds, lng: ${x} lat: ${y}`,
      );
    }
    geoJson = true;
    if ('$maxDistance' in operand) max = operand.$maxDistance;
    if ('$minDistance' in operand) min = operand.$minDistance;
    for (const key of Object.keys(operand)) {
      if (key !== '$geometry' && key !== '$maxDistance' && key !== '$minDistance') {
        throw commandError('BadValue', `invalid argument in geo near query: ${key}`);
      }
    }
  } else {
    const pair = legacyPair(operand);
    if (!pair) throw commandError('BadValue', `near must be first in: ${renderValue({ [op]: operand })}`);
    [x, y] = pair;
  }
  return {
    op,
    x,
    y,
    geoJson,
    maxDistance: max === undefined ? Infinity : distanceOperand(max, '$maxDistance'),
    minDistance: min === undefined ? 0 : distanceOperand(min, '$minDistance'),
  };
}

/** How a near query measures with the index it runs on. */
export interface NearMetric {
  /** 'sphere': great-circle radians; 'flat': Euclidean in the 2d index's units. */
  kind: 'sphere' | 'flat';
  /** Radians to the query's unit (EARTH_RADIUS_METERS for GeoJSON points, else 1). */
  scale: number;
}

export function nearMetric(near: NearQuery, indexType: '2d' | '2dsphere', spherical = near.op === '$nearSphere'): NearMetric {
  if (near.geoJson) return { kind: 'sphere', scale: EARTH_RADIUS_METERS };
  if (indexType === '2dsphere' || spherical) return { kind: 'sphere', scale: 1 };
  return { kind: 'flat', scale: 1 };
}

/** The nearest geometry of a stored value and its distance in the query's unit, or undefined. */
export function nearestOf(
  value: unknown,
  near: NearQuery,
  metric: NearMetric,
): { distance: number; location: unknown } | undefined {
  if (metric.kind === 'flat') {
    const candidates = flatCandidates(value);
    let best: { distance: number; location: unknown } | undefined;
    for (const c of candidates) {
      const d = flatDistance(c.point[0], c.point[1], near.x, near.y);
      if (!best || d < best.distance) best = { distance: d, location: c.raw };
    }
    return best;
  }
  const p: Vec3 = toVec(near.x, near.y);
  const parsed = storedGeometries(value);
  if (!parsed) return undefined;
  const raws = Array.isArray(value) && !value.every((v) => isNumber(v)) ? value : [value];
  let best: { distance: number; location: unknown } | undefined;
  parsed.forEach((g, i) => {
    const d = sphereDistance(g, p) * metric.scale;
    if (!best || d < best.distance) best = { distance: d, location: raws[i] ?? value };
  });
  return best;
}

function flatCandidates(value: unknown): Array<{ point: [number, number]; raw: unknown }> {
  const direct = flatPointsOf(value);
  if (direct.length <= 1) return direct.map((point) => ({ point, raw: value }));
  const items = Array.isArray(value) ? value : isDocument(value) ? Object.values(value) : [];
  return items.flatMap((item) => flatPointsOf(item).map((point) => ({ point, raw: item })));
}

/** Rectangles (lng/lat, or the 2d domain's units) holding every point within `radius` (query unit) of the point. */
export function nearRects(near: NearQuery, metric: NearMetric, radius: number): Rect[] {
  if (metric.kind === 'flat') return [{ x0: near.x - radius, x1: near.x + radius, y0: near.y - radius, y1: near.y + radius }];
  return capRects({ x: near.x, y: near.y, v: toVec(near.x, near.y) }, radius / metric.scale);
}

// ---------------------------------------------------------------- index keys

export type GeoIndexType = '2dsphere' | '2d';

/** The domain of a 2d index (`min` / `max` options, default [-180, 180)). */
export function flatDomain(spec: Record<string, unknown>): Domain {
  const min = spec.min === undefined ? -180 : toJsNumber(spec.min);
  const max = spec.max === undefined ? 180 : toJsNumber(spec.max);
  return { minX: min, maxX: max, minY: min, maxY: max };
}

/** A geometry's covering cells in the 2dsphere index (a point: its leaf cell). */
function sphereKeys(g: Geometry): number[] {
  if (g.type === 'Point') return [leafId(SPHERE_DOMAIN, g.pos.x, g.pos.y)];
  if (g.type === 'Multi' && g.parts.every((p) => p.type === 'Point')) return g.parts.flatMap(sphereKeys);
  return coverRects(SPHERE_DOMAIN, sphereRects(g), 8).map(cellId);
}

/**
 * The cell ids one value of a 2dsphere field puts in the index (none for null, missing or an empty
 * array). Throws 16755 "Can't extract geo keys" with mongod's reason when the value is not a geometry.
 */
export function sphereIndexKeys(value: unknown, doc: Record<string, unknown>): number[] {
  try {
    const geometries = parseStoredSphere(value);
    if (!geometries) return [];
    return [...new Set(geometries.flatMap(sphereKeys))];
  } catch (error) {
    if (error instanceof GeoError) {
      throw new MongoCommandError(16755, `Can't extract geo keys: ${renderValue(doc)}  ${error.message}`);
    }
    throw error;
  }
}

/** The cell ids one value of a 2d field puts in the index; mongod's 13026 / 13027 / 13068 refusals. */
export function flatIndexKeys(value: unknown, doc: Record<string, unknown>, domain: Domain): number[] {
  let pts: Array<[number, number]> | undefined;
  try {
    pts = flatPoints(value);
  } catch (error) {
    if (error instanceof GeoError) {
      const code = error.message.startsWith('geo field only') ? 13068 : 13026;
      throw new MongoCommandError(code, `${error.message}: ${renderValue(doc)}`);
    }
    throw error;
  }
  if (!pts) return [];
  return pts.map(([x, y]) => {
    if (!(x >= domain.minX && x < domain.maxX && y >= domain.minY && y < domain.maxY)) {
      throw new MongoCommandError(
        13027,
        `point not in interval of [ ${domain.minX}, ${domain.maxX} ) :: caused by :: ${renderValue(doc)}`,
      );
    }
    return leafId(domain, x, y);
  });
}

/** Cells covering a query region, for the index of `type` (null: that index cannot bound the region). */
export function regionCells(region: Region, type: GeoIndexType, domain: Domain): Cell[] | null {
  if (type === '2dsphere' && isFlatRegion(region)) return null;
  return coverRects(type === '2dsphere' ? SPHERE_DOMAIN : domain, regionRects(region));
}

export function geometryCells(geometry: Geometry): Cell[] {
  return coverRects(SPHERE_DOMAIN, sphereRects(geometry));
}
