import type { Document, StorageEngine } from '../contracts';
import { createStorageEngine } from './index';

const DB = 'bank';

function findOne(view: { find(db: string, coll: string, filter: Document): Iterable<Document> }, filter: Document) {
  return [...view.find(DB, 'accounts', filter)][0];
}

async function engineWith(docs: Document[]): Promise<StorageEngine> {
  const engine = createStorageEngine();
  await engine.autocommit((txn) => docs.forEach((d) => txn.insert(DB, 'accounts', d)));
  return engine;
}

describe('transactions', () => {
  it('read their snapshot plus their own writes, and publish them at commit', async () => {
    const engine = await engineWith([{ _id: 1, balance: 100 }]);
    const txn = engine.beginTransaction();
    txn.replace(DB, 'accounts', { _id: 1, balance: 50 });
    txn.insert(DB, 'accounts', { _id: 2, balance: 7 });
    expect(findOne(txn, { _id: 1 }).balance).toBe(50);
    expect(findOne(engine, { _id: 1 }).balance).toBe(100);
    expect(engine.count(DB, 'accounts', {})).toBe(1);
    await engine.autocommit((auto) => auto.insert(DB, 'accounts', { _id: 3, balance: 1 }));
    expect(txn.count(DB, 'accounts', {})).toBe(2); // the autocommit insert is after its snapshot
    const before = engine.commitCounter;
    await txn.commit();
    expect(txn.state).toBe('committed');
    expect(engine.commitCounter).toBe(before + 1);
    // Natural order is commit order: the transaction's insert lands after the autocommit one.
    expect([...engine.find(DB, 'accounts', {})].map((d) => d.balance)).toEqual([50, 1, 7]);
  });

  it('discards everything on abort', async () => {
    const engine = await engineWith([{ _id: 1, balance: 100 }]);
    const txn = engine.beginTransaction();
    txn.remove(DB, 'accounts', 1);
    txn.insert(DB, 'other', { _id: 1 });
    txn.abort();
    expect(txn.state).toBe('aborted');
    expect(engine.count(DB, 'accounts', {})).toBe(1);
    expect(engine.collectionExists(DB, 'other')).toBe(false);
    expect(() => txn.find(DB, 'accounts', {})).toThrow(expect.objectContaining({ code: 251 }));
  });

  it('fails a second writer of the same document at once with a transient WriteConflict', async () => {
    const engine = await engineWith([{ _id: 1, balance: 100 }]);
    const first = engine.beginTransaction();
    const second = engine.beginTransaction();
    first.replace(DB, 'accounts', { _id: 1, balance: 90 });
    let error: unknown;
    try {
      second.replace(DB, 'accounts', { _id: 1, balance: 80 });
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: 112, codeName: 'WriteConflict', errorLabels: ['TransientTransactionError'] });
    expect(second.state).toBe('aborted');
    await first.commit();
    expect(findOne(engine, { _id: 1 }).balance).toBe(90);
  });

  it('conflicts on a document committed after the snapshot', async () => {
    const engine = await engineWith([{ _id: 1, balance: 100 }]);
    const txn = engine.beginTransaction();
    await engine.autocommit((auto) => auto.replace(DB, 'accounts', { _id: 1, balance: 1 }));
    expect(() => txn.remove(DB, 'accounts', 1)).toThrow(expect.objectContaining({ code: 112 }));
  });

  it('is doomed when an autocommit write takes a document it wrote', async () => {
    const engine = await engineWith([{ _id: 1, balance: 100 }]);
    const txn = engine.beginTransaction();
    txn.replace(DB, 'accounts', { _id: 1, balance: 10 });
    await engine.autocommit((auto) => auto.replace(DB, 'accounts', { _id: 1, balance: 20 }));
    await expect(txn.commit()).rejects.toMatchObject({ code: 112, errorLabels: ['TransientTransactionError'] });
    expect(txn.state).toBe('aborted');
    expect(findOne(engine, { _id: 1 }).balance).toBe(20);
  });

  it('reports unique conflicts with documents committed after the snapshot as WriteConflict at commit', async () => {
    const engine = await engineWith([]);
    await engine.createIndexes(DB, 'accounts', [{ v: 2, key: { email: 1 }, name: 'email_1', unique: true }]);
    const a = engine.beginTransaction();
    const b = engine.beginTransaction();
    a.insert(DB, 'accounts', { _id: 1, email: 'x@y.z' });
    b.insert(DB, 'accounts', { _id: 2, email: 'x@y.z' });
    await a.commit();
    await expect(b.commit()).rejects.toMatchObject({ code: 112 });
    const retry = engine.beginTransaction();
    expect(() => retry.insert(DB, 'accounts', { _id: 2, email: 'x@y.z' })).toThrow(
      expect.objectContaining({
        code: 11000,
        message: 'E11000 duplicate key error collection: bank.accounts index: email_1 dup key: { email: "x@y.z" }',
      }),
    );
  });

  it('lets a transaction swap unique values between its documents', async () => {
    const engine = await engineWith([
      { _id: 1, handle: 'a' },
      { _id: 2, handle: 'b' },
    ]);
    await engine.createIndexes(DB, 'accounts', [{ v: 2, key: { handle: 1 }, name: 'handle_1', unique: true }]);
    const txn = engine.beginTransaction();
    txn.replace(DB, 'accounts', { _id: 1, handle: 'tmp' });
    txn.replace(DB, 'accounts', { _id: 2, handle: 'a' });
    txn.replace(DB, 'accounts', { _id: 1, handle: 'b' });
    await txn.commit();
    expect([...engine.find(DB, 'accounts', {})].map((d) => d.handle)).toEqual(['b', 'a']);
  });

  it('creates collections at commit and dooms writers of a dropped collection', async () => {
    const engine = await engineWith([{ _id: 1 }]);
    const creator = engine.beginTransaction();
    creator.insert(DB, 'fresh', { _id: 1 });
    expect(engine.collectionExists(DB, 'fresh')).toBe(false);
    await creator.commit();
    expect(engine.collectionExists(DB, 'fresh')).toBe(true);
    const writer = engine.beginTransaction();
    writer.insert(DB, 'accounts', { _id: 2 });
    await engine.dropCollection(DB, 'accounts');
    await expect(writer.commit()).rejects.toMatchObject({ code: 112 });
  });

  it('keeps a lazily consumed result stable while writes happen', async () => {
    const engine = await engineWith(Array.from({ length: 10 }, (_, i) => ({ _id: i, n: i })));
    const cursor = engine.find(DB, 'accounts', {})[Symbol.iterator]();
    expect(cursor.next().value).toEqual({ _id: 0, n: 0 });
    await engine.autocommit((txn) => {
      for (const doc of txn.find(DB, 'accounts', {})) txn.remove(DB, 'accounts', doc._id);
    });
    let rest = 0;
    while (!cursor.next().done) rest++;
    expect(rest).toBe(9);
    expect(engine.count(DB, 'accounts', {})).toBe(0);
  });

  it('reads its own writes with findAll, and a lazy result begun before them stays as it was', async () => {
    const engine = await engineWith(Array.from({ length: 5 }, (_, i) => ({ _id: i, n: i })));
    const txn = engine.beginTransaction();
    txn.replace(DB, 'accounts', { _id: 0, n: 100 });
    const lazy = txn.find(DB, 'accounts', { n: { $gte: 3 } })[Symbol.iterator]();
    for (const doc of txn.findAll(DB, 'accounts', { n: { $lt: 3 } })) txn.replace(DB, 'accounts', { _id: doc._id, n: 50 });
    expect(txn.findAll(DB, 'accounts', {}).map((d) => d.n)).toEqual([100, 50, 50, 3, 4]);
    // Begun after the first write, before the others: sees 100 (>= 3), 3 and 4, not the 50s written after.
    const seen: unknown[] = [];
    for (let r = lazy.next(); !r.done; r = lazy.next()) seen.push(r.value.n);
    expect(seen).toEqual([100, 3, 4]);
    await txn.commit();
    expect([...engine.find(DB, 'accounts', {})].map((d) => d.n)).toEqual([100, 50, 50, 3, 4]);
  });

  it('applies nothing when autocommit work throws', async () => {
    const engine = await engineWith([{ _id: 1 }]);
    await expect(
      engine.autocommit((txn) => {
        txn.insert(DB, 'accounts', { _id: 2 });
        txn.insert(DB, 'accounts', { _id: 1 });
      }),
    ).rejects.toMatchObject({ code: 11000 });
    expect(engine.count(DB, 'accounts', {})).toBe(1);
  });

  it('never lets 200 concurrent guarded debits overdraw an account', async () => {
    const engine = await engineWith([{ _id: 'acct', balance: 1000 }]);
    let conflicts = 0;
    const debit = async (amount: number): Promise<boolean> => {
      for (;;) {
        const txn = engine.beginTransaction();
        try {
          const account = findOne(txn, { _id: 'acct', balance: { $gte: amount } });
          if (!account) {
            txn.abort();
            return false;
          }
          await new Promise((resolve) => setImmediate(resolve)); // interleave with the others
          txn.replace(DB, 'accounts', { ...account, balance: (account.balance as number) - amount });
          await txn.commit();
          return true;
        } catch (error) {
          if ((error as { errorLabels?: string[] }).errorLabels?.includes('TransientTransactionError')) {
            conflicts++;
            continue;
          }
          throw error;
        }
      }
    };
    const results = await Promise.all(Array.from({ length: 200 }, () => debit(7)));
    const balance = findOne(engine, { _id: 'acct' }).balance as number;
    expect(balance).toBeGreaterThanOrEqual(0);
    expect(balance).toBe(1000 - 7 * results.filter(Boolean).length);
    expect(results.filter(Boolean)).toHaveLength(142);
    expect(conflicts).toBeGreaterThan(0);
  });
});
