import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChangeOp, Persistence, PersistenceOptions } from '../contracts';
import { ErrorCode } from '../errors';
import { openPersistence } from './index';
import { decodeRecords, encodeRecord } from './records';

const MiB = 1024 * 1024;
const put = (n: number): ChangeOp[] => [{ op: 'put', db: 'd', coll: 'c', doc: { _id: n, n } }];
/** A put of a document holding `mib` MiB of text. */
const bigPut = (n: number, mib: number): ChangeOp => ({
  op: 'put',
  db: 'd',
  coll: 'c',
  doc: { _id: n, n, s: 'x'.repeat(mib * MiB) },
});
const numberOf = (op: ChangeOp | undefined): unknown => (op?.op === 'put' ? op.doc.n : undefined);

/** What `run` throws synchronously (append refuses an unencodable batch that way, before queuing it). */
function thrownBy(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a synchronous throw');
}

describe('journal persistence', () => {
  // The journal's own tests, whatever storage the run selects (ENGINE_STORAGE=lmdb opens new dbpaths as LMDB).
  const storage = process.env.ENGINE_STORAGE;
  beforeAll(() => delete process.env.ENGINE_STORAGE);
  afterAll(() => {
    if (storage !== undefined) process.env.ENGINE_STORAGE = storage;
  });
  let dir: string;
  const open: Persistence[] = [];
  const openAt = async (options?: PersistenceOptions) => {
    const p = await openPersistence(dir, options);
    open.push(p);
    return p;
  };
  const replay = async (p: Persistence) => {
    const seen: ChangeOp[][] = [];
    const result = await p.recover((batch) => seen.push(batch));
    return { ...result, seen };
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'memberloop-journal-'));
  });
  afterEach(async () => {
    for (const p of open.splice(0)) await p.close().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  });

  it('replays every acknowledged batch in order', async () => {
    const first = await openAt();
    await replay(first);
    await Promise.all([1, 2, 3, 4, 5].map((n) => first.append(put(n))));
    await first.close();
    open.length = 0;
    const { batches, seen } = await replay(await openAt());
    expect(batches).toBe(5);
    expect(seen.map((b) => numberOf(b[0]))).toEqual([1, 2, 3, 4, 5]);
  });

  it('frames records with a checksum, so a flipped byte ends the intact part', () => {
    const record = encodeRecord({ seq: 1, ops: [] });
    expect(decodeRecords(record).records).toHaveLength(1);
    const damaged = Buffer.from(record);
    damaged[damaged.length - 2] ^= 0xff;
    expect(decodeRecords(Buffer.concat([record, damaged]))).toMatchObject({ intactBytes: record.length });
  });

  it('does not acknowledge a write the disk refused, keeps nothing of it, and refuses later writes', async () => {
    let failNext = false;
    const p = await openAt({
      faultInjector: (operation) => {
        if (failNext && operation === 'fsync') throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
      },
    });
    await replay(p);
    await p.append(put(1));
    failNext = true;
    await expect(p.append(put(2))).rejects.toMatchObject({ code: ErrorCode.OutOfDiskSpace });
    failNext = false;
    await expect(p.append(put(3))).rejects.toMatchObject({ code: ErrorCode.OutOfDiskSpace });
    await p.close();
    open.length = 0;
    const { seen } = await replay(await openAt());
    expect(seen).toHaveLength(1);
  });

  it('cuts a torn tail off the last journal, but refuses damage in the middle of the history', async () => {
    const p = await openAt();
    await replay(p);
    await p.append(put(1));
    await p.close();
    open.length = 0;
    const journal = join(
      dir,
      readdirSync(dir).find((f) => f.startsWith('journal-'))!,
    );
    const intact = readFileSync(journal).length;
    appendFileSync(journal, Buffer.from([0x40, 0, 0, 0, 1, 2, 3]));
    const again = await openAt();
    expect(await replay(again)).toMatchObject({ batches: 1, truncatedBytes: 7 });
    expect(readFileSync(journal).length).toBe(intact);
    await again.close();
    open.length = 0;

    // A damaged journal followed by a later one is not a torn write: refuse rather than lose history.
    appendFileSync(journal, Buffer.from([0x40, 0, 0, 0, 1, 2, 3]));
    writeFileSync(join(dir, 'journal-00000001.log'), encodeRecord({ seq: 9, ops: [] }));
    const refused = await openAt();
    await expect(replay(refused)).rejects.toThrow(/corrupt before its end/);
  });

  it('starts from a snapshot and the journals after it', async () => {
    const p = await openAt();
    await replay(p);
    await p.append(put(1));
    await p.append(put(2));
    await p.checkpoint(() => [...put(1), ...put(2)]);
    await p.append(put(3));
    await p.close();
    open.length = 0;
    expect(readdirSync(dir).filter((f) => f.startsWith('journal-'))).toEqual(['journal-00000001.log']);
    const { seen } = await replay(await openAt());
    expect(seen.flat().map(numberOf)).toEqual([1, 2, 3]);
  });

  it('journals a batch larger than the encoder buffer change by change, and replays it intact', async () => {
    const p = await openAt();
    await replay(p);
    await p.append([bigPut(1, 7), bigPut(2, 7), bigPut(3, 7)]);
    await p.append(put(4));
    await p.close();
    open.length = 0;
    const { seen, truncatedBytes } = await replay(await openAt());
    expect(truncatedBytes).toBe(0);
    expect(seen.map((batch) => batch.map(numberOf))).toEqual([[1, 2, 3], [4]]);
    const third = seen[0][2];
    expect(third.op === 'put' && (third.doc.s as string).length).toBe(7 * MiB);
  });

  it('refuses a batch it cannot encode at once, queues nothing of it, and keeps journaling', async () => {
    const p = await openAt();
    await replay(p);
    await p.append(put(1));
    expect(thrownBy(() => p.append([...put(2), bigPut(3, 18)]))).toMatchObject({
      code: ErrorCode.InternalError,
      message: expect.stringMatching(/cannot be encoded for the journal .*not acknowledged/),
    });
    await p.append(put(4));
    await p.close();
    open.length = 0;
    const { seen } = await replay(await openAt());
    expect(seen.flat().map(numberOf)).toEqual([1, 4]);
  });

  it('abandons a snapshot it cannot encode: the journals stay, appends go on, recovery loses nothing', async () => {
    const p = await openAt();
    await replay(p);
    await p.append(put(1));
    await p.checkpoint(() => put(1));
    await p.append(put(2));
    await expect(p.checkpoint(() => [...put(1), ...put(2), bigPut(99, 18)])).rejects.toThrow(
      /the snapshot cannot encode the document 99 of d\.c/,
    );
    expect(readdirSync(dir)).not.toContain('snapshot.tmp');
    expect(readdirSync(dir).filter((f) => f.startsWith('journal-'))).toEqual(['journal-00000001.log', 'journal-00000002.log']);
    await p.append(put(3));
    await p.close();
    open.length = 0;
    const { seen } = await replay(await openAt());
    expect(seen.flat().map(numberOf)).toEqual([1, 2, 3]);
  });

  it('writes snapshots larger than the encoder buffer', async () => {
    const p = await openAt();
    await replay(p);
    const state = [bigPut(1, 7), bigPut(2, 7), bigPut(3, 7)];
    await p.checkpoint(() => state);
    await p.close();
    open.length = 0;
    const { seen } = await replay(await openAt());
    expect(seen.flat().map(numberOf)).toEqual([1, 2, 3]);
  });

  it('keeps every append made while a checkpoint switches journals', async () => {
    const p = await openAt();
    await replay(p);
    // Memory as storage keeps it: applied as soon as appended, so the snapshot holds what was appended before it.
    const applied: number[] = [];
    const write = (n: number) => {
      const durable = p.append(put(n));
      applied.push(n);
      return durable;
    };
    const writes: Promise<void>[] = [];
    for (let n = 1; n <= 30; n++) writes.push(write(n));
    const checkpoint = p.checkpoint(() => applied.flatMap(put));
    for (let n = 31; n <= 60; n++) writes.push(write(n));
    await new Promise((resolve) => setImmediate(resolve));
    for (let n = 61; n <= 90; n++) writes.push(write(n));
    await Promise.all([...writes, checkpoint]);
    for (let n = 91; n <= 100; n++) await write(n);
    await p.close();
    open.length = 0;
    const { seen, truncatedBytes } = await replay(await openAt());
    expect(truncatedBytes).toBe(0);
    expect(new Set(seen.flat().map(numberOf)).size).toBe(100);
  });

  it('lets only one process hold the directory', async () => {
    await openAt();
    writeFileSync(join(dir, 'mongod.lock'), String(process.ppid));
    await expect(openPersistence(dir)).rejects.toThrow(/in use by process/);
  });

  it('takes over the lock of a process that died', async () => {
    writeFileSync(join(dir, 'mongod.lock'), '999999999');
    const p = await openAt();
    expect(readFileSync(join(dir, 'mongod.lock'), 'utf8')).toBe(String(process.pid));
    await p.close();
    open.length = 0;
  });
});
