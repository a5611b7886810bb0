import { ObjectId } from 'bson';
import type { Document, StorageEngine } from '../contracts';
import { createStorageEngine } from './index';

const DB = 'app';

async function seeded(docs: Document[], indexes: Document[] = []): Promise<StorageEngine> {
  const engine = createStorageEngine();
  await engine.autocommit((txn) => docs.forEach((d) => txn.insert(DB, 'c', d)));
  if (indexes.length > 0)
    await engine.createIndexes(
      DB,
      'c',
      indexes.map((key) => ({ v: 2, key, name: Object.keys(key).join('_') })),
    );
  return engine;
}

function ids(docs: Document[]): unknown[] {
  return docs.map((d) => d._id);
}

describe('planner', () => {
  const people = [
    { _id: 1, name: 'ann', age: 30, city: 'oslo' },
    { _id: 2, name: 'bob', age: 25, city: 'rome' },
    { _id: 3, name: 'cid', age: 35, city: 'oslo' },
    { _id: 4, name: 'dan', age: 25, city: 'oslo' },
    { _id: 5, name: 'eve', city: 'rome' },
    { _id: 6, name: 'fay', age: '40', city: 'oslo' },
  ];

  it('uses IDHACK for an _id equality and EOF for a missing collection', async () => {
    const engine = await seeded(people);
    const found = engine.explainFind(DB, 'c', { _id: 3 });
    expect(ids(found.docs)).toEqual([3]);
    expect(found.plan).toMatchObject({ stage: 'IDHACK', indexName: '_id_', keysExamined: 1, docsExamined: 1 });
    expect(engine.explainFind(DB, 'missing', { a: 1 }).plan.stage).toBe('EOF');
  });

  it('scans the collection when no index bounds the filter', async () => {
    const engine = await seeded(people, [{ age: 1 }]);
    const { docs, plan } = engine.explainFind(DB, 'c', { city: 'rome' });
    expect(ids(docs)).toEqual([2, 5]);
    expect(plan).toMatchObject({ stage: 'COLLSCAN', docsExamined: 6, keysExamined: 0 });
  });

  it('uses a range on an index and only within the operand type', async () => {
    const engine = await seeded(people, [{ age: 1 }]);
    const { docs, plan } = engine.explainFind(DB, 'c', { age: { $gte: 25, $lt: 35 } });
    expect(ids(docs)).toEqual([2, 4, 1]);
    expect(plan).toMatchObject({ stage: 'IXSCAN', indexName: 'age', keysExamined: 3, docsExamined: 3 });
    const strings = engine.explainFind(DB, 'c', { age: { $gt: 'a' } });
    expect(ids(strings.docs)).toEqual([]);
    const strings2 = engine.explainFind(DB, 'c', { age: { $lt: 'z' } });
    expect(ids(strings2.docs)).toEqual([6]);
    expect(strings2.plan.keysExamined).toBe(1);
  });

  it('prefers the longest equality prefix of a compound index', async () => {
    const engine = await seeded(people, [{ city: 1 }, { city: 1, age: -1 }]);
    const { docs, plan } = engine.explainFind(DB, 'c', { city: 'oslo', age: { $lte: 30 } });
    expect(ids(docs)).toEqual([1, 4]);
    expect(plan).toMatchObject({ stage: 'IXSCAN', indexName: 'city_age', keysExamined: 2 });
  });

  it('uses $in points and equality with null', async () => {
    const engine = await seeded(people, [{ age: 1 }]);
    const inPlan = engine.explainFind(DB, 'c', { age: { $in: [35, 25] } });
    expect(ids(inPlan.docs).sort()).toEqual([2, 3, 4]);
    expect(inPlan.plan.keysExamined).toBe(3);
    const nullPlan = engine.explainFind(DB, 'c', { age: null });
    expect(ids(nullPlan.docs)).toEqual([5]);
    expect(nullPlan.plan.stage).toBe('IXSCAN');
  });

  it('provides sort order from the index, forwards and backwards, else sorts in memory', async () => {
    const engine = await seeded(people, [{ city: 1, age: 1 }]);
    const asc = engine.explainFind(DB, 'c', { city: 'oslo' }, { sort: { age: 1 } });
    expect(ids(asc.docs)).toEqual([4, 1, 3, 6]);
    expect(asc.plan).toMatchObject({ indexName: 'city_age', sortInMemory: false });
    const desc = engine.explainFind(DB, 'c', { city: 'oslo' }, { sort: { age: -1 } });
    expect(ids(desc.docs)).toEqual([6, 3, 1, 4]);
    expect(desc.plan.sortInMemory).toBe(false);
    const whole = engine.explainFind(DB, 'c', {}, { sort: { city: -1, age: -1 } });
    expect(whole.plan).toMatchObject({ stage: 'IXSCAN', sortInMemory: false });
    expect(ids(whole.docs)).toEqual([2, 5, 6, 3, 1, 4]);
    const inMemory = engine.explainFind(DB, 'c', {}, { sort: { name: -1 } });
    expect(inMemory.plan).toMatchObject({ stage: 'COLLSCAN', sortInMemory: true });
    expect(ids(inMemory.docs)).toEqual([6, 5, 4, 3, 2, 1]);
  });

  it('applies skip and limit after sorting', async () => {
    const engine = await seeded(people, [{ age: 1 }]);
    expect(ids([...engine.find(DB, 'c', {}, { sort: { age: 1 }, skip: 1, limit: 2 })])).toEqual([2, 4]);
    expect(engine.count(DB, 'c', { city: 'oslo' }, { skip: 1, limit: 2 })).toBe(2);
    expect(engine.count(DB, 'c', {})).toBe(6);
  });

  it('follows hints by name, key pattern and $natural, and rejects unknown ones', async () => {
    const engine = await seeded(people, [{ age: 1 }, { city: 1 }]);
    expect(engine.explainFind(DB, 'c', { age: 25, city: 'oslo' }, { hint: 'city' }).plan.indexName).toBe('city');
    expect(engine.explainFind(DB, 'c', { age: 25 }, { hint: { city: 1 } }).plan).toMatchObject({
      indexName: 'city',
      keysExamined: 6,
    });
    const natural = engine.explainFind(DB, 'c', { age: 25 }, { hint: { $natural: -1 } });
    expect(natural.plan.stage).toBe('COLLSCAN');
    expect(ids(natural.docs)).toEqual([4, 2]);
    expect(() => engine.find(DB, 'c', {}, { hint: 'nope' })).toThrow(
      expect.objectContaining({ code: 2, message: 'hint provided does not correspond to an existing index' }),
    );
  });

  it('examines only the matching keys in a 100,000 document collection', async () => {
    const engine = createStorageEngine();
    await engine.autocommit((txn) => {
      for (let i = 0; i < 100_000; i++) txn.insert(DB, 'big', { _id: new ObjectId(), n: i, group: i % 100 });
    });
    await engine.createIndexes(DB, 'big', [{ v: 2, key: { group: 1, n: 1 }, name: 'group_n' }]);
    const started = process.hrtime.bigint();
    const { docs, plan } = engine.explainFind(DB, 'big', { group: 7, n: { $gte: 500, $lt: 1000 } });
    const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
    expect(docs).toHaveLength(5);
    expect(plan).toMatchObject({ stage: 'IXSCAN', keysExamined: 5, docsExamined: 5 });
    expect(elapsedMs).toBeLessThan(50);
    const one = engine.explainFind(DB, 'big', { _id: docs[0]._id });
    expect(one.plan).toMatchObject({ stage: 'IDHACK', docsExamined: 1 });
    const limited = engine.explainFind(DB, 'big', { group: 3 }, { sort: { n: -1 }, limit: 2 });
    expect(limited.docs.map((d) => d.n)).toEqual([99_903, 99_803]);
    expect(limited.plan.keysExamined).toBe(2);
  });

  it('dedupes multikey matches and does not intersect bounds on array fields', async () => {
    const engine = await seeded(
      [
        { _id: 1, tags: [1, 5, 9] },
        { _id: 2, tags: [3, 12] },
        { _id: 3, tags: 7 },
      ],
      [{ tags: 1 }],
    );
    const range = engine.explainFind(DB, 'c', { tags: { $gt: 4, $lt: 10 } });
    expect(ids(range.docs).sort()).toEqual([1, 2, 3]);
    const single = engine.explainFind(DB, 'c', { tags: { $gte: 1 } });
    expect(ids(single.docs)).toEqual([1, 2, 3]);
    expect(single.plan.docsExamined).toBe(3);
  });

  it('uses sparse indexes only when missing fields cannot match, and partial ones only when implied', async () => {
    const engine = await seeded([
      { _id: 1, a: 1, status: 'active' },
      { _id: 2, status: 'gone' },
      { _id: 3, a: 3, status: 'active' },
    ]);
    await engine.createIndexes(DB, 'c', [
      { v: 2, key: { a: 1 }, name: 'a_sparse', sparse: true },
      { v: 2, key: { status: 1, a: 1 }, name: 'active_a', partialFilterExpression: { status: 'active' } },
    ]);
    expect(engine.explainFind(DB, 'c', { a: { $gt: 0 } }).plan.indexName).toBe('a_sparse');
    const nullQuery = engine.explainFind(DB, 'c', { a: null });
    expect(nullQuery.plan.stage).toBe('COLLSCAN');
    expect(ids(nullQuery.docs)).toEqual([2]);
    expect(engine.explainFind(DB, 'c', { status: 'active', a: 3 }).plan.indexName).toBe('active_a');
    expect(() => engine.find(DB, 'c', { status: 'gone' }, { hint: 'active_a' })).toThrow(expect.objectContaining({ code: 2 }));
  });
});
