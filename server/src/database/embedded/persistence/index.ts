/**
 * Durability for the embedded engine: an append-only journal of committed batches (group-committed, fsynced
 * before acknowledgement), snapshots written beside it and renamed into place, and recovery that replays
 * the snapshot and the journal after it, cutting off a torn tail.
 *
 * Files in the dbpath: `mongod.lock`, `snapshot.bson` (records: a header {coversJournal: n}, then batches),
 * `journal-<n>.log` (records: {seq, ops}). A checkpoint starts journal n+1, writes the snapshot, then deletes
 * journals up to n.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, existsSync, openSync, closeSync, fsyncSync, truncateSync } from 'node:fs';
import { open, rename, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { ChangeOp, Document, Persistence, PersistenceOptions } from '../contracts';
import { ErrorCode, MongoCommandError } from '../errors';
import { acquireLock } from './lock-file';
import { decodeRecords, encodeRecord } from './records';

const JOURNAL_FILE = /^journal-(\d{8})\.log$/;
const SNAPSHOT_FILE = 'snapshot.bson';
const SNAPSHOT_BATCH = 1000;

const journalName = (n: number) => `journal-${String(n).padStart(8, '0')}.log`;

interface PendingBatch {
  record: Buffer;
  resolve: () => void;
  reject: (error: Error) => void;
}

function ioError(error: unknown): MongoCommandError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOSPC')
    return new MongoCommandError(
      ErrorCode.OutOfDiskSpace,
      'The disk is full: the write was not made durable and is not acknowledged.',
    );
  return new MongoCommandError(
    ErrorCode.InternalError,
    `Journal write failed (${code ?? (error as Error).message}): the write is not acknowledged.`,
  );
}

function fsyncDirectory(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

class FilePersistence implements Persistence {
  private journalNumber: number;
  private handle!: FileHandle;
  private offset = 0;
  private queue: PendingBatch[] = [];
  private flushing: Promise<void> | undefined;
  private broken: MongoCommandError | undefined;
  private sequence = 0;
  journalBytes = 0;

  constructor(
    private readonly dir: string,
    private readonly releaseLock: () => void,
    private readonly options: PersistenceOptions,
  ) {
    this.journalNumber = Math.max(0, ...this.journalNumbers());
  }

  async start(): Promise<void> {
    this.handle = await open(join(this.dir, journalName(this.journalNumber)), 'a+');
    this.offset = (await this.handle.stat()).size;
  }

  async recover(apply: (batch: ChangeOp[]) => void): Promise<{ batches: number; truncatedBytes: number }> {
    let batches = 0;
    // Journals are numbered from 0: with no snapshot, every journal is replayed.
    let covered = -1;
    const snapshotPath = join(this.dir, SNAPSHOT_FILE);
    rmSync(join(this.dir, 'snapshot.tmp'), { force: true });
    if (existsSync(snapshotPath)) {
      const data = readFileSync(snapshotPath);
      const { records, intactBytes } = decodeRecords(data);
      const [header, ...rest] = records;
      if (intactBytes !== data.length || !header || typeof header.coversJournal !== 'number') {
        throw new Error(`${snapshotPath} is corrupt: restore it from a backup or move it away to start from the journal alone`);
      }
      covered = header.coversJournal;
      for (const record of rest) apply(record.ops as ChangeOp[]);
      batches += rest.length;
    }
    let truncatedBytes = 0;
    const numbers = this.journalNumbers().filter((n) => n > covered);
    for (const [i, n] of numbers.entries()) {
      const path = join(this.dir, journalName(n));
      const data = readFileSync(path);
      const { records, intactBytes } = decodeRecords(data);
      for (const record of records) {
        apply(record.ops as ChangeOp[]);
        this.sequence = Math.max(this.sequence, Number(record.seq ?? 0));
      }
      batches += records.length;
      if (intactBytes < data.length) {
        if (i !== numbers.length - 1)
          throw new Error(`${path} is corrupt before its end: a later journal follows it, so this is not a torn write`);
        // The tail of the last journal was being written when the process died: it was never acknowledged.
        truncateSync(path, intactBytes);
        truncatedBytes = data.length - intactBytes;
        if (n === this.journalNumber) this.offset = intactBytes;
      }
    }
    this.journalBytes = this.offset;
    return { batches, truncatedBytes };
  }

  append(batch: ChangeOp[]): Promise<void> {
    if (this.broken) return Promise.reject(this.broken);
    this.sequence += 1;
    const record = encodeRecord({ seq: this.sequence, ops: batch as unknown as Document[] });
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ record, resolve, reject });
      this.flushing ??= this.flush();
    });
  }

  /** Group commit: everything queued while the previous write + fsync ran goes out in one write + one fsync. */
  private async flush(): Promise<void> {
    // Let the commits of this tick join the batch.
    await new Promise<void>((resolve) => setImmediate(resolve));
    while (this.queue.length > 0) {
      const batch = this.queue;
      this.queue = [];
      const data = batch.length === 1 ? batch[0].record : Buffer.concat(batch.map((b) => b.record));
      try {
        this.options.faultInjector?.('write');
        await this.handle.write(data, 0, data.length, this.offset);
        this.options.faultInjector?.('fsync');
        await this.handle.datasync();
        this.offset += data.length;
        this.journalBytes += data.length;
        for (const b of batch) b.resolve();
      } catch (error) {
        // Cut off whatever part of the failed write reached the file, so it can never replay as acknowledged.
        await this.handle.truncate(this.offset).catch(() => undefined);
        this.broken = ioError(error);
        for (const b of [...batch, ...this.queue]) b.reject(this.broken);
        this.queue = [];
      }
    }
    this.flushing = undefined;
  }

  async checkpoint(takeState: () => Iterable<ChangeOp>): Promise<void> {
    if (this.broken) throw this.broken;
    await this.flushing;
    // Rotate: from now on commits go to the next journal; the snapshot covers everything before.
    const covered = this.journalNumber;
    const previous = this.handle;
    this.journalNumber += 1;
    this.handle = await open(join(this.dir, journalName(this.journalNumber)), 'a+');
    this.offset = 0;
    this.journalBytes = 0;
    const state = takeState();
    await previous.close();

    const tmp = join(this.dir, 'snapshot.tmp');
    const out = await open(tmp, 'w');
    try {
      await out.write(encodeRecord({ coversJournal: covered }));
      let ops: ChangeOp[] = [];
      for (const op of state) {
        ops.push(op);
        if (ops.length === SNAPSHOT_BATCH) {
          await out.write(encodeRecord({ ops: ops as unknown as Document[] }));
          ops = [];
        }
      }
      if (ops.length > 0) await out.write(encodeRecord({ ops: ops as unknown as Document[] }));
      this.options.faultInjector?.('fsync');
      await out.sync();
    } finally {
      await out.close();
    }
    this.options.faultInjector?.('rename');
    await rename(tmp, join(this.dir, SNAPSHOT_FILE));
    fsyncDirectory(this.dir);
    for (const n of this.journalNumbers()) if (n <= covered) rmSync(join(this.dir, journalName(n)), { force: true });
  }

  async close(): Promise<void> {
    await this.flushing;
    await this.handle.close();
    this.releaseLock();
  }

  private journalNumbers(): number[] {
    return readdirSync(this.dir)
      .map((name) => JOURNAL_FILE.exec(name)?.[1])
      .filter((n): n is string => n !== undefined)
      .map(Number)
      .sort((a, b) => a - b);
  }
}

export async function openPersistence(dbpath: string, options: PersistenceOptions = {}): Promise<Persistence> {
  mkdirSync(dbpath, { recursive: true });
  const release = acquireLock(dbpath);
  try {
    const persistence = new FilePersistence(dbpath, release, options);
    await persistence.start();
    return persistence;
  } catch (error) {
    release();
    throw error;
  }
}
