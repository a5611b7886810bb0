/**
 * The engine's side of stored index entries (index-entries.ts): which id each index of a collection has in
 * the store, the entry writes of a document change, the entries of a whole index (built on existing data, or
 * a store written before entries were stored), and loading an index back from its entries at start-up.
 */
import type { Document } from '../contracts';
import { type CollectionState, diffKeys } from './collection-state';
import {
  decodeEntry,
  encodeEntryValues,
  entryDocumentKey,
  entryRecordId,
  ID_INDEX_ID,
  indexEntryKey,
  indexPrefix,
} from './index-entries';
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

/**
 * The entry writes that take a document from `before` to `after` (each with its record id; `after` with its
 * BSON size) in `index`. The `_id_` entry of a written document is always written: it holds the size.
 */
export function documentEntryWrites(
  prefix: Buffer,
  index: OrderedIndex,
  before: { doc: Document; rid: number } | undefined,
  after: { doc: Document; rid: number; size: number } | undefined,
  writes: StoreWrite[],
): void {
  const isId = index.name === '_id_';
  const oldKeys = before ? index.keysOf(before.doc) : [];
  const newKeys = after ? index.keysOf(after.doc) : [];
  const change = before && after && before.rid === after.rid ? diffKeys(oldKeys, newKeys) : { removed: oldKeys, added: newKeys };
  for (const values of change.removed)
    writes.push({ kind: 'entryDel', key: indexEntryKey(prefix, values, index.directions, (before as { rid: number }).rid) });
  if (!after) return;
  for (const values of isId ? newKeys : change.added) {
    writes.push({
      kind: 'entryPut',
      key: indexEntryKey(prefix, values, index.directions, after.rid),
      value: encodeEntryValues(values, isId ? after.size : undefined),
    });
  }
}

/** Every entry of an index of `state` as it is in memory, as store entries. */
export function indexEntries(
  collection: Buffer,
  id: number,
  index: OrderedIndex,
  state: CollectionState,
): Array<[Buffer, Buffer]> {
  const prefix = indexPrefix(collection, id);
  const out: Array<[Buffer, Buffer]> = [];
  const width = index.fields.length;
  const isId = index.name === '_id_';
  for (const key of index.tree.keys()) {
    const values = key.slice(0, width);
    const rid = key[width] as number;
    const size = isId ? state.records.get(rid)?.size : undefined;
    out.push([indexEntryKey(prefix, values, index.directions, rid), encodeEntryValues(values, size)]);
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
    for (const entry of indexEntries(collection, id, index, state)) entries.push(entry);
  }
  return { ids, entries };
}

/**
 * Loads a collection's empty indexes from their stored entries, and its documents (key, record id, size) from
 * the `_id_` entries: the documents' own range is not read. False when an `_id_` entry lacks the size.
 */
export function loadIndexes(store: LmdbStore, collection: Buffer, ids: IndexIds, state: CollectionState): boolean {
  for (const index of state.indexes) {
    const width = index.fields.length;
    const computed = index.computedPositions;
    const isId = index.name === '_id_';
    let complete = true;
    const entries = function* (): Generator<unknown[]> {
      for (const { key, value } of store.indexEntries(indexPrefix(collection, ids.ids.get(index.name) as number))) {
        const { values, size } = decodeEntry(value, width, computed);
        const rid = entryRecordId(key);
        if (isId) {
          if (size === undefined) {
            complete = false;
            return;
          }
          state.loadRecord(rid, store, entryDocumentKey(key), size);
        }
        values[width] = rid;
        yield values;
      }
    };
    index.load(entries());
    if (!complete) return false;
  }
  return true;
}
