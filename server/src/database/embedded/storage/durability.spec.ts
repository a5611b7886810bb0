import { commandError } from '../errors';
import { createStorageEngine } from './index';
import { RecordingCommitLog } from './recording-commit-log';

const DB = 'app';

describe('durability', () => {
  it('journals one batch per commit and recovers the same state from it', async () => {
    const log = new RecordingCommitLog();
    const engine = createStorageEngine({ commitLog: log });
    await engine.createCollection(DB, 'users', { validator: { name: { $type: 'string' } } });
    await engine.createIndexes(DB, 'users', [{ v: 2, key: { email: 1 }, name: 'email_1', unique: true }]);
    await engine.autocommit((txn) => {
      txn.insert(DB, 'users', { _id: 1, email: 'a' });
      txn.insert(DB, 'users', { _id: 2, email: 'b' });
    });
    const txn = engine.beginTransaction();
    txn.replace(DB, 'users', { _id: 1, email: 'c' });
    txn.remove(DB, 'users', 2);
    txn.insert(DB, 'events', { _id: 'e1' });
    await txn.commit();
    expect(log.batches).toHaveLength(4);
    expect(log.batches[3]).toEqual([
      { op: 'del', db: DB, coll: 'users', id: 2 },
      { op: 'put', db: DB, coll: 'users', doc: { _id: 1, email: 'c' } },
      { op: 'createCollection', db: DB, coll: 'events', options: {} },
      { op: 'put', db: DB, coll: 'events', doc: { _id: 'e1' } },
    ]);

    const recovered = createStorageEngine();
    for (const batch of log.batches) recovered.applyRecovered(batch);
    for (const batch of log.batches) recovered.applyRecovered(batch); // idempotent
    expect([...recovered.find(DB, 'users', {})]).toEqual([{ _id: 1, email: 'c' }]);
    expect(recovered.listIndexes(DB, 'users').map((i) => i.name)).toEqual(['_id_', 'email_1']);
    expect(
      recovered
        .listCollections(DB)
        .map((c) => c.name)
        .sort(),
    ).toEqual(['events', 'users']);
    expect(recovered.listCollections(DB).find((c) => c.name === 'users')?.options).toEqual({
      validator: { name: { $type: 'string' } },
    });
    await expect(recovered.autocommit((t) => t.insert(DB, 'users', { _id: 9, email: 'c' }))).rejects.toMatchObject({
      code: 11000,
    });
  });

  it('checkpoints past the journal threshold and on close, as catalog ops then puts', async () => {
    const log = new RecordingCommitLog();
    const engine = createStorageEngine({ commitLog: log, checkpointJournalBytes: 500 });
    await engine.createIndexes(DB, 'users', [{ v: 2, key: { n: 1 }, name: 'n_1' }]);
    for (let i = 0; i < 20; i++) await engine.autocommit((txn) => txn.insert(DB, 'users', { _id: i, n: i, pad: 'x'.repeat(20) }));
    await engine.dropIndexes(DB, 'users', 'n_1');
    expect(log.checkpoints.length).toBeGreaterThan(0);
    await engine.close();
    const last = log.checkpoints[log.checkpoints.length - 1];
    expect(last[0]).toEqual({ op: 'createCollection', db: DB, coll: 'users', options: {} });
    expect(last.slice(1).every((op) => op.op === 'put')).toBe(true);
    expect(last).toHaveLength(21);

    const recovered = createStorageEngine();
    for (const batch of log.recoveryBatches()) recovered.applyRecovered(batch);
    expect(recovered.count(DB, 'users', {})).toBe(20);
    expect(recovered.listIndexes(DB, 'users')).toHaveLength(1);
  });

  it('does not acknowledge a write the journal refused, and refuses every later write', async () => {
    const log = new RecordingCommitLog();
    const engine = createStorageEngine({ commitLog: log });
    await engine.autocommit((txn) => txn.insert(DB, 'users', { _id: 1 }));
    const diskFull = commandError('OutOfDiskSpace', 'No space left on device');
    log.failWith = diskFull;
    await expect(engine.autocommit((txn) => txn.insert(DB, 'users', { _id: 2 }))).rejects.toBe(diskFull);
    log.failWith = undefined;
    await expect(engine.autocommit((txn) => txn.insert(DB, 'users', { _id: 3 }))).rejects.toBe(diskFull);
    await expect(engine.createCollection(DB, 'other')).rejects.toBe(diskFull);
    const txn = engine.beginTransaction();
    txn.insert(DB, 'users', { _id: 4 });
    await expect(txn.commit()).rejects.toBe(diskFull);
    expect(engine.count(DB, 'users', { _id: 1 })).toBe(1); // reads keep working
    await engine.close();
    expect(log.checkpoints).toHaveLength(0);
  });
});
