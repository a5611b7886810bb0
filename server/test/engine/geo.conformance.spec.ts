/**
 * Conformance: geospatial indexes and queries through the official driver (and mongoose), as the MongoDB
 * manual documents them: 2dsphere and 2d indexes and their validation, $geoWithin, $geoIntersects,
 * $near / $nearSphere and the $geoNear stage, distances on mongod's sphere (6378.1 km), the antimeridian
 * and the poles, and mongod's error codes.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Collection, type Db, type Document, MongoClient, MongoServerError } from 'mongodb';
import mongoose from 'mongoose';
import { startEmbeddedMongo } from '../../src/database/embedded';
import { describeEmbeddedOnly, startTestDatabase, type TestDatabase } from '../support/test-database';

let database: TestDatabase;
let client: MongoClient;
let db: Db;

beforeAll(async () => {
  database = await startTestDatabase();
  client = await MongoClient.connect(database.uri);
  db = client.db(database.dbName);
});

afterAll(async () => {
  await db?.dropDatabase();
  await client?.close();
  await database?.stop();
});

const R = 6378100;
const point = (lng: number, lat: number) => ({ type: 'Point' as const, coordinates: [lng, lat] });
/** Great-circle distance in metres on mongod's sphere (haversine), for expected values. */
function metres(a: [number, number], b: [number, number]): number {
  const rad = Math.PI / 180;
  const dLat = (b[1] - a[1]) * rad;
  const dLng = (b[0] - a[0]) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * rad) * Math.cos(b[1] * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * R * Math.asin(Math.sqrt(h));
}

async function failure(promise: Promise<unknown>): Promise<MongoServerError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof MongoServerError) return error;
    throw error;
  }
  throw new Error('expected the server to refuse');
}

function names(docs: Document[]): string[] {
  return docs.map((d) => d.name as string);
}

describe('the manual’s places examples (2dsphere)', () => {
  let places: Collection;
  beforeAll(async () => {
    places = db.collection('places');
    await places.insertMany([
      { name: 'Central Park', location: point(-73.97, 40.77), category: 'Parks' },
      { name: 'Sara D. Roosevelt Park', location: point(-73.9928, 40.7193), category: 'Parks' },
      { name: 'Polo Grounds', location: point(-73.9375, 40.8303), category: 'Stadiums' },
    ]);
    expect(await places.createIndex({ location: '2dsphere' })).toBe('location_2dsphere');
  });

  it('lists the index with 2dsphereIndexVersion 3', async () => {
    const index = (await places.listIndexes().toArray()).find((i) => i.name === 'location_2dsphere');
    expect(index).toMatchObject({ key: { location: '2dsphere' }, '2dsphereIndexVersion': 3 });
  });

  it('$near with $minDistance / $maxDistance in metres', async () => {
    const found = await places
      .find({ location: { $near: { $geometry: point(-73.9667, 40.78), $minDistance: 1000, $maxDistance: 5000 } } })
      .toArray();
    expect(names(found)).toEqual(['Central Park']);
  });

  it('$near without bounds returns every document nearest first', async () => {
    const found = await places.find({ location: { $near: { $geometry: point(-73.9667, 40.78) } } }).toArray();
    expect(names(found)).toEqual(['Central Park', 'Polo Grounds', 'Sara D. Roosevelt Park']);
  });

  it('$geoNear with query, includeLocs and a dotted distanceField', async () => {
    const near: [number, number] = [-73.99279, 40.719296];
    const [doc, ...rest] = await places
      .aggregate([
        {
          $geoNear: {
            near: point(...near),
            distanceField: 'dist.calculated',
            maxDistance: 2,
            query: { category: 'Parks' },
            includeLocs: 'dist.location',
            spherical: true,
          },
        },
      ])
      .toArray();
    expect(rest).toEqual([]);
    expect(doc.name).toBe('Sara D. Roosevelt Park');
    expect(doc.dist.calculated).toBeCloseTo(metres(near, [-73.9928, 40.7193]), 6);
    expect(doc.dist.location).toEqual(point(-73.9928, 40.7193));
  });

  it('$geoNear with minDistance, distanceMultiplier and a $limit', async () => {
    const docs = await places
      .aggregate([
        { $geoNear: { near: point(-73.99279, 40.719296), distanceField: 'km', minDistance: 1, distanceMultiplier: 0.001 } },
        { $limit: 1 },
      ])
      .toArray();
    expect(names(docs)).toEqual(['Central Park']);
    expect(docs[0].km).toBeCloseTo(metres([-73.99279, 40.719296], [-73.97, 40.77]) / 1000, 6);
  });

  it('$geoWithin a GeoJSON polygon and $centerSphere (radians)', async () => {
    const polygon = {
      type: 'Polygon',
      coordinates: [
        [
          [-74, 40.7],
          [-73.95, 40.7],
          [-73.95, 40.8],
          [-74, 40.8],
          [-74, 40.7],
        ],
      ],
    };
    expect(
      names(
        await places
          .find({ location: { $geoWithin: { $geometry: polygon } } })
          .sort({ name: 1 })
          .toArray(),
      ),
    ).toEqual(['Central Park', 'Sara D. Roosevelt Park']);
    // 5 miles around Central Park: radians are miles / 3963.2 as the manual shows.
    const within = await places.find({ location: { $geoWithin: { $centerSphere: [[-73.97, 40.77], 5 / 3963.2] } } }).toArray();
    expect(names(within).sort()).toEqual(['Central Park', 'Polo Grounds', 'Sara D. Roosevelt Park']);
    const tight = await places.find({ location: { $geoWithin: { $centerSphere: [[-73.97, 40.77], 2000 / R] } } }).toArray();
    expect(names(tight)).toEqual(['Central Park']);
  });

  it('uses the index: explain shows it for $near and $geoWithin', async () => {
    const near = await places.find({ location: { $near: { $geometry: point(-73.9667, 40.78) } } }).explain('executionStats');
    expect(JSON.stringify(near.queryPlanner.winningPlan)).toContain('GEO_NEAR_2DSPHERE');
    expect(JSON.stringify(near.queryPlanner.winningPlan)).toContain('location_2dsphere');
    const within = await places
      .find({ location: { $geoWithin: { $centerSphere: [[-73.97, 40.77], 2000 / R] } } })
      .explain('executionStats');
    expect(JSON.stringify(within.queryPlanner.winningPlan)).toContain('location_2dsphere');
    expect(within.executionStats.totalDocsExamined).toBe(1);
  });

  it('$near cannot run where documents cannot be sorted by distance', async () => {
    const filter = { location: { $near: { $geometry: point(-73.9667, 40.78) } } };
    const counted = await failure(places.countDocuments(filter));
    expect([counted.code, counted.codeName]).toEqual([5626500, 'Location5626500']);
    expect(counted.message).toContain('consider using $geoWithin instead');
    const matched = await failure(places.aggregate([{ $match: filter }]).toArray());
    expect(matched.code).toBe(5626500);
    const inOr = await failure(places.find({ $or: [filter, { name: 'x' }] }).toArray());
    expect([inOr.code, inOr.message]).toEqual([2, 'geoNear must be top-level expr']);
    const twice = await failure(places.find({ $and: [filter, { location: { $nearSphere: [-73.9, 40.7] } }] }).toArray());
    expect(twice.code).toBe(2);
    const geoNearLater = await failure(
      places.aggregate([{ $match: {} }, { $geoNear: { near: point(0, 0), distanceField: 'd' } }]).toArray(),
    );
    expect(geoNearLater.code).toBe(40602);
    const inFacet = await failure(
      places.aggregate([{ $facet: { near: [{ $geoNear: { near: point(0, 0), distanceField: 'd' } }] } }]).toArray(),
    );
    expect(inFacet.code).toBe(40600);
  });

  it('the $geoNear stage refuses malformed options with mongod’s codes', async () => {
    const noField = await failure(places.aggregate([{ $geoNear: { near: point(0, 0) } }]).toArray());
    expect(noField.code).toBe(16606);
    const noNear = await failure(places.aggregate([{ $geoNear: { distanceField: 'd' } }]).toArray());
    expect(noNear.code).toBe(16605);
    const collation = await failure(
      places.aggregate([{ $geoNear: { near: point(0, 0), distanceField: 'd', collation: { locale: 'zh' } } }]).toArray(),
    );
    expect(collation.code).toBe(40227);
  });
});

describe('stores near a member (Shanghai and Beijing)', () => {
  let stores: Collection;
  const people: Record<string, [number, number]> = {
    外滩店: [121.4905, 31.2397],
    人民广场店: [121.4737, 31.2304],
    陆家嘴店: [121.5015, 31.2397],
    徐家汇店: [121.4365, 31.1955],
    虹桥机场店: [121.3365, 31.1979],
    王府井店: [116.4109, 39.9149],
    三里屯店: [116.4551, 39.9375],
  };
  const member: [number, number] = [121.4751, 31.2286]; // near People's Square

  beforeAll(async () => {
    stores = db.collection('stores');
    await stores.createIndex({ location: '2dsphere', brand: 1 });
    await stores.insertMany(
      Object.entries(people).map(([name, at], i) => ({ name, brand: i % 2 === 0 ? 'A' : 'B', location: point(...at) })),
    );
  });

  it('lists stores nearest first with their distance in metres', async () => {
    const docs = await stores
      .aggregate([{ $geoNear: { near: point(...member), distanceField: 'distance', spherical: true } }])
      .toArray();
    const expected = Object.entries(people)
      .map(([name, at]) => ({ name, distance: metres(member, at) }))
      .sort((a, b) => a.distance - b.distance);
    expect(names(docs)).toEqual(expected.map((e) => e.name));
    docs.forEach((doc, i) => expect(doc.distance).toBeCloseTo(expected[i].distance, 3));
    // Shanghai to Beijing is about 1070 km.
    expect(docs[docs.length - 1].distance).toBeGreaterThan(1_000_000);
  });

  it('a geo-triggered offer: which stores are within 3 km of the member', async () => {
    const near = await stores.find({ location: { $near: { $geometry: point(...member), $maxDistance: 3000 } } }).toArray();
    const expected = Object.entries(people)
      .filter(([, at]) => metres(member, at) <= 3000)
      .sort((a, b) => metres(member, a[1]) - metres(member, b[1]))
      .map(([name]) => name);
    expect(names(near)).toEqual(expected);
    expect(expected.length).toBeGreaterThan(1);
    const counted = await stores.countDocuments({
      location: { $geoWithin: { $centerSphere: [member, 3000 / R] } },
    });
    expect(counted).toBe(expected.length);
  });

  it('filters on the compound index’s other field', async () => {
    const docs = await stores.find({ brand: 'B', location: { $nearSphere: { $geometry: point(...member) } } }).toArray();
    expect(docs.every((d) => d.brand === 'B')).toBe(true);
    expect(docs).toHaveLength(3);
  });

  it('an explicit sort overrides the distance order; limit takes the nearest', async () => {
    const sorted = await stores
      .find({ location: { $near: { $geometry: point(...member) } } })
      .sort({ name: -1 })
      .toArray();
    expect(names(sorted)).toEqual(Object.keys(people).sort().reverse());
    const nearest = await stores
      .find({ location: { $near: { $geometry: point(...member) } } })
      .limit(1)
      .toArray();
    expect(names(nearest)).toEqual(['人民广场店']);
  });
});

describe('antimeridian and poles', () => {
  let coll: Collection;
  beforeAll(async () => {
    coll = db.collection('edges');
    await coll.createIndex({ loc: '2dsphere' });
    await coll.insertMany([
      { name: 'fiji-east', loc: point(179.9, -17) },
      { name: 'samoa-west', loc: point(-179.9, -17) },
      { name: 'greenwich', loc: point(0, -17) },
      { name: 'north-pole', loc: point(0, 90) },
      { name: 'near-north', loc: point(135, 89.9) },
      { name: 'south-pole', loc: point(45, -90) },
    ]);
  });

  it('$near across the antimeridian finds the point on the other side first', async () => {
    const docs = await coll.find({ loc: { $near: { $geometry: point(179.95, -17), $maxDistance: 20000 } } }).toArray();
    expect(names(docs)).toEqual(['fiji-east', 'samoa-west']);
  });

  it('a polygon across the antimeridian takes its short geodesic edges', async () => {
    const polygon = {
      type: 'Polygon',
      coordinates: [
        [
          [179, -18],
          [-179, -18],
          [-179, -16],
          [179, -16],
          [179, -18],
        ],
      ],
    };
    const docs = await coll
      .find({ loc: { $geoWithin: { $geometry: polygon } } })
      .sort({ name: 1 })
      .toArray();
    expect(names(docs)).toEqual(['fiji-east', 'samoa-west']);
  });

  it('near the north pole every longitude is close', async () => {
    const docs = await coll.find({ loc: { $nearSphere: { $geometry: point(-100, 89.95), $maxDistance: 50000 } } }).toArray();
    expect(names(docs)).toEqual(['north-pole', 'near-north']);
    const cap = await coll.find({ loc: { $geoWithin: { $centerSphere: [[0, -90], 0.01] } } }).toArray();
    expect(names(cap)).toEqual(['south-pole']);
  });

  it('a polygon around the pole contains it', async () => {
    const ring = [
      [0, 80],
      [90, 80],
      [180, 80],
      [-90, 80],
      [0, 80],
    ];
    const docs = await coll.find({ loc: { $geoWithin: { $geometry: { type: 'Polygon', coordinates: [ring] } } } }).toArray();
    expect(names(docs).sort()).toEqual(['near-north', 'north-pole']);
  });
});

describe('GeoJSON shapes: lines, polygons with holes, multi-geometries', () => {
  let coll: Collection;
  const square = (x0: number, y0: number, x1: number, y1: number) => [
    [x0, y0],
    [x1, y0],
    [x1, y1],
    [x0, y1],
    [x0, y0],
  ];
  beforeAll(async () => {
    coll = db.collection('shapes');
    await coll.createIndex({ geo: '2dsphere' });
    await coll.insertMany([
      {
        name: 'road',
        geo: {
          type: 'LineString',
          coordinates: [
            [121.4, 31.2],
            [121.5, 31.25],
          ],
        },
      },
      {
        name: 'district',
        geo: { type: 'Polygon', coordinates: [square(121.3, 31.1, 121.6, 31.4), square(121.44, 31.21, 121.46, 31.23)] },
      },
      {
        name: 'two-stores',
        geo: {
          type: 'MultiPoint',
          coordinates: [
            [116.41, 39.91],
            [121.47, 31.23],
          ],
        },
      },
      { name: 'islands', geo: { type: 'MultiPolygon', coordinates: [[square(10, 10, 11, 11)], [square(20, 20, 21, 21)]] } },
      { name: 'legacy', geo: [121.45, 31.22] },
    ]);
  });

  it('$geoIntersects a point: the hole of a polygon is outside it', async () => {
    const inHole = await coll.find({ geo: { $geoIntersects: { $geometry: point(121.45, 31.22) } } }).toArray();
    expect(names(inHole).sort()).toEqual(['legacy']);
    const inDistrict = await coll.find({ geo: { $geoIntersects: { $geometry: point(121.35, 31.3) } } }).toArray();
    expect(names(inDistrict)).toEqual(['district']);
  });

  it('$geoIntersects a line crossing a road and a polygon', async () => {
    const line = {
      type: 'LineString',
      coordinates: [
        [121.45, 31.15],
        [121.45, 31.3],
      ],
    };
    const docs = await coll.find({ geo: { $geoIntersects: { $geometry: line } } }).toArray();
    expect(names(docs).sort()).toEqual(['district', 'legacy', 'road']);
  });

  it('$geoWithin needs every part inside; a point on the boundary counts', async () => {
    const shanghai = { type: 'Polygon', coordinates: [square(121, 31, 122, 32)] };
    const docs = await coll.find({ geo: { $geoWithin: { $geometry: shanghai } } }).toArray();
    expect(names(docs).sort()).toEqual(['district', 'legacy', 'road']);
    const islands = { type: 'MultiPolygon', coordinates: [[square(9, 9, 12, 12)], [square(19, 19, 22, 22)]] };
    expect(names(await coll.find({ geo: { $geoWithin: { $geometry: islands } } }).toArray())).toEqual(['islands']);
    const edge = { type: 'Polygon', coordinates: [square(121.45, 31.0, 121.9, 31.5)] };
    expect(names(await coll.find({ geo: { $geoWithin: { $geometry: edge } } }).toArray())).toEqual(['legacy']);
  });

  it('finds the same documents without the index', async () => {
    const copy = db.collection('shapes_unindexed');
    await copy.insertMany(await coll.find({}, { projection: { _id: 0 } }).toArray());
    const line = {
      type: 'LineString',
      coordinates: [
        [121.45, 31.15],
        [121.45, 31.3],
      ],
    };
    const docs = await copy.find({ geo: { $geoIntersects: { $geometry: line } } }).toArray();
    expect(names(docs).sort()).toEqual(['district', 'legacy', 'road']);
    const near = await failure(copy.find({ geo: { $near: { $geometry: point(0, 0) } } }).toArray());
    expect([near.code, near.codeName]).toEqual([291, 'NoQueryExecutionPlans']);
    expect(near.message).toContain('unable to find index for $geoNear query');
  });
});

describe('2dsphere validation', () => {
  let coll: Collection;
  beforeAll(async () => {
    coll = db.collection('invalid_geo');
    await coll.createIndex({ loc: '2dsphere' });
  });

  it.each([
    ['out of range', point(200, 0), 'longitude/latitude is out of bounds'],
    ['no coordinates', { type: 'Point' }, 'Point must be an array or object'],
    ['a string', 'here', 'geo element must be an array or object'],
    [
      'an open loop',
      {
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [1, 0],
            [1, 1],
            [0, 1],
          ],
        ],
      },
      'Loop is not closed',
    ],
    [
      'crossing edges',
      {
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [1, 1],
            [1, 0],
            [0, 1],
            [0, 0],
          ],
        ],
      },
      'Edges',
    ],
    ['an unknown type', { type: 'Circle', coordinates: [0, 0] }, 'unknown GeoJSON type'],
    [
      'a hole outside the shell',
      {
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [1, 0],
            [1, 1],
            [0, 1],
            [0, 0],
          ],
          [
            [5, 5],
            [6, 5],
            [6, 6],
            [5, 5],
          ],
        ],
      },
      'Secondary loops not contained',
    ],
  ])('refuses %s with 16755', async (_label, loc, reason) => {
    const error = await failure(coll.insertOne({ loc }));
    expect(error.code).toBe(16755);
    expect(error.message).toContain("Can't extract geo keys");
    expect(error.message).toContain(reason);
  });

  it('accepts documents without the field, null or an empty array (not indexed)', async () => {
    await coll.insertMany([{ other: 1 }, { loc: null }, { loc: [] }]);
    expect(await coll.countDocuments({})).toBe(3);
  });

  it('refuses an index over invalid existing data and bad index options', async () => {
    const bad = db.collection('bad_existing');
    await bad.insertOne({ loc: 'nowhere' });
    expect((await failure(bad.createIndex({ loc: '2dsphere' }))).code).toBe(16755);
    expect((await failure(bad.createIndex({ a: '2dsphere', b: '2d' }))).code).toBe(67);
    expect((await failure(bad.createIndex({ a: 'banana' } as unknown as Document))).code).toBe(67);
    expect((await failure(bad.createIndex({ a: '2dsphere' }, { '2dsphereIndexVersion': 9 } as Document))).code).toBe(67);
    expect((await failure(bad.createIndex({ a: 1, b: '2d' }))).code).toBe(16801);
    expect((await failure(bad.createIndex({ b: '2d' }, { bits: 40 } as Document))).code).toBe(13028);
    expect((await failure(bad.createIndex({ b: '2d' }, { min: 10, max: 0 } as Document))).code).toBe(13067);
  });
});

describe('2d indexes and legacy shapes (flat)', () => {
  let coll: Collection;
  beforeAll(async () => {
    coll = db.collection('grid');
    await coll.createIndex({ pos: '2d', kind: 1 });
    await coll.insertMany([
      { name: 'a', pos: [0, 0], kind: 'x' },
      { name: 'b', pos: [3, 4], kind: 'y' },
      { name: 'c', pos: { lng: 10, lat: 10 }, kind: 'x' },
      { name: 'd', pos: [-5, 1], kind: 'y' },
    ]);
  });

  it('$near measures flat distances; $maxDistance in the same units', async () => {
    expect(names(await coll.find({ pos: { $near: [0, 0] } }).toArray())).toEqual(['a', 'b', 'd', 'c']);
    expect(names(await coll.find({ pos: { $near: [0, 0], $maxDistance: 5 } }).toArray())).toEqual(['a', 'b']);
    const geoNear = await coll.aggregate([{ $geoNear: { near: [0, 0], distanceField: 'd', query: { kind: 'y' } } }]).toArray();
    expect(geoNear.map((d) => [d.name, d.d])).toEqual([
      ['b', 5],
      ['d', Math.hypot(5, 1)],
    ]);
  });

  it('$box, $polygon and $center include their boundary', async () => {
    expect(
      names(
        await coll
          .find({
            pos: {
              $geoWithin: {
                $box: [
                  [0, 0],
                  [3, 4],
                ],
              },
            },
          })
          .toArray(),
      ).sort(),
    ).toEqual(['a', 'b']);
    expect(
      names(
        await coll
          .find({
            pos: {
              $geoWithin: {
                $polygon: [
                  [0, 0],
                  [6, 8],
                  [6, 0],
                ],
              },
            },
          })
          .toArray(),
      ).sort(),
    ).toEqual(['a', 'b']);
    expect(names(await coll.find({ pos: { $geoWithin: { $center: [[0, 0], 5] } } }).toArray()).sort()).toEqual(['a', 'b']);
  });

  it('$box and $center use the 2d index', async () => {
    const explained = await coll
      .find({
        pos: {
          $geoWithin: {
            $box: [
              [-1, -1],
              [1, 1],
            ],
          },
        },
      })
      .explain('executionStats');
    expect(JSON.stringify(explained.queryPlanner.winningPlan)).toContain('pos_2d_kind_1');
    expect(explained.executionStats.totalDocsExamined).toBe(1);
  });

  it('$nearSphere on a 2d index measures radians', async () => {
    const docs = await coll
      .aggregate([{ $geoNear: { near: [0, 0], distanceField: 'r', spherical: true } }, { $limit: 2 }])
      .toArray();
    expect(docs[1].name).toBe('b');
    expect(docs[1].r).toBeCloseTo(metres([0, 0], [3, 4]) / R, 9);
  });

  it('refuses points outside the domain and non-numeric pairs', async () => {
    const out = await failure(coll.insertOne({ pos: [180, 0] }));
    expect(out.code).toBe(13027);
    const text = await failure(coll.insertOne({ pos: ['x', 1] }));
    expect(text.code).toBe(13026);
  });

  it('a GeoJSON $near needs a 2dsphere index', async () => {
    const error = await failure(coll.find({ pos: { $near: { $geometry: point(0, 0) } } }).toArray());
    expect(error.code).toBe(291);
  });
});

describe('$geoNear index choice', () => {
  it('needs key when two 2dsphere indexes exist, and an index at all', async () => {
    const two = db.collection('two_geo');
    await two.createIndex({ home: '2dsphere' });
    await two.createIndex({ work: '2dsphere' });
    await two.insertOne({ name: 'm', home: point(121.47, 31.23), work: point(116.4, 39.9) });
    const ambiguous = await failure(two.aggregate([{ $geoNear: { near: point(0, 0), distanceField: 'd' } }]).toArray());
    expect(ambiguous.code).toBe(27);
    const [byWork] = await two.aggregate([{ $geoNear: { near: point(116.4, 39.9), distanceField: 'd', key: 'work' } }]).toArray();
    expect(byWork.d).toBe(0);
    await db.collection('no_geo').insertOne({ name: 'plain' });
    const missing = await db
      .collection('never_created')
      .aggregate([{ $geoNear: { near: point(0, 0), distanceField: 'd' } }])
      .toArray();
    expect(missing).toEqual([]);
    const none = await failure(
      db
        .collection('no_geo')
        .aggregate([{ $geoNear: { near: point(0, 0), distanceField: 'd' } }])
        .toArray(),
    );
    expect(none.code).toBe(27);
  });
});

describe('100,000 points: $near examines a neighbourhood', () => {
  it('returns the nearest stores without scanning the collection', async () => {
    const coll = db.collection('many_points');
    await coll.createIndex({ loc: '2dsphere' });
    const docs: Document[] = [];
    for (let i = 0; i < 100_000; i++) {
      // A grid over eastern China, about 1 km apart.
      docs.push({ n: i, loc: point(110 + (i % 400) * 0.01, 25 + Math.floor(i / 400) * 0.01) });
    }
    for (let k = 0; k < docs.length; k += 20_000) await coll.insertMany(docs.slice(k, k + 20_000), { ordered: false });
    const query = { loc: { $near: { $geometry: point(111.005, 26.005) } } };
    const nearest = await coll.find(query).limit(4).toArray();
    expect(nearest.map((d) => d.loc.coordinates)).toEqual(
      expect.arrayContaining(
        [
          [111, 26],
          [111.01, 26],
          [111, 26.01],
          [111.01, 26.01],
        ].map((c) => c.map((x) => expect.closeTo(x, 6))),
      ),
    );
    const explained = await coll.find(query).limit(10).explain('executionStats');
    expect(explained.executionStats.totalKeysExamined).toBeLessThan(2000);
    expect(explained.executionStats.totalDocsExamined).toBeLessThan(2000);
  }, 120_000);
});

describe('a compound index with the geo field second', () => {
  it('skips over the leading field when the query does not bound it', async () => {
    const coll = db.collection('brand_stores');
    await coll.createIndex({ brand: 1, loc: '2dsphere' });
    const docs: Document[] = [];
    for (let i = 0; i < 20_000; i++) {
      docs.push({ n: i, brand: `b${i % 4}`, loc: point(100 + (i % 200) * 0.05, 25 + Math.floor(i / 200) * 0.05) });
    }
    await coll.insertMany(docs);
    const at: [number, number] = [104.012, 26.013];
    const byDistance = (a: Document, b: Document) => metres(at, a.loc.coordinates) - metres(at, b.loc.coordinates);
    const query = { loc: { $near: { $geometry: point(...at) } } };
    const nearest = await coll.find(query).limit(5).toArray();
    expect(nearest.map((d) => d.n)).toEqual(
      [...docs]
        .sort(byDistance)
        .slice(0, 5)
        .map((d) => d.n),
    );
    const explained = await coll.find(query).limit(5).explain('executionStats');
    expect(explained.executionStats.totalKeysExamined).toBeLessThan(500);
    const two = await coll
      .find({ brand: { $in: ['b1', 'b3'] }, ...query })
      .limit(6)
      .toArray();
    const expected = docs
      .filter((d) => d.brand === 'b1' || d.brand === 'b3')
      .sort(byDistance)
      .slice(0, 6);
    expect(two.map((d) => d.n)).toEqual(expected.map((d) => d.n));
    const within = await coll.find({ loc: { $geoWithin: { $centerSphere: [at, 6000 / R] } } }).explain('executionStats');
    expect(within.executionStats.totalDocsExamined).toBeLessThan(100);
    expect(within.executionStats.nReturned).toBe(docs.filter((d) => metres(at, d.loc.coordinates) <= 6000).length);
  }, 60_000);
});

describe('a partial geo index', () => {
  it('serves only the queries that imply its filter', async () => {
    const coll = db.collection('partial_geo');
    await coll.createIndex({ loc: '2dsphere' }, { partialFilterExpression: { open: true } });
    await coll.insertMany([
      { name: 'open', open: true, loc: point(121.47, 31.23) },
      { name: 'closed', open: false, loc: point(121.47, 31.231) },
    ]);
    const near = { loc: { $near: { $geometry: point(121.47, 31.23) } } };
    expect(names(await coll.find({ open: true, ...near }).toArray())).toEqual(['open']);
    expect((await failure(coll.find(near).toArray())).code).toBe(291);
  });
});

describe('geo predicates in every context', () => {
  let coll: Collection;
  beforeAll(async () => {
    coll = db.collection('contexts');
    await coll.createIndex({ loc: '2dsphere' });
    await coll.insertMany([
      { name: 'sh', loc: point(121.47, 31.23), visits: 0 },
      { name: 'bj', loc: point(116.4, 39.9), visits: 0 },
      // A member seen at several places: the nearest one counts.
      { name: 'traveller', loc: [point(113.26, 23.13), point(121.5, 31.24)], visits: 0 },
    ]);
  });

  it('a multi-location document is measured to its nearest location (includeLocs shows it)', async () => {
    const docs = await coll
      .aggregate([{ $geoNear: { near: point(121.47, 31.23), distanceField: 'd', includeLocs: 'at' } }])
      .toArray();
    expect(names(docs)).toEqual(['sh', 'traveller', 'bj']);
    expect(docs[1].at).toEqual(point(121.5, 31.24));
  });

  it('legacy pairs on a 2dsphere index measure radians ($near and $nearSphere)', async () => {
    const r = metres([121.47, 31.23], [121.5, 31.24]) / R;
    const near = await coll.find({ loc: { $near: [121.47, 31.23], $maxDistance: r * 1.01 } }).toArray();
    expect(names(near)).toEqual(['sh', 'traveller']);
    const sphere = await coll.find({ loc: { $nearSphere: [121.47, 31.23], $maxDistance: r * 0.99 } }).toArray();
    expect(names(sphere)).toEqual(['sh']);
  });

  it('updates, deletes and findOneAndUpdate take geo filters', async () => {
    const offer = await coll.updateMany(
      { loc: { $geoWithin: { $centerSphere: [[121.47, 31.23], 10_000 / R] } } },
      { $inc: { visits: 1 } },
    );
    expect(offer.modifiedCount).toBe(2);
    const nearest = await coll.findOneAndUpdate(
      { loc: { $near: { $geometry: point(116.3, 39.8) } } },
      { $set: { nearestToBeijing: true } },
      { returnDocument: 'after' },
    );
    expect(nearest?.name).toBe('bj');
    const gone = await coll.deleteMany({ name: 'nobody', loc: { $geoIntersects: { $geometry: point(0, 0) } } });
    expect(gone.deletedCount).toBe(0);
  });

  it('$geoWithin and $within in an aggregation $match; the count command accepts $near', async () => {
    const box = {
      type: 'Polygon',
      coordinates: [
        [
          [110, 20],
          [125, 20],
          [125, 35],
          [110, 35],
          [110, 20],
        ],
      ],
    };
    const matched = await coll
      .aggregate([{ $match: { loc: { $geoWithin: { $geometry: box } } } }, { $sort: { name: 1 } }])
      .toArray();
    expect(names(matched)).toEqual(['sh', 'traveller']);
    expect(await coll.countDocuments({ loc: { $within: { $centerSphere: [[116.4, 39.9], 0.001] } } })).toBe(1);
    const counted = await db.command({
      count: 'contexts',
      query: { loc: { $near: { $geometry: point(121.47, 31.23), $maxDistance: 10_000 } } },
    });
    expect(counted.n).toBe(2);
  });

  it('runs inside a transaction', async () => {
    const session = client.startSession();
    try {
      await session.withTransaction(async () => {
        await coll.insertOne({ name: 'new-store', loc: point(121.48, 31.231) }, { session });
        const docs = await coll
          .find({ loc: { $near: { $geometry: point(121.48, 31.231), $maxDistance: 10 } } }, { session })
          .toArray();
        expect(names(docs)).toEqual(['new-store']);
      });
    } finally {
      await session.endSession();
    }
  });

  it('a hint names the geo index; a geo index never serves a query without a geo predicate', async () => {
    const hinted = await coll
      .find({ loc: { $near: { $geometry: point(121.47, 31.23) } } })
      .hint('loc_2dsphere')
      .limit(1)
      .toArray();
    expect(names(hinted)).toEqual(['sh']);
    const plain = await coll.find({ name: 'sh' }).explain();
    expect(JSON.stringify(plain.queryPlanner.winningPlan)).not.toContain('loc_2dsphere');
    const refused = await failure(coll.find({ name: 'sh' }).hint('loc_2dsphere').toArray());
    expect(refused.code).toBe(2);
  });

  it('malformed geo operands are BadValue', async () => {
    expect((await failure(coll.find({ loc: { $geoWithin: { $geometry: point(0, 0) } } }).toArray())).code).toBe(2);
    expect((await failure(coll.find({ loc: { $geoWithin: { $square: [0, 0] } } }).toArray())).code).toBe(2);
    expect((await failure(coll.find({ loc: { $near: { $geometry: point(0, 0), $maxDistance: -1 } } }).toArray())).code).toBe(2);
    expect(
      (
        await failure(
          coll
            .find({
              loc: {
                $geoIntersects: {
                  $geometry: {
                    type: 'Polygon',
                    coordinates: [
                      [
                        [0, 0],
                        [1, 1],
                      ],
                    ],
                  },
                },
              },
            })
            .toArray(),
        )
      ).code,
    ).toBe(2);
  });
});

describe('an index of points that later receives a polygon', () => {
  it('finds the polygon by a point inside it (coarser cells are looked up once they exist)', async () => {
    const zones = db.collection('zones');
    await zones.createIndex({ area: '2dsphere' });
    await zones.insertOne({ name: 'kiosk', area: point(121.47, 31.23) });
    const inside = { area: { $geoIntersects: { $geometry: point(121.3, 31.3) } } };
    expect(await zones.find(inside).toArray()).toEqual([]);
    const ring = [
      [121, 31],
      [121.6, 31],
      [121.6, 31.6],
      [121, 31.6],
      [121, 31],
    ];
    await zones.insertOne({ name: 'campaign-zone', area: { type: 'Polygon', coordinates: [ring] } });
    expect(names(await zones.find(inside).toArray())).toEqual(['campaign-zone']);
    const near = await zones.find({ area: { $near: { $geometry: point(121.3, 31.3) } } }).toArray();
    expect(names(near)).toEqual(['campaign-zone', 'kiosk']);
  });
});

describeEmbeddedOnly('persistence', () => {
  it('a geo index is recovered and used after a clean restart (snapshot)', async () => {
    const dbpath = mkdtempSync(join(tmpdir(), 'memberloop-geo-'));
    try {
      let engine = await startEmbeddedMongo({ dbpath });
      let c = await MongoClient.connect(engine.uri);
      await c.db('g').collection('s').createIndex({ loc: '2dsphere' });
      await c
        .db('g')
        .collection('s')
        .insertMany([
          { name: 'near', loc: point(121.47, 31.23) },
          { name: 'far', loc: point(116.4, 39.9) },
        ]);
      await c.close();
      await engine.stop();
      engine = await startEmbeddedMongo({ dbpath });
      c = await MongoClient.connect(engine.uri);
      const s = c.db('g').collection('s');
      const docs = await s.find({ loc: { $near: { $geometry: point(121.5, 31.2) } } }).toArray();
      expect(names(docs)).toEqual(['near', 'far']);
      expect((await failure(s.insertOne({ loc: point(0, 100) }))).code).toBe(16755);
      await c.close();
      await engine.stop();
    } finally {
      rmSync(dbpath, { recursive: true, force: true });
    }
  });

  it('survives kill -9: the journal replays the index and its documents', async () => {
    const dbpath = mkdtempSync(join(tmpdir(), 'memberloop-geo-'));
    const cli = join(__dirname, '../../src/database/embedded/cli.ts');
    const launch = () =>
      new Promise<{ child: ChildProcess; uri: string }>((resolve, reject) => {
        const child = spawn(process.execPath, ['-r', 'tsx/cjs', cli, '--port', '0', '--dbpath', dbpath], {
          cwd: join(__dirname, '../..'),
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let out = '';
        child.stdout!.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          if (out.includes('\n')) resolve({ child, uri: out.split('\n')[0].trim() });
        });
        child.once('exit', (code) => reject(new Error(`engine exited with ${code}`)));
      });
    const kill = (child: ChildProcess) =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      });
    try {
      const first = await launch();
      const c1 = await MongoClient.connect(first.uri);
      await c1.db('g').collection('s').createIndex({ brand: 1, loc: '2dsphere' });
      await c1
        .db('g')
        .collection('s')
        .insertMany([
          { name: '人民广场店', brand: 'A', loc: point(121.4737, 31.2304) },
          { name: '王府井店', brand: 'A', loc: point(116.4109, 39.9149) },
        ]);
      await c1.close();
      await kill(first.child);
      const second = await launch();
      const c2 = await MongoClient.connect(second.uri);
      const s = c2.db('g').collection('s');
      const indexes = await s.listIndexes().toArray();
      expect(indexes.map((i) => i.name)).toContain('brand_1_loc_2dsphere');
      const explained = await s.find({ brand: 'A', loc: { $near: { $geometry: point(116.4, 39.9) } } }).explain('executionStats');
      expect(JSON.stringify(explained.queryPlanner.winningPlan)).toContain('brand_1_loc_2dsphere');
      const docs = await s.find({ brand: 'A', loc: { $near: { $geometry: point(116.4, 39.9) } } }).toArray();
      expect(names(docs)).toEqual(['王府井店', '人民广场店']);
      await c2.close();
      await kill(second.child);
    } finally {
      rmSync(dbpath, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('through mongoose', () => {
  it('a schema with a 2dsphere index answers $near queries', async () => {
    const connection = await mongoose.createConnection(database.uri, { dbName: database.dbName }).asPromise();
    try {
      const schema = new mongoose.Schema({
        name: String,
        location: { type: { type: String, enum: ['Point'], required: true }, coordinates: { type: [Number], required: true } },
      });
      schema.index({ location: '2dsphere' });
      const Store = connection.model('GeoStore', schema);
      await Store.init();
      await Store.create([
        { name: '人民广场店', location: point(121.4737, 31.2304) },
        { name: '王府井店', location: point(116.4109, 39.9149) },
      ]);
      const found = await Store.find({
        location: { $near: { $geometry: point(121.48, 31.23), $maxDistance: 5000 } },
      }).lean();
      expect(found.map((s) => s.name)).toEqual(['人民广场店']);
      const invalid = await Store.create({ name: 'bad', location: point(190, 0) }).catch((e: unknown) => e);
      expect((invalid as MongoServerError).code).toBe(16755);
    } finally {
      await connection.close();
    }
  });
});
