/**
 * Conformance: multi-document transactions with snapshot isolation and fail-fast write conflicts,
 * concurrent guarded debits, and retryable writes that are applied once.
 */
import { randomUUID } from 'node:crypto';
import { Binary, type Db, Long, MongoClient, MongoServerError, UUID } from 'mongodb';
import { startTestDatabase, type TestDatabase } from '../support/test-database';
import { RawWireClient } from './raw-wire';

let database: TestDatabase;
let client: MongoClient;
let db: Db;

beforeAll(async () => {
  database = await startTestDatabase();
  client = await MongoClient.connect(database.uri);
  db = client.db(database.dbName);
  for (const name of ['accounts', 'ledger', 'retried']) await db.createCollection(name);
});

afterAll(async () => {
  await db?.dropDatabase();
  await client?.close();
  await database?.stop();
});

describe('transactions', () => {
  it('makes all of its writes visible at commit and none before', async () => {
    const accounts = db.collection<{ _id: string; balance: number }>('accounts');
    const session = client.startSession();
    try {
      session.startTransaction();
      await accounts.insertOne({ _id: 'commit-a', balance: 10 }, { session });
      await accounts.insertOne({ _id: 'commit-b', balance: 20 }, { session });
      expect(await accounts.countDocuments({ _id: { $in: ['commit-a', 'commit-b'] } }, { session })).toBe(2);
      // Outside the transaction nothing is visible yet, and the read is not held up.
      expect(await accounts.countDocuments({ _id: { $in: ['commit-a', 'commit-b'] } })).toBe(0);
      await session.commitTransaction();
    } finally {
      await session.endSession();
    }
    expect(await accounts.countDocuments({ _id: { $in: ['commit-a', 'commit-b'] } })).toBe(2);
  });

  it('discards everything on abort', async () => {
    const accounts = db.collection<{ _id: string; balance: number }>('accounts');
    await accounts.insertOne({ _id: 'abort', balance: 5 });
    const session = client.startSession();
    try {
      session.startTransaction();
      await accounts.updateOne({ _id: 'abort' }, { $inc: { balance: 100 } }, { session });
      await accounts.insertOne({ _id: 'abort-new', balance: 1 }, { session });
      await session.abortTransaction();
    } finally {
      await session.endSession();
    }
    expect(await accounts.findOne({ _id: 'abort' })).toEqual({ _id: 'abort', balance: 5 });
    expect(await accounts.findOne({ _id: 'abort-new' })).toBeNull();
  });

  it('reads from its snapshot while others commit', async () => {
    const accounts = db.collection<{ _id: string; balance: number }>('accounts');
    await accounts.insertOne({ _id: 'snapshot', balance: 1 });
    const session = client.startSession();
    try {
      session.startTransaction();
      expect((await accounts.findOne({ _id: 'snapshot' }, { session }))?.balance).toBe(1);
      await accounts.updateOne({ _id: 'snapshot' }, { $set: { balance: 2 } });
      expect((await accounts.findOne({ _id: 'snapshot' }, { session }))?.balance).toBe(1);
      await session.commitTransaction();
    } finally {
      await session.endSession();
    }
    expect((await accounts.findOne({ _id: 'snapshot' }))?.balance).toBe(2);
  });

  it('fails a conflicting write at once with WriteConflict, labelled for retry', async () => {
    const accounts = db.collection<{ _id: string; balance: number }>('accounts');
    await accounts.insertOne({ _id: 'conflict', balance: 100 });
    const first = client.startSession();
    const second = client.startSession();
    try {
      first.startTransaction();
      second.startTransaction();
      await accounts.updateOne({ _id: 'conflict' }, { $inc: { balance: -10 } }, { session: first });
      const started = Date.now();
      const error = await accounts.updateOne({ _id: 'conflict' }, { $inc: { balance: -20 } }, { session: second }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(Date.now() - started).toBeLessThan(1000);
      expect(error).toBeInstanceOf(MongoServerError);
      expect((error as MongoServerError).code).toBe(112);
      expect((error as MongoServerError).hasErrorLabel('TransientTransactionError')).toBe(true);
      await second.abortTransaction().catch(() => undefined);
      await first.commitTransaction();
    } finally {
      await first.endSession();
      await second.endSession();
    }
    expect((await accounts.findOne({ _id: 'conflict' }))?.balance).toBe(90);
  });

  it('never overdraws under 200 concurrent guarded debits, and the ledger equals the balance', async () => {
    const accounts = db.collection<{ _id: string; balance: number }>('accounts');
    const ledger = db.collection<{ account: string; amount: number }>('ledger');
    await accounts.insertOne({ _id: 'wallet', balance: 1000 });
    await ledger.insertOne({ account: 'wallet', amount: 1000 });
    const debit = async (): Promise<boolean> => {
      const session = client.startSession();
      try {
        return await session.withTransaction(async () => {
          const taken = await accounts.updateOne(
            { _id: 'wallet', balance: { $gte: 10 } },
            { $inc: { balance: -10 } },
            { session },
          );
          if (taken.modifiedCount !== 1) return false;
          await ledger.insertOne({ account: 'wallet', amount: -10 }, { session });
          return true;
        });
      } finally {
        await session.endSession();
      }
    };
    const outcomes = await Promise.all(Array.from({ length: 200 }, debit));
    expect(outcomes.filter(Boolean)).toHaveLength(100);
    expect((await accounts.findOne({ _id: 'wallet' }))?.balance).toBe(0);
    const [sum] = await ledger
      .aggregate([{ $match: { account: 'wallet' } }, { $group: { _id: null, total: { $sum: '$amount' } } }])
      .toArray();
    expect(sum.total).toBe(0);
  }, 120_000);
});

describe('retryable writes', () => {
  let raw: RawWireClient;
  beforeAll(async () => {
    raw = await RawWireClient.connect(database.uri);
  });
  afterAll(() => raw?.close());

  const lsid = () => ({ id: new Binary(new UUID(randomUUID()).buffer, Binary.SUBTYPE_UUID) });

  it('applies an insert retried with the same lsid and txnNumber once, and answers the retry as the first', async () => {
    const session = lsid();
    const command = {
      insert: 'retried',
      documents: [{ _id: 'once', n: 1 }],
      lsid: session,
      txnNumber: Long.fromNumber(1),
      $db: database.dbName,
    };
    const first = await raw.command(command);
    const retry = await raw.command(command);
    expect(first).toMatchObject({ ok: 1, n: 1 });
    expect(retry).toMatchObject({ ok: 1, n: 1 });
    expect(retry.writeErrors).toBeUndefined();
    expect(await db.collection('retried').countDocuments({ _id: 'once' as never })).toBe(1);
  });

  it('applies a retried findAndModify $inc once', async () => {
    await db.collection('retried').insertOne({ _id: 'counter' as never, n: 0 });
    const session = lsid();
    const command = {
      findAndModify: 'retried',
      query: { _id: 'counter' },
      update: { $inc: { n: 1 } },
      new: true,
      lsid: session,
      txnNumber: Long.fromNumber(7),
      $db: database.dbName,
    };
    const first = await raw.command(command);
    const retry = await raw.command(command);
    expect(first.value).toMatchObject({ n: 1 });
    expect(retry.value).toMatchObject({ n: 1 });
    expect((await db.collection('retried').findOne({ _id: 'counter' as never }))?.n).toBe(1);
    // A new txnNumber is a new write.
    await raw.command({ ...command, txnNumber: Long.fromNumber(8) });
    expect((await db.collection('retried').findOne({ _id: 'counter' as never }))?.n).toBe(2);
  });

  it('refuses to commit a transaction that was aborted', async () => {
    const session = lsid();
    const common = { lsid: session, txnNumber: Long.fromNumber(3), autocommit: false, $db: database.dbName };
    expect(
      await raw.command({ insert: 'retried', documents: [{ _id: 'aborted' }], startTransaction: true, ...common }),
    ).toMatchObject({ ok: 1 });
    expect(await raw.command({ abortTransaction: 1, ...common, $db: 'admin' })).toMatchObject({ ok: 1 });
    const commit = await raw.command({ commitTransaction: 1, ...common, $db: 'admin' });
    expect(commit).toMatchObject({ ok: 0, code: 251, codeName: 'NoSuchTransaction' });
    expect(await db.collection('retried').countDocuments({ _id: 'aborted' as never })).toBe(0);
  });

  it('applies a retried update once', async () => {
    await db.collection('retried').insertOne({ _id: 'updated' as never, n: 0 });
    const command = {
      update: 'retried',
      updates: [{ q: { _id: 'updated' }, u: { $inc: { n: 5 } } }],
      lsid: lsid(),
      txnNumber: Long.fromNumber(1),
      $db: database.dbName,
    };
    await raw.command(command);
    const retry = await raw.command(command);
    expect(retry).toMatchObject({ ok: 1, n: 1, nModified: 1 });
    expect((await db.collection('retried').findOne({ _id: 'updated' as never }))?.n).toBe(5);
  });
});
