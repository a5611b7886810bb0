/**
 * The documents and the catalog in LMDB (lmdb-js): one LMDB environment (`engine.mdb` in the dbpath) with
 * three named databases:
 *  - `docs`: one entry per document, key = the collection's UUID (16 bytes) + `encodeKey(_id)` (so a
 *    collection's documents are one key range, in `_id` order), value = its record id (8 bytes, natural
 *    order survives a restart) + its BSON;
 *  - `index`: one entry per index entry (the `_id_` index's too), key = the collection's UUID + index id +
 *    encoded key values + record id, value = the key values as BSON (see index-entries.ts);
 *  - `catalog`: one entry per collection, key = its UUID, value = BSON
 *    `{ db, coll, uuid, options, indexes, indexIds, nextIndexId }` (`indexIds[i]` is the id of `indexes[i]`;
 *    a record without them was written by stage 1, whose store has no index entries).
 * A commit is one LMDB write transaction, written by lmdb-js's write thread (which batches every write of
 * one event turn into one LMDB commit: group commit). With `durable`, commits are synced to disk before their promise resolves
 * (`overlappingSync: false`), which is when the engine acknowledges the write: an acknowledged write
 * survives kill -9 and power loss, as with the journal's fsync. Reads are synchronous, from the map.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BSON, Binary, UUID } from 'bson';
import { open, type Database, type RootDatabase } from 'lmdb';
import type { ChangeOp, Document, IndexSpec, PersistenceOptions } from '../contracts';
import { ErrorCode, MongoCommandError } from '../errors';
import { serializeDocument } from '../persistence/records';
import { canonicalize } from '../query/values';
import type { DocumentSource } from './collection-state';

/** The LMDB file in a dbpath; its presence marks a dbpath in this format. */
export const LMDB_FILE = 'engine.mdb';
const RECORD_ID_BYTES = 8;

export type StoreWrite =
  | { kind: 'put'; key: Buffer; value: Buffer }
  | { kind: 'del'; key: Buffer }
  | { kind: 'entryPut'; key: Buffer; value: Buffer }
  | { kind: 'entryDel'; key: Buffer }
  | { kind: 'collection'; prefix: Buffer; record: Buffer }
  /** A collection, its documents and its index entries. */
  | { kind: 'drop'; prefix: Buffer }
  /** Every index entry under `prefix` (an index's, or a collection's), then `entries` (a rebuild). */
  | { kind: 'replaceEntries'; prefix: Buffer; entries?: Array<[Buffer, Buffer]> };

export interface StoredCollection {
  db: string;
  coll: string;
  uuid: UUID;
  options: Document;
  /** Every index but `_id_`. */
  indexes: IndexSpec[];
  /** The ids of `indexes` (the `_id_` index's is 0); undefined when the store holds no index entries (stage 1). */
  indexIds: number[] | undefined;
  /** The id the next index of the collection gets. */
  nextIndexId: number;
}

export interface LmdbStoreOptions {
  /** Sync every commit before it resolves (a dbpath); off for the temporary store of an in-memory engine. */
  durable: boolean;
  /** Removes the directory at close (the temporary store). */
  removeDir?: string;
  faultInjector?: PersistenceOptions['faultInjector'];
}

/** The 16 bytes of a collection's UUID: the prefix of its documents' keys. */
export function collectionPrefix(uuid: unknown): Buffer {
  if (!(uuid instanceof Binary) || uuid.buffer.length !== 16) throw new Error('a stored collection needs a 16-byte UUID');
  return Buffer.from(uuid.buffer.subarray(0, 16));
}

/**
 * A key past every key starting with `prefix` that the store writes: the byte after such a prefix is never
 * 0xff (document keys go on with a type byte, 0x01 to 0x81; index entries with an index id, whose first byte
 * is 0, and after an index's prefix with a type byte or, for a descending field, its inverse, 0x7e to 0xfe).
 */
function prefixEnd(prefix: Buffer): Buffer {
  return Buffer.concat([prefix, Buffer.from([0xff, 0xff])]);
}

export class LmdbStore implements DocumentSource {
  private readonly env: RootDatabase;
  private readonly docs: Database<Buffer, Buffer>;
  private readonly catalog: Database<Buffer, Buffer>;
  private readonly entries: Database<Buffer, Buffer>;
  private closed: Promise<void> | undefined;

  private constructor(
    path: string,
    private readonly options: LmdbStoreOptions,
  ) {
    this.env = open(path, {
      maxDbs: 4,
      // Acknowledge only what is on disk (see the file comment); the temporary store never syncs.
      overlappingSync: false,
      noSync: !options.durable,
      // Documents are read through the map; lmdb-js's object cache would keep them in the heap.
      cache: false,
    });
    this.docs = this.env.openDB<Buffer, Buffer>({ name: 'docs', keyEncoding: 'binary', encoding: 'binary' });
    this.catalog = this.env.openDB<Buffer, Buffer>({ name: 'catalog', keyEncoding: 'binary', encoding: 'binary' });
    this.entries = this.env.openDB<Buffer, Buffer>({ name: 'index', keyEncoding: 'binary', encoding: 'binary' });
  }

  /** The store of a dbpath. */
  static open(dbpath: string, options: Omit<LmdbStoreOptions, 'removeDir'> = { durable: true }): LmdbStore {
    return new LmdbStore(join(dbpath, LMDB_FILE), options);
  }

  /** A store in a temporary directory removed at close: the in-memory engine (no dbpath) on LMDB storage. */
  static temporary(): LmdbStore {
    const dir = mkdtempSync(join(tmpdir(), 'memberloop-lmdb-'));
    return new LmdbStore(join(dir, LMDB_FILE), { durable: false, removeDir: dir });
  }

  // ------------------------------------------------------------ reads (DocumentSource)

  /** The value under `key`, in a buffer lmdb-js reuses: valid until the next read (decode or copy it at once). */
  loadBytes(key: string): Uint8Array | undefined {
    const value = this.docs.getBinaryFast(Buffer.from(key, 'latin1'));
    // lmdb-js's reusable buffer: `length` is the value's, the underlying memory is larger.
    return value === undefined ? undefined : value.subarray(0, value.length);
  }

  decode(bytes: Uint8Array): Document {
    return canonicalize(BSON.deserialize(bytes.subarray(RECORD_ID_BYTES, bytes.length), { promoteValues: false })) as Document;
  }

  gone(): Error {
    // mongod's QueryPlanKilled (175) for a cursor whose collection was dropped.
    return new MongoCommandError(175, 'collection dropped');
  }

  /** Every collection, as stored. */
  *collections(): Generator<StoredCollection> {
    for (const { value } of this.catalog.getRange({})) {
      const record = canonicalize(BSON.deserialize(value, { promoteValues: false })) as Document;
      yield {
        db: record.db as string,
        coll: record.coll as string,
        uuid: new UUID((record.uuid as Binary).buffer.subarray(0, 16)),
        options: record.options as Document,
        indexes: record.indexes as IndexSpec[],
        indexIds: Array.isArray(record.indexIds) ? (record.indexIds as unknown[]).map(Number) : undefined,
        nextIndexId: record.nextIndexId === undefined ? 1 : Number(record.nextIndexId),
      };
    }
  }

  /** A collection's documents in key order: their key (latin1), record id, BSON size and document. */
  *documents(prefix: Buffer): Generator<{ key: string; recordId: number; size: number; doc: Document }> {
    for (const { key, value } of this.docs.getRange({ start: prefix, end: prefixEnd(prefix) })) {
      yield {
        key: key.toString('latin1'),
        recordId: value.readDoubleBE(0),
        size: value.length - RECORD_ID_BYTES,
        doc: this.decode(value),
      };
    }
  }

  /** The BSON size of a document entry's value (see encodeDocument). */
  documentSize(value: Buffer): number {
    return value.length - RECORD_ID_BYTES;
  }

  /** The index entries under `prefix` (an index's) in key order: key and value, valid until the next read. */
  *indexEntries(prefix: Buffer): Generator<{ key: Buffer; value: Buffer }> {
    yield* this.entries.getRange({ start: prefix, end: prefixEnd(prefix) });
  }

  // ------------------------------------------------------------ encoding (before anything is applied)

  /** The test hook of PersistenceOptions, for the changes the engine is about to encode. */
  injectEncodeFault(change: ChangeOp): void {
    this.options.faultInjector?.('encode', change);
  }

  /** A document entry's value: record id + BSON. Throws RecordEncodingError for a document BSON cannot hold. */
  encodeDocument(recordId: number, doc: Document): Buffer {
    const bson = serializeDocument(doc);
    const value = Buffer.allocUnsafe(RECORD_ID_BYTES + bson.length);
    value.writeDoubleBE(recordId, 0);
    value.set(bson, RECORD_ID_BYTES);
    return value;
  }

  encodeCollection(
    db: string,
    coll: string,
    uuid: UUID,
    options: Document,
    indexes: IndexSpec[],
    indexIds: number[],
    nextIndexId: number,
  ): Buffer {
    return serializeDocument({ db, coll, uuid, options, indexes, indexIds, nextIndexId });
  }

  // ------------------------------------------------------------ writes

  /** One atomic commit; resolves once durable (see the file comment), rejects with the I/O error. */
  write(writes: StoreWrite[]): Promise<void> {
    try {
      this.options.faultInjector?.('write');
    } catch (error) {
      return Promise.reject(ioError(error));
    }
    // Puts and removes go to lmdb-js's write thread, which commits every operation queued in one event turn
    // as one LMDB transaction: issued here synchronously, a commit's writes are one atomic transaction (the
    // engine never calls transactionSync, the one thing that could split such a batch). Dropping a collection
    // reads its keys inside the transaction, so it runs as a transaction callback (after the single writes
    // of the same batch, lmdb-js's default order).
    const done: Array<Promise<unknown>> = [];
    for (const w of writes) {
      if (w.kind === 'put') done.push(this.docs.put(w.key, w.value));
      else if (w.kind === 'del') done.push(this.docs.remove(w.key));
      else if (w.kind === 'entryPut') done.push(this.entries.put(w.key, w.value));
      else if (w.kind === 'entryDel') done.push(this.entries.remove(w.key));
      else if (w.kind === 'collection') done.push(this.catalog.put(w.prefix, w.record));
      else if (w.kind === 'drop') {
        const prefix = w.prefix;
        done.push(
          this.env.transaction(() => {
            void this.catalog.remove(prefix);
            removeRange(this.docs, prefix);
            removeRange(this.entries, prefix);
          }),
        );
      } else {
        const { prefix, entries } = w;
        done.push(
          this.env.transaction(() => {
            removeRange(this.entries, prefix);
            for (const [key, value] of entries ?? []) void this.entries.put(key, value);
          }),
        );
      }
    }
    return Promise.all(done).then(
      () => undefined,
      (error: unknown) => {
        throw ioError(error);
      },
    );
  }

  /**
   * Start-up only, before any other write: one synchronous LMDB transaction (the index entries a store
   * written without them gets once). Throws the I/O error.
   */
  writeNow(writes: StoreWrite[]): void {
    try {
      this.options.faultInjector?.('write');
      this.env.transactionSync(() => {
        for (const w of writes) {
          if (w.kind === 'collection') void this.catalog.put(w.prefix, w.record);
          else if (w.kind === 'entryPut') void this.entries.put(w.key, w.value);
          else if (w.kind === 'replaceEntries') {
            removeRange(this.entries, w.prefix);
            for (const [key, value] of w.entries ?? []) void this.entries.put(key, value);
          } else throw new Error(`${w.kind} is not a start-up write`);
        }
      });
    } catch (error) {
      throw ioError(error);
    }
  }

  /** Waits for the writes under way, then closes the environment (and removes a temporary one). */
  close(): Promise<void> {
    this.closed ??= (async () => {
      await this.env.close();
      if (this.options.removeDir) rmSync(this.options.removeDir, { recursive: true, force: true });
    })();
    return this.closed;
  }
}

/** Inside a transaction callback: removes every key of `db` that starts with `prefix`. */
function removeRange(db: Database<Buffer, Buffer>, prefix: Buffer): void {
  const keys = [...db.getKeys({ start: prefix, end: prefixEnd(prefix) })];
  for (const key of keys) void db.remove(key);
}

function ioError(error: unknown): MongoCommandError {
  if (error instanceof MongoCommandError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOSPC' || /MDB_MAP_FULL|No space/i.test(String((error as Error).message)))
    return new MongoCommandError(
      ErrorCode.OutOfDiskSpace,
      'The disk is full: the write was not made durable and is not acknowledged.',
    );
  return new MongoCommandError(
    ErrorCode.InternalError,
    `Storage write failed (${code ?? (error as Error).message}): the write is not acknowledged.`,
  );
}
