/**
 * The engine's side of stored index entries (index-entries.ts): which id each index of a collection has in
 * the store, the entry writes of a document change, the entries of a whole index (built on existing data, or
 * a store written before entries were stored), and loading an index back from its entries at start-up.
 */
import type { Document } from '../contracts';
import { type CollectionState, diffKeys } from './collection-state';
import { decodeEntryValues, encodeEntryValues, entryRecordId, ID_INDEX_ID, indexEntryKey, indexPrefix } from './index-entries';
import type { LmdbStore, StoreWrite } from './lmdb-store';
import type { OrderedIndex } from './ordered-index';

/** One collection's index ids by index name, and the id its next index gets (ids are never reused). */
export interface IndexIds {
  ids: Map<string, number>;
  next: number;
}

export function freshIndexIds(): IndexIds {
  return { ids: new Map([['_id_', ID_INDEX_ID]]), next: 1 };
}

export function copyIndexIds(table: IndexIds): IndexIds {
  return { ids: new Map(table.ids), next: table.next };
}

/** The entry writes that take a document from `before` (at `beforeRid`) to `after` (at `afterRid`) in `index`. */
export function documentEntryWrites(
  prefix: Buffer,
  index: OrderedIndex,
  before: { doc: Document; rid: number } | undefined,
  after: { doc: Document; rid: number } | undefined,
  writes: StoreWrite[],
): void {
  const oldKeys = before ? index.keysOf(before.doc) : [];
  const newKeys = after ? index.keysOf(after.doc) : [];
  const change = before && after && before.rid === after.rid ? diffKeys(oldKeys, newKeys) : { removed: oldKeys, added: newKeys };
  for (const values of change.removed)
    writes.push({ kind: 'entryDel', key: indexEntryKey(prefix, values, index.directions, (before as { rid: number }).rid) });
  for (const values of change.added) {
    const rid = (after as { rid: number }).rid;
    writes.push({
      kind: 'entryPut',
      key: indexEntryKey(prefix, values, index.directions, rid),
      value: encodeEntryValues(values),
    });
  }
}

/** Every entry of an index as it is in memory, as store entries. */
export function indexEntries(collection: Buffer, id: number, index: OrderedIndex): Array<[Buffer, Buffer]> {
  const prefix = indexPrefix(collection, id);
  const out: Array<[Buffer, Buffer]> = [];
  const width = index.fields.length;
  for (const key of index.tree.keys()) {
    const values = key.slice(0, width);
    out.push([indexEntryKey(prefix, values, index.directions, key[width] as number), encodeEntryValues(values)]);
  }
  return out;
}

/** Every entry of every index of `state`, and the ids they are stored under. */
export function collectionEntries(
  collection: Buffer,
  state: CollectionState,
): { ids: IndexIds; entries: Array<[Buffer, Buffer]> } {
  const ids = freshIndexIds();
  const entries: Array<[Buffer, Buffer]> = [];
  for (const index of state.indexes) {
    let id = ids.ids.get(index.name);
    if (id === undefined) {
      id = ids.next++;
      ids.ids.set(index.name, id);
    }
    for (const entry of indexEntries(collection, id, index)) entries.push(entry);
  }
  return { ids, entries };
}

/** Loads an empty index from its stored entries; the number of entries. */
export function loadIndex(store: LmdbStore, collection: Buffer, id: number, index: OrderedIndex): number {
  const width = index.fields.length;
  const computed = index.computedPositions;
  function* entries(): Generator<{ values: unknown[]; rid: number }> {
    for (const { key, value } of store.indexEntries(indexPrefix(collection, id))) {
      yield { values: decodeEntryValues(value, width, computed), rid: entryRecordId(key) };
    }
  }
  return index.load(entries());
}
