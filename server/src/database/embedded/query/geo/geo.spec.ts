import { ancestorId, cellId, cellRange, coverRects, coveringRanges, leafId, MAX_LEVEL, SPHERE_DOMAIN } from './cells';
import {
  capRects,
  GeoError,
  intersects,
  parseGeoJson,
  parseStoredSphere,
  parseWithinOperand,
  sphereDistance,
  sphereRects,
  within,
} from './geometry';
import { flatIndexKeys, nearestOf, nearMetric, parseNear, sphereIndexKeys } from './index';
import {
  arcLatitudeRange,
  arcsIntersect,
  distanceRadians,
  distanceToArc,
  EARTH_RADIUS_METERS,
  flatPolygonContains,
  loopContains,
  makeLoop,
  toVec,
} from './sphere';

const square = (x0: number, y0: number, x1: number, y1: number) => [
  [x0, y0],
  [x1, y0],
  [x1, y1],
  [x0, y1],
  [x0, y0],
];

describe('sphere', () => {
  it('measures great-circle distances on mongod’s sphere', () => {
    expect(distanceRadians([0, 0], [90, 0])).toBeCloseTo(Math.PI / 2, 12);
    expect(distanceRadians([0, 90], [123, 90])).toBeCloseTo(0, 12);
    expect(distanceRadians([179.5, 0], [-179.5, 0])).toBeCloseTo(Math.PI / 180, 12);
    // Shanghai People's Square to Beijing Wangfujing: about 1068 km on a 6378.1 km sphere.
    const metres = distanceRadians([121.4737, 31.2304], [116.4109, 39.9149]) * EARTH_RADIUS_METERS;
    expect(metres).toBeGreaterThan(1_060_000);
    expect(metres).toBeLessThan(1_080_000);
  });

  it('distance to an arc: perpendicular inside it, to an end outside it', () => {
    const a = toVec(0, 0);
    const b = toVec(10, 0);
    expect(distanceToArc(toVec(5, 1), a, b)).toBeCloseTo(Math.PI / 180, 9);
    expect(distanceToArc(toVec(12, 0), a, b)).toBeCloseTo((2 * Math.PI) / 180, 9);
  });

  it('arcs cross, touch at an end, or miss', () => {
    expect(arcsIntersect(toVec(0, -1), toVec(0, 1), toVec(-1, 0), toVec(1, 0))).toBe(true);
    expect(arcsIntersect(toVec(0, 0), toVec(0, 1), toVec(0, 1), toVec(1, 1))).toBe(true);
    expect(arcsIntersect(toVec(0, 0), toVec(0, 1), toVec(1, 0), toVec(1, 1))).toBe(false);
  });

  it('a geodesic edge bulges towards the pole beyond its ends’ latitude', () => {
    const [, hi] = arcLatitudeRange(toVec(-90, 45), toVec(90, 45));
    expect(hi).toBeCloseTo(90, 6);
    const [lo2, hi2] = arcLatitudeRange(toVec(0, 10), toVec(0, 20));
    expect([lo2, hi2].map((v) => Math.round(v * 1e6) / 1e6)).toEqual([10, 20]);
  });

  it('loops contain their interior and boundary, on geodesic edges', () => {
    const loop = makeLoop([toVec(0, 0), toVec(10, 0), toVec(10, 10), toVec(0, 10)]);
    expect(loop).not.toBeNull();
    expect(loopContains(loop!, toVec(5, 5))).toBe(true);
    expect(loopContains(loop!, toVec(5, 0))).toBe(true); // on an edge
    expect(loopContains(loop!, toVec(0, 0))).toBe(true); // a vertex
    expect(loopContains(loop!, toVec(11, 5))).toBe(false);
    // The top edge from (0,10) to (10,10) is a great circle arc: its middle lies north of latitude 10.
    expect(loopContains(loop!, toVec(5, 10.03))).toBe(true); // the arc peaks at 10.038°
    expect(loopContains(loop!, toVec(5, 10.05))).toBe(false);
    expect(makeLoop([toVec(0, 0), toVec(120, 0), toVec(-120, 0)])).toBeNull();
  });

  it('flat polygons include their edges', () => {
    const triangle: Array<[number, number]> = [
      [0, 0],
      [4, 0],
      [0, 4],
    ];
    expect(flatPolygonContains(triangle, 1, 1)).toBe(true);
    expect(flatPolygonContains(triangle, 2, 2)).toBe(true);
    expect(flatPolygonContains(triangle, 3, 3)).toBe(false);
  });
});

describe('cells', () => {
  it('numbers cells so that descendants form one range and ids fit in 53 bits', () => {
    const root = { level: 0, i: 0, j: 0 };
    expect(cellId(root)).toBe(2 ** 52);
    expect(cellRange(root)).toEqual([1, 2 ** 53 - 1]);
    const leaf = leafId(SPHERE_DOMAIN, 121.47, 31.23);
    expect(Number.isSafeInteger(leaf)).toBe(true);
    expect(leaf % 2).toBe(1);
    for (let level = 0; level < MAX_LEVEL; level++) {
      const ancestor = ancestorId(leaf, level);
      const lsb = 4 ** (MAX_LEVEL - level);
      expect(leaf).toBeGreaterThanOrEqual(ancestor - lsb + 1);
      expect(leaf).toBeLessThanOrEqual(ancestor + lsb - 1);
    }
  });

  it('covers a rectangle with few cells whose ranges hold its points', () => {
    const rect = { x0: 121.4, x1: 121.5, y0: 31.2, y1: 31.3 };
    const cells = coverRects(SPHERE_DOMAIN, [rect]);
    expect(cells.length).toBeLessThanOrEqual(24);
    const ranges = coveringRanges(cells);
    const inside = leafId(SPHERE_DOMAIN, 121.45, 31.25);
    const outside = leafId(SPHERE_DOMAIN, 116.4, 39.9);
    const hit = (id: number) => ranges.some(([lo, hi]) => id >= lo && id <= hi);
    expect(hit(inside)).toBe(true);
    expect(hit(outside)).toBe(false);
  });
});

describe('geometry', () => {
  it('parses GeoJSON and legacy pairs, refusing invalid ones with mongod’s reasons', () => {
    expect(parseStoredSphere([121.47, 31.23])).toHaveLength(1);
    expect(parseStoredSphere({ lng: 121.47, lat: 31.23 })).toHaveLength(1);
    expect(parseStoredSphere(null)).toBeUndefined();
    expect(parseStoredSphere([])).toBeUndefined();
    expect(() => parseGeoJson({ type: 'Point', coordinates: [0, 91] })).toThrow(GeoError);
    expect(() =>
      parseGeoJson({
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [1, 0],
            [0, 0],
            [0, 0],
          ],
        ],
      }),
    ).toThrow('Loop must have at least 3 different vertices');
    expect(() => parseGeoJson({ type: 'LineString', coordinates: [[0, 0]] })).toThrow('at least 2 vertices');
  });

  it('$geoWithin a polygon with a hole; $geoIntersects shares any point', () => {
    const withHole = parseWithinOperand({
      $geometry: { type: 'Polygon', coordinates: [square(0, 0, 10, 10), square(4, 4, 6, 6)] },
    });
    const pointAt = (x: number, y: number) => parseGeoJson({ type: 'Point', coordinates: [x, y] });
    expect(within(pointAt(2, 2), withHole)).toBe(true);
    expect(within(pointAt(5, 5), withHole)).toBe(false);
    expect(within(pointAt(4, 5), withHole)).toBe(true); // on the hole's boundary
    const line = parseGeoJson({
      type: 'LineString',
      coordinates: [
        [1, 1],
        [3, 3],
      ],
    });
    expect(within(line, withHole)).toBe(true);
    const crossing = parseGeoJson({
      type: 'LineString',
      coordinates: [
        [1, 1],
        [5, 5],
      ],
    });
    expect(within(crossing, withHole)).toBe(false);
    expect(intersects(crossing, parseGeoJson({ type: 'Polygon', coordinates: [square(4, 4, 6, 6)] }))).toBe(true);
    expect(intersects(pointAt(20, 20), parseGeoJson({ type: 'Polygon', coordinates: [square(0, 0, 10, 10)] }))).toBe(false);
  });

  it('flat shapes only hold points; $centerSphere is a spherical cap', () => {
    const box = parseWithinOperand({
      $box: [
        [0, 0],
        [2, 2],
      ],
    });
    expect(within(parseGeoJson({ type: 'Point', coordinates: [2, 2] }), box)).toBe(true);
    expect(
      within(
        parseGeoJson({
          type: 'LineString',
          coordinates: [
            [0, 0],
            [1, 1],
          ],
        }),
        box,
      ),
    ).toBe(false);
    const cap = parseWithinOperand({ $centerSphere: [[0, 0], Math.PI / 180] });
    expect(within(parseGeoJson({ type: 'Point', coordinates: [0.99, 0] }), cap)).toBe(true);
    expect(within(parseGeoJson({ type: 'Point', coordinates: [1.01, 0] }), cap)).toBe(false);
  });

  it('bounding rectangles split at the antimeridian and reach the poles', () => {
    const across = parseGeoJson({ type: 'Polygon', coordinates: [square(179, -1, -179, 1)] });
    expect(sphereRects(across)).toHaveLength(2);
    expect(capRects({ x: 0, y: 89.9, v: toVec(0, 89.9) }, 0.01)[0]).toMatchObject({ x0: -180, x1: 180, y1: 90 });
    expect(capRects({ x: 179.9, y: 0, v: toVec(179.9, 0) }, 0.01)).toHaveLength(2);
  });

  it('distance to a polygon is zero inside it', () => {
    const polygon = parseGeoJson({ type: 'Polygon', coordinates: [square(0, 0, 10, 10)] });
    expect(sphereDistance(polygon, toVec(5, 5))).toBe(0);
    expect(sphereDistance(polygon, toVec(11, 5))).toBeCloseTo(Math.PI / 180, 3);
  });
});

describe('near queries and index keys', () => {
  it('parses both $near forms and measures in the query’s unit', () => {
    const geo = parseNear('$near', { $geometry: { type: 'Point', coordinates: [0, 0] }, $maxDistance: 100 }, {});
    expect(geo).toMatchObject({ geoJson: true, maxDistance: 100, minDistance: 0 });
    const legacy = parseNear('$near', [0, 0], { $maxDistance: 2 });
    expect(legacy).toMatchObject({ geoJson: false, maxDistance: 2 });
    expect(() => parseNear('$near', [0, 0], { $maxDistance: -1 })).toThrow('non-negative');
    const flat = nearestOf([3, 4], legacy, nearMetric(legacy, '2d'));
    expect(flat?.distance).toBe(5);
    const metres = nearestOf({ type: 'Point', coordinates: [0, 1] }, geo, nearMetric(geo, '2dsphere'));
    expect(metres?.distance).toBeCloseTo((Math.PI / 180) * EARTH_RADIUS_METERS, 3);
  });

  it('index keys: a point is one leaf cell; invalid values throw mongod’s codes', () => {
    expect(sphereIndexKeys({ type: 'Point', coordinates: [1, 2] }, {})).toHaveLength(1);
    expect(sphereIndexKeys(undefined, {})).toEqual([]);
    expect(() => sphereIndexKeys('x', { _id: 1 })).toThrow(expect.objectContaining({ code: 16755 }));
    const domain = { minX: -180, maxX: 180, minY: -180, maxY: 180 };
    expect(
      flatIndexKeys(
        [
          [1, 2],
          [3, 4],
        ],
        {},
        domain,
      ),
    ).toHaveLength(2);
    expect(() => flatIndexKeys([180, 0], {}, domain)).toThrow(expect.objectContaining({ code: 13027 }));
  });
});
