/**
 * Conformance: text indexes and `$text` through the official driver (and mongoose), with the MongoDB
 * manual's examples (the `$text` reference's "articles", the text search tutorial's "stores"): weights,
 * languages, phrases, negations, case and diacritic sensitivity, `{ $meta: 'textScore' }` with mongod's
 * scoring formula, compound and wildcard text indexes, aggregation, explain, errors and persistence.
 */
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

async function failure(promise: Promise<unknown>): Promise<MongoServerError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof MongoServerError) return error;
    throw error;
  }
  throw new Error('expected the server to refuse');
}

/** A collection whose documents have numeric ids, as the manual's examples do. */
type Numbered = { _id?: number; [field: string]: unknown };
const numbered = (name: string) => db.collection<Numbered>(name);

const ids = (docs: Document[]) => docs.map((d) => d._id as number).sort((a, b) => a - b);

describe('the $text reference’s articles', () => {
  let articles: Collection<Numbered>;
  beforeAll(async () => {
    articles = numbered('articles');
    await articles.createIndex({ subject: 'text' });
    await articles.insertMany([
      { _id: 1, subject: 'coffee', author: 'xyz', views: 50 },
      { _id: 2, subject: 'Coffee Shopping', author: 'efg', views: 5 },
      { _id: 3, subject: 'Baking a cake', author: 'abc', views: 90 },
      { _id: 4, subject: 'baking', author: 'xyz', views: 100 },
      { _id: 5, subject: 'Café Con Leche', author: 'abc', views: 200 },
      { _id: 6, subject: 'Сырники', author: 'efg', views: 80 },
      { _id: 7, subject: 'coffee and cream', author: 'efg', views: 10 },
      { _id: 8, subject: 'Cafe con Leche', author: 'xyz', views: 10 },
    ] as unknown as Document[]);
  });

  it('lists the index in mongod’s normalised form', async () => {
    const spec = (await articles.listIndexes().toArray()).find((i) => i.name === 'subject_text');
    expect(spec).toMatchObject({
      key: { _fts: 'text', _ftsx: 1 },
      weights: { subject: 1 },
      default_language: 'english',
      language_override: 'language',
      textIndexVersion: 3,
    });
  });

  it('searches a single word (stemmed, case-insensitive)', async () => {
    expect(ids(await articles.find({ $text: { $search: 'coffee' } }).toArray())).toEqual([1, 2, 7]);
  });

  it('matches any of several terms', async () => {
    expect(ids(await articles.find({ $text: { $search: 'bake coffee cake' } }).toArray())).toEqual([1, 2, 3, 4, 7]);
  });

  it('searches a phrase', async () => {
    expect(ids(await articles.find({ $text: { $search: '"coffee shop"' } }).toArray())).toEqual([2]);
  });

  it('excludes documents holding a negated term', async () => {
    expect(ids(await articles.find({ $text: { $search: 'coffee -shop' } }).toArray())).toEqual([1, 7]);
  });

  it('is diacritic-insensitive by default', async () => {
    expect(ids(await articles.find({ $text: { $search: 'сы́рники CAFÉS' } }).toArray())).toEqual([5, 6, 8]);
  });

  it('$caseSensitive', async () => {
    expect(ids(await articles.find({ $text: { $search: 'Coffee', $caseSensitive: true } }).toArray())).toEqual([2]);
    expect(ids(await articles.find({ $text: { $search: '"Café Con Leche"', $caseSensitive: true } }).toArray())).toEqual([5]);
  });

  it('$diacriticSensitive, with a negation', async () => {
    expect(ids(await articles.find({ $text: { $search: 'CAFÉ', $diacriticSensitive: true } }).toArray())).toEqual([5]);
    expect(ids(await articles.find({ $text: { $search: 'leches -cafés', $diacriticSensitive: true } }).toArray())).toEqual([8]);
  });

  it('drops stop words: a search of stop words only finds nothing', async () => {
    expect(await articles.find({ $text: { $search: 'and a the' } }).toArray()).toEqual([]);
  });

  it('scores with mongod’s formula and sorts by { $meta: "textScore" }', async () => {
    const docs = await articles
      .find({ $text: { $search: 'coffee' } }, { projection: { score: { $meta: 'textScore' } } })
      .sort({ score: { $meta: 'textScore' } })
      .toArray();
    // "coffee" alone: 1 × (0.5 × 1/1 + 0.5) = 1; beside one other non-stop word: 0.75.
    expect(docs.map((d) => [d._id, d.score])).toEqual([
      [1, 1],
      [2, 0.75],
      [7, 0.75],
    ]);
    expect(docs[0]).toMatchObject({ subject: 'coffee', author: 'xyz' });
  });

  it('textScore in an aggregation: $match first, then $sort and $project by score', async () => {
    const docs = await articles
      .aggregate([
        { $match: { $text: { $search: 'cake' } } },
        { $sort: { score: { $meta: 'textScore' } } },
        { $project: { subject: 1, score: { $meta: 'textScore' } } },
      ])
      .toArray();
    expect(docs).toEqual([{ _id: 3, subject: 'Baking a cake', score: 0.75 }]);
    const grouped = await articles
      .aggregate([{ $match: { $text: { $search: 'coffee' } } }, { $group: { _id: null, views: { $sum: '$views' } } }])
      .toArray();
    expect(grouped).toEqual([{ _id: null, views: 65 }]);
  });

  it('combines $text with other predicates and counts', async () => {
    expect(ids(await articles.find({ $text: { $search: 'coffee cake' }, views: { $gte: 50 } }).toArray())).toEqual([1, 3]);
    expect(await articles.countDocuments({ $text: { $search: 'coffee' } })).toBe(3);
    expect(await articles.countDocuments({ $and: [{ $text: { $search: 'coffee' } }, { author: 'efg' }] })).toBe(2);
  });

  it('explain shows the text index', async () => {
    const plan = await articles.find({ $text: { $search: 'coffee' } }).explain('executionStats');
    expect(plan.queryPlanner.winningPlan).toMatchObject({ stage: 'TEXT_MATCH', indexName: 'subject_text' });
    expect(plan.executionStats.nReturned).toBe(3);
  });

  it('updates and deletes by $text', async () => {
    const c = numbered('articles_writes');
    await c.createIndex({ subject: 'text' });
    await c.insertMany([{ subject: 'coffee beans' }, { subject: 'green tea' }]);
    expect((await c.updateMany({ $text: { $search: 'beans' } }, { $set: { hit: true } })).modifiedCount).toBe(1);
    expect((await c.deleteMany({ $text: { $search: 'tea' } })).deletedCount).toBe(1);
    expect(await c.find({}, { projection: { _id: 0 } }).toArray()).toEqual([{ subject: 'coffee beans', hit: true }]);
  });

  it('refuses $meta textScore without $text (40218) and $text in a later $match (17313)', async () => {
    expect((await failure(articles.find({}, { projection: { s: { $meta: 'textScore' } } }).toArray())).code).toBe(40218);
    expect(
      (
        await failure(
          articles
            .find({})
            .sort({ s: { $meta: 'textScore' } })
            .toArray(),
        )
      ).code,
    ).toBe(40218);
    const late = await failure(
      articles.aggregate([{ $match: { views: { $gt: 1 } } }, { $match: { $text: { $search: 'coffee' } } }]).toArray(),
    );
    expect(late.code).toBe(17313);
    expect((await failure(articles.find({ $text: { $search: 1 } } as Document).toArray())).code).toBe(2);
    expect((await failure(articles.find({ $text: { $search: 'x', $language: 'klingon' } }).toArray())).code).toBe(2);
    expect((await failure(articles.find({ $nor: [{ $text: { $search: 'coffee' } }] }).toArray())).code).toBe(2);
  });
});

describe('the text search tutorial’s stores (two fields)', () => {
  let stores: Collection<Numbered>;
  beforeAll(async () => {
    stores = numbered('stores');
    await stores.insertMany([
      { _id: 1, name: 'Java Hut', description: 'Coffee and cakes' },
      { _id: 2, name: 'Burger Buns', description: 'Gourmet hamburgers' },
      { _id: 3, name: 'Coffee Shop', description: 'Just coffee' },
      { _id: 4, name: 'Clothes Clothes Clothes', description: 'Discount clothing' },
      { _id: 5, name: 'Java Shopping', description: 'Indonesian goods' },
    ] as unknown as Document[]);
    await stores.createIndex({ name: 'text', description: 'text' });
  });

  it('finds any term, a phrase, and excludes a term', async () => {
    expect(ids(await stores.find({ $text: { $search: 'java coffee shop' } }).toArray())).toEqual([1, 3, 5]);
    expect(ids(await stores.find({ $text: { $search: '"coffee shop"' } }).toArray())).toEqual([3]);
    expect(ids(await stores.find({ $text: { $search: 'java shop -coffee' } }).toArray())).toEqual([5]);
  });

  it('sorts by relevance, scores summed over fields', async () => {
    const docs = await stores
      .find({ $text: { $search: 'java coffee shop' } }, { projection: { score: { $meta: 'textScore' } } })
      .sort({ score: { $meta: 'textScore' } })
      .toArray();
    expect(docs[0]).toMatchObject({ _id: 3, score: 2.25 });
    expect(docs.slice(1).map((d) => d.score)).toEqual([1.5, 1.5]);
  });

  it('a repeated term counts with diminishing frequency (1 + 1/2 + 1/4)', async () => {
    const [doc] = await stores
      .find({ $text: { $search: 'clothes' } }, { projection: { score: { $meta: 'textScore' } } })
      .toArray();
    // name: "cloth" three times of 3 tokens: 1.75 × 1; description "clothing" → "cloth": 1 × 0.75.
    expect(doc.score).toBeCloseTo(2.5, 10);
  });

  it('one text index per collection: the same key is IndexOptionsConflict (85), another is CannotCreateIndex (67)', async () => {
    const same = await failure(stores.createIndex({ name: 'text', description: 'text' }, { name: 'other_name' }));
    expect(same.code).toBe(85);
    const other = await failure(stores.createIndex({ x: 1, name: 'text' }));
    expect(other.code).toBe(67);
    expect(other.message).toContain('only one text index per collection allowed');
    // The identical request is a no-op.
    await stores.createIndex({ name: 'text', description: 'text' });
  });

  it('requires a text index for $text (27); a missing collection finds nothing', async () => {
    expect(
      await db
        .collection('no_text')
        .find({ $text: { $search: 'x' } })
        .toArray(),
    ).toEqual([]);
    await numbered('no_text').insertOne({ a: 1 });
    const error = await failure(
      db
        .collection('no_text')
        .find({ $text: { $search: 'x' } })
        .toArray(),
    );
    expect(error.code).toBe(27);
    expect(error.message).toContain('text index required for $text query');
  });
});

describe('weights, languages, wildcard and compound text indexes', () => {
  it('weights multiply a field’s scores', async () => {
    const c = numbered('blog');
    await c.createIndex(
      { content: 'text', keywords: 'text', about: 'text' },
      { weights: { content: 10, keywords: 5 }, name: 'TextIndex' },
    );
    await c.insertMany([
      { _id: 1, content: 'This morning I had a cup of coffee.', about: 'beverage', keywords: ['coffee'] },
      { _id: 2, content: 'Who does not like cake?', about: 'food', keywords: ['cake', 'food', 'dessert'] },
    ] as unknown as Document[]);
    const spec = (await c.listIndexes().toArray()).find((i) => i.name === 'TextIndex');
    expect(spec?.weights).toEqual({ about: 1, content: 10, keywords: 5 });
    const [doc] = await c.find({ $text: { $search: 'coffee' } }, { projection: { score: { $meta: 'textScore' } } }).toArray();
    // content: 4 non-stop tokens (morning, cup, coffee, …"i", "had", "a", "of" are stop words): 10 × (0.5/4 + 0.5);
    // keywords "coffee" alone: 5 × 1 (the whole string is "coffee", not its stem "coffe": no 1.1 boost).
    expect(doc.score).toBeCloseTo(10 * (0.5 / 3 + 0.5) + 5, 10);
    expect(await c.find({ $text: { $search: 'dessert' } }).toArray()).toHaveLength(1);
  });

  it('the boost of a string that is exactly its term (1.1)', async () => {
    const c = numbered('boost');
    await c.createIndex({ t: 'text' }, { default_language: 'none' });
    await c.insertOne({ _id: 1, t: 'Tea' });
    const [doc] = await c.find({ $text: { $search: 'tea' } }, { projection: { score: { $meta: 'textScore' } } }).toArray();
    expect(doc.score).toBeCloseTo(1.1, 12);
  });

  it("default_language 'none': no stemming and no stop words", async () => {
    const c = numbered('none_lang');
    await c.createIndex({ t: 'text' }, { default_language: 'none' });
    await c.insertMany([
      { _id: 1, t: 'running the shop' },
      { _id: 2, t: 'run' },
    ]);
    expect(ids(await c.find({ $text: { $search: 'running' } }).toArray())).toEqual([1]);
    expect(ids(await c.find({ $text: { $search: 'the' } }).toArray())).toEqual([1]);
    const english = numbered('en_lang');
    await english.createIndex({ t: 'text' });
    await english.insertMany([
      { _id: 1, t: 'running the shop' },
      { _id: 2, t: 'run' },
    ]);
    expect(ids(await english.find({ $text: { $search: 'runs' } }).toArray())).toEqual([1, 2]);
  });

  it('language_override per document, and an unsupported language refused (17262)', async () => {
    const c = numbered('quotes');
    await c.createIndex({ quote: 'text' }, { language_override: 'idioma' });
    await c.insertMany([
      { _id: 1, idioma: 'none', quote: 'running' },
      { _id: 2, quote: 'running' },
    ]);
    // Stemmed in English "running" is "run"; the 'none' document keeps "running".
    expect(ids(await c.find({ $text: { $search: 'run' } }).toArray())).toEqual([2]);
    expect(ids(await c.find({ $text: { $search: 'running', $language: 'none' } }).toArray())).toEqual([1]);
    expect((await failure(c.insertOne({ idioma: 'klingon', quote: 'x' }))).code).toBe(17262);
    expect((await failure(numbered('bad_lang').createIndex({ a: 'text' }, { default_language: 'klingon' }))).code).toBe(67);
  });

  it('a wildcard text index ($**) searches every string field', async () => {
    const c = numbered('wild');
    await c.createIndex({ '$**': 'text' });
    await c.insertMany([
      { _id: 1, a: 'alpha', nested: { b: 'bravo' } },
      { _id: 2, list: ['charlie', 'delta'], n: 3 },
    ] as unknown as Document[]);
    const spec = (await c.listIndexes().toArray()).find((i) => i.name === '$**_text');
    expect(spec?.weights).toEqual({ '$**': 1 });
    expect(ids(await c.find({ $text: { $search: 'bravo' } }).toArray())).toEqual([1]);
    expect(ids(await c.find({ $text: { $search: 'delta alpha' } }).toArray())).toEqual([1, 2]);
    // Any field may hold indexed strings: an update of one re-indexes the document.
    await c.updateOne({ _id: 2 }, { $set: { other: 'echo' } });
    expect(ids(await c.find({ $text: { $search: 'echo' } }).toArray())).toEqual([2]);
    await c.updateOne({ _id: 1 }, { $unset: { nested: '' } });
    expect(await c.find({ $text: { $search: 'bravo' } }).toArray()).toEqual([]);
    const [scored] = await c
      .find({ $text: { $search: 'alpha' } }, { projection: { a: 1, 'meta.score': { $meta: 'textScore' } } })
      .toArray();
    expect(scored).toEqual({ _id: 1, a: 'alpha', meta: { score: 1.1 } });
  });

  it('a compound text index needs equality on its prefix fields', async () => {
    const c = numbered('inventory');
    await c.createIndex({ dept: 1, description: 'text' });
    await c.insertMany([
      { _id: 1, dept: 'tech', description: 'lime green computer' },
      { _id: 2, dept: 'tech', description: 'wireless red mouse' },
      { _id: 3, dept: 'kitchen', description: 'green placemat' },
      { _id: 4, dept: 'kitchen', description: 'red peeler' },
      { _id: 5, dept: 'food', description: 'green apple' },
      { _id: 6, dept: 'food', description: 'red potato' },
    ]);
    expect(ids(await c.find({ dept: 'kitchen', $text: { $search: 'green' } }).toArray())).toEqual([3]);
    const error = await failure(c.find({ $text: { $search: 'green' } }).toArray());
    expect(error.code).toBe(2);
    expect(error.message).toContain('are equality predicates given for all prefix fields');
    expect((await failure(c.find({ dept: { $gt: 'a' }, $text: { $search: 'green' } }).toArray())).code).toBe(2);
    expect((await failure(c.insertOne({ dept: ['a', 'b'], description: 'x' }))).code).toBe(16675);
  });

  it('a text index never serves other queries', async () => {
    const plan = await numbered('inventory').find({ dept: 'kitchen' }).explain();
    expect(plan.queryPlanner.winningPlan.stage).toBe('COLLSCAN');
  });
});

describe('Chinese text (mongod does not segment CJK)', () => {
  let c: Collection<Numbered>;
  beforeAll(async () => {
    c = numbered('members_cn');
    await c.createIndex({ name: 'text', note: 'text' });
    await c.insertMany([
      { _id: 1, name: '张伟', note: '会员积分 兑换' },
      { _id: 2, name: '李娜', note: '会员积分兑换，咖啡券' },
      { _id: 3, name: 'Wang Fang', note: '积分' },
    ]);
  });

  it('a run of CJK characters is one token: only a whole run (or a space-separated word) is found', async () => {
    expect(ids(await c.find({ $text: { $search: '会员积分' } }).toArray())).toEqual([1]);
    expect(ids(await c.find({ $text: { $search: '兑换' } }).toArray())).toEqual([1]);
    expect(ids(await c.find({ $text: { $search: '积分' } }).toArray())).toEqual([3]);
    // Chinese punctuation delimits tokens as any punctuation does.
    expect(ids(await c.find({ $text: { $search: '咖啡券' } }).toArray())).toEqual([2]);
    expect(ids(await c.find({ $text: { $search: '张伟' } }).toArray())).toEqual([1]);
  });

  it('a phrase matches inside a run', async () => {
    expect(ids(await c.find({ $text: { $search: '会员积分 "积分兑换"' } }).toArray())).toEqual([]);
    expect(ids(await c.find({ $text: { $search: '会员积分兑换 "积分兑换"' } }).toArray())).toEqual([2]);
  });
});

describe('mongoose', () => {
  it('a schema’s text index is created and searched', async () => {
    const connection = await mongoose.createConnection(database.uri, { dbName: database.dbName }).asPromise();
    try {
      const schema = new mongoose.Schema({ title: String, body: String, brand: String });
      schema.index({ title: 'text', body: 'text' }, { weights: { title: 3 }, name: 'product_text' });
      const Product = connection.model('TextProduct', schema);
      await Product.init();
      await Product.create([
        { title: 'Latte', body: 'Espresso with steamed milk', brand: 'a' },
        { title: 'Green tea', body: 'Served with milk on request', brand: 'b' },
      ]);
      const found = await Product.find({ $text: { $search: 'milk' } }, { score: { $meta: 'textScore' } })
        .sort({ score: { $meta: 'textScore' } })
        .lean();
      expect(found.map((p) => p.title)).toEqual(['Latte', 'Green tea']);
      const byTitle = await Product.find({ $text: { $search: 'latte' } }).lean();
      expect(byTitle.map((p) => p.title)).toEqual(['Latte']);
      await Product.init(); // re-syncing the same index is a no-op
    } finally {
      await connection.close();
    }
  });
});

describeEmbeddedOnly('persistence', () => {
  it('a text index is recovered and searched after a restart', async () => {
    const dbpath = mkdtempSync(join(tmpdir(), 'memberloop-text-'));
    try {
      let engine = await startEmbeddedMongo({ dbpath });
      let c = await MongoClient.connect(engine.uri);
      await c
        .db('t')
        .collection('s')
        .createIndex({ title: 'text' }, { weights: { title: 2 } });
      await c
        .db('t')
        .collection('s')
        .insertMany([{ title: 'coffee beans' }, { title: 'green tea' }]);
      await c.close();
      await engine.stop();
      engine = await startEmbeddedMongo({ dbpath });
      c = await MongoClient.connect(engine.uri);
      const s = c.db('t').collection('s');
      const docs = await s
        .find({ $text: { $search: 'bean' } }, { projection: { _id: 0, score: { $meta: 'textScore' } } })
        .toArray();
      expect(docs).toEqual([{ title: 'coffee beans', score: 1.5 }]);
      expect((await failure(s.createIndex({ other: 'text' }))).code).toBe(67);
      await c.close();
      await engine.stop();
    } finally {
      rmSync(dbpath, { recursive: true, force: true });
    }
  });
});
