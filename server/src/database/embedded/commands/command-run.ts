import type { Document, ReadView, StorageEngine, StorageTransaction } from '../contracts';
import type { CursorRegistry } from './cursors';

/** Everything one command needs: where it reads, how it writes, and the cursors it may open. */
export interface CommandRun {
  db: string;
  name: string;
  command: Document;
  storage: StorageEngine;
  /** The open multi-document transaction this command runs in, if any. */
  txn?: StorageTransaction;
  cursors: CursorRegistry;
  now: Date;
  /** The command's logical session (lsid), if any: its cursors die with it. */
  sessionKey?: string;
}

export type CommandHandler = (run: CommandRun) => Promise<Document>;

/** Where a command reads: its transaction's snapshot, or the latest committed state. */
export function viewOf(run: CommandRun): ReadView {
  return run.txn ?? run.storage;
}

/** Runs synchronous writes in the command's transaction, or as one autocommit unit made durable before replying. */
export function write<T>(run: CommandRun, work: (txn: StorageTransaction) => T): Promise<T> {
  if (run.txn) return Promise.resolve(work(run.txn));
  return run.storage.autocommit(work);
}
