/** Open cursors: batches handed out across getMore, cut at mongod's 16 MiB reply limit, reaped when idle. */
import { randomBytes } from 'node:crypto';
import { BSON } from 'bson';
import { EncodedDocuments, type Document } from '../contracts';
import { ErrorCode, MongoCommandError } from '../errors';
import { cursorIdValue } from './arguments';
import type { TimeLimit } from './time-limit';

const DEFAULT_FIRST_BATCH = 101;
const MAX_BATCH_BYTES = 16 * 1024 * 1024 - 16 * 1024;

interface OpenCursor {
  id: bigint;
  ns: string;
  source: Iterator<Document>;
  /** A document pulled (and serialized) but not sent because the batch was full. */
  pending?: Uint8Array;
  lastUsed: number;
  transactionId?: number;
  /** The logical session that opened it: ending the session kills it, as in mongod. */
  sessionKey?: string;
  /** What is left of the opening command's maxTimeMS. */
  timeLimit?: TimeLimit;
}

export class CursorRegistry {
  private readonly cursors = new Map<bigint, OpenCursor>();

  constructor(
    private readonly now: () => Date,
    private readonly idleTimeoutMs: number,
  ) {}

  /** The reply of a command that opens a cursor: its first batch, and an id when more remains. */
  open(
    ns: string,
    docs: Iterable<Document>,
    batchSize: number | undefined,
    options: { singleBatch?: boolean; transactionId?: number; sessionKey?: string; timeLimit?: TimeLimit } = {},
  ): Document {
    const cursor: OpenCursor = {
      id: 0n,
      ns,
      source: docs[Symbol.iterator](),
      lastUsed: this.now().getTime(),
      transactionId: options.transactionId,
      sessionKey: options.sessionKey,
      timeLimit: options.timeLimit,
    };
    const { batch, exhausted } = this.take(cursor, batchSize ?? DEFAULT_FIRST_BATCH);
    cursor.timeLimit?.pause();
    if (!exhausted && !options.singleBatch) {
      cursor.id = this.newId();
      this.cursors.set(cursor.id, cursor);
    }
    return { cursor: { firstBatch: batch, id: cursorIdValue(cursor.id), ns } };
  }

  getMore(id: bigint, ns: string, batchSize: number | undefined, sessionKey?: string): Document {
    const cursor = this.cursors.get(id);
    if (!cursor) throw new MongoCommandError(ErrorCode.CursorNotFound, `cursor id ${id} not found`);
    if (cursor.ns !== ns) {
      throw new MongoCommandError(
        ErrorCode.Unauthorized,
        `Requested getMore on namespace '${ns}', but cursor belongs to a different namespace ${cursor.ns}`,
      );
    }
    // A cursor belongs to the session that opened it, as in mongod (drivers pin the session to the cursor).
    if (cursor.sessionKey !== sessionKey) {
      if (!cursor.sessionKey)
        throw new MongoCommandError(
          50736,
          `Cannot run getMore on cursor ${id}, which was not created in a session, in session ${sessionKey}`,
        );
      if (!sessionKey)
        throw new MongoCommandError(
          50737,
          `Cannot run getMore on cursor ${id}, which was created in session ${cursor.sessionKey}, without an lsid`,
        );
      throw new MongoCommandError(
        50738,
        `Cannot run getMore on cursor ${id}, which was created in session ${cursor.sessionKey}, in session ${sessionKey}`,
      );
    }
    cursor.lastUsed = this.now().getTime();
    let taken: { batch: EncodedDocuments; exhausted: boolean };
    try {
      cursor.timeLimit?.start();
      taken = this.take(cursor, batchSize ?? Number.MAX_SAFE_INTEGER);
      cursor.timeLimit?.pause();
    } catch (error) {
      // A cursor whose getMore fails (MaxTimeMSExpired, …) is gone, as in mongod.
      this.cursors.delete(id);
      throw error;
    }
    const { batch, exhausted } = taken;
    if (exhausted) this.cursors.delete(id);
    return { cursor: { nextBatch: batch, id: cursorIdValue(exhausted ? 0n : id), ns } };
  }

  kill(ids: bigint[]): Document {
    const killed: bigint[] = [];
    const notFound: bigint[] = [];
    for (const id of ids) (this.cursors.delete(id) ? killed : notFound).push(id);
    return {
      cursorsKilled: killed.map(cursorIdValue),
      cursorsNotFound: notFound.map(cursorIdValue),
      cursorsAlive: [],
      cursorsUnknown: [],
    };
  }

  /** Cursors of a transaction die with it. */
  closeForTransaction(transactionId: number): void {
    for (const [id, cursor] of this.cursors) if (cursor.transactionId === transactionId) this.cursors.delete(id);
  }

  /** Cursors of a logical session die when it ends (endSessions, killSessions). */
  closeForSession(sessionKey: string): void {
    for (const [id, cursor] of this.cursors) if (cursor.sessionKey === sessionKey) this.cursors.delete(id);
  }

  reapIdle(): void {
    const cutoff = this.now().getTime() - this.idleTimeoutMs;
    for (const [id, cursor] of this.cursors) if (cursor.lastUsed < cutoff) this.cursors.delete(id);
  }

  get size(): number {
    return this.cursors.size;
  }

  /** The next batch, each document serialized once (its size decides where the batch ends). */
  private take(cursor: OpenCursor, batchSize: number): { batch: EncodedDocuments; exhausted: boolean } {
    const documents: Uint8Array[] = [];
    let bytes = 0;
    const limit = batchSize <= 0 ? Number.MAX_SAFE_INTEGER : batchSize;
    const done = (exhausted: boolean) => ({ batch: new EncodedDocuments(documents), exhausted });
    while (documents.length < limit) {
      const next = cursor.pending ?? this.pull(cursor);
      cursor.pending = undefined;
      if (next === undefined) return done(true);
      if (documents.length > 0 && bytes + next.length > MAX_BATCH_BYTES) {
        cursor.pending = next;
        return done(false);
      }
      documents.push(next);
      bytes += next.length;
    }
    const peek = this.pull(cursor);
    if (peek === undefined) return done(true);
    cursor.pending = peek;
    return done(false);
  }

  private pull(cursor: OpenCursor): Uint8Array | undefined {
    const result = cursor.source.next();
    return result.done ? undefined : BSON.serialize(result.value);
  }

  private newId(): bigint {
    // Positive 63-bit ids, like mongod's.
    for (;;) {
      const id = randomBytes(8).readBigUInt64BE() & 0x7fffffffffffffffn;
      if (id !== 0n && !this.cursors.has(id)) return id;
    }
  }
}
