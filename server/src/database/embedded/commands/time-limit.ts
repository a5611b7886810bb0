/**
 * `maxTimeMS`: a command's processing-time budget, as mongod enforces it. The budget is checked while
 * documents are read and between pipeline stages; once it is spent the command (or the getMore continuing
 * its cursor) fails with MaxTimeMSExpired (50). A cursor carries what is left of its budget: only the time its
 * find / aggregate / getMores spend working counts, not the time the cursor waits for the client.
 */
import type { Document } from '../contracts';
import { commandError, MongoCommandError } from '../errors';
import { isNumber, toJsNumber } from '../query/values';

export class MaxTimeMSExpired extends MongoCommandError {
  constructor() {
    super(50, 'operation exceeded time limit');
    Object.defineProperty(this, 'codeName', { value: 'MaxTimeMSExpired' });
  }
}

const INT32_MAX = 2147483647;

export class TimeLimit {
  private remainingMs: number;
  private startedAt = 0;
  private expiresAt = Infinity;

  constructor(budgetMs: number) {
    this.remainingMs = budgetMs;
    this.start();
  }

  /** Starts (or resumes, for a getMore) spending the budget. */
  start(): void {
    this.startedAt = Date.now();
    this.expiresAt = this.startedAt + this.remainingMs;
  }

  /** Stops spending: the time until the next start is the client's, not the command's. */
  pause(): void {
    this.remainingMs = Math.max(0, this.remainingMs - (Date.now() - this.startedAt));
    this.expiresAt = Infinity;
  }

  check(): void {
    if (Date.now() > this.expiresAt) throw new MaxTimeMSExpired();
  }
}

/** The command's `maxTimeMS` as a time limit; undefined when absent or 0 (no limit), as in mongod. */
export function timeLimitOf(command: Document): TimeLimit | undefined {
  const raw = command.maxTimeMS;
  if (raw === undefined || raw === null) return undefined;
  if (!isNumber(raw)) throw commandError('BadValue', 'maxTimeMS must be a number');
  const ms = toJsNumber(raw);
  if (!Number.isInteger(ms)) throw commandError('BadValue', 'maxTimeMS has non-integral value');
  if (ms < 0) throw commandError('BadValue', `MaxTimeMS value must be non-negative, but received: ${ms}`);
  if (ms > INT32_MAX) throw commandError('BadValue', `maxTimeMS value must be less than ${INT32_MAX}`);
  return ms === 0 ? undefined : new TimeLimit(ms);
}

/** The documents, the limit checked before each one is handed on. */
export function* limited<T>(docs: Iterable<T>, limit: TimeLimit | undefined): Iterable<T> {
  if (!limit) {
    yield* docs;
    return;
  }
  limit.check();
  for (const doc of docs) {
    limit.check();
    yield doc;
  }
}
