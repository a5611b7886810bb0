import { calculateObjectSize } from 'bson';
import { commandError, documentTooLarge, MAX_DOCUMENT_BYTES } from '../errors';
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

  it('refuses a document over 16 MiB with the refusal the caller names, and keeps nothing of it', async () => {
    const log = new RecordingCommitLog();
    const engine = createStorageEngine({ commitLog: log });
    const overhead = calculateObjectSize({ _id: 1, s: '' });
    const atLimit = 'x'.repeat(MAX_DOCUMENT_BYTES - overhead);
    const overLimit = `${atLimit}x`;
    await engine.autocommit((txn) => txn.insert(DB, 'docs', { _id: 1, s: 'small' }));

    await expect(engine.autocommit((txn) => txn.insert(DB, 'docs', { _id: 2, s: overLimit }))).rejects.toMatchObject({
      code: 10334,
      message: `object to insert too large. size in bytes: ${MAX_DOCUMENT_BYTES + 1}, max size: ${MAX_DOCUMENT_BYTES}`,
    });
    await expect(engine.autocommit((txn) => txn.replace(DB, 'docs', { _id: 1, s: overLimit }))).rejects.toMatchObject({
      code: 17419,
      message: `Resulting document after update is larger than ${MAX_DOCUMENT_BYTES}`,
    });
    await expect(
      engine.autocommit((txn) => txn.insert(DB, 'docs', { _id: 3, s: overLimit }, documentTooLarge.upsert)),
    ).rejects.toMatchObject({ code: 17420 });
    const txn = engine.beginTransaction();
    expect(() => txn.replace(DB, 'docs', { _id: 1, s: overLimit }, documentTooLarge.replacement)).toThrow(
      /replacement document too large/,
    );
    txn.abort();
    expect([...engine.find(DB, 'docs', {})]).toEqual([{ _id: 1, s: 'small' }]);
    expect(log.batches).toHaveLength(1);

    // The limit itself is allowed, as in mongod.
    await engine.autocommit((t) => t.replace(DB, 'docs', { _id: 1, s: atLimit }));
    expect(engine.stats(DB, 'docs').size).toBe(MAX_DOCUMENT_BYTES);
  });

  it('refuses a batch the journal cannot encode before applying it, and keeps accepting writes', async () => {
    const log = new RecordingCommitLog();
    const lines: string[] = [];
    const engine = createStorageEngine({ commitLog: log, log: (line) => lines.push(line) });
    const unencodable = commandError('InternalError', 'cannot encode');
    log.refuseToEncode = (batch) => (batch.some((op) => op.op === 'put' && op.doc.poison) ? unencodable : undefined);
    await engine.autocommit((txn) => txn.insert(DB, 'users', { _id: 1 }));

    await expect(
      engine.autocommit((txn) => {
        txn.insert(DB, 'users', { _id: 2 });
        txn.insert(DB, 'users', { _id: 3, poison: true });
      }),
    ).rejects.toBe(unencodable);
    const txn = engine.beginTransaction();
    txn.insert(DB, 'users', { _id: 4, poison: true });
    await expect(txn.commit()).rejects.toBe(unencodable);
    expect(txn.state).toBe('aborted');
    expect([...engine.find(DB, 'users', {})]).toEqual([{ _id: 1 }]);
    expect(lines).toEqual([
      expect.stringMatching(/^ERROR refused a write the journal cannot encode: cannot encode/),
      expect.stringMatching(/^ERROR refused a write the journal cannot encode/),
    ]);

    // The journal is intact, so this is no failed engine: writes and catalog changes go on.
    await engine.autocommit((t) => t.insert(DB, 'users', { _id: 5 }));
    await engine.createCollection('other', 'c');
    await engine.dropDatabase('other');
    expect(log.batches.map((batch) => batch[0].op)).toEqual(['createCollection', 'put', 'createCollection', 'dropDatabase']);
  });

  it('logs a failed checkpoint and carries on, the journal keeping every write', async () => {
    const log = new RecordingCommitLog();
    const lines: string[] = [];
    const engine = createStorageEngine({ commitLog: log, checkpointJournalBytes: 200, log: (line) => lines.push(line) });
    log.failCheckpointWith = new Error('cannot encode the document 7');
    for (let i = 0; i < 10; i++) await engine.autocommit((txn) => txn.insert(DB, 'users', { _id: i, pad: 'x'.repeat(50) }));
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines.length).toBeGreaterThan(0);
    expect(lines[0]).toMatch(/^ERROR checkpoint failed.*cannot encode the document 7/);

    await engine.autocommit((txn) => txn.insert(DB, 'users', { _id: 10 }));
    await engine.createCollection('other', 'c');
    await engine.dropDatabase('other');
    expect(log.checkpoints).toHaveLength(0);

    log.failCheckpointWith = undefined;
    await engine.close();
    const recovered = createStorageEngine();
    for (const batch of log.recoveryBatches()) recovered.applyRecovered(batch);
    expect(recovered.count(DB, 'users', {})).toBe(11);
    expect(recovered.listDatabases().map((d) => d.name)).toEqual([DB]);
  });
});
