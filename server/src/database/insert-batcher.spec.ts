import { type Collection, type CommandStartedEvent, type Db, MongoClient, MongoServerError } from 'mongodb';
import { startTestDatabase, type TestDatabase } from '../../test/support/test-database';
import { isDuplicateKeyError } from './duplicate-key';
import { InsertBatcher } from './insert-batcher';

interface Nonce {
  integrationId: string;
  nonce: string;
}

let database: TestDatabase;
let client: MongoClient;
let db: Db;
const commands: string[] = [];

beforeAll(async () => {
  database = await startTestDatabase();
  client = await MongoClient.connect(database.uri, { monitorCommands: true });
  client.on('commandStarted', (event: CommandStartedEvent) => {
    if (event.commandName === 'insert') commands.push(`insert:${(event.command.documents as unknown[]).length}`);
  });
  db = client.db(database.dbName);
});

afterAll(async () => {
  await db?.dropDatabase();
  await client?.close();
  await database?.stop();
});

describe('InsertBatcher', () => {
  let collection: Collection<Nonce>;
  let batcher: InsertBatcher<Nonce>;
  let seq = 0;

  beforeEach(async () => {
    collection = db.collection<Nonce>(`nonces_${++seq}`);
    await collection.createIndex({ integrationId: 1, nonce: 1 }, { unique: true });
    batcher = new InsertBatcher(() => collection);
    commands.length = 0;
  });

  it('sends a lone insert as insertOne would', async () => {
    await batcher.insert({ integrationId: 'i', nonce: 'a' });
    expect(commands).toEqual(['insert:1']);
    expect(await collection.countDocuments()).toBe(1);
  });

  it('sends the inserts of one turn as one command, and each caller gets its own answer', async () => {
    const results = await Promise.allSettled(
      ['a', 'b', 'a', 'c', 'b'].map((nonce) => batcher.insert({ integrationId: 'i', nonce })),
    );
    expect(commands).toEqual(['insert:5']);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'rejected']);
    // A refused copy reads as insertOne's duplicate key error, so a guard on a unique index keeps working.
    for (const refused of results.filter((r): r is PromiseRejectedResult => r.status === 'rejected')) {
      expect(refused.reason).toBeInstanceOf(MongoServerError);
      expect((refused.reason as MongoServerError).code).toBe(11000);
      expect(isDuplicateKeyError(refused.reason)).toBe(true);
    }
    expect((await collection.find().toArray()).map((d) => d.nonce).sort()).toEqual(['a', 'b', 'c']);
  });

  it('lets exactly one of many concurrent copies win (the replay guard under a burst)', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, () => batcher.insert({ integrationId: 'i', nonce: 'same' })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(await collection.countDocuments({ nonce: 'same' })).toBe(1);
  });

  it('keeps separate turns apart, and rejects every caller when the whole command fails', async () => {
    await batcher.insert({ integrationId: 'i', nonce: 'x' });
    await batcher.insert({ integrationId: 'i', nonce: 'y' });
    expect(commands).toEqual(['insert:1', 'insert:1']);

    const broken = new InsertBatcher<Nonce>(() => {
      throw new Error('no collection');
    });
    await expect(broken.insert({ integrationId: 'i', nonce: 'z' })).rejects.toThrow('no collection');

    const closed = await MongoClient.connect(database.uri);
    const gone = new InsertBatcher<Nonce>(() => closed.db(database.dbName).collection<Nonce>(collection.collectionName));
    await closed.close();
    const results = await Promise.allSettled(['p', 'q'].map((nonce) => gone.insert({ integrationId: 'i', nonce })));
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(await collection.countDocuments({ nonce: { $in: ['p', 'q'] } })).toBe(0);
  });
});
