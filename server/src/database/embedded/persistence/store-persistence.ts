/**
 * Persistence of a dbpath on LMDB storage: the lock file, and the LMDB store that the storage engine writes
 * its commits to (createStorageEngine finds it as `store`). There is no journal to append to, to checkpoint
 * or to replay: every acknowledged commit is already in the store, and the engine loads from it at start.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ChangeOp, Persistence, PersistenceOptions } from '../contracts';
import { LMDB_FILE, LmdbStore } from '../storage/lmdb-store';
import { storageKind } from '../storage/storage-kind';

class StorePersistence implements Persistence {
  readonly journalBytes = 0;

  constructor(
    readonly store: LmdbStore,
    private readonly releaseLock: () => void,
  ) {}

  append(_batch: ChangeOp[]): Promise<void> {
    throw new Error('LMDB storage commits through its store, not a journal');
  }

  async checkpoint(): Promise<void> {}

  async recover(): Promise<{ batches: number; truncatedBytes: number }> {
    return { batches: 0, truncatedBytes: 0 };
  }

  async close(): Promise<void> {
    try {
      await this.store.close();
    } finally {
      this.releaseLock();
    }
  }
}

const JOURNAL_DATA = /^(journal-\d{8}\.log|snapshot\.bson)$/;

/**
 * The storage a dbpath is opened with: the format its data is in, else the one ENGINE_STORAGE asks for.
 * Journal data is never opened as LMDB (it would look empty): that needs a migration, refused loudly.
 */
export function dbpathStorage(dbpath: string): 'journal' | 'lmdb' {
  if (existsSync(join(dbpath, LMDB_FILE))) return 'lmdb';
  const wanted = storageKind();
  if (wanted === 'lmdb' && readdirSync(dbpath).some((name) => JOURNAL_DATA.test(name))) {
    throw new Error(
      `${dbpath} holds data in the journal format: ENGINE_STORAGE=lmdb cannot open it (start without ENGINE_STORAGE, or use an empty dbpath)`,
    );
  }
  return wanted;
}

export function openStorePersistence(dbpath: string, releaseLock: () => void, options: PersistenceOptions): Persistence {
  return new StorePersistence(LmdbStore.open(dbpath, { durable: true, faultInjector: options.faultInjector }), releaseLock);
}
