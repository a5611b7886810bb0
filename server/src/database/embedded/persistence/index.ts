/**
 * Durability for the embedded engine: an append-only journal of committed batches (group-committed, fsynced
 * before acknowledgement), snapshots written beside it and renamed into place, and recovery that replays
 * the snapshot and the journal after it, cutting off a torn tail.
 *
 * Files in the dbpath: `mongod.lock`, `snapshot.bson` (records: a header {coversJournal: n}, then batches),
 * `journal-<n>.log` (records: {seq, ops}). A checkpoint starts journal n+1, writes the snapshot, then deletes
 * journals up to n. A checkpoint that fails (a change it cannot encode, an I/O error) deletes nothing but its
 * own temporary file: the previous snapshot and the journals still hold every acknowledged write.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, existsSync, openSync, closeSync, fsyncSync, truncateSync } from 'node:fs';
import { open, rename, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { ChangeOp, Document, Persistence, PersistenceOptions } from '../contracts';
import { ErrorCode, MongoCommandError } from '../errors';
import { renderValue } from '../query/values';
import { acquireLock } from './lock-file';
import { decodeRecords, encodeRecord, encodeRecordFromParts, serializeDocument } from './records';
import { dbpathStorage, openStorePersistence } from './store-persistence';

const JOURNAL_FILE = /^journal-(\d{8})\.log$/;
const SNAPSHOT_FILE = 'snapshot.bson';
const SNAPSHOT_TMP = 'snapshot.tmp';
/** A snapshot record holds at most this many changes, or about this many bytes of them. */
const SNAPSHOT_BATCH = 1000;
const SNAPSHOT_RECORD_BYTES = 8 * 1024 * 1024;

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

/** A write whose journal record cannot be encoded: refused before anything of it was applied or queued. */
function unencodable(error: unknown): MongoCommandError {
  return new MongoCommandError(
    ErrorCode.InternalError,
    `The write cannot be encoded for the journal (${(error as Error).message}): it was not applied and is not acknowledged.`,
  );
}

/** Names a change in a log line: which document (or catalog change) a failure is about. */
function describeChange(change: ChangeOp): string {
  const ns = 'coll' in change ? `${change.db}.${change.coll}` : change.db;
  if (change.op === 'put') return `the document ${renderValue(change.doc._id)} of ${ns}`;
  if (change.op === 'del') return `the deletion of ${renderValue(change.id)} from ${ns}`;
  return `the ${change.op} of ${ns}`;
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
    rmSync(join(this.dir, SNAPSHOT_TMP), { force: true });
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
    // Encoded before it takes a sequence number or a place in the queue: an unencodable batch throws here
    // (the CommitLog contract), leaves the journal as it was, and the caller never applies it.
    const record = this.encodeJournalRecord(this.sequence + 1, batch);
    this.sequence += 1;
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ record, resolve, reject });
      this.flushing ??= this.flush();
    });
  }

  private encodeJournalRecord(seq: number, batch: ChangeOp[]): Buffer {
    try {
      const inject = this.options.faultInjector;
      if (inject) for (const change of batch) inject('encode', change);
      return encodeRecord({ seq, ops: batch as unknown as Document[] });
    } catch (error) {
      throw unencodable(error);
    }
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
    const { covered, state } = await this.rotateJournal(takeState);
    const tmp = join(this.dir, SNAPSHOT_TMP);
    try {
      await this.writeSnapshot(tmp, covered, state);
    } catch (error) {
      // Abandoned: the previous snapshot and every journal stay, so recovery still finds every write.
      rmSync(tmp, { force: true });
      throw error;
    }
    for (const n of this.journalNumbers()) if (n <= covered) rmSync(join(this.dir, journalName(n)), { force: true });
  }

  /**
   * From now on commits go to the next journal; the state taken at that same instant is what the journals up
   * to `covered` hold. The new file is opened first, and the switch waits for the group commit in flight,
   * since that one writes to the old journal at the old offset.
   */
  private async rotateJournal(takeState: () => Iterable<ChangeOp>): Promise<{ covered: number; state: Iterable<ChangeOp> }> {
    const next = await open(join(this.dir, journalName(this.journalNumber + 1)), 'a+');
    while (this.flushing) await this.flushing;
    if (this.broken) {
      // The journal failed meanwhile: memory may hold a write it lacks, which no snapshot may keep.
      await next.close();
      throw this.broken;
    }
    // No await from here to takeState: no commit can land between the switch and the state.
    const covered = this.journalNumber;
    const previous = this.handle;
    this.journalNumber += 1;
    this.handle = next;
    this.offset = 0;
    this.journalBytes = 0;
    const state = takeState();
    await previous.close();
    return { covered, state };
  }

  private async writeSnapshot(tmp: string, covered: number, state: Iterable<ChangeOp>): Promise<void> {
    const out = await open(tmp, 'w');
    try {
      await out.write(encodeRecord({ coversJournal: covered }));
      for (const record of this.snapshotRecords(state)) await out.write(record);
      this.options.faultInjector?.('fsync');
      await out.sync();
    } finally {
      await out.close();
    }
    this.options.faultInjector?.('rename');
    await rename(tmp, join(this.dir, SNAPSHOT_FILE));
    fsyncDirectory(this.dir);
  }

  /** The state as records of at most SNAPSHOT_BATCH changes or about SNAPSHOT_RECORD_BYTES each. */
  private *snapshotRecords(state: Iterable<ChangeOp>): Generator<Buffer> {
    let parts: Buffer[] = [];
    let bytes = 0;
    for (const change of state) {
      const encoded = this.encodeSnapshotChange(change);
      parts.push(encoded);
      bytes += encoded.length;
      if (parts.length === SNAPSHOT_BATCH || bytes >= SNAPSHOT_RECORD_BYTES) {
        yield encodeRecordFromParts({}, parts);
        parts = [];
        bytes = 0;
      }
    }
    if (parts.length > 0) yield encodeRecordFromParts({}, parts);
  }

  /** One change's BSON; a failure names the change, so the log says which document stopped the snapshot. */
  private encodeSnapshotChange(change: ChangeOp): Buffer {
    try {
      this.options.faultInjector?.('encode', change);
      return serializeDocument(change as unknown as Document);
    } catch (error) {
      throw new Error(`the snapshot cannot encode ${describeChange(change)}: ${(error as Error).message}`);
    }
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
    // LMDB storage (ENGINE_STORAGE=lmdb, or a dbpath already in that format): see store-persistence.ts.
    if (dbpathStorage(dbpath) === 'lmdb') return openStorePersistence(dbpath, release, options);
    const persistence = new FilePersistence(dbpath, release, options);
    await persistence.start();
    return persistence;
  } catch (error) {
    release();
    throw error;
  }
}
