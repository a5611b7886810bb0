import type { Document, IndexSpec, StorageEngine } from '../contracts';
import { createStorageEngine } from './index';

const DB = 'app';

function spec(key: Document, name: string, options: Document = {}): IndexSpec {
  return { v: 2, key, name, ...options };
}

function insert(engine: StorageEngine, docs: Document[], coll = 'users') {
  return engine.autocommit((txn) => docs.forEach((d) => txn.insert(DB, coll, d)));
}

describe('indexes', () => {
  it('reject duplicates of a unique index with mongod keyPattern / keyValue', async () => {
    const engine = createStorageEngine();
    await engine.createIndexes(DB, 'users', [spec({ email: 1 }, 'email_1', { unique: true })]);
    await insert(engine, [{ _id: 1, email: 'a@b.c' }]);
    await expect(insert(engine, [{ _id: 2, email: 'a@b.c' }])).rejects.toMatchObject({
      code: 11000,
      message: 'E11000 duplicate key error collection: app.users index: email_1 dup key: { email: "a@b.c" }',
      extra: { keyPattern: { email: 1 }, keyValue: { email: 'a@b.c' } },
    });
    await expect(insert(engine, [{ _id: 1, email: 'z' }])).rejects.toMatchObject({
      message: 'E11000 duplicate key error collection: app.users index: _id_ dup key: { _id: 1 }',
    });
    // Missing fields index as null: one document may lack the field, a second may not.
    await insert(engine, [{ _id: 3 }]);
    await expect(insert(engine, [{ _id: 4 }])).rejects.toMatchObject({ extra: { keyValue: { email: null } } });
    // An update that keeps its own key is fine.
    await engine.autocommit((txn) => txn.replace(DB, 'users', { _id: 1, email: 'a@b.c', name: 'x' }));
  });

  it('skip missing fields when unique and sparse, and documents outside a partial filter', async () => {
    const engine = createStorageEngine();
    await engine.createIndexes(DB, 'users', [
      spec({ nick: 1 }, 'nick_1', { unique: true, sparse: true }),
      spec({ email: 1 }, 'email_active', { unique: true, partialFilterExpression: { active: true } }),
    ]);
    await insert(engine, [
      { _id: 1 },
      { _id: 2 },
      { _id: 3, email: 'x', active: false },
      { _id: 4, email: 'x', active: false },
      { _id: 5, email: 'x', active: true },
    ]);
    await expect(insert(engine, [{ _id: 6, email: 'x', active: true }])).rejects.toMatchObject({ code: 11000 });
    expect(engine.count(DB, 'users', {})).toBe(5);
  });

  it('fail to create a unique index over duplicates and leave no index behind', async () => {
    const engine = createStorageEngine();
    await insert(engine, [
      { _id: 1, email: 'a' },
      { _id: 2, email: 'a' },
    ]);
    await expect(engine.createIndexes(DB, 'users', [spec({ email: 1 }, 'email_1', { unique: true })])).rejects.toMatchObject({
      code: 11000,
    });
    expect(engine.listIndexes(DB, 'users').map((i) => i.name)).toEqual(['_id_']);
  });

  it('report existing, conflicting and invalid specs like mongod', async () => {
    const engine = createStorageEngine();
    expect(await engine.createIndexes(DB, 'users', [spec({ a: 1 }, 'a_1')])).toEqual({
      createdCollectionAutomatically: true,
      numIndexesBefore: 1,
      numIndexesAfter: 2,
    });
    expect(await engine.createIndexes(DB, 'users', [spec({ a: 1 }, 'a_1', { background: true })])).toEqual({
      createdCollectionAutomatically: false,
      numIndexesBefore: 2,
      numIndexesAfter: 2,
      note: 'all indexes already exist',
    });
    await expect(engine.createIndexes(DB, 'users', [spec({ b: 1 }, 'a_1')])).rejects.toMatchObject({ code: 86 });
    await expect(engine.createIndexes(DB, 'users', [spec({ a: 1 }, 'a_1', { unique: true })])).rejects.toMatchObject({
      code: 85,
    });
    await expect(engine.createIndexes(DB, 'users', [spec({ a: 1 }, 'other')])).rejects.toMatchObject({
      code: 85,
      message: 'Index already exists with a different name: a_1',
    });
    await expect(engine.createIndexes(DB, 'users', [spec({ a: 'wildcard' }, 'a_w')])).rejects.toMatchObject({ code: 67 });
    await expect(engine.createIndexes(DB, 'users', [spec({ a: 1 }, 'x', { bogus: 1 })])).rejects.toMatchObject({ code: 197 });
    expect(engine.listIndexes(DB, 'users')).toEqual([
      { v: 2, key: { _id: 1 }, name: '_id_' },
      { v: 2, key: { a: 1 }, name: 'a_1' },
    ]);
  });

  it('drop by name, key pattern or all, never _id_', async () => {
    const engine = createStorageEngine();
    await engine.createIndexes(DB, 'users', [spec({ a: 1 }, 'a_1'), spec({ b: -1 }, 'b_-1'), spec({ c: 1 }, 'c_1')]);
    expect(await engine.dropIndexes(DB, 'users', 'a_1')).toEqual({ nIndexesWas: 4 });
    expect(await engine.dropIndexes(DB, 'users', { b: -1 })).toEqual({ nIndexesWas: 3 });
    await expect(engine.dropIndexes(DB, 'users', 'nope')).rejects.toMatchObject({ code: 27 });
    await expect(engine.dropIndexes(DB, 'users', '_id_')).rejects.toMatchObject({ code: 72 });
    await expect(engine.dropIndexes(DB, 'nothing', '*')).rejects.toMatchObject({ code: 26 });
    expect(await engine.dropIndexes(DB, 'users', '*')).toMatchObject({ nIndexesWas: 2 });
    expect(engine.listIndexes(DB, 'users').map((i) => i.name)).toEqual(['_id_']);
  });

  it('index every element of an array, and refuse parallel arrays', async () => {
    const engine = createStorageEngine();
    await engine.createIndexes(DB, 'users', [spec({ tags: 1 }, 'tags_1', { unique: true }), spec({ a: 1, b: 1 }, 'a_b')]);
    await insert(engine, [{ _id: 1, tags: ['x', 'y'] }]);
    await expect(insert(engine, [{ _id: 2, tags: ['z', 'y'] }])).rejects.toMatchObject({ extra: { keyValue: { tags: 'y' } } });
    await expect(insert(engine, [{ _id: 3, a: [1], b: [2] }])).rejects.toMatchObject({ code: 171 });
    expect(engine.explainFind(DB, 'users', { tags: 'y' }).plan).toMatchObject({ indexName: 'tags_1', docsExamined: 1 });
  });

  it('expire documents through the TTL monitor on the injected clock', async () => {
    let now = new Date('2024-01-01T00:00:00Z');
    const engine = createStorageEngine({ now: () => now, ttlMonitorIntervalMs: 10 });
    await engine.createIndexes(DB, 'sessions', [spec({ at: 1 }, 'at_1', { expireAfterSeconds: 60 })]);
    await insert(
      engine,
      [
        { _id: 1, at: new Date('2023-12-31T23:58:00Z') },
        { _id: 2, at: new Date('2023-12-31T23:59:30Z') },
        { _id: 3, at: [new Date('2030-01-01'), new Date('2023-01-01')] },
        { _id: 4, at: 'not a date' },
        { _id: 5 },
      ],
      'sessions',
    );
    engine.startBackgroundJobs();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect([...engine.find(DB, 'sessions', {})].map((d) => d._id)).toEqual([2, 4, 5]);
    now = new Date('2024-01-01T01:00:00Z');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect([...engine.find(DB, 'sessions', {})].map((d) => d._id)).toEqual([4, 5]);
    await engine.close();
  });

  it('change TTL and validators through collMod', async () => {
    const engine = createStorageEngine();
    await engine.createIndexes(DB, 'sessions', [spec({ at: 1 }, 'at_1', { expireAfterSeconds: 60 })]);
    expect(await engine.collMod(DB, 'sessions', { index: { name: 'at_1', expireAfterSeconds: 5 }, validator: { a: 1 } })).toEqual(
      {
        expireAfterSeconds_old: 60,
        expireAfterSeconds_new: 5,
      },
    );
    expect(engine.listIndexes(DB, 'sessions')[1].expireAfterSeconds).toBe(5);
    expect(engine.listCollections(DB)[0].options).toEqual({ validator: { a: 1 } });
    await expect(engine.collMod(DB, 'none', {})).rejects.toMatchObject({ code: 26 });
  });
});
