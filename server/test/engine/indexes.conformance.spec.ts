/**
 * Conformance: indexes are really used (explain shows no collection scan for indexed lookups), and
 * unique, sparse, partial and TTL indexes behave as on mongod, duplicate-key errors included.
 */
import { type Collection, type Db, type Document, MongoClient, MongoServerError } from 'mongodb';
import { startTestDatabase, type TestDatabase } from '../support/test-database';

let database: TestDatabase;
let client: MongoClient;
let db: Db;

beforeAll(async () => {
  database = await startTestDatabase({ ttlMonitorIntervalMs: 100 });
  client = await MongoClient.connect(database.uri);
  db = client.db(database.dbName);
});

afterAll(async () => {
  await db?.dropDatabase();
  await client?.close();
  await database?.stop();
});

function stages(plan: Document | undefined): string[] {
  if (!plan) return [];
  const children = [plan.inputStage, ...(plan.inputStages ?? [])].filter(Boolean) as Document[];
  return [plan.stage as string, ...children.flatMap(stages)];
}

async function explainFind(coll: Collection, filter: Document, sort?: Document) {
  const cursor = coll.find(filter);
  if (sort) cursor.sort(sort);
  const explained = await cursor.explain('executionStats');
  return {
    stages: stages(explained.queryPlanner.winningPlan.queryPlan ?? explained.queryPlanner.winningPlan),
    docsExamined: explained.executionStats.totalDocsExamined as number,
    returned: explained.executionStats.nReturned as number,
  };
}

async function duplicate(promise: Promise<unknown>): Promise<MongoServerError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof MongoServerError && error.code === 11000) return error;
    throw error;
  }
  throw new Error('expected a duplicate key error');
}

describe('index use', () => {
  let coll: Collection;
  beforeAll(async () => {
    coll = db.collection('members');
    await coll.createIndex({ phone: 1 });
    await coll.createIndex({ region: 1, spent: -1 });
    await coll.insertMany(
      Array.from({ length: 2000 }, (_, i) => ({ phone: `138${String(i).padStart(8, '0')}`, region: `R${i % 7}`, spent: i })),
    );
  });

  it('looks a document up by an indexed equality without a collection scan', async () => {
    const plan = await explainFind(coll, { phone: '13800000042' });
    expect(plan.stages).toContain('IXSCAN');
    expect(plan.stages).not.toContain('COLLSCAN');
    expect(plan.returned).toBe(1);
    expect(plan.docsExamined).toBe(1);
  });

  it('uses a compound index for equality plus range, and for the sort', async () => {
    const plan = await explainFind(coll, { region: 'R3', spent: { $gte: 1000, $lt: 1100 } }, { spent: -1 });
    expect(plan.stages).toContain('IXSCAN');
    expect(plan.stages).not.toContain('COLLSCAN');
    expect(plan.stages).not.toContain('SORT');
    expect(plan.docsExamined).toBe(plan.returned);
    const rows = await coll
      .find({ region: 'R3', spent: { $gte: 1000, $lt: 1100 } })
      .sort({ spent: -1 })
      .toArray();
    expect(rows.map((r) => r.spent)).toEqual([...rows.map((r) => r.spent)].sort((a, b) => b - a));
    expect(rows).toHaveLength(plan.returned);
  });

  it('finds by _id without a scan', async () => {
    const one = await coll.findOne({ phone: '13800000007' });
    const plan = await explainFind(coll, { _id: one?._id });
    expect(plan.stages).not.toContain('COLLSCAN');
    expect(plan.docsExamined).toBe(1);
  });

  it('scans the collection when no index fits', async () => {
    const plan = await explainFind(coll, { spent: 5 });
    expect(plan.stages).toContain('COLLSCAN');
  });
});

describe('unique indexes', () => {
  let coll: Collection;
  beforeAll(async () => {
    coll = db.collection('cards');
    await coll.createIndex({ brand: 1, cardNo: 1 }, { unique: true });
    await coll.insertOne({ brand: 'b', cardNo: 'A1' });
  });

  it('reports keyPattern and keyValue on insert', async () => {
    const error = await duplicate(coll.insertOne({ brand: 'b', cardNo: 'A1' }));
    expect(error.keyPattern).toEqual({ brand: 1, cardNo: 1 });
    expect(error.keyValue).toEqual({ brand: 'b', cardNo: 'A1' });
    expect(error.message).toContain('E11000 duplicate key error collection');
    expect(error.message).toContain('index: brand_1_cardNo_1');
  });

  it('refuses a duplicate made by an update, an upsert or inside a transaction', async () => {
    await coll.insertOne({ brand: 'b', cardNo: 'A2' });
    await duplicate(coll.updateOne({ cardNo: 'A2' }, { $set: { cardNo: 'A1' } }));
    await duplicate(coll.updateOne({ brand: 'b', cardNo: 'A1', missing: true }, { $set: { x: 1 } }, { upsert: true }));
    const session = client.startSession();
    try {
      session.startTransaction();
      await coll.insertOne({ brand: 'b', cardNo: 'A3' }, { session });
      const error = await duplicate(coll.insertOne({ brand: 'b', cardNo: 'A3' }, { session }));
      expect(error.keyValue).toEqual({ brand: 'b', cardNo: 'A3' });
      await session.abortTransaction();
    } finally {
      await session.endSession();
    }
    expect(await coll.countDocuments({ cardNo: 'A3' })).toBe(0);
  });

  it('lets an unordered insert keep going past a duplicate and reports which one failed', async () => {
    try {
      await coll.insertMany(
        [
          { brand: 'b', cardNo: 'B1' },
          { brand: 'b', cardNo: 'A1' },
          { brand: 'b', cardNo: 'B2' },
        ],
        { ordered: false },
      );
      throw new Error('expected a bulk write error');
    } catch (error) {
      const bulk = error as { code: number; writeErrors: { index: number; code: number }[] | { index: number; code: number } };
      const writeErrors = Array.isArray(bulk.writeErrors) ? bulk.writeErrors : [bulk.writeErrors];
      expect(writeErrors.map((e) => [e.index, e.code])).toEqual([[1, 11000]]);
    }
    expect(await coll.countDocuments({ cardNo: { $in: ['B1', 'B2'] } })).toBe(2);
  });
});

describe('sparse, partial and TTL indexes', () => {
  it('lets a sparse unique index hold many documents without the field', async () => {
    const coll = db.collection('sparse');
    await coll.createIndex({ unionId: 1 }, { unique: true, sparse: true });
    await coll.insertMany([{ a: 1 }, { a: 2 }, { unionId: 'u1' }]);
    await duplicate(coll.insertOne({ unionId: 'u1' }));
  });

  it('enforces a partial unique index only where its filter holds', async () => {
    const coll = db.collection('partial');
    await coll.createIndex({ phone: 1 }, { unique: true, partialFilterExpression: { active: true } });
    await coll.insertMany([
      { phone: '1', active: false },
      { phone: '1', active: false },
      { phone: '1', active: true },
    ]);
    await duplicate(coll.insertOne({ phone: '1', active: true }));
  });

  it('removes documents whose TTL date has passed', async () => {
    if (!database.engine) return; // mongod's TTL monitor runs once a minute: too slow to wait for here.
    const coll = db.collection('ttl');
    await coll.createIndex({ expiresAt: 1 }, { expireAfterSeconds: 0 });
    await coll.insertMany([
      { expiresAt: new Date(Date.now() - 1000) },
      { expiresAt: new Date(Date.now() + 3_600_000) },
      { other: 1 },
    ]);
    const deadline = Date.now() + 5000;
    while ((await coll.countDocuments()) !== 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(await coll.countDocuments()).toBe(2);
  });
});
