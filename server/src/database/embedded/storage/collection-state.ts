/**
 * One version of a collection: documents by record id (insertion order, like mongod's natural order) and
 * its indexes, `_id_` first. Published versions are never mutated: readers iterate them freely while
 * writers work on `clone()`s (O(number of indexes)) and publish the result.
 */
import BTree from 'sorted-btree';
import { calculateObjectSize } from 'bson';
import type { Document, DocumentTooLarge, IndexSpec } from '../contracts';
import { duplicateKeyError, MAX_DOCUMENT_BYTES } from '../errors';
import { renderValue } from '../query/values';
import { compareIds } from './key-order';
import { OrderedIndex } from './ordered-index';

/**
 * Where a document that is not held in memory is read from (the LMDB store, see document-store.ts): its
 * BSON by key, or undefined when the key is gone (its collection was dropped).
 */
export interface DocumentSource {
  loadBytes(key: string): Uint8Array | undefined;
  decode(bytes: Uint8Array): Document;
  /** The error a read of a document whose collection was dropped meanwhile fails with. */
  gone(): Error;
}

/**
 * One version of one document. In memory (`resident`) from the write until the store has it durably;
 * then, with a document store, only its key: `doc` decodes it from the store on each read, so the heap
 * holds what a query works on, not the collection. A version that a later write replaces or deletes in
 * the store while some snapshot may still read it is `pin`ned first: it keeps its own bytes.
 */
export class DocumentEntry {
  private resident: Document | undefined;
  private bytes: Uint8Array | undefined;
  private source: DocumentSource | undefined;
  private key: string | undefined;
  private pinned = false;

  constructor(
    doc: Document | undefined,
    /** The commit that wrote it (conflict detection); -1 while private to an uncommitted transaction. */
    readonly version: number,
    /** BSON size, for stats. */
    readonly size: number,
  ) {
    this.resident = doc;
  }

  /** A version read from the store at start-up: nothing of it in memory but its key. */
  static stored(source: DocumentSource, key: string, version: number, size: number): DocumentEntry {
    const entry = new DocumentEntry(undefined, version, size);
    entry.source = source;
    entry.key = key;
    return entry;
  }

  get doc(): Document {
    if (this.resident) return this.resident;
    const source = this.source as DocumentSource;
    if (this.bytes) return source.decode(this.bytes);
    const bytes = source.loadBytes(this.key as string);
    if (!bytes) throw source.gone();
    return source.decode(bytes);
  }

  /** Whether `doc` is this version's in-memory document. */
  holds(doc: Document): boolean {
    return this.resident === doc;
  }

  /** The store has this version durably under `key`: drop the in-memory document (unless pinned). */
  release(source: DocumentSource, key: string): void {
    if (this.pinned || !this.resident) return;
    this.source = source;
    this.key = key;
    this.resident = undefined;
  }

  /** The store is about to overwrite this version: keep it readable for the snapshots that still hold it. */
  pin(): void {
    if (this.pinned) return;
    this.pinned = true;
    if (this.resident || this.bytes) return;
    const bytes = (this.source as DocumentSource).loadBytes(this.key as string);
    if (bytes) this.bytes = new Uint8Array(bytes); // a copy: the store's buffer is reused
  }
}

export const ID_INDEX_SPEC: IndexSpec = { v: 2, key: { _id: 1 }, name: '_id_' };

/** Called with the record id of a document that already holds a unique key, before DuplicateKey is thrown. */
export type DuplicateObserver = (holder: DocumentEntry) => void;

export interface PutOptions {
  onDuplicate?: DuplicateObserver;
  /** Puts back a document taken out earlier in the same commit at its old place in natural order. */
  recordId?: number;
  /**
   * Enforces MAX_DOCUMENT_BYTES with this refusal. Writes pass it; a commit's replay (its documents were
   * checked when written) and recovery (what the journal holds must load) do not.
   */
  tooLarge?: DocumentTooLarge;
}

function compareRecordIds(a: number, b: number): number {
  return a - b;
}

export class CollectionState {
  private constructor(
    readonly db: string,
    readonly name: string,
    readonly uuid: unknown,
    public options: Document,
    readonly records: BTree<number, DocumentEntry>,
    public indexes: OrderedIndex[],
    private nextRecordId: number,
    public dataSize: number,
  ) {}

  static create(db: string, name: string, uuid: unknown, options: Document): CollectionState {
    const records = new BTree<number, DocumentEntry>(undefined, compareRecordIds);
    return new CollectionState(db, name, uuid, options, records, [OrderedIndex.create(ID_INDEX_SPEC)], 1, 0);
  }

  clone(): CollectionState {
    return new CollectionState(
      this.db,
      this.name,
      this.uuid,
      this.options,
      this.records.clone(),
      this.indexes.map((i) => i.clone()),
      this.nextRecordId,
      this.dataSize,
    );
  }

  get ns(): string {
    return `${this.db}.${this.name}`;
  }

  get count(): number {
    return this.records.size;
  }

  get idIndex(): OrderedIndex {
    return this.indexes[0];
  }

  findIndex(name: string): OrderedIndex | undefined {
    return this.indexes.find((i) => i.name === name);
  }

  recordOf(id: unknown): number | undefined {
    return this.idIndex.recordOf(id);
  }

  entryOf(id: unknown): DocumentEntry | undefined {
    const rid = this.idIndex.recordOf(id);
    return rid === undefined ? undefined : this.records.get(rid);
  }

  /**
   * Insert or replace the document with `doc._id`. Atomic: its size, every key and every unique index are
   * checked before anything changes, so a failure (too large, DuplicateKey, CannotIndexParallelArrays)
   * leaves it intact.
   */
  put(doc: Document, version: number, options: PutOptions = {}): void {
    // Measured once, here: the same number serves the size limit and the collection's stats.
    const size = calculateObjectSize(doc);
    if (options.tooLarge && size > MAX_DOCUMENT_BYTES) throw options.tooLarge(size);
    const { onDuplicate, recordId } = options;
    const existingRid = this.recordOf(doc._id);
    const before = existingRid === undefined ? undefined : this.records.get(existingRid);
    // Read once: a stored version decodes on each read.
    const beforeDoc = before?.doc;
    const rid = existingRid ?? recordId ?? this.nextRecordId;
    const changes: Array<{ index: OrderedIndex; removed: unknown[][]; added: unknown[][] }> = [];
    for (const index of this.indexes) {
      if (beforeDoc && index.keysUnchanged(beforeDoc, doc)) continue;
      const added = index.keysOf(doc);
      const removed = beforeDoc ? index.keysOf(beforeDoc) : [];
      const change = diffKeys(removed, added);
      if (change.removed.length === 0 && change.added.length === 0) continue;
      if (index.unique) for (const values of change.added) this.checkUnique(index, values, rid, onDuplicate);
      changes.push({ index, ...change });
    }
    for (const { index, removed, added } of changes) {
      index.remove(removed, rid);
      index.add(added, rid);
    }
    this.records.set(rid, new DocumentEntry(doc, version, size));
    this.dataSize += size - (before?.size ?? 0);
    if (rid >= this.nextRecordId) this.nextRecordId = rid + 1;
  }

  /**
   * Start-up from a document store: a stored version at its record id, indexed without the checks of `put`
   * (its keys were checked when it was written, and the store holds one version per `_id`).
   */
  loadStored(doc: Document, recordId: number, source: DocumentSource, key: string, size: number): void {
    for (const index of this.indexes) index.add(index.keysOf(doc), recordId);
    this.records.set(recordId, DocumentEntry.stored(source, key, 0, size));
    this.dataSize += size;
    if (recordId >= this.nextRecordId) this.nextRecordId = recordId + 1;
  }

  /**
   * Start-up from a store whose index entries are stored too: a stored version at its record id, its
   * index entries loaded separately (OrderedIndex.load), nothing of it decoded.
   */
  loadRecord(recordId: number, source: DocumentSource, key: string, size: number): void {
    this.records.set(recordId, DocumentEntry.stored(source, key, 0, size));
    this.dataSize += size;
    if (recordId >= this.nextRecordId) this.nextRecordId = recordId + 1;
  }

  /** Delete by `_id`; the removed entry, or undefined if there was none. */
  remove(id: unknown): DocumentEntry | undefined {
    const rid = this.recordOf(id);
    if (rid === undefined) return undefined;
    const entry = this.records.get(rid) as DocumentEntry;
    const doc = entry.doc;
    for (const index of this.indexes) index.remove(index.keysOf(doc), rid);
    this.records.delete(rid);
    this.dataSize -= entry.size;
    return entry;
  }

  /** Build a new index over every document (DuplicateKey if a unique one cannot hold them). */
  addIndex(spec: IndexSpec): void {
    const index = OrderedIndex.create(spec);
    for (const [rid, entry] of this.records.entries()) {
      const keys = index.keysOf(entry.doc);
      if (index.unique) for (const values of keys) this.checkUnique(index, values, rid);
      index.add(keys, rid);
    }
    this.indexes = [...this.indexes, index];
  }

  /** A copy without the named index. */
  withoutIndex(name: string): CollectionState {
    const copy = this.clone();
    copy.indexes = copy.indexes.filter((i) => i.name !== name);
    return copy;
  }

  private checkUnique(index: OrderedIndex, values: unknown[], rid: number, onDuplicate?: DuplicateObserver): void {
    const holder = index.holderOf(values, rid);
    if (holder === undefined) return;
    onDuplicate?.(this.records.get(holder) as DocumentEntry);
    const keyValue: Document = {};
    index.fields.forEach((field, i) => {
      keyValue[field] = values[i] === undefined ? null : values[i];
    });
    throw duplicateKeyError(this.ns, index.name, index.spec.key, keyValue, renderValue);
  }
}

/** Keys to remove and to add when a document's keys change from `before` to `after`. */
export function diffKeys(before: unknown[][], after: unknown[][]): { removed: unknown[][]; added: unknown[][] } {
  const same = (a: unknown[], b: unknown[]) => a.every((v, i) => compareIds(v, b[i]) === 0);
  if (before.length === 1 && after.length === 1 && same(before[0], after[0])) return { removed: [], added: [] };
  return {
    removed: before.filter((k) => !after.some((a) => same(k, a))),
    added: after.filter((k) => !before.some((b) => same(k, b))),
  };
}
