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

export interface DocumentEntry {
  readonly doc: Document;
  /** The commit that wrote it (conflict detection); -1 while private to an uncommitted transaction. */
  readonly version: number;
  /** Approximate BSON size, for stats. */
  readonly size: number;
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
    const rid = existingRid ?? recordId ?? this.nextRecordId;
    const changes: Array<{ index: OrderedIndex; removed: unknown[][]; added: unknown[][] }> = [];
    for (const index of this.indexes) {
      if (before && index.keysUnchanged(before.doc, doc)) continue;
      const added = index.keysOf(doc);
      const removed = before ? index.keysOf(before.doc) : [];
      const change = diffKeys(removed, added);
      if (change.removed.length === 0 && change.added.length === 0) continue;
      if (index.unique) for (const values of change.added) this.checkUnique(index, values, rid, onDuplicate);
      changes.push({ index, ...change });
    }
    for (const { index, removed, added } of changes) {
      index.remove(removed, rid);
      index.add(added, rid);
    }
    this.records.set(rid, { doc, version, size });
    this.dataSize += size - (before?.size ?? 0);
    if (rid >= this.nextRecordId) this.nextRecordId = rid + 1;
  }

  /** Delete by `_id`; the removed entry, or undefined if there was none. */
  remove(id: unknown): DocumentEntry | undefined {
    const rid = this.recordOf(id);
    if (rid === undefined) return undefined;
    const entry = this.records.get(rid) as DocumentEntry;
    for (const index of this.indexes) index.remove(index.keysOf(entry.doc), rid);
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
function diffKeys(before: unknown[][], after: unknown[][]): { removed: unknown[][]; added: unknown[][] } {
  const same = (a: unknown[], b: unknown[]) => a.every((v, i) => compareIds(v, b[i]) === 0);
  if (before.length === 1 && after.length === 1 && same(before[0], after[0])) return { removed: [], added: [] };
  return {
    removed: before.filter((k) => !after.some((a) => same(k, a))),
    added: after.filter((k) => !before.some((b) => same(k, b))),
  };
}
