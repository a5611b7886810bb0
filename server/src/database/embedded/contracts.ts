/**
 * The seams between the embedded engine's layers. Each layer is owned by one folder:
 *
 *   wire/         TCP server, OP_MSG / OP_QUERY framing, handshake and admin commands  → calls CommandService
 *   commands/     data commands, cursors, sessions, transactions, retryable writes       → uses Storage + query/
 *   query/        the query language: values, filters, updates, projection, sort, aggregation (pure)
 *   storage/      catalog, documents, indexes, planner, MVCC transactions, TTL           → CommitLog
 *   persistence/  journal, snapshots, lock file                                           implements CommitLog
 *
 * Imports only go downwards: wire → commands → (storage, query); storage → query (values, keys) and
 * contracts; persistence → contracts and bson. Nothing here imports from the product's features.
 *
 * Value form ("canonical form") used everywhere in memory, produced by `query/values.ts#canonicalize`
 * from `BSON.deserialize(buf, { promoteValues: false })`:
 *   int32 → JS number (always integral, in int32 range)
 *   double → JS number when not integral (incl. NaN, ±Infinity); `Double` wrapper when integral (5.0, -0.0, 1e10)
 *   int64 → `Long`;  decimal128 → `Decimal128`;  everything else as bson deserializes it
 *   (string, boolean, null, Date, ObjectId, Binary, RegExp, Timestamp, MinKey, MaxKey, nested objects/arrays).
 * `BSON.serialize` of the canonical form reproduces the original BSON types exactly.
 */

export type Document = Record<string, unknown>;

/** The refusal of a document over the BSON size limit (MAX_DOCUMENT_BYTES), given its size in bytes. */
export type DocumentTooLarge = (size: number) => Error;

// ---------------------------------------------------------------- persistence

/** One committed change. Puts carry the full resulting document, so replaying a change twice is harmless. */
export type ChangeOp =
  | { op: 'put'; db: string; coll: string; doc: Document }
  | { op: 'del'; db: string; coll: string; id: unknown }
  | { op: 'createCollection'; db: string; coll: string; options: Document }
  | { op: 'dropCollection'; db: string; coll: string }
  | { op: 'dropDatabase'; db: string }
  | { op: 'createIndex'; db: string; coll: string; spec: IndexSpec }
  | { op: 'dropIndex'; db: string; coll: string; name: string }
  | { op: 'collMod'; db: string; coll: string; options: Document };

/** Where storage sends every committed batch before the write is acknowledged. */
export interface CommitLog {
  /**
   * Make one atomic batch durable (all of it or, after a crash, none of it). Resolves once fsynced;
   * concurrent calls are group-committed. Rejects (MongoCommandError, e.g. OutOfDiskSpace) on I/O error.
   * The batch is encoded before `append` returns: a batch that cannot be encoded THROWS at once (it does
   * not reject), nothing of it is queued and the log stays usable, so the caller can refuse the change
   * before applying it.
   */
  append(batch: ChangeOp[]): Promise<void>;
  /** Bytes written to the journal since the last checkpoint: storage uses it to decide when to checkpoint. */
  readonly journalBytes: number;
  /**
   * Write a snapshot of the whole state and drop the journal it makes redundant. `takeState` is called
   * synchronously, at the instant the journal is rotated, and must return a consistent point-in-time view
   * (storage passes an iterator over cloned trees) as catalog ops followed by puts. A snapshot that cannot
   * be written (a change it cannot encode, an I/O error) is abandoned and the journals are kept, so the
   * rejection loses nothing and appends keep working.
   */
  checkpoint(takeState: () => Iterable<ChangeOp>): Promise<void>;
}

/** The in-memory, no-dbpath case. */
export const NO_DURABILITY: CommitLog = {
  append: async () => undefined,
  journalBytes: 0,
  checkpoint: async () => undefined,
};

// ---------------------------------------------------------------- storage

export interface IndexSpec {
  v: 2;
  key: Document; // e.g. { memberId: 1, createdAt: -1 }; values 1 / -1 (others rejected with CannotCreateIndex)
  name: string;
  unique?: boolean;
  sparse?: boolean;
  partialFilterExpression?: Document;
  expireAfterSeconds?: number;
  [option: string]: unknown; // other options mongod echoes back in listIndexes (e.g. background, collation)
}

export interface CollectionInfo {
  name: string;
  type: 'collection';
  options: Document;
  info: { readOnly: false; uuid: unknown };
  idIndex: { v: 2; key: { _id: 1 }; name: '_id_' };
}

export interface FindOptions {
  /**
   * The `$geoNear` stage's output: each document of a `$near` / `$nearSphere` filter gets its distance
   * (times `distanceMultiplier`) at `distanceField` and, with `includeLocs`, the location it was measured to.
   */
  geoNear?: { distanceField: string; includeLocs?: string; distanceMultiplier?: number; spherical?: boolean };
  /** Filled by a `$text` query with each returned document's textScore (`{ $meta: 'textScore' }`). */
  textScores?: WeakMap<Document, number>;
  sort?: Document;
  hint?: string | Document;
  skip?: number;
  limit?: number; // 0 = no limit
  collation?: Document;
}

/** What the planner chose, for explain and for tests proving index use. */
export interface PlanSummary {
  stage: 'COLLSCAN' | 'IXSCAN' | 'IDHACK' | 'EOF' | 'GEO_NEAR_2D' | 'GEO_NEAR_2DSPHERE' | 'TEXT';
  indexName?: string;
  keysExamined: number;
  docsExamined: number;
  sortInMemory: boolean;
}

/** Reads. Inside a transaction they see its snapshot plus its own writes; outside, the latest committed state. */
/** A parsed, non-simple collation (`query/collation.ts#parseCollation`); undefined stands for the simple one. */
export interface Collation {
  /** The full collation document mongod reports (listIndexes, listCollections). */
  readonly spec: Document;
  /** Identity: two collations with the same key order and equate strings alike. */
  readonly key: string;
  readonly compareStrings: (a: string, b: string) => number;
  /** MongoDB's total order over values with strings compared under this collation. */
  readonly compare: (a: unknown, b: unknown) => number;
}

export interface ReadView {
  /** Documents matching `filter` in `options.sort` order (or natural/index order), skip/limit applied. */
  find(db: string, coll: string, filter: Document, options?: FindOptions): Iterable<Document>;
  /** Like find, but returns the plan and counters once iteration has been completed (explain). */
  explainFind(db: string, coll: string, filter: Document, options?: FindOptions): { docs: Document[]; plan: PlanSummary };
  count(db: string, coll: string, filter: Document, options?: FindOptions): number;
  collectionExists(db: string, coll: string): boolean;
  /** The collation a read with `collation` (the command's argument) runs under: its own, else the collection's default; undefined = simple. */
  collationOf(db: string, coll: string, collation?: Document): Collation | undefined;
}

/**
 * A unit of work. Writes apply to the transaction's private view at once (so later reads in it see them)
 * and become visible to others at commit. A write to a document that another open transaction has written,
 * or that was committed after this transaction's snapshot, throws `writeConflict()` immediately.
 * Unique indexes are checked on each write against what the transaction can see, and again at commit.
 */
export interface StorageTransaction extends ReadView {
  readonly id: number;
  /**
   * Throws DuplicateKey (11000, keyPattern/keyValue) or WriteConflict. Creates the collection if missing.
   * A document over MAX_DOCUMENT_BYTES of BSON throws `tooLarge(size)` (default: BSONObjectTooLarge, as
   * for an insert) and changes nothing.
   */
  insert(db: string, coll: string, doc: Document, tooLarge?: DocumentTooLarge): void;
  /**
   * Replace the document whose `_id` is `doc._id`. Throws DuplicateKey / WriteConflict / ImmutableField,
   * and `tooLarge(size)` over MAX_DOCUMENT_BYTES (default: 17419, as for an update's result).
   */
  replace(db: string, coll: string, doc: Document, tooLarge?: DocumentTooLarge): void;
  /** Delete by `_id`; returns false if it was not there. */
  remove(db: string, coll: string, id: unknown): boolean;
  /**
   * `find` read to the end at once, as a write reads its targets: it can read the transaction's own
   * working copy, where a lazily consumed `find` needs a frozen copy of it.
   */
  findAll(db: string, coll: string, filter: Document, options?: FindOptions): Document[];
  /** Apply to the shared state and make durable; rejects with WriteConflict (TransientTransactionError) or I/O errors. */
  commit(): Promise<void>;
  abort(): void;
  readonly state: 'active' | 'committed' | 'aborted';
}

export interface StorageEngine extends ReadView {
  /**
   * Multi-statement transaction with snapshot isolation (commands/ keeps it across commands of one lsid+txnNumber).
   */
  beginTransaction(): StorageTransaction;
  /**
   * Autocommit unit: `work` runs synchronously against a transaction that reads the latest state; its writes are
   * applied atomically when it returns and the promise resolves once they are durable. If `work` throws,
   * nothing is applied. A document written here that an open transaction had also written dooms that
   * transaction (its next operation or commit fails with WriteConflict): autocommit writes never wait.
   */
  autocommit<T>(work: (txn: StorageTransaction) => T): Promise<T>;

  // catalog (each durable before it resolves)
  createCollection(db: string, coll: string, options?: Document): Promise<void>; // NamespaceExists (48) if present
  dropCollection(db: string, coll: string): Promise<boolean>;
  dropDatabase(db: string): Promise<void>;
  collMod(db: string, coll: string, options: Document): Promise<Document>;
  listDatabases(): Array<{ name: string; sizeOnDisk: number; empty: boolean }>;
  listCollections(db: string): CollectionInfo[];
  /** Returns mongod's reply fields: createdCollectionAutomatically, numIndexesBefore, numIndexesAfter, note? */
  createIndexes(db: string, coll: string, specs: IndexSpec[]): Promise<Document>;
  listIndexes(db: string, coll: string): IndexSpec[]; // NamespaceNotFound (26) if no collection
  /** `names` = '*' | index name | key pattern; returns { nIndexesWas }. */
  dropIndexes(db: string, coll: string, names: string | string[] | Document): Promise<Document>;
  /** Count of documents and approximate data size, for collStats / dbStats / listDatabases. */
  stats(db: string, coll?: string): { count: number; size: number; nindexes: number };

  /** Monotonic counter of commits (the wire layer derives operationTime / $clusterTime from it). */
  readonly commitCounter: number;
  /** Load state from recovery ops (snapshot then journal), before serving. */
  applyRecovered(batch: ChangeOp[]): void;
  /** Start background work: TTL monitor (every 60 s by default, configurable) and checkpointing. */
  startBackgroundJobs(): void;
  /** Stop background work; checkpoint if durable. */
  close(): Promise<void>;
}

export interface StorageOptions {
  commitLog?: CommitLog;
  /** Clock for TTL, injected so tests can move time. */
  now?: () => Date;
  ttlMonitorIntervalMs?: number;
  /** Checkpoint once the journal grows past this many bytes. */
  checkpointJournalBytes?: number;
  /** Where failures nobody waits for (a checkpoint) are reported. */
  log?: (message: string) => void;
}

// ---------------------------------------------------------------- commands

export interface ClientConnection {
  readonly id: number;
  readonly remoteAddress: string;
}

export interface CommandContext {
  db: string;
  /** The command document, document-sequence sections already merged in (e.g. `documents` for insert). */
  command: Document;
  connection: ClientConnection;
}

/** The data commands the wire layer forwards (everything but handshake/admin commands it answers itself). */
export interface CommandService {
  handles(commandName: string): boolean;
  /**
   * Resolves with the reply (without `ok`, `$clusterTime`, `operationTime`: the wire layer adds them). A
   * cursor's batch comes as EncodedDocuments. Throws MongoCommandError.
   */
  run(ctx: CommandContext): Promise<Document>;
  /** Called when a connection closes (cursors are not tied to connections in mongod; sessions neither). */
  connectionClosed(connection: ClientConnection): void;
  close(): Promise<void>;
}

/**
 * Documents already in BSON, in a reply: a cursor serializes each document once, as it counts the batch's
 * bytes, and the wire layer splices those bytes into the reply as an array.
 */
export class EncodedDocuments {
  constructor(readonly documents: Uint8Array[]) {}
}

// ---------------------------------------------------------------- factories (one per layer)
//
//   storage/index.ts      export function createStorageEngine(options: StorageOptions): StorageEngine
//   commands/index.ts     export function createCommandService(storage: StorageEngine, options?: CommandServiceOptions): CommandService
//   persistence/index.ts  export function openPersistence(dbpath: string, options?: PersistenceOptions): Promise<Persistence>
//   wire/index.ts         export function startWireServer(options: WireServerOptions): Promise<WireServer>
//   index.ts              export function startEmbeddedMongo(options?: EmbeddedMongoOptions): Promise<EmbeddedMongo>

export interface CommandServiceOptions {
  now?: () => Date;
  /** Idle cursors are reaped after this long (mongod: 10 minutes). */
  cursorTimeoutMs?: number;
  /** Idle sessions (and their open transactions) are reaped after this long (mongod: 30 minutes). */
  sessionTimeoutMs?: number;
  /** Open transactions are aborted after this long (mongod's transactionLifetimeLimitSeconds: 60). */
  transactionLifetimeMs?: number;
}

export interface Persistence extends CommitLog {
  /** Feed the snapshot (as one batch of catalog ops + puts) and then every intact journal batch, in order; cuts off a torn tail. */
  recover(apply: (batch: ChangeOp[]) => void): Promise<{ batches: number; truncatedBytes: number }>;
  /** Flush, release the lock file. */
  close(): Promise<void>;
}

export interface PersistenceOptions {
  /**
   * Test hook, called before each step that can fail so that failures can be simulated by throwing:
   * fs writes (disk full, I/O errors), and 'encode' with each change about to be encoded into a journal or
   * snapshot record (a record the encoder cannot handle).
   */
  faultInjector?: (operation: 'write' | 'fsync' | 'rename' | 'encode', change?: ChangeOp) => void;
}

export interface EmbeddedMongoOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Loopback by default; binding elsewhere must be asked for explicitly. */
  host?: string;
  /** Directory for journal + snapshots; in memory when absent. */
  dbpath?: string;
  replSetName?: string; // default 'rs0'
  now?: () => Date;
  ttlMonitorIntervalMs?: number;
  /** Journal bytes after which a snapshot is written and older journals removed (default 64 MiB). */
  checkpointJournalBytes?: number;
  /** Where the engine logs (one line per event); silent by default. */
  log?: (message: string) => void;
  /** Test hook handed to persistence (see PersistenceOptions.faultInjector). */
  faultInjector?: PersistenceOptions['faultInjector'];
}

export interface EmbeddedMongo {
  /** `mongodb://127.0.0.1:<port>/` */
  readonly uri: string;
  readonly host: string;
  readonly port: number;
  readonly storage: StorageEngine;
  stop(): Promise<void>;
}
