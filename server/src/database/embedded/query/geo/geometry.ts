/**
 * Geometries as mongod reads them: GeoJSON objects (Point, LineString, Polygon with holes, MultiPoint,
 * MultiLineString, MultiPolygon, GeometryCollection) and legacy coordinate pairs (`[x, y]` or an object
 * with two numeric fields), validated with mongod's messages; and the predicates over them ($geoWithin,
 * $geoIntersects, distances for $near). Spherical predicates use geodesic edges (sphere.ts), the
 * legacy shapes `$box`, `$polygon`, `$center` are flat. Pure functions.
 */
import { isDocument, isNumber, renderValue, toJsNumber } from '../values';
import {
  angle,
  arcLatitudeRange,
  arcsIntersect,
  BOUNDARY_EPSILON,
  distanceToArc,
  flatDistance,
  flatPolygonContains,
  loopContains,
  makeLoop,
  type SphericalLoop,
  selfIntersection,
  toVec,
  type Vec3,
} from './sphere';
import type { Rect } from './cells';

/** A position: x = longitude, y = latitude for spherical use; v its unit vector. */
export interface Pos {
  x: number;
  y: number;
  v: Vec3;
}

export type Geometry =
  | { type: 'Point'; pos: Pos; legacy: boolean }
  | { type: 'LineString'; points: Pos[] }
  | { type: 'Polygon'; rings: Pos[][]; loops: SphericalLoop[] }
  | { type: 'Multi'; parts: Geometry[] };

/** A geometry that cannot be used, with mongod's reason (the caller adds its context). */
export class GeoError extends Error {}

function fail(message: string): never {
  throw new GeoError(message);
}

function pos(x: number, y: number): Pos {
  return { x, y, v: toVec(x, y) };
}

function checkBounds(x: number, y: number): void {
  if (!(x >= -180 && x <= 180 && y >= -90 && y <= 90)) fail(`longitude/latitude is out of bounds, lng: ${x} lat: ${y}`);
}

/** `[x, y]` or `{ a: x, b: y }` with exactly two numbers; undefined when `value` is not shaped like one. */
export function legacyPair(value: unknown): [number, number] | undefined {
  const items = Array.isArray(value) ? value : isDocument(value) && !('type' in value) ? Object.values(value) : undefined;
  if (!items || items.length !== 2 || !isNumber(items[0]) || !isNumber(items[1])) return undefined;
  return [toJsNumber(items[0]), toJsNumber(items[1])];
}

function coordinatePair(value: unknown): Pos {
  if (!Array.isArray(value) && !isDocument(value)) fail(`Point must be an array or object, instead got type ${typeOf(value)}`);
  const items = Array.isArray(value) ? value : Object.values(value);
  if (items.length < 2 || !isNumber(items[0]) || !isNumber(items[1])) fail('Point must only contain numeric elements');
  if (items.length > 2) fail('Point must only contain two numeric elements');
  const x = toJsNumber(items[0]);
  const y = toJsNumber(items[1]);
  checkBounds(x, y);
  return pos(x, y);
}

function typeOf(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (typeof value === 'string') return 'string';
  if (isNumber(value)) return 'double';
  return typeof value;
}

function coordinates(obj: Record<string, unknown>, what: string): unknown[] {
  const c = obj.coordinates;
  if (!Array.isArray(c)) fail(`${what} coordinates must be an array`);
  return c;
}

function dropConsecutiveDuplicates(points: Pos[]): Pos[] {
  return points.filter((p, i) => i === 0 || p.x !== points[i - 1].x || p.y !== points[i - 1].y);
}

function lineString(raw: unknown[]): Pos[] {
  const points = dropConsecutiveDuplicates(raw.map(coordinatePair));
  if (points.length < 2) fail(`GeoJSON LineString must have at least 2 vertices: ${renderValue(raw)}`);
  return points;
}

function ring(raw: unknown): { points: Pos[]; loop: SphericalLoop } {
  if (!Array.isArray(raw)) fail('Polygon coordinates must be an array');
  const points = raw.map(coordinatePair);
  if (points.length < 4) fail(`Loop must have at least 4 vertices: ${renderValue(raw)}`);
  const first = points[0];
  const last = points[points.length - 1];
  if (first.x !== last.x || first.y !== last.y)
    fail(`Loop is not closed, first vertex does not equal last vertex: ${renderValue(raw)}`);
  const open = dropConsecutiveDuplicates(points.slice(0, -1));
  if (open.length > 1 && open[open.length - 1].x === open[0].x && open[open.length - 1].y === open[0].y) open.pop();
  if (open.length < 3) fail(`Loop must have at least 3 different vertices: ${renderValue(raw)}`);
  for (let i = 0; i < open.length; i++) {
    for (let j = i + 1; j < open.length; j++) {
      if (angle(open[i].v, open[j].v) <= 1e-15)
        fail(`Loop is not valid: ${renderValue(raw)} Duplicate vertices at ${i} and ${j}`);
    }
  }
  const crossing = selfIntersection(open.map((p) => p.v));
  if (crossing) fail(`Loop is not valid: ${renderValue(raw)} Edges ${crossing[0]} and ${crossing[1]} cross`);
  const loop = makeLoop(open.map((p) => p.v));
  if (!loop) fail(`Loop is not valid: ${renderValue(raw)} the embedded engine needs each loop within a hemisphere`);
  return { points: open, loop };
}

function polygon(raw: unknown[]): Geometry {
  if (raw.length === 0) fail('Polygon has no loops.');
  const rings = raw.map((r) => ring(r));
  const shell = rings[0];
  for (const hole of rings.slice(1)) {
    if (!hole.points.every((p) => loopContains(shell.loop, p.v)) || loopsCross(shell.points, hole.points)) {
      fail('Secondary loops not contained by first exterior loop - secondary loops must be holes');
    }
  }
  return { type: 'Polygon', rings: rings.map((r) => r.points), loops: rings.map((r) => r.loop) };
}

function loopsCross(a: Pos[], b: Pos[]): boolean {
  for (let i = 0; i < a.length; i++) {
    for (let j = 0; j < b.length; j++) {
      const p1 = a[i].v;
      const p2 = a[(i + 1) % a.length].v;
      const q1 = b[j].v;
      const q2 = b[(j + 1) % b.length].v;
      if (arcsIntersect(p1, p2, q1, q2)) return true;
    }
  }
  return false;
}

function checkCrs(obj: Record<string, unknown>): void {
  if (obj.crs === undefined) return;
  const crs = obj.crs;
  const name = isDocument(crs) && isDocument(crs.properties) ? crs.properties.name : undefined;
  if (name === 'urn:x-mongodb:crs:strictwinding:EPSG:4326') {
    fail('the big polygon CRS (strictwinding) is not supported by the embedded database');
  }
  if (name !== 'EPSG:4326' && name !== 'urn:ogc:def:crs:OGC:1.3:CRS84') fail(`Unknown CRS name: ${renderValue(name)}`);
}

/** A GeoJSON object. Throws GeoError with mongod's reason. */
export function parseGeoJson(obj: Record<string, unknown>): Geometry {
  const type = obj.type;
  checkCrs(obj);
  switch (type) {
    case 'Point': {
      const c = obj.coordinates;
      if (!Array.isArray(c)) fail(`Point must be an array or object, instead got type ${typeOf(c)}`);
      return { type: 'Point', pos: coordinatePair(c), legacy: false };
    }
    case 'LineString':
      return { type: 'LineString', points: lineString(coordinates(obj, 'LineString')) };
    case 'Polygon':
      return polygon(coordinates(obj, 'Polygon'));
    case 'MultiPoint': {
      const c = coordinates(obj, 'MultiPoint');
      if (c.length === 0) fail('MultiPoint coordinates must have at least 1 element');
      return { type: 'Multi', parts: c.map((p) => ({ type: 'Point', pos: coordinatePair(p), legacy: false })) };
    }
    case 'MultiLineString': {
      const c = coordinates(obj, 'MultiLineString');
      if (c.length === 0) fail('MultiLineString coordinates must have at least 1 element');
      return {
        type: 'Multi',
        parts: c.map((l) => {
          if (!Array.isArray(l)) fail('MultiLineString coordinates must be an array');
          return { type: 'LineString', points: lineString(l) } as Geometry;
        }),
      };
    }
    case 'MultiPolygon': {
      const c = coordinates(obj, 'MultiPolygon');
      if (c.length === 0) fail('MultiPolygon coordinates must have at least 1 element');
      return {
        type: 'Multi',
        parts: c.map((p) => {
          if (!Array.isArray(p)) fail('Polygon coordinates must be an array');
          return polygon(p);
        }),
      };
    }
    case 'GeometryCollection': {
      const g = obj.geometries;
      if (!Array.isArray(g)) fail('GeometryCollection geometries must be an array');
      if (g.length === 0) fail('GeometryCollection geometries must have at least 1 element');
      return {
        type: 'Multi',
        parts: g.map((item) => {
          if (!isDocument(item)) fail(`Element ${renderValue(item)} is not a geometry`);
          return parseGeoJson(item);
        }),
      };
    }
    default:
      fail(`unknown GeoJSON type: ${renderValue(obj)}`);
  }
}

/**
 * A stored value under a 2dsphere index or a spherical predicate: GeoJSON, a legacy pair, or an array
 * of them (each element a geometry of the document). Undefined for null / missing / empty array (no
 * key). Throws GeoError with mongod's reason.
 */
export function parseStoredSphere(value: unknown): Geometry[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) {
    if (value.length === 0) return undefined;
    if (value.every((v) => isNumber(v))) return [legacyPoint(value, true)];
    return value.map((element) => single(element));
  }
  return [single(value)];
}

function legacyPoint(value: unknown, sphere: boolean): Geometry {
  const items = Array.isArray(value) ? value : Object.values(value as object);
  if (!items.every(isNumber)) fail('Point must only contain numeric elements');
  if (items.length < 2) fail('Point must only contain numeric elements');
  if (items.length > 2) fail('Point must only contain two numeric elements');
  const x = toJsNumber(items[0]);
  const y = toJsNumber(items[1]);
  if (sphere) checkBounds(x, y);
  return { type: 'Point', pos: pos(x, y), legacy: true };
}

function single(value: unknown): Geometry {
  if (isDocument(value)) {
    if (typeof value.type === 'string' || 'coordinates' in value) return parseGeoJson(value);
    return legacyPoint(value, true);
  }
  if (Array.isArray(value)) return legacyPoint(value, true);
  fail(`geo element must be an array or object: ${renderValue(value)}`);
}

const parsedCache = new WeakMap<object, Geometry[] | null>();

/** parseStoredSphere, null when invalid (queries skip such values), cached per stored object. */
export function storedGeometries(value: unknown): Geometry[] | null {
  if (typeof value !== 'object' || value === null) return null;
  const cached = parsedCache.get(value);
  if (cached !== undefined) return cached;
  let parsed: Geometry[] | null;
  try {
    parsed = parseStoredSphere(value) ?? null;
  } catch (error) {
    if (!(error instanceof GeoError)) throw error;
    parsed = null;
  }
  parsedCache.set(value, parsed);
  return parsed;
}

/**
 * The legacy points a 2d index holds for a value: a pair, or an array / object of pairs. Throws GeoError
 * (with mongod's code) for malformed ones; undefined for values 2d ignores.
 */
export function flatPoints(value: unknown): Array<[number, number]> | undefined {
  if (!Array.isArray(value) && !isDocument(value)) return undefined;
  const items = Array.isArray(value) ? value : Object.values(value);
  if (items.length === 0) return undefined;
  if (isNumber(items[0])) {
    if (items.length < 2) throw new GeoError('geo field only has 1 element');
    if (!isNumber(items[1])) throw new GeoError("geo values must be 'legacy coordinate pairs' for 2d indexes");
    return [[toJsNumber(items[0]), toJsNumber(items[1])]];
  }
  const out: Array<[number, number]> = [];
  for (const item of items) {
    const nested = Array.isArray(item) || isDocument(item) ? flatPoints(item) : undefined;
    if (!nested || nested.length !== 1) throw new GeoError("geo values must be 'legacy coordinate pairs' for 2d indexes");
    out.push(nested[0]);
  }
  return out;
}

// ---------------------------------------------------------------- query regions

export type Region =
  | { kind: 'geometry'; geometry: Geometry }
  | { kind: 'cap'; center: Pos; radius: number }
  | { kind: 'box'; x0: number; y0: number; x1: number; y1: number }
  | { kind: 'flatPolygon'; vertices: Array<[number, number]> }
  | { kind: 'flatCircle'; x: number; y: number; radius: number };

function badValue(message: string): never {
  throw new GeoError(message);
}

function pairOf(value: unknown, what: string): [number, number] {
  const pair = legacyPair(value);
  if (!pair) badValue(`${what}: point must be a pair of numbers, found ${renderValue(value)}`);
  return pair;
}

function radiusOf(value: unknown, op: string): number {
  if (!isNumber(value)) badValue(`radius must be a non-negative number in ${op}`);
  const r = toJsNumber(value);
  if (!(r >= 0) || !Number.isFinite(r)) badValue(`radius must be a non-negative number in ${op}`);
  return r;
}

/** The shape operand of `$geoWithin` (`$within`). Throws GeoError (BadValue for the caller). */
export function parseWithinOperand(operand: unknown): Region {
  if (!isDocument(operand)) badValue(`geometry must be an object`);
  const keys = Object.keys(operand);
  if (keys.length !== 1) badValue(`$geoWithin needs exactly one shape, found ${renderValue(operand)}`);
  const [shape] = keys;
  const spec = operand[shape];
  switch (shape) {
    case '$geometry': {
      if (!isDocument(spec)) badValue('$geometry must be an object');
      const geometry = parseGeoJson(spec);
      if (!isAreal(geometry)) badValue(`$geoWithin not supported with provided geometry: ${renderValue(operand)}`);
      return { kind: 'geometry', geometry };
    }
    case '$centerSphere': {
      if (!Array.isArray(spec) || spec.length !== 2) badValue(`Malformed $centerSphere: ${renderValue(spec)}`);
      const [x, y] = pairOf(spec[0], '$centerSphere');
      checkBounds(x, y);
      return { kind: 'cap', center: pos(x, y), radius: radiusOf(spec[1], '$centerSphere') };
    }
    case '$center': {
      if (!Array.isArray(spec) || spec.length !== 2) badValue(`Malformed $center: ${renderValue(spec)}`);
      const [x, y] = pairOf(spec[0], '$center');
      return { kind: 'flatCircle', x, y, radius: radiusOf(spec[1], '$center') };
    }
    case '$box': {
      if (!Array.isArray(spec) || spec.length !== 2) badValue(`Malformed $box: ${renderValue(spec)}`);
      const [ax, ay] = pairOf(spec[0], '$box');
      const [bx, by] = pairOf(spec[1], '$box');
      return { kind: 'box', x0: Math.min(ax, bx), y0: Math.min(ay, by), x1: Math.max(ax, bx), y1: Math.max(ay, by) };
    }
    case '$polygon': {
      if (!Array.isArray(spec) || spec.length < 3) badValue('Polygon must have at least 3 points');
      return { kind: 'flatPolygon', vertices: spec.map((p) => pairOf(p, '$polygon')) };
    }
    default:
      badValue(`unknown geo specifier: ${shape}: ${renderValue(spec)}`);
  }
}

function isAreal(g: Geometry): boolean {
  return g.type === 'Polygon' || (g.type === 'Multi' && g.parts.every((p) => p.type === 'Polygon'));
}

/** The `$geometry` operand of `$geoIntersects`. */
export function parseIntersectsOperand(operand: unknown): Geometry {
  if (!isDocument(operand) || !isDocument(operand.$geometry))
    badValue(`$geoIntersects requires a $geometry: ${renderValue(operand)}`);
  if (Object.keys(operand).length !== 1) badValue(`unknown geo specifier in ${renderValue(operand)}`);
  return parseGeoJson(operand.$geometry);
}

// ---------------------------------------------------------------- predicates

function points(g: Geometry): Pos[] {
  switch (g.type) {
    case 'Point':
      return [g.pos];
    case 'LineString':
      return g.points;
    case 'Polygon':
      return g.rings.flat();
    case 'Multi':
      return g.parts.flatMap(points);
  }
}

/** Edges as pairs of unit vectors. */
function edges(g: Geometry): Array<[Vec3, Vec3]> {
  switch (g.type) {
    case 'Point':
      return [];
    case 'LineString':
      return g.points.slice(1).map((p, i) => [g.points[i].v, p.v]);
    case 'Polygon':
      return g.rings.flatMap((r) => r.map((p, i) => [p.v, r[(i + 1) % r.length].v] as [Vec3, Vec3]));
    case 'Multi':
      return g.parts.flatMap(edges);
  }
}

/** Whether a polygon holds `p` (holes excluded, boundaries of shell and holes included). */
function polygonHolds(g: Extract<Geometry, { type: 'Polygon' }>, p: Vec3): boolean {
  if (!loopContains(g.loops[0], p)) return false;
  for (const hole of g.loops.slice(1)) {
    if (loopContains(hole, p) && !onBoundaryOf(hole.vertices, p)) return false;
  }
  return true;
}

function onBoundaryOf(vertices: Vec3[], p: Vec3): boolean {
  for (let i = 0; i < vertices.length; i++) {
    if (distanceToArc(p, vertices[i], vertices[(i + 1) % vertices.length]) <= BOUNDARY_EPSILON) return true;
  }
  return false;
}

function edgesCross(a: Array<[Vec3, Vec3]>, b: Array<[Vec3, Vec3]>, touching: boolean): boolean {
  for (const [p, q] of a) {
    for (const [r, s] of b) {
      if (touching ? arcsIntersect(p, q, r, s) : properCross(p, q, r, s)) return true;
    }
  }
  return false;
}

function properCross(p: Vec3, q: Vec3, r: Vec3, s: Vec3): boolean {
  // Crossing at a point that is not an end of either arc (an arc ending on the boundary stays inside).
  if (!arcsIntersect(p, q, r, s)) return false;
  const ends = [p, q, r, s];
  const [a, b, c, d] = ends;
  return !(
    distanceToArc(a, c, d) <= BOUNDARY_EPSILON ||
    distanceToArc(b, c, d) <= BOUNDARY_EPSILON ||
    distanceToArc(c, a, b) <= BOUNDARY_EPSILON ||
    distanceToArc(d, a, b) <= BOUNDARY_EPSILON
  );
}

function holesOf(area: Geometry): Vec3[][] {
  if (area.type === 'Polygon') return area.loops.slice(1).map((l) => l.vertices);
  if (area.type === 'Multi') return area.parts.flatMap(holesOf);
  return [];
}

function holeInside(g: Extract<Geometry, { type: 'Polygon' }>, hole: Vec3[]): boolean {
  const boundary = g.loops.map((l) => l.vertices);
  return hole.some((p) => polygonHolds(g, p) && !boundary.some((ring) => onBoundaryOf(ring, p)));
}

function areaHolds(area: Geometry, p: Vec3): boolean {
  if (area.type === 'Polygon') return polygonHolds(area, p);
  if (area.type === 'Multi') return area.parts.some((part) => areaHolds(part, p));
  return false;
}

/** Whether geometry `g` lies entirely within the region ($geoWithin). */
export function within(g: Geometry, region: Region): boolean {
  if (g.type === 'Multi') return g.parts.every((part) => within(part, region));
  switch (region.kind) {
    case 'box':
      return g.type === 'Point' && g.pos.x >= region.x0 && g.pos.x <= region.x1 && g.pos.y >= region.y0 && g.pos.y <= region.y1;
    case 'flatCircle':
      return g.type === 'Point' && flatDistance(g.pos.x, g.pos.y, region.x, region.y) <= region.radius;
    case 'flatPolygon':
      return g.type === 'Point' && flatPolygonContains(region.vertices, g.pos.x, g.pos.y);
    case 'cap':
      return points(g).every((p) => angle(p.v, region.center.v) <= region.radius + BOUNDARY_EPSILON);
    case 'geometry': {
      const area = region.geometry;
      if (!points(g).every((p) => areaHolds(area, p.v))) return false;
      if (g.type === 'Point') return true;
      if (edgesCross(edges(g), edges(area), false)) return false;
      // No edge crosses: a hole of the region can still lie wholly inside a polygon of the document.
      return g.type !== 'Polygon' || !holesOf(area).some((hole) => holeInside(g, hole));
    }
  }
}

/** Whether two geometries share a point ($geoIntersects, spherical). */
export function intersects(a: Geometry, b: Geometry): boolean {
  if (a.type === 'Multi') return a.parts.some((part) => intersects(part, b));
  if (b.type === 'Multi') return b.parts.some((part) => intersects(a, part));
  if (a.type === 'Point' && b.type === 'Point') return angle(a.pos.v, b.pos.v) <= BOUNDARY_EPSILON;
  if (a.type === 'Point') return pointTouches(a.pos.v, b);
  if (b.type === 'Point') return pointTouches(b.pos.v, a);
  if (edgesCross(edges(a), edges(b), true)) return true;
  // No edge meets: one may lie inside the other.
  if (b.type === 'Polygon' && areaHolds(b, a.type === 'LineString' ? a.points[0].v : a.rings[0][0].v)) return true;
  if (a.type === 'Polygon' && areaHolds(a, b.type === 'LineString' ? b.points[0].v : b.rings[0][0].v)) return true;
  return false;
}

function pointTouches(p: Vec3, g: Geometry): boolean {
  if (g.type === 'Polygon') return polygonHolds(g, p);
  return edges(g).some(([a, b]) => distanceToArc(p, a, b) <= BOUNDARY_EPSILON);
}

/** Spherical distance in radians from `p` to the geometry (0 inside a polygon). */
export function sphereDistance(g: Geometry, p: Vec3): number {
  switch (g.type) {
    case 'Point':
      return angle(g.pos.v, p);
    case 'LineString':
      return Math.min(...edges(g).map(([a, b]) => distanceToArc(p, a, b)));
    case 'Polygon':
      return polygonHolds(g, p) ? 0 : Math.min(...edges(g).map(([a, b]) => distanceToArc(p, a, b)));
    case 'Multi':
      return Math.min(...g.parts.map((part) => sphereDistance(part, p)));
  }
}

// ---------------------------------------------------------------- bounding rectangles (index coverings)

const FULL: Rect = { x0: -180, x1: 180, y0: -90, y1: 90 };

/** Longitude/latitude rectangles (at most two: split at the antimeridian) holding the geometry. */
export function sphereRects(g: Geometry): Rect[] {
  if (g.type === 'Point') return [{ x0: g.pos.x, x1: g.pos.x, y0: g.pos.y, y1: g.pos.y }];
  if (g.type === 'Multi') return g.parts.flatMap(sphereRects);
  const vertexPoints = points(g);
  let y0 = Infinity;
  let y1 = -Infinity;
  for (const [a, b] of edges(g)) {
    const [lo, hi] = arcLatitudeRange(a, b);
    y0 = Math.min(y0, lo);
    y1 = Math.max(y1, hi);
  }
  if (g.type === 'Polygon') {
    if (polygonHolds(g, [0, 0, 1])) return [{ x0: -180, x1: 180, y0, y1: 90 }];
    if (polygonHolds(g, [0, 0, -1])) return [{ x0: -180, x1: 180, y0: -90, y1 }];
  }
  return lngRects(
    vertexPoints.map((p) => p.x),
    edgesCrossAntimeridian(g),
    y0,
    y1,
  );
}

function edgesCrossAntimeridian(g: Geometry): boolean {
  const rings = g.type === 'LineString' ? [g.points] : g.type === 'Polygon' ? g.rings.map((r) => [...r, r[0]]) : [];
  return rings.some((r) => r.some((p, i) => i > 0 && Math.abs(p.x - r[i - 1].x) > 180));
}

function lngRects(lngs: number[], wraps: boolean, y0: number, y1: number): Rect[] {
  const pad = 1e-9;
  const lo = Math.max(-90, y0 - pad);
  const hi = Math.min(90, y1 + pad);
  if (!wraps) return [{ x0: Math.min(...lngs) - pad, x1: Math.max(...lngs) + pad, y0: lo, y1: hi }];
  const east = lngs.filter((x) => x >= 0);
  const west = lngs.filter((x) => x < 0);
  return [
    { x0: (east.length ? Math.min(...east) : 180) - pad, x1: 180, y0: lo, y1: hi },
    { x0: -180, x1: (west.length ? Math.max(...west) : -180) + pad, y0: lo, y1: hi },
  ];
}

/** Rectangles holding every point within `radius` radians of `center`. */
export function capRects(center: Pos, radius: number): Rect[] {
  if (radius >= Math.PI / 2) return [FULL];
  const r = (radius * 180) / Math.PI + 1e-9;
  const y0 = center.y - r;
  const y1 = center.y + r;
  if (y1 >= 90) return [{ x0: -180, x1: 180, y0: Math.max(-90, y0), y1: 90 }];
  if (y0 <= -90) return [{ x0: -180, x1: 180, y0: -90, y1: Math.min(90, y1) }];
  const sinR = Math.sin(radius);
  const cosLat = Math.cos((center.y * Math.PI) / 180);
  const dLng = sinR >= cosLat ? 180 : (Math.asin(sinR / cosLat) * 180) / Math.PI + 1e-9;
  if (dLng >= 180) return [{ x0: -180, x1: 180, y0, y1 }];
  const x0 = center.x - dLng;
  const x1 = center.x + dLng;
  if (x0 < -180)
    return [
      { x0: x0 + 360, x1: 180, y0, y1 },
      { x0: -180, x1, y0, y1 },
    ];
  if (x1 > 180)
    return [
      { x0, x1: 180, y0, y1 },
      { x0: -180, x1: x1 - 360, y0, y1 },
    ];
  return [{ x0, x1, y0, y1 }];
}

/** Rectangles (in the region's own coordinates) holding the region. */
export function regionRects(region: Region): Rect[] {
  switch (region.kind) {
    case 'geometry':
      return sphereRects(region.geometry);
    case 'cap':
      return capRects(region.center, region.radius);
    case 'box':
      return [{ x0: region.x0, x1: region.x1, y0: region.y0, y1: region.y1 }];
    case 'flatCircle':
      return [
        {
          x0: region.x - region.radius,
          x1: region.x + region.radius,
          y0: region.y - region.radius,
          y1: region.y + region.radius,
        },
      ];
    case 'flatPolygon': {
      const xs = region.vertices.map((v) => v[0]);
      const ys = region.vertices.map((v) => v[1]);
      return [{ x0: Math.min(...xs), x1: Math.max(...xs), y0: Math.min(...ys), y1: Math.max(...ys) }];
    }
  }
}

export function isFlatRegion(region: Region): boolean {
  return region.kind === 'box' || region.kind === 'flatCircle' || region.kind === 'flatPolygon';
}
