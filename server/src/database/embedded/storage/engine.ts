/**
 * The storage engine: the committed catalog, transactions over it, catalog commands, durability through
 * the CommitLog, checkpoints and the TTL monitor.
 *
 * Durability: a commit's batch is handed to the journal first, which encodes it at once: a batch it cannot
 * encode is refused there and leaves no trace. The commit is then applied in memory (so that later work sees
 * it at once) and acknowledged once the journal has made it durable. When the append fails (I/O), the write
 * is not acknowledged (its promise rejects) and the engine enters a failed state in which every later write
 * and catalog change rejects with that same error, since memory now holds a change the journal lacks. Reads
 * keep working. mongod shuts down in this situation; here the process owner decides (restart = recover
 * from the journal).
 *
 * A failed checkpoint is only logged: the journal still holds everything the snapshot would have, so
 * nothing is lost, the engine carries on, and the next checkpoint tries again.
 *
 * With a document store (LMDB storage, see lmdb-store.ts) there is no journal: a commit's batch becomes one
 * LMDB transaction (encoded before anything is applied, durable before the write is acknowledged, the same
 * failed state on an I/O error), documents leave the heap once the store holds them (DocumentEntry), each
 * commit also stores its index entries (stored-indexes.ts), and start-up loads the catalog and the indexes
 * from their stored entries instead of replaying a journal: no document is read at start.
 */
import { parseCollation } from '../query/collation';
import { UUID } from 'bson';
import {
  type ChangeOp,
  type CollectionInfo,
  type CommitLog,
  type Document,
  type IndexSpec,
  NO_DURABILITY,
  type StorageEngine,
  type StorageOptions,
  type StorageTransaction,
} from '../contracts';
import { commandError, ErrorCode, MongoCommandError, writeConflict } from '../errors';
import { isDocument, isNumber, renderValue, toJsNumber } from '../query/values';
import { Catalog } from './catalog';
import { withCollMod, withIndexes } from './collection-changes';
import { CollectionState, type DocumentEntry } from './collection-state';
import { encodeKey } from './key-encoding';
import { indexPrefix } from './index-entries';
import { collectionPrefix, type LmdbStore, type StoredCollection, type StoreWrite } from './lmdb-store';
import {
  collectionEntries,
  copyIndexIds,
  documentEntryWrites,
  freshIndexIds,
  type IndexIds,
  indexEntries,
  loadIndexes,
} from './stored-indexes';
import { autocommitResult, replayTransaction } from './commit-apply';
import { classifyIndexRequest, normalizeIndexSpec, sameKeyPattern } from './index-specs';
import { LockTable } from './lock-table';
import { validateNamespace } from './namespaces';
import { CollectionReader } from './read-view';
import { applyRecoveredBatch, stateAsChanges } from './recovery';
import { Transaction, type TransactionHost } from './transaction';
import { removeExpired } from './ttl-monitor';

const DEFAULT_TTL_INTERVAL_MS = 60_000;
const DEFAULT_CHECKPOINT_JOURNAL_BYTES = 64 * 1024 * 1024;
const MAX_INDEXES = 64;
const UNSUPPORTED_COLLECTION_OPTIONS = [
  'timeseries',
  'viewOn',
  'pipeline',
  'clusteredIndex',
  'expireAfterSeconds',
  'encryptedFields',
];

export interface EngineOptions extends StorageOptions {
  /** LMDB storage (see lmdb-store.ts). */
  store?: LmdbStore;
  /** The engine closes the store (the temporary store of an in-memory engine). */
  ownsStore?: boolean;
}

export class EmbeddedStorageEngine extends CollectionReader implements StorageEngine, TransactionHost {
  readonly committed = new Catalog();
  private counter = 0;
  private nextTransactionId = 1;
  private readonly locks = new LockTable();
  private readonly openTransactions = new Set<Transaction>();
  private failure: unknown;
  private checkpointing: Promise<void> | undefined;
  private ttlTimer: NodeJS.Timeout | undefined;
  private ttlRunning = false;
  private readonly commitLog: CommitLog;
  private readonly now: () => Date;
  private readonly log: (message: string) => void;
  /** LMDB storage: where documents and the catalog live (undefined: the journal and memory). */
  private readonly store: LmdbStore | undefined;
  /** Writes handed to the store and not yet durable (close waits for them). */
  private storeWrites = new Set<Promise<unknown>>();
  /** LMDB storage: each collection's index ids in the store, by the collection's prefix (hex). */
  private readonly indexIds = new Map<string, IndexIds>();

  constructor(private readonly options: EngineOptions = {}) {
    super();
    this.commitLog = options.commitLog ?? NO_DURABILITY;
    this.now = options.now ?? (() => new Date());
    this.log = options.log ?? (() => undefined);
    this.store = options.store;
    if (this.store) this.loadFromStore(this.store);
  }

  get commitCounter(): number {
    return this.counter;
  }

  protected lookup(db: string, coll: string): CollectionState | undefined {
    return this.committed.get(db, coll);
  }

  // ------------------------------------------------------------ transactions

  beginTransaction(): StorageTransaction {
    const txn = new Transaction(this.nextTransactionId++, 'multi', this, this.committed.copy(), this.counter, -1);
    this.openTransactions.add(txn);
    return txn;
  }

  autocommit<T>(work: (txn: StorageTransaction) => T): Promise<T> {
    if (this.failure) return Promise.reject(this.failure);
    const txn = new Transaction(this.nextTransactionId++, 'autocommit', this, this.committed, this.counter, this.counter + 1);
    let result: T;
    try {
      result = work(txn);
    } catch (error) {
      txn.finish('aborted');
      return Promise.reject(error);
    }
    if (txn.writes.size === 0) {
      txn.finish('committed');
      return Promise.resolve(result);
    }
    const { states, batch } = autocommitResult(txn);
    let durable: Promise<void>;
    try {
      durable = this.commitDurably(
        batch,
        () => {
          txn.finish('committed');
          for (const [ns, set] of txn.writes) for (const id of set.docs.keys()) this.doomLockHolder(ns, id);
          this.publish(states);
        },
        states,
      );
    } catch (error) {
      txn.finish('aborted');
      return Promise.reject(error);
    }
    return durable.then(() => result);
  }

  lock(txn: Transaction, ns: string, id: unknown): boolean {
    return this.locks.acquire(txn, ns, id);
  }

  finished(txn: Transaction): void {
    this.openTransactions.delete(txn);
    this.locks.releaseAll(txn);
  }

  async commit(txn: Transaction): Promise<void> {
    if (this.failure) {
      txn.finish('aborted');
      throw this.failure;
    }
    let durable: Promise<void> | undefined;
    try {
      const { states, batch } = replayTransaction(this.committed, txn, this.counter + 1);
      if (batch.length > 0) durable = this.commitDurably(batch, () => this.publish(states), states);
    } catch (error) {
      txn.finish('aborted');
      throw error;
    }
    txn.finish('committed');
    await durable;
  }

  /** An autocommit write won the document: the open transaction that wrote it can no longer commit. */
  private doomLockHolder(ns: string, id: unknown): void {
    const holder = this.locks.ownerOf(ns, id);
    if (!holder) return;
    holder.doom(writeConflict());
    this.locks.releaseAll(holder);
  }

  /** A collection or database is going away: transactions that wrote to it can no longer commit. */
  private doomWritersOf(db: string, coll?: string): void {
    for (const txn of this.openTransactions) {
      for (const set of txn.writes.values()) {
        if (set.db === db && (coll === undefined || set.coll === coll)) {
          txn.doom(writeConflict('Collection dropped during the transaction'));
          this.locks.releaseAll(txn);
          break;
        }
      }
    }
  }

  private publish(states: CollectionState[]): void {
    for (const state of states) this.committed.set(state);
    this.counter++;
  }

  /**
   * Journal `batch`, then `apply` it to memory; the promise resolves once it is durable. Throws at once,
   * before `apply` runs, when the journal cannot encode the batch: the write is refused and leaves no trace,
   * since acknowledging it would promise what recovery cannot give back.
   */
  private commitDurably(batch: ChangeOp[], apply: () => void, states: CollectionState[] = []): Promise<void> {
    if (this.store) return this.commitToStore(this.store, batch, apply, states);
    const appended = this.appendToJournal(batch);
    apply();
    return this.whenDurable(appended);
  }

  /**
   * `commitDurably` on a document store: the batch is encoded into store writes first (an unencodable
   * change refuses the write before anything is applied), the versions it overwrites are pinned for the
   * snapshots that may still read them, then it is applied in memory and written; once durable, the new
   * versions' documents leave the heap.
   */
  private commitToStore(store: LmdbStore, batch: ChangeOp[], apply: () => void, states: CollectionState[]): Promise<void> {
    const pending = new Map(states.map((state) => [state.ns, state]));
    const stateOf = (db: string, coll: string) => pending.get(`${db}.${coll}`) ?? this.committed.get(db, coll);
    const writes: StoreWrite[] = [];
    const overwritten: DocumentEntry[] = [];
    const written: Array<{ db: string; coll: string; doc: Document; key: string }> = [];
    const catalogChanged = new Set<CollectionState>();
    // Index ids as this commit leaves them (taken over once the commit is applied), and collections dropped.
    const newIds = new Map<string, IndexIds>();
    const droppedIds: string[] = [];
    const idsOf = (prefix: Buffer): IndexIds => {
      const hex = prefix.toString('hex');
      return newIds.get(hex) ?? this.indexIds.get(hex) ?? freshIndexIds();
    };
    try {
      // Index changes first: a new index's id is needed by the entries of documents written with it.
      for (const change of batch) {
        if (change.op === 'put' || change.op === 'del' || change.op === 'dropCollection' || change.op === 'dropDatabase')
          continue;
        const state = stateOf(change.db, change.coll);
        if (state) catalogChanged.add(state);
      }
      for (const state of catalogChanged) {
        const prefix = collectionPrefix(state.uuid);
        const ids = copyIndexIds(idsOf(prefix));
        const names = new Set(state.indexes.map((index) => index.name));
        for (const [name, id] of ids.ids) {
          if (names.has(name)) continue;
          writes.push({ kind: 'replaceEntries', prefix: indexPrefix(prefix, id) });
          ids.ids.delete(name);
        }
        for (const index of state.indexes) {
          if (ids.ids.has(index.name)) continue;
          // An index built on existing data: its entries are stored once, with it.
          const id = ids.next++;
          ids.ids.set(index.name, id);
          for (const [key, value] of indexEntries(prefix, id, index, state)) writes.push({ kind: 'entryPut', key, value });
        }
        const specs = state.indexes.slice(1).map((index) => index.spec);
        const stateIds = state.indexes.slice(1).map((index) => ids.ids.get(index.name) as number);
        const record = store.encodeCollection(state.db, state.name, state.uuid as UUID, state.options, specs, stateIds, ids.next);
        writes.unshift({ kind: 'collection', prefix, record });
        newIds.set(prefix.toString('hex'), ids);
      }
      for (const change of batch) {
        store.injectEncodeFault(change);
        if (change.op === 'put' || change.op === 'del') {
          const id = change.op === 'put' ? change.doc._id : change.id;
          const state = stateOf(change.db, change.coll) as CollectionState;
          const prefix = collectionPrefix(state.uuid);
          const key = Buffer.concat([prefix, encodeKey(id)]);
          const committedState = this.committed.get(change.db, change.coll);
          const previousRid = committedState?.recordOf(id);
          const previous = previousRid === undefined ? undefined : committedState?.records.get(previousRid);
          if (previous) overwritten.push(previous);
          const recordId = change.op === 'put' ? (state.recordOf(id) as number) : undefined;
          const before = previous ? { doc: previous.doc, rid: previousRid as number } : undefined;
          const value = change.op === 'put' ? store.encodeDocument(recordId as number, change.doc) : undefined;
          const after =
            change.op === 'put' && value
              ? { doc: change.doc, rid: recordId as number, size: store.documentSize(value) }
              : undefined;
          const ids = idsOf(prefix);
          for (const index of state.indexes) {
            const indexId = ids.ids.get(index.name);
            if (indexId === undefined) throw new Error(`index ${index.name} of ${state.ns} has no stored id`);
            documentEntryWrites(indexPrefix(prefix, indexId), index, before, after, writes);
          }
          if (change.op === 'del') {
            writes.push({ kind: 'del', key });
            continue;
          }
          writes.push({ kind: 'put', key, value: value as Buffer });
          written.push({ db: change.db, coll: change.coll, doc: change.doc, key: key.toString('latin1') });
        } else if (change.op === 'dropCollection') {
          const state = this.committed.get(change.db, change.coll);
          if (state) {
            writes.push({ kind: 'drop', prefix: collectionPrefix(state.uuid) });
            droppedIds.push(collectionPrefix(state.uuid).toString('hex'));
          }
        } else if (change.op === 'dropDatabase') {
          for (const state of this.committed.collections(change.db)) {
            writes.push({ kind: 'drop', prefix: collectionPrefix(state.uuid) });
            droppedIds.push(collectionPrefix(state.uuid).toString('hex'));
          }
        }
      }
    } catch (error) {
      const refused = new MongoCommandError(
        ErrorCode.InternalError,
        `The write cannot be encoded for storage (${(error as Error).message}): it was not applied and is not acknowledged.`,
      );
      this.log(`ERROR refused a write the storage cannot encode: ${(error as Error).message}`);
      throw refused;
    }
    for (const entry of overwritten) entry.pin();
    for (const [hex, ids] of newIds) this.indexIds.set(hex, ids);
    for (const hex of droppedIds) this.indexIds.delete(hex);
    const stored = store.write(writes);
    this.storeWrites.add(stored);
    apply();
    const released = stored.then(() => {
      for (const { db, coll, doc, key } of written) {
        const entry = this.committed.get(db, coll)?.entryOf(doc._id);
        if (entry?.holds(doc)) entry.release(store, key);
      }
    });
    void released.then(
      () => this.storeWrites.delete(stored),
      () => this.storeWrites.delete(stored),
    );
    return this.whenDurable(released);
  }

  /**
   * Start-up on a document store: the catalog, then each collection's documents as stored versions (their
   * keys, record ids and sizes; nothing is decoded) and its indexes from their stored entries. A collection
   * stored without index entries (a store of stage 1) or whose `_id_` entries do not match its documents is
   * indexed from its documents as before, and its entries are stored then, once (one LMDB transaction,
   * before the engine serves anything).
   */
  private loadFromStore(store: LmdbStore): void {
    const started = Date.now();
    let collections = 0;
    let documents = 0;
    let rebuilt = 0;
    const writes: StoreWrite[] = [];
    for (const stored of store.collections()) {
      const prefix = collectionPrefix(stored.uuid);
      let state = stored.indexIds ? this.loadIndexed(store, stored, prefix) : undefined;
      if (!state) {
        state = CollectionState.create(stored.db, stored.coll, stored.uuid, stored.options);
        for (const spec of stored.indexes) state.addIndex(spec);
        for (const { key, recordId, size, doc } of store.documents(prefix)) {
          state.loadStored(doc, recordId, store, key, size);
        }
        const { ids, entries } = collectionEntries(prefix, state);
        const stateIds = state.indexes.slice(1).map((index) => ids.ids.get(index.name) as number);
        const record = store.encodeCollection(
          stored.db,
          stored.coll,
          stored.uuid,
          stored.options,
          stored.indexes,
          stateIds,
          ids.next,
        );
        writes.push({ kind: 'collection', prefix, record }, { kind: 'replaceEntries', prefix, entries });
        this.indexIds.set(prefix.toString('hex'), ids);
        rebuilt++;
      }
      this.committed.set(state);
      collections++;
      documents += state.count;
    }
    if (writes.length > 0) store.writeNow(writes);
    this.log(
      `LMDB storage: ${collections} collections, ${documents} documents loaded in ${Date.now() - started} ms` +
        (rebuilt > 0 ? ` (${rebuilt} indexed from their documents, their index entries stored)` : ''),
    );
  }

  /**
   * A collection from its index entries alone (its documents' keys, record ids and sizes are in its `_id_`
   * entries); undefined when an `_id_` entry lacks the size (entries written before sizes were stored).
   */
  private loadIndexed(store: LmdbStore, stored: StoredCollection, prefix: Buffer): CollectionState | undefined {
    const state = CollectionState.create(stored.db, stored.coll, stored.uuid, stored.options);
    for (const spec of stored.indexes) state.addIndex(spec);
    const ids = freshIndexIds();
    ids.next = stored.nextIndexId;
    stored.indexes.forEach((spec, i) => ids.ids.set(spec.name, (stored.indexIds as number[])[i]));
    if (!loadIndexes(store, prefix, ids, state)) {
      this.log(`WARNING ${state.ns}: _id_ index entries without document sizes; indexing its documents again`);
      return undefined;
    }
    this.indexIds.set(prefix.toString('hex'), ids);
    return state;
  }

  private appendToJournal(batch: ChangeOp[]): Promise<void> {
    try {
      return this.commitLog.append(batch);
    } catch (error) {
      this.log(`ERROR refused a write the journal cannot encode: ${(error as Error).message}`);
      throw error;
    }
  }

  private async whenDurable(appended: Promise<void>): Promise<void> {
    try {
      await appended;
    } catch (error) {
      this.failure ??= error;
      throw error;
    }
    this.checkpointIfDue();
  }

  private ensureWritable(): void {
    if (this.failure) throw this.failure;
  }

  // ------------------------------------------------------------ catalog

  async createCollection(db: string, coll: string, options: Document = {}): Promise<void> {
    this.ensureWritable();
    validateNamespace(db, coll);
    if (this.committed.get(db, coll)) throw commandError('NamespaceExists', `Collection ${db}.${coll} already exists.`);
    for (const option of UNSUPPORTED_COLLECTION_OPTIONS) {
      if (options[option] !== undefined && options[option] !== false) {
        throw commandError('InvalidOptions', `the collection option '${option}' is not supported by the embedded database`);
      }
    }
    options = cappedOptions(options);
    if (options.collation !== undefined) {
      // Stored in full as mongod reports it in listCollections; the simple collation is no default at all.
      const collation = parseCollation(options.collation);
      options = { ...options };
      if (collation) options.collation = collation.spec;
      else delete options.collation;
    }
    const state = CollectionState.create(db, coll, new UUID(), options);
    await this.commitDurably([{ op: 'createCollection', db, coll, options }], () => this.publish([state]), [state]);
  }

  async dropCollection(db: string, coll: string): Promise<boolean> {
    this.ensureWritable();
    if (!this.committed.get(db, coll)) return false;
    this.doomWritersOf(db, coll);
    await this.commitDurably([{ op: 'dropCollection', db, coll }], () => {
      this.committed.delete(db, coll);
      this.counter++;
    });
    return true;
  }

  async dropDatabase(db: string): Promise<void> {
    this.ensureWritable();
    // Also when the database exists only in an open transaction's writes: that transaction cannot commit.
    this.doomWritersOf(db);
    if (!this.committed.hasDatabase(db)) return;
    await this.commitDurably([{ op: 'dropDatabase', db }], () => {
      this.committed.dropDatabase(db);
      this.counter++;
    });
  }

  async collMod(db: string, coll: string, options: Document): Promise<Document> {
    this.ensureWritable();
    const state = this.committed.get(db, coll);
    if (!state) throw commandError('NamespaceNotFound', `ns does not exist: ${db}.${coll}`);
    const { state: next, reply } = withCollMod(state, options);
    await this.commitDurably([{ op: 'collMod', db, coll, options }], () => this.publish([next]), [next]);
    return reply;
  }

  listDatabases(): Array<{ name: string; sizeOnDisk: number; empty: boolean }> {
    return this.committed.databases().map((name) => ({ name, sizeOnDisk: this.stats(name).size, empty: false }));
  }

  listCollections(db: string): CollectionInfo[] {
    return this.committed.collections(db).map((state) => ({
      name: state.name,
      type: 'collection',
      options: state.options,
      info: { readOnly: false, uuid: state.uuid },
      idIndex: { v: 2, key: { _id: 1 }, name: '_id_' },
    }));
  }

  async createIndexes(db: string, coll: string, specs: IndexSpec[]): Promise<Document> {
    this.ensureWritable();
    validateNamespace(db, coll);
    if (!Array.isArray(specs) || specs.length === 0) throw commandError('BadValue', 'Must specify at least one index.');
    const existing = this.committed.get(db, coll);
    // An index without a collation takes the collection's default one (an explicit simple one stays simple).
    const defaultCollation = existing?.options.collation;
    const requested = specs.map((raw) =>
      normalizeIndexSpec(
        defaultCollation !== undefined && isDocument(raw) && raw.collation === undefined
          ? { ...raw, collation: defaultCollation }
          : raw,
      ),
    );
    const base = existing ?? CollectionState.create(db, coll, new UUID(), {});
    const toBuild: IndexSpec[] = [];
    for (const spec of requested) {
      if (classifyIndexRequest(spec, [...base.indexes.map((i) => i.spec), ...toBuild]) === 'new') toBuild.push(spec);
    }
    const before = base.indexes.length;
    if (before + toBuild.length > MAX_INDEXES) {
      throw commandError('CannotCreateIndex', `add index fails, too many indexes for ${db}.${coll}`);
    }
    const reply: Document = {
      createdCollectionAutomatically: !existing,
      numIndexesBefore: before,
      numIndexesAfter: before + toBuild.length,
    };
    if (toBuild.length === 0) reply.note = 'all indexes already exist';
    if (toBuild.length === 0 && existing) return reply;
    // Built on a clone: a unique index that the documents violate fails with DuplicateKey and leaves nothing.
    const next = withIndexes(base, toBuild);
    const ops: ChangeOp[] = existing ? [] : [{ op: 'createCollection', db, coll, options: {} }];
    for (const spec of toBuild) ops.push({ op: 'createIndex', db, coll, spec });
    await this.commitDurably(ops, () => this.publish([next]), [next]);
    return reply;
  }

  listIndexes(db: string, coll: string): IndexSpec[] {
    const state = this.committed.get(db, coll);
    if (!state) throw commandError('NamespaceNotFound', `ns does not exist: ${db}.${coll}`);
    return state.indexes.map((index) => ({ ...index.spec }));
  }

  async dropIndexes(db: string, coll: string, names: string | string[] | Document): Promise<Document> {
    this.ensureWritable();
    const state = this.committed.get(db, coll);
    if (!state) throw commandError('NamespaceNotFound', `ns not found ${db}.${coll}`);
    const dropped = indexesToDrop(state, names);
    const reply: Document = { nIndexesWas: state.indexes.length };
    if (names === '*') reply.msg = 'non-_id indexes dropped for collection';
    if (dropped.length === 0) return reply;
    const next = dropped.reduce((s, name) => s.withoutIndex(name), state);
    await this.commitDurably(
      dropped.map((name) => ({ op: 'dropIndex', db, coll, name })),
      () => this.publish([next]),
      [next],
    );
    return reply;
  }

  stats(db: string, coll?: string): { count: number; size: number; nindexes: number } {
    const states =
      coll === undefined ? this.committed.collections(db) : [this.committed.get(db, coll)].filter((s) => s !== undefined);
    let count = 0;
    let size = 0;
    let nindexes = 0;
    for (const state of states) {
      count += state.count;
      size += state.dataSize;
      nindexes += state.indexes.length;
    }
    return { count, size, nindexes };
  }

  // ------------------------------------------------------------ persistence and background work

  applyRecovered(batch: ChangeOp[]): void {
    applyRecoveredBatch(this.committed, batch);
  }

  startBackgroundJobs(): void {
    if (this.ttlTimer) return;
    const interval = this.options.ttlMonitorIntervalMs ?? DEFAULT_TTL_INTERVAL_MS;
    this.ttlTimer = setInterval(() => void this.runTtlPass(), interval);
    this.ttlTimer.unref();
  }

  /** One TTL pass now (the monitor's tick; tests call it through the timer with an injected clock). */
  async runTtlPass(): Promise<number> {
    if (this.ttlRunning || this.failure) return 0;
    this.ttlRunning = true;
    try {
      return await removeExpired(this, () => this.committed, this.now());
    } catch {
      // A failed pass (journal failure: the engine is now failed) is retried on the next tick, like mongod's.
      return 0;
    } finally {
      this.ttlRunning = false;
    }
  }

  private checkpointIfDue(): void {
    if (this.checkpointing || this.failure) return;
    const threshold = this.options.checkpointJournalBytes ?? DEFAULT_CHECKPOINT_JOURNAL_BYTES;
    if (this.commitLog.journalBytes > threshold) this.checkpointing = this.checkpoint();
  }

  private async checkpoint(): Promise<void> {
    try {
      // takeState runs at the instant the journal rotates: the catalog copy is that instant's state.
      await this.commitLog.checkpoint(() => stateAsChanges(this.committed.copy()));
    } catch (error) {
      // The journal still holds every write the snapshot would have held: nothing is lost, writes go on.
      this.log(
        `ERROR checkpoint failed, the journals since the last snapshot are kept and the next checkpoint tries again: ${(error as Error).message}`,
      );
    } finally {
      this.checkpointing = undefined;
    }
  }

  async close(): Promise<void> {
    if (this.ttlTimer) clearInterval(this.ttlTimer);
    this.ttlTimer = undefined;
    if (this.store) {
      // Nothing to checkpoint: every acknowledged write is in the store. A store the engine owns (the
      // temporary one of an in-memory engine) closes with it; a dbpath's closes with its persistence.
      await Promise.allSettled([...this.storeWrites]);
      if (this.options.ownsStore) await this.store.close();
      return;
    }
    await this.checkpointing;
    // After a journal failure memory holds unacknowledged writes: they must not reach a snapshot.
    if (this.commitLog !== NO_DURABILITY && !this.failure) await this.checkpoint();
  }
}

function indexesToDrop(state: CollectionState, names: string | string[] | Document): string[] {
  if (names === '*') return state.indexes.slice(1).map((i) => i.name);
  const list: Array<string | Document> = Array.isArray(names) ? names : [names];
  return list.map((target) => {
    const index =
      typeof target === 'string'
        ? state.findIndex(target)
        : isDocument(target)
          ? state.indexes.find((i) => sameKeyPattern(i.spec.key, target))
          : undefined;
    if (!index) {
      throw typeof target === 'string'
        ? commandError('IndexNotFound', `index not found with name [${target}]`)
        : commandError('IndexNotFound', `can't find index with key: ${renderValue(target)}`);
    }
    if (index.name === '_id_') throw commandError('InvalidOptions', 'cannot drop _id index');
    return index.name;
  });
}

/**
 * A capped collection's options as mongod stores them: `size` required (InvalidOptions 72), rounded up to
 * a multiple of 256 bytes; `max` (documents) optional, 0 meaning none. `size` / `max` without `capped` are ignored.
 */
function cappedOptions(options: Document): Document {
  if (!options.capped) return options;
  const out = { ...options };
  const size = isNumber(options.size) ? toJsNumber(options.size) : options.size === undefined ? undefined : NaN;
  if (size === undefined) throw commandError('InvalidOptions', "the 'size' field is required when 'capped' is true");
  if (!(size > 0) || !Number.isFinite(size)) throw commandError('BadValue', "the 'size' field must be a positive number");
  out.size = Math.ceil(size / 256) * 256;
  if (options.max !== undefined) {
    const max = isNumber(options.max) ? toJsNumber(options.max) : NaN;
    if (!Number.isInteger(max) || max < 0) throw commandError('BadValue', "the 'max' field must be a non-negative integer");
    if (max > 0) out.max = max;
    else delete out.max;
  }
  return out;
}
