/**
 * A unit of work with snapshot isolation. Reads see the snapshot (a copy of the catalog taken at begin)
 * plus the transaction's own writes, which go to private clones of the collections it touches and to a
 * write set (final document, or null for deleted, per `_id`). The engine publishes the write set at
 * commit. Multi-document transactions lock each document they write: a second writer fails at once with
 * WriteConflict, never waits. Autocommit units run synchronously on the latest state and take no locks.
 */
import BTree from 'sorted-btree';
import { ObjectId, UUID } from 'bson';
import type { Document, DocumentTooLarge, FindOptions, StorageTransaction } from '../contracts';
import { commandError, documentTooLarge, duplicateKeyError, ErrorCode, MongoCommandError, writeConflict } from '../errors';
import { renderValue, toJsNumber } from '../query/values';
import { compareIds } from './key-order';
import type { Catalog } from './catalog';
import { CollectionState } from './collection-state';
import { validateNamespace } from './namespaces';
import { CollectionReader } from './read-view';

export type TransactionKind = 'multi' | 'autocommit';

export interface WriteSet {
  db: string;
  coll: string;
  /** Final state of each written document: the document, or null when deleted. */
  docs: BTree<unknown, Document | null>;
}

/** What a transaction needs from the engine. */
export interface TransactionHost {
  readonly committed: Catalog;
  /** Lock a document for a multi-document transaction; true when newly taken. Throws WriteConflict if another holds it. */
  lock(txn: Transaction, ns: string, id: unknown): boolean;
  commit(txn: Transaction): Promise<void>;
  finished(txn: Transaction): void;
}

export class Transaction extends CollectionReader implements StorageTransaction {
  state: StorageTransaction['state'] = 'active';
  /** Collections this transaction wrote, as it sees them. */
  readonly working = new Map<string, CollectionState>();
  readonly writes = new Map<string, WriteSet>();
  /** Collections its inserts created (they come into existence at commit). */
  readonly created = new Set<string>();
  private readonly readCopies = new Map<string, CollectionState>();
  /** Set while a findAll reads: nothing writes until it returns, so it reads the working copy itself. */
  private readingAtOnce = false;
  private doomedBy: MongoCommandError | undefined;

  constructor(
    readonly id: number,
    readonly kind: TransactionKind,
    private readonly host: TransactionHost,
    /** Multi: a copy of the catalog at begin. Autocommit: the live catalog (nothing commits while it runs). */
    readonly snapshot: Catalog,
    /** The commit counter at begin: documents written by later commits conflict. */
    readonly snapshotVersion: number,
    /** Version stamped on written documents (autocommit knows its commit number up front; -1 otherwise). */
    private readonly writeVersion: number,
  ) {
    super();
  }

  /** Another writer won a document this transaction wrote: its next operation fails with WriteConflict. */
  doom(error: MongoCommandError): void {
    if (this.state === 'active' && !this.doomedBy) this.doomedBy = error;
  }

  get doomed(): boolean {
    return this.doomedBy !== undefined;
  }

  /** Mark the end of the transaction (the engine calls it when a commit is applied or fails). */
  finish(state: 'committed' | 'aborted'): void {
    if (this.state !== 'active') return;
    this.state = state;
    this.host.finished(this);
    this.readCopies.clear();
  }

  ensureActive(): void {
    if (this.doomedBy && this.state === 'active') {
      const error = this.doomedBy;
      this.finish('aborted');
      throw error;
    }
    if (this.state === 'aborted') {
      throw new MongoCommandError(ErrorCode.NoSuchTransaction, `Transaction ${this.id} has been aborted.`, {
        labels: ['TransientTransactionError'],
      });
    }
    if (this.state === 'committed') throw commandError('TransactionCommitted', `Transaction ${this.id} has been committed.`);
  }

  protected lookup(db: string, coll: string): CollectionState | undefined {
    this.ensureActive();
    const ns = `${db}.${coll}`;
    const own = this.working.get(ns);
    if (!own) return this.snapshot.get(db, coll);
    if (this.readingAtOnce) return own;
    // Lazy readers get a frozen clone: the working copy keeps changing under a lazily consumed result (and
    // the clone makes the next write copy the B-tree paths it shares, hence findAll for a write's targets).
    let copy = this.readCopies.get(ns);
    if (!copy) {
      copy = own.clone();
      this.readCopies.set(ns, copy);
    }
    return copy;
  }

  findAll(db: string, coll: string, filter: Document, options: FindOptions = {}): Document[] {
    this.readingAtOnce = true;
    try {
      return [...this.find(db, coll, filter, options)];
    } finally {
      this.readingAtOnce = false;
    }
  }

  insert(db: string, coll: string, doc: Document, tooLarge: DocumentTooLarge = documentTooLarge.insert): void {
    this.ensureActive();
    const stored = doc._id === undefined ? withGeneratedId(doc) : doc;
    const target = this.writable(db, coll);
    if (target.recordOf(stored._id) !== undefined) {
      throw duplicateKeyError(target.ns, '_id_', { _id: 1 }, { _id: stored._id }, renderValue);
    }
    this.refuseCappedInTransaction(target);
    this.claim(db, coll, stored._id);
    target.put(stored, this.writeVersion, { tooLarge });
    this.recordWrite(db, coll, stored._id, stored);
    if (target.options.capped) this.trimCapped(db, coll, target);
  }

  /** mongod refuses writes to capped collections inside multi-document transactions (263). */
  private refuseCappedInTransaction(target: CollectionState): void {
    if (this.kind === 'multi' && target.options.capped) {
      throw new MongoCommandError(
        263,
        `Collection '${target.ns}' is a capped collection. Writes in transactions are not allowed on capped collections.`,
      );
    }
  }

  /** A capped collection past its `size` (bytes) or `max` (documents) loses its oldest documents (natural order). */
  private trimCapped(db: string, coll: string, target: CollectionState): void {
    const size = toJsNumber(target.options.size);
    const max = target.options.max === undefined ? Infinity : toJsNumber(target.options.max);
    while (target.count > 1 && (target.count > max || target.dataSize > size)) {
      const oldest = target.records.minKey();
      const entry = oldest === undefined ? undefined : target.records.get(oldest);
      if (!entry) return;
      this.remove(db, coll, entry.doc._id);
    }
  }

  replace(db: string, coll: string, doc: Document, tooLarge: DocumentTooLarge = documentTooLarge.update): void {
    this.ensureActive();
    if (this.current(db, coll)?.recordOf(doc._id) === undefined) {
      throw commandError('InternalError', `no document with _id ${renderValue(doc._id)} to replace in ${db}.${coll}`);
    }
    const target = this.writable(db, coll);
    this.refuseCappedInTransaction(target);
    this.claim(db, coll, doc._id);
    target.put(doc, this.writeVersion, { tooLarge });
    this.recordWrite(db, coll, doc._id, doc);
    if (target.options.capped) this.trimCapped(db, coll, target);
  }

  remove(db: string, coll: string, id: unknown): boolean {
    this.ensureActive();
    const current = this.current(db, coll);
    if (current?.recordOf(id) === undefined) return false;
    if (current.options.capped) this.refuseCappedInTransaction(current);
    this.claim(db, coll, id);
    this.writable(db, coll).remove(id);
    this.recordWrite(db, coll, id, null);
    return true;
  }

  async commit(): Promise<void> {
    this.ensureActive();
    if (this.kind !== 'multi') throw commandError('IllegalOperation', 'an autocommit unit commits when its work returns');
    await this.host.commit(this);
  }

  abort(): void {
    this.finish('aborted');
  }

  /**
   * Take the document for this transaction: its lock, and proof that nobody committed a change to it after
   * the snapshot. Autocommit units skip both: they read the latest state and win over open transactions.
   */
  private claim(db: string, coll: string, id: unknown): void {
    if (this.kind === 'autocommit') return;
    const ns = `${db}.${coll}`;
    try {
      if (!this.host.lock(this, ns, id)) return;
      const seen = this.snapshot.get(db, coll)?.entryOf(id)?.version;
      const latest = this.host.committed.get(db, coll)?.entryOf(id)?.version;
      if (seen !== latest) throw writeConflict();
    } catch (error) {
      // mongod aborts a transaction on WriteConflict; dropping it now frees the documents it holds.
      this.finish('aborted');
      throw error;
    }
  }

  /** The collection as this transaction sees it, for its own writes (never handed to readers). */
  private current(db: string, coll: string): CollectionState | undefined {
    return this.working.get(`${db}.${coll}`) ?? this.snapshot.get(db, coll);
  }

  private writable(db: string, coll: string): CollectionState {
    const ns = `${db}.${coll}`;
    let own = this.working.get(ns);
    if (!own) {
      const base = this.snapshot.get(db, coll);
      if (base) {
        own = base.clone();
      } else {
        validateNamespace(db, coll);
        own = CollectionState.create(db, coll, new UUID(), {});
        this.created.add(ns);
      }
      this.working.set(ns, own);
    }
    this.readCopies.delete(ns);
    return own;
  }

  private recordWrite(db: string, coll: string, id: unknown, doc: Document | null): void {
    const ns = `${db}.${coll}`;
    let set = this.writes.get(ns);
    if (!set) {
      set = { db, coll, docs: new BTree<unknown, Document | null>(undefined, compareIds) };
      this.writes.set(ns, set);
    }
    set.docs.set(id, doc);
  }
}

/** mongod gives a document without `_id` an ObjectId, as its first field. */
function withGeneratedId(doc: Document): Document {
  const stored: Document = { _id: new ObjectId() };
  for (const key of Object.keys(doc)) if (key !== '_id') stored[key] = doc[key];
  return stored;
}
