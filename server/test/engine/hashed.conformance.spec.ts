/**
 * Conformance: hashed indexes through the driver, as the MongoDB manual documents them: equality
 * (and `$in`) lookups use the index, ranges and sorts do not, arrays are refused (16766), a compound
 * index may hold one hashed field (MongoDB 4.4+), and a hashed index cannot be unique.
 */
import { type Collection, type Db, type Document, Long, MongoClient, MongoServerError } from 'mongodb';
import { startTestDatabase, type TestDatabase } from '../support/test-database';

let database: TestDatabase;
let client: MongoClient;
let db: Db;
let members: Collection;

beforeAll(async () => {
  database = await startTestDatabase();
  client = await MongoClient.connect(database.uri);
  db = client.db(database.dbName);
  members = db.collection('hashed_members');
  await members.insertMany(
    Array.from({ length: 200 }, (_, i) => ({ _id: i, memberNo: i, region: `r${i % 5}` })) as unknown as Document[],
  );
  await members.insertOne({ _id: 1000, region: 'none' } as unknown as Document);
  await members.createIndex({ memberNo: 'hashed' });
});

afterAll(async () => {
  await db?.dropDatabase();
  await client?.close();
  await database?.stop();
});

async function failure(promise: Promise<unknown>): Promise<MongoServerError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof MongoServerError) return error;
    throw error;
  }
  throw new Error('expected the server to refuse');
}

async function winning(filter: Document, sort?: Document): Promise<Document> {
  const cursor = members.find(filter);
  if (sort) cursor.sort(sort);
  const plan = await cursor.explain('executionStats');
  return { plan: plan.queryPlanner.winningPlan, stats: plan.executionStats };
}

function stageNames(plan: Document): string[] {
  const out: string[] = [];
  for (let p: Document | undefined = plan; p; p = p.inputStage) out.push(p.stage);
  return out;
}

it('is listed with its key', async () => {
  const spec = (await members.listIndexes().toArray()).find((i) => i.name === 'memberNo_hashed');
  expect(spec?.key).toEqual({ memberNo: 'hashed' });
});

it('serves equality and $in lookups (explain shows the index)', async () => {
  const eq = await winning({ memberNo: 42 });
  expect(stageNames(eq.plan)).toEqual(['FETCH', 'IXSCAN']);
  expect(eq.plan.inputStage.indexName).toBe('memberNo_hashed');
  expect(eq.stats).toMatchObject({ nReturned: 1, totalKeysExamined: 1, totalDocsExamined: 1 });
  const within = await winning({ memberNo: { $in: [1, 2, 3] } });
  expect(within.plan.inputStage.indexName).toBe('memberNo_hashed');
  expect(within.stats.nReturned).toBe(3);
  expect(await members.find({ memberNo: 7 }).toArray()).toEqual([{ _id: 7, memberNo: 7, region: 'r2' }]);
});

it('numbers equal across types share a key (1, 1.0 and NumberLong(1))', async () => {
  expect((await members.find({ memberNo: Long.fromNumber(9) }).toArray()).map((d) => d._id)).toEqual([9]);
  expect((await members.find({ memberNo: 9.0 }).toArray()).map((d) => d._id)).toEqual([9]);
});

it('null finds the documents missing the field through the index', async () => {
  const { plan, stats } = await winning({ memberNo: null });
  expect(plan.inputStage.indexName).toBe('memberNo_hashed');
  expect(stats.nReturned).toBe(1);
});

it('range queries and sorts do not use it', async () => {
  expect((await winning({ memberNo: { $gt: 195 } })).plan.stage).toBe('COLLSCAN');
  expect((await members.find({ memberNo: { $gt: 195 } }).toArray()).length).toBe(4);
  const sorted = await winning({}, { memberNo: 1 });
  expect(stageNames(sorted.plan)).toEqual(['SORT', 'COLLSCAN']);
});

it('refuses arrays (16766) on insert, update and index build', async () => {
  expect((await failure(members.insertOne({ memberNo: [1, 2] }))).code).toBe(16766);
  expect((await failure(members.updateOne({ _id: 5 } as Document, { $set: { memberNo: [5] } }))).code).toBe(16766);
  const other = db.collection('hashed_arrays');
  await other.insertOne({ tags: ['a'] });
  expect((await failure(other.createIndex({ tags: 'hashed' }))).code).toBe(16766);
  await other.insertOne({ a: [{ b: 1 }] });
  expect((await failure(other.createIndex({ 'a.b': 'hashed' }))).code).toBe(16766);
});

it('compound hashed indexes (one hashed field) serve equality on their fields', async () => {
  await members.createIndex({ region: 1, memberNo: 'hashed' });
  const { plan, stats } = await winning({ region: 'r3', memberNo: 8 });
  expect(plan.inputStage.indexName).toBe('region_1_memberNo_hashed');
  expect(stats).toMatchObject({ nReturned: 1, totalKeysExamined: 1 });
  const twoHashed = await failure(members.createIndex({ a: 'hashed', b: 'hashed' }));
  expect(twoHashed.code).toBe(31303);
});

it('cannot be unique', async () => {
  expect((await failure(members.createIndex({ x: 'hashed' }, { unique: true }))).code).toBe(67);
});
