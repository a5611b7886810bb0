/** The storage layer: catalog, documents, ordered indexes, planner, MVCC transactions, TTL (see README.md). */
import type { StorageEngine, StorageOptions } from '../contracts';
import { EmbeddedStorageEngine } from './engine';

export function createStorageEngine(options: StorageOptions = {}): StorageEngine {
  return new EmbeddedStorageEngine(options);
}
