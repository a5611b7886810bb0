/**
 * The storage engine on an LMDB store (ENGINE_STORAGE=lmdb): documents leave the heap once durable, reads
 * decode them from the store, snapshots keep the versions they saw, and a store reopened holds everything.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Document } from '../contracts';
import { EmbeddedStorageEngine } from './engine';
import { LmdbStore } from './lmdb-store';

describe('storage on LMDB', () => {
  let dir: string;
  const open = () => {
    const store = LmdbStore.open(dir, { durable: true });
    return { store, engine: new EmbeddedStorageEngine({ store }) };
  };
  const close = async ({ store, engine }: { store: LmdbStore; engine: EmbeddedStorageEngine }) => {
    await engine.close();
    await store.close();
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'lmdb-storage-spec-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps no document in memory once its commit is durable, and reads it back from the store', async () => {
    const opened = open();
    const { engine } = opened;
    await engine.createIndexes('shop', 'members', [{ v: 2, key: { phone: 1 }, name: 'phone_1', unique: true }]);
    await engine.autocommit((txn) => {
      for (let i = 0; i < 100; i++) txn.insert('shop', 'members', { _id: i, phone: `p${i}`, tags: ['a', i] });
    });
    const state = engine.committed.get('shop', 'members')!;
    const doc = { _id: 5, phone: 'p5', tags: ['a', 5] };
    const entry = state.entryOf(5)!;
    expect(entry.holds(entry.doc)).toBe(false);
    expect(entry.doc).toEqual(doc);
    expect([...engine.find('shop', 'members', { phone: 'p5' })]).toEqual([doc]);
    await expect(engine.autocommit((txn) => txn.insert('shop', 'members', { _id: 500, phone: 'p5' }))).rejects.toMatchObject({
      code: 11000,
    });
    await close(opened);
  });

  it('lets a snapshot read the version it saw after later commits overwrite and delete it in the store', async () => {
    const opened = open();
    const { engine } = opened;
    await engine.autocommit((txn) => {
      txn.insert('shop', 'accounts', { _id: 'a', balance: 1 });
      txn.insert('shop', 'accounts', { _id: 'b', balance: 1 });
    });
    const txn = engine.beginTransaction();
    expect(txn.findAll('shop', 'accounts', {})).toHaveLength(2);
    await engine.autocommit((w) => w.replace('shop', 'accounts', { _id: 'a', balance: 2 }));
    await engine.autocommit((w) => w.remove('shop', 'accounts', 'b'));
    await engine.autocommit((w) => w.replace('shop', 'accounts', { _id: 'a', balance: 3 }));
    expect(txn.findAll('shop', 'accounts', {})).toEqual([
      { _id: 'a', balance: 1 },
      { _id: 'b', balance: 1 },
    ]);
    expect([...engine.find('shop', 'accounts', {})]).toEqual([{ _id: 'a', balance: 3 }]);
    txn.abort();
    await close(opened);
  });

  it('fails a cursor over a collection dropped under it (QueryPlanKilled), as mongod does', async () => {
    const opened = open();
    const { engine } = opened;
    await engine.autocommit((txn) => {
      for (let i = 0; i < 10; i++) txn.insert('shop', 'logs', { _id: i });
    });
    const cursor = engine.find('shop', 'logs', {})[Symbol.iterator]();
    expect(cursor.next().value).toEqual({ _id: 0 });
    await engine.dropCollection('shop', 'logs');
    expect(() => cursor.next()).toThrow(expect.objectContaining({ code: 175 }));
    await close(opened);
  });

  it('reopens with every collection, index, option and document, in insertion order', async () => {
    let opened = open();
    await opened.engine.createCollection('shop', 'capped', { capped: true, size: 4096, max: 3 });
    await opened.engine.createIndexes('shop', 'members', [{ v: 2, key: { phone: 1 }, name: 'phone_1', unique: true }]);
    const ids = [42, 'b', 7, 'a', 1.5];
    for (const id of ids) await opened.engine.autocommit((txn) => txn.insert('shop', 'members', { _id: id, phone: String(id) }));
    for (let i = 0; i < 5; i++) await opened.engine.autocommit((txn) => txn.insert('shop', 'capped', { i }));
    await opened.engine.dropIndexes('shop', 'members', 'phone_1');
    await opened.engine.createIndexes('shop', 'members', [{ v: 2, key: { phone: -1 }, name: 'phone_-1' }]);
    await close(opened);

    opened = open();
    const { engine } = opened;
    expect([...engine.find('shop', 'members', {})].map((d: Document) => d._id)).toEqual(ids);
    expect(engine.listIndexes('shop', 'members').map((i) => i.name)).toEqual(['_id_', 'phone_-1']);
    expect(engine.listCollections('shop').find((c) => c.name === 'capped')?.options).toMatchObject({ capped: true, max: 3 });
    expect([...engine.find('shop', 'capped', {})].map((d: Document) => d.i)).toEqual([2, 3, 4]);
    const plan = engine.explainFind('shop', 'members', { phone: '7' }).plan;
    expect(plan).toMatchObject({ stage: 'IXSCAN', indexName: 'phone_-1', docsExamined: 1 });
    // New writes after a restart get new record ids (natural order goes on).
    await engine.autocommit((txn) => txn.insert('shop', 'members', { _id: 0, phone: '0' }));
    expect([...engine.find('shop', 'members', {})].map((d: Document) => d._id)).toEqual([...ids, 0]);
    await close(opened);
  });
});
