/** Logical sessions: their multi-document transaction and the replies of their retryable writes. */
import type { Binary } from 'bson';
import type { Document, StorageTransaction } from '../contracts';
import { ErrorCode, MongoCommandError } from '../errors';

export interface Session {
  readonly key: string;
  lastUsed: number;
  /** The highest txnNumber seen: older ones are refused. */
  txnNumber?: bigint;
  transaction?: { txn: StorageTransaction; txnNumber: bigint; startedAt: number; outcome: 'active' | 'committed' | 'aborted' };
  /** Replies of retryable writes for `txnNumber`, so a retry returns the first reply instead of writing again. */
  readonly retryReplies: Map<string, Promise<Document>>;
}

export function sessionKey(lsid: unknown): string | undefined {
  const id = (lsid as { id?: Binary } | undefined)?.id;
  if (!id || typeof id !== 'object' || !('buffer' in id)) return undefined;
  return Buffer.from(id.buffer).toString('hex');
}

export class SessionRegistry {
  private readonly sessions = new Map<string, Session>();

  constructor(
    private readonly now: () => Date,
    private readonly idleTimeoutMs: number,
    private readonly transactionLifetimeMs: number,
    private readonly onTransactionEnded: (txn: StorageTransaction) => void,
  ) {}

  touch(key: string): Session {
    let session = this.sessions.get(key);
    if (!session) {
      session = { key, lastUsed: 0, retryReplies: new Map() };
      this.sessions.set(key, session);
    }
    session.lastUsed = this.now().getTime();
    return session;
  }

  /** A newer txnNumber moves the session on; an older one is a stale retry. */
  advance(session: Session, txnNumber: bigint): void {
    if (session.txnNumber !== undefined && txnNumber < session.txnNumber) {
      throw new MongoCommandError(
        ErrorCode.TransactionTooOld,
        `Retryable write with txnNumber ${txnNumber} is prohibited on session ${session.key} because a newer retryable write with txnNumber ${session.txnNumber} has already started on this session.`,
      );
    }
    if (session.txnNumber !== txnNumber) {
      this.endTransaction(session, 'aborted');
      session.txnNumber = txnNumber;
      session.retryReplies.clear();
    }
  }

  endTransaction(session: Session, outcome: 'committed' | 'aborted'): void {
    const current = session.transaction;
    if (!current || current.outcome !== 'active') return;
    if (outcome === 'aborted' && current.txn.state === 'active') current.txn.abort();
    current.outcome = outcome;
    this.onTransactionEnded(current.txn);
  }

  end(key: string): void {
    const session = this.sessions.get(key);
    if (!session) return;
    this.endTransaction(session, 'aborted');
    this.sessions.delete(key);
  }

  /** Aborts transactions past their lifetime and forgets idle sessions. */
  reap(): void {
    const now = this.now().getTime();
    for (const [key, session] of this.sessions) {
      const txn = session.transaction;
      if (txn?.outcome === 'active' && now - txn.startedAt > this.transactionLifetimeMs) this.endTransaction(session, 'aborted');
      if (now - session.lastUsed > this.idleTimeoutMs) this.end(key);
    }
  }

  abortAll(): void {
    for (const key of [...this.sessions.keys()]) this.end(key);
  }
}
