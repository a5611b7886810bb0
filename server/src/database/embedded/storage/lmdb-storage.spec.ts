/**
 * The storage engine on an LMDB store (ENGINE_STORAGE=lmdb): documents leave the heap once durable, reads
 * decode them from the store, snapshots keep the versions they saw, and a store reopened holds everything.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BSON } from 'bson';
import { open as openLmdb } from 'lmdb';
import type { Document, IndexSpec } from '../contracts';
import { EmbeddedStorageEngine } from './engine';
import { LMDB_FILE, LmdbStore } from './lmdb-store';
import { OrderedIndex } from './ordered-index';

/**
 * Every index of every collection holds exactly the entries its documents give (as a rebuild from the
 * documents would make them, BSON types included), and is multikey exactly when some document is.
 */
function expectIndexesMatchDocuments(engine: EmbeddedStorageEngine): number {
  let checked = 0;
  for (const state of engine.committed.all()) {
    for (const index of state.indexes) {
      const rebuilt = OrderedIndex.create(index.spec);
      for (const [rid, entry] of state.records.entries()) rebuilt.add(rebuilt.keysOf(entry.doc), rid);
      expect({ ns: state.ns, index: index.name, keys: [...index.tree.keys()], multikey: index.multikey }).toEqual({
        ns: state.ns,
        index: index.name,
        keys: [...rebuilt.tree.keys()],
        multikey: rebuilt.multikey,
      });
      checked++;
    }
  }
  return checked;
}

/** The raw `index` database of a closed store: its entry count. */
function storedEntryCount(dir: string): number {
  const env = openLmdb(join(dir, LMDB_FILE), { maxDbs: 4 });
  try {
    return env.openDB({ name: 'index', keyEncoding: 'binary', encoding: 'binary' }).getKeysCount();
  } finally {
    void env.close();
  }
}

/** Turns a closed store into what stage 1 wrote: no index entries, catalog records without index ids. */
async function makeStageOneStore(dir: string): Promise<void> {
  const env = openLmdb(join(dir, LMDB_FILE), { maxDbs: 4 });
  const index = env.openDB<Buffer, Buffer>({ name: 'index', keyEncoding: 'binary', encoding: 'binary' });
  const catalog = env.openDB<Buffer, Buffer>({ name: 'catalog', keyEncoding: 'binary', encoding: 'binary' });
  await env.transaction(() => {
    for (const key of [...index.getKeys({})]) void index.remove(key);
    for (const { key, value } of [...catalog.getRange({})]) {
      const { db, coll, uuid, options, indexes } = BSON.deserialize(value, { promoteValues: false });
      void catalog.put(key, Buffer.from(BSON.serialize({ db, coll, uuid, options, indexes })));
    }
  });
  await env.close();
}

const INDEX_KINDS: IndexSpec[] = [
  { v: 2, key: { phone: 1 }, name: 'phone_1', unique: true },
  { v: 2, key: { tags: 1, score: -1 }, name: 'tags_1_score_-1' },
  { v: 2, key: { score: 1 }, name: 'vip_score', partialFilterExpression: { vip: true } },
  { v: 2, key: { nick: 1 }, name: 'nick_1', sparse: true },
  { v: 2, key: { name: 1 }, name: 'name_ci', collation: { locale: 'en', strength: 2 } },
  { v: 2, key: { loc: '2dsphere' }, name: 'loc_2dsphere', '2dsphereIndexVersion': 3 },
  { v: 2, key: { grid: '2d' }, name: 'grid_2d' },
  {
    v: 2,
    key: { _fts: 'text', _ftsx: 1 },
    name: 'bio_text',
    weights: { bio: 1 },
    default_language: 'english',
    language_override: 'language',
    textIndexVersion: 3,
  },
  { v: 2, key: { city: 'hashed' }, name: 'city_hashed' },
];

function member(i: number): Document {
  const doc: Document = {
    _id: i % 3 === 0 ? `m${i}` : i,
    phone: `p${i}`,
    tags: i % 4 === 0 ? [] : ['a', `t${i % 5}`, i % 7],
    score: i % 2 ? i * 1.5 : i,
    name: i % 2 ? `Name${i % 6}` : `name${i % 6}`,
    loc:
      i % 5 === 0
        ? {
            type: 'LineString',
            coordinates: [
              [121.4 + i / 1000, 31.2],
              [121.5, 31.3],
            ],
          }
        : { type: 'Point', coordinates: [121.4 + i / 1000, 31.2 + i / 2000] },
    grid: [i % 90, (i * 3) % 90],
    bio: i % 3 ? `loyal member number ${i} likes coffee and tea` : 'new shoppers',
    city: i % 2 ? 'Shanghai' : { name: 'Hangzhou', n: i % 3 },
  };
  if (i % 3 === 1) doc.vip = true;
  if (i % 2 === 0) doc.nick = `nick${i}`;
  return doc;
}

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

  it('stores the entries of every index kind with each commit and loads them at start without decoding a document', async () => {
    let opened = open();
    await opened.engine.createIndexes('shop', 'members', INDEX_KINDS);
    await opened.engine.autocommit((txn) => {
      for (let i = 0; i < 60; i++) txn.insert('shop', 'members', member(i));
    });
    await opened.engine.autocommit((txn) => {
      txn.replace('shop', 'members', { ...member(4), tags: ['x', 'y'], vip: true, bio: 'changed words' });
      txn.replace('shop', 'members', { ...member(7), name: 'NAME7', city: 'Beijing' });
      txn.remove('shop', 'members', 'm9');
    });
    const txn = opened.engine.beginTransaction();
    txn.replace('shop', 'members', { ...member(10), phone: 'swap' });
    txn.replace('shop', 'members', { ...member(11), phone: 'p10' });
    txn.replace('shop', 'members', { ...member(10), phone: 'p11' });
    await txn.commit();
    const stats = opened.engine.stats('shop', 'members');
    await close(opened);
    expect(storedEntryCount(dir)).toBeGreaterThan(59 * INDEX_KINDS.length);

    const decode = jest.spyOn(LmdbStore.prototype, 'decode');
    try {
      opened = open();
      expect(decode).not.toHaveBeenCalled();
    } finally {
      decode.mockRestore();
    }
    const { engine } = opened;
    expect(expectIndexesMatchDocuments(engine)).toBe(INDEX_KINDS.length + 1);
    // Documents' record ids and sizes come from the _id_ entries: counts and sizes as they were.
    expect(engine.stats('shop', 'members')).toEqual(stats);
    // The restored indexes answer as the rebuilt ones did: unique, collated, text, geo, hashed, partial.
    await expect(engine.autocommit((w) => w.insert('shop', 'members', { _id: 'dup', phone: 'p3' }))).rejects.toMatchObject({
      code: 11000,
    });
    // Each index answers as a collection scan does: collated, hashed, partial, multikey, geo, text.
    const ids = (docs: Document[]) => docs.map((d) => String(d._id)).sort();
    const sameAsScan = (filter: Document, indexName: string, options: { collation?: Document } = {}) => {
      const indexed = engine.explainFind('shop', 'members', filter, options);
      expect(indexed.plan).toMatchObject({ indexName });
      const scanned = engine.explainFind('shop', 'members', filter, { ...options, hint: { $natural: 1 } }).docs;
      expect(scanned.length).toBeGreaterThan(0);
      expect(ids(indexed.docs)).toEqual(ids(scanned));
    };
    sameAsScan({ name: 'NAME1' }, 'name_ci', { collation: { locale: 'en', strength: 2 } });
    sameAsScan({ city: 'Beijing' }, 'city_hashed');
    sameAsScan({ vip: true, score: { $gte: 0 } }, 'vip_score');
    sameAsScan({ tags: 't2', score: { $lt: 40 } }, 'tags_1_score_-1');
    sameAsScan({ nick: { $gt: 'nick3' } }, 'nick_1');
    sameAsScan({ loc: { $geoWithin: { $centerSphere: [[121.4, 31.2], 0.0003] } } }, 'loc_2dsphere');
    sameAsScan(
      {
        grid: {
          $geoWithin: {
            $box: [
              [0, 0],
              [20, 40],
            ],
          },
        },
      },
      'grid_2d',
    );
    const text = engine.explainFind('shop', 'members', { $text: { $search: 'coffee' } }).docs;
    expect(ids(text)).toEqual(ids(engine.explainFind('shop', 'members', { bio: /coffee/ }).docs));
    await close(opened);
  });

  it('stores an index built on existing data once, with it, and removes the entries of dropped indexes and collections', async () => {
    let opened = open();
    await opened.engine.autocommit((txn) => {
      for (let i = 0; i < 40; i++) txn.insert('shop', 'members', member(i));
    });
    await opened.engine.autocommit((txn) => txn.insert('shop', 'gone', { _id: 1, a: 1 }));
    const onlyIds = storedEntryCount(dir);
    expect(onlyIds).toBe(41);
    await opened.engine.createIndexes('shop', 'members', [INDEX_KINDS[1]]);
    await close(opened);
    const withIndex = storedEntryCount(dir);
    expect(withIndex).toBeGreaterThan(onlyIds + 40);

    const decode = jest.spyOn(LmdbStore.prototype, 'decode');
    opened = open();
    expect(decode).not.toHaveBeenCalled();
    decode.mockRestore();
    expectIndexesMatchDocuments(opened.engine);
    await opened.engine.dropIndexes('shop', 'members', 'tags_1_score_-1');
    await opened.engine.dropCollection('shop', 'gone');
    await close(opened);
    expect(storedEntryCount(dir)).toBe(40);
  });

  it('opens a store written by stage 1 (no index entries): indexes it from its documents once and stores the entries', async () => {
    let opened = open();
    await opened.engine.createIndexes('shop', 'members', INDEX_KINDS);
    await opened.engine.autocommit((txn) => {
      for (let i = 0; i < 30; i++) txn.insert('shop', 'members', member(i));
    });
    await close(opened);
    await makeStageOneStore(dir);
    expect(storedEntryCount(dir)).toBe(0);

    const logs: string[] = [];
    const store = LmdbStore.open(dir, { durable: true });
    opened = { store, engine: new EmbeddedStorageEngine({ store, log: (m) => logs.push(m) }) };
    expect(logs.join('\n')).toMatch(/1 indexed from their documents/);
    expectIndexesMatchDocuments(opened.engine);
    await opened.engine.autocommit((txn) => txn.insert('shop', 'members', member(30)));
    await close(opened);
    expect(storedEntryCount(dir)).toBeGreaterThan(30 * INDEX_KINDS.length);

    const decode = jest.spyOn(LmdbStore.prototype, 'decode');
    opened = open();
    expect(decode).not.toHaveBeenCalled();
    decode.mockRestore();
    expect(expectIndexesMatchDocuments(opened.engine)).toBe(INDEX_KINDS.length + 1);
    expect(opened.engine.committed.get('shop', 'members')!.count).toBe(31);
    await close(opened);
  });

  it('indexes a collection from its documents again when its _id_ entries lack the document sizes', async () => {
    let opened = open();
    await opened.engine.createIndexes('shop', 'members', [INDEX_KINDS[0]]);
    await opened.engine.autocommit((txn) => {
      for (let i = 0; i < 10; i++) txn.insert('shop', 'members', member(i));
    });
    const stats = opened.engine.stats('shop', 'members');
    await close(opened);
    // _id_ entries as the first commit of stage 2 wrote them: the key values only.
    const env = openLmdb(join(dir, LMDB_FILE), { maxDbs: 4 });
    const index = env.openDB<Buffer, Buffer>({ name: 'index', keyEncoding: 'binary', encoding: 'binary' });
    let stripped = 0;
    await env.transaction(() => {
      for (const { key, value } of [...index.getRange({})]) {
        const { s: size, ...values } = BSON.deserialize(value, { promoteValues: false });
        if (size === undefined) continue;
        void index.put(key, Buffer.from(BSON.serialize(values)));
        stripped++;
      }
    });
    await env.close();
    expect(stripped).toBe(10);

    const logs: string[] = [];
    const store = LmdbStore.open(dir, { durable: true });
    opened = { store, engine: new EmbeddedStorageEngine({ store, log: (m) => logs.push(m) }) };
    expect(logs.join('\n')).toMatch(/without document sizes/);
    expectIndexesMatchDocuments(opened.engine);
    expect(opened.engine.stats('shop', 'members')).toEqual(stats);
    await close(opened);
    expect(storedEntryCount(dir)).toBe(20);
    const decode = jest.spyOn(LmdbStore.prototype, 'decode');
    opened = open();
    expect(decode).not.toHaveBeenCalled();
    decode.mockRestore();
    expectIndexesMatchDocuments(opened.engine);
    expect(opened.engine.stats('shop', 'members')).toEqual(stats);
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
