/** The storage layer: catalog, documents, ordered indexes, planner, MVCC transactions, TTL (see README.md). */
import { NO_DURABILITY, type CommitLog, type StorageEngine, type StorageOptions } from '../contracts';
import { EmbeddedStorageEngine } from './engine';
import { LmdbStore } from './lmdb-store';
import { storageKind } from './storage-kind';

/** The store a commit log brings (the persistence of a dbpath on LMDB storage). */
function storeOf(commitLog: CommitLog | undefined): LmdbStore | undefined {
  const store = (commitLog as { store?: unknown } | undefined)?.store;
  return store instanceof LmdbStore ? store : undefined;
}

export function createStorageEngine(options: StorageOptions = {}): StorageEngine {
  const store = storeOf(options.commitLog);
  if (store) return new EmbeddedStorageEngine({ ...options, store });
  const inMemory = options.commitLog === undefined || options.commitLog === NO_DURABILITY;
  if (inMemory && storageKind() === 'lmdb') {
    // An in-memory engine on LMDB storage: a temporary store, removed when the engine closes.
    return new EmbeddedStorageEngine({ ...options, store: LmdbStore.temporary(), ownsStore: true });
  }
  return new EmbeddedStorageEngine(options);
}
