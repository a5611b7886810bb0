/**
 * Spherical geometry on the sphere mongod uses for 2dsphere: points are unit vectors, edges are the
 * shorter great-circle arc between their ends (S2's geodesic edges), distances are central angles in
 * radians (times EARTH_RADIUS_METERS for metres). Pure functions, no allocation beyond small vectors.
 */

/** mongod's kRadiusOfEarthInMeters: $near / $geoNear distances in metres are radians times this. */
export const EARTH_RADIUS_METERS = 6378100;
/**
 * How close (radians, about 6 mm on the earth) a point must be to a boundary to count as on it: mongod
 * tests a point as its S2 leaf cell (about 1 cm across), so a point on an edge or a vertex is inside.
 */
export const BOUNDARY_EPSILON = 1e-9;

export type Vec3 = readonly [number, number, number];
/** [longitude, latitude] in degrees. */
export type LngLat = readonly [number, number];

const RAD = Math.PI / 180;

export function toVec(lng: number, lat: number): Vec3 {
  const phi = lat * RAD;
  const lambda = lng * RAD;
  const c = Math.cos(phi);
  return [c * Math.cos(lambda), c * Math.sin(lambda), Math.sin(phi)];
}

export function toLngLat(v: Vec3): LngLat {
  const [x, y, z] = v;
  return [Math.atan2(y, x) / RAD, Math.atan2(z, Math.hypot(x, y)) / RAD];
}

export function dot(a: Vec3, b: Vec3): number {
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

export function cross(a: Vec3, b: Vec3): Vec3 {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}

export function norm(a: Vec3): number {
  return Math.hypot(a[0], a[1], a[2]);
}

export function normalize(a: Vec3): Vec3 {
  const n = norm(a);
  return n === 0 ? a : [a[0] / n, a[1] / n, a[2] / n];
}

/** The central angle between two unit vectors, in radians (accurate for tiny and near-antipodal angles). */
export function angle(a: Vec3, b: Vec3): number {
  return Math.atan2(norm(cross(a, b)), dot(a, b));
}

/** Great-circle distance between two [lng, lat] points, in radians. */
export function distanceRadians(a: LngLat, b: LngLat): number {
  return angle(toVec(a[0], a[1]), toVec(b[0], b[1]));
}

/** Whether `p` (on the great circle of a→b) lies on the shorter arc from a to b. */
function withinArc(p: Vec3, a: Vec3, b: Vec3, n: Vec3): boolean {
  return dot(cross(a, p), n) >= 0 && dot(cross(p, b), n) >= 0;
}

/** Distance in radians from `p` to the arc a→b (the shorter great-circle arc). */
export function distanceToArc(p: Vec3, a: Vec3, b: Vec3): number {
  const n = cross(a, b);
  const nn = norm(n);
  if (nn < 1e-15) return Math.min(angle(p, a), angle(p, b));
  const unit: Vec3 = [n[0] / nn, n[1] / nn, n[2] / nn];
  const off = dot(p, unit);
  // The point of the great circle nearest p.
  const onCircle = normalize([p[0] - off * unit[0], p[1] - off * unit[1], p[2] - off * unit[2]]);
  if (norm(onCircle) > 0 && withinArc(onCircle, a, b, n)) return Math.abs(Math.asin(Math.max(-1, Math.min(1, off))));
  return Math.min(angle(p, a), angle(p, b));
}

/** Whether arcs a→b and c→d share a point (touching counts). */
export function arcsIntersect(a: Vec3, b: Vec3, c: Vec3, d: Vec3): boolean {
  if (
    distanceToArc(a, c, d) <= BOUNDARY_EPSILON ||
    distanceToArc(b, c, d) <= BOUNDARY_EPSILON ||
    distanceToArc(c, a, b) <= BOUNDARY_EPSILON ||
    distanceToArc(d, a, b) <= BOUNDARY_EPSILON
  ) {
    return true;
  }
  return arcsCrossProperly(a, b, c, d);
}

/** Whether arcs a→b and c→d cross at a point interior to both. */
export function arcsCrossProperly(a: Vec3, b: Vec3, c: Vec3, d: Vec3): boolean {
  const n1 = cross(a, b);
  const n2 = cross(c, d);
  const line = cross(n1, n2);
  if (norm(line) < 1e-15) return false; // same great circle: overlaps are caught by the endpoint tests
  const x = normalize(line);
  for (const candidate of [x, [-x[0], -x[1], -x[2]] as Vec3]) {
    if (withinArc(candidate, a, b, n1) && withinArc(candidate, c, d, n2)) return true;
  }
  return false;
}

/**
 * A closed loop of vertices (the closing repeat dropped) seen through the gnomonic projection centred
 * on it: great circles project to straight lines, so point-in-polygon in the plane is exactly
 * containment on the sphere with geodesic edges. The loop's interior is the side smaller than a
 * hemisphere, as mongod's (S2) loops without the strict-winding CRS.
 */
export interface SphericalLoop {
  readonly vertices: Vec3[];
  readonly center: Vec3;
  readonly u: Vec3;
  readonly v: Vec3;
  /** Projected vertices, [x0, y0, x1, y1, …]. */
  readonly plane: Float64Array;
}

function tangentBasis(c: Vec3): [Vec3, Vec3] {
  const helper: Vec3 = Math.abs(c[2]) < 0.9 ? [0, 0, 1] : [1, 0, 0];
  const u = normalize(cross(helper, c));
  return [u, cross(c, u)];
}

/** null when the loop does not fit in an open hemisphere (the embedded engine cannot project it). */
export function makeLoop(vertices: Vec3[]): SphericalLoop | null {
  let sum: Vec3 = [0, 0, 0];
  for (const p of vertices) sum = [sum[0] + p[0], sum[1] + p[1], sum[2] + p[2]];
  if (norm(sum) < 1e-12) return null;
  const center = normalize(sum);
  for (const p of vertices) if (dot(p, center) <= 1e-9) return null;
  const [u, v] = tangentBasis(center);
  const plane = new Float64Array(vertices.length * 2);
  vertices.forEach((p, i) => {
    const k = dot(p, center);
    plane[2 * i] = dot(p, u) / k;
    plane[2 * i + 1] = dot(p, v) / k;
  });
  return { vertices, center, u, v, plane };
}

/** Whether `p` is inside the loop or on its boundary (within BOUNDARY_EPSILON). */
export function loopContains(loop: SphericalLoop, p: Vec3): boolean {
  if (onLoopBoundary(loop, p)) return true;
  return loopInterior(loop, p);
}

/** Strict interior test (boundary points may go either way). */
export function loopInterior(loop: SphericalLoop, p: Vec3): boolean {
  const k = dot(p, loop.center);
  if (k <= 0) return false;
  const x = dot(p, loop.u) / k;
  const y = dot(p, loop.v) / k;
  const pts = loop.plane;
  const n = pts.length / 2;
  let inside = false;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const xi = pts[2 * i];
    const yi = pts[2 * i + 1];
    const xj = pts[2 * j];
    const yj = pts[2 * j + 1];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

export function onLoopBoundary(loop: SphericalLoop, p: Vec3): boolean {
  const vs = loop.vertices;
  for (let i = 0; i < vs.length; i++) {
    if (distanceToArc(p, vs[i], vs[(i + 1) % vs.length]) <= BOUNDARY_EPSILON) return true;
  }
  return false;
}

/** Index pairs of non-adjacent edges that cross or touch (a valid loop has none). */
export function selfIntersection(vertices: Vec3[]): [number, number] | null {
  const n = vertices.length;
  for (let i = 0; i < n; i++) {
    const a = vertices[i];
    const b = vertices[(i + 1) % n];
    for (let j = i + 2; j < n; j++) {
      if (i === 0 && j === n - 1) continue;
      if (arcsIntersect(a, b, vertices[j], vertices[(j + 1) % n])) return [i, j];
    }
  }
  return null;
}

/**
 * The latitude range (degrees) an arc a→b reaches: a great-circle arc bulges towards a pole beyond
 * its ends' latitudes.
 */
export function arcLatitudeRange(a: Vec3, b: Vec3): [number, number] {
  const la = toLngLat(a)[1];
  const lb = toLngLat(b)[1];
  let lo = Math.min(la, lb);
  let hi = Math.max(la, lb);
  const n = cross(a, b);
  const nn = norm(n);
  if (nn > 1e-15) {
    const unit: Vec3 = [n[0] / nn, n[1] / nn, n[2] / nn];
    // The highest point of the great circle: the pole direction with the normal's component removed.
    const top = normalize([-unit[2] * unit[0], -unit[2] * unit[1], 1 - unit[2] * unit[2]]);
    if (norm(top) > 0) {
      if (withinArc(top, a, b, n)) hi = Math.max(hi, toLngLat(top)[1]);
      const bottom: Vec3 = [-top[0], -top[1], -top[2]];
      if (withinArc(bottom, a, b, n)) lo = Math.min(lo, toLngLat(bottom)[1]);
    }
  }
  return [lo, hi];
}

// ---------------------------------------------------------------- flat (2d) geometry

/** Euclidean distance, as 2d indexes measure. */
export function flatDistance(ax: number, ay: number, bx: number, by: number): number {
  return Math.hypot(ax - bx, ay - by);
}

/**
 * Point in a flat polygon (vertices [x, y], closing vertex optional); points on an edge count as inside,
 * as mongod's 2d `$polygon`.
 */
export function flatPolygonContains(vertices: ReadonlyArray<readonly [number, number]>, x: number, y: number): boolean {
  const n = vertices.length;
  let inside = false;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const [xi, yi] = vertices[i];
    const [xj, yj] = vertices[j];
    // On the edge (collinear and within its box).
    const crossProduct = (x - xi) * (yj - yi) - (y - yi) * (xj - xi);
    if (
      Math.abs(crossProduct) <= 1e-12 * Math.max(1, Math.abs(xj - xi) + Math.abs(yj - yi)) &&
      x >= Math.min(xi, xj) &&
      x <= Math.max(xi, xj) &&
      y >= Math.min(yi, yj) &&
      y <= Math.max(yi, yj)
    ) {
      return true;
    }
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}
