/**
 * A CommitLog test double for the storage specs: keeps every appended batch in memory, counts journal
 * bytes like the real journal would (roughly), and can be told to fail like the real one: appends like a
 * full disk, encoding like a batch the journal cannot hold, checkpoints like a snapshot that cannot be written.
 */
import { calculateObjectSize } from 'bson';
import type { ChangeOp, CommitLog } from '../contracts';
import { type MongoCommandError } from '../errors';

export class RecordingCommitLog implements CommitLog {
  readonly batches: ChangeOp[][] = [];
  readonly checkpoints: ChangeOp[][] = [];
  journalBytes = 0;
  /** When set, appends reject with it. */
  failWith: MongoCommandError | undefined;
  /** When it returns an error, append throws it at once, as the journal does for a batch it cannot encode. */
  refuseToEncode: ((batch: ChangeOp[]) => Error | undefined) | undefined;
  /** When set, checkpoints reject with it and keep the journal. */
  failCheckpointWith: Error | undefined;

  append(batch: ChangeOp[]): Promise<void> {
    const unencodable = this.refuseToEncode?.(batch);
    if (unencodable) throw unencodable;
    if (this.failWith) return Promise.reject(this.failWith);
    this.batches.push(batch);
    for (const op of batch) this.journalBytes += calculateObjectSize(op as Record<string, unknown>);
    return Promise.resolve();
  }

  async checkpoint(takeState: () => Iterable<ChangeOp>): Promise<void> {
    const state = [...takeState()];
    if (this.failCheckpointWith) throw this.failCheckpointWith;
    this.checkpoints.push(state);
    this.batches.length = 0;
    this.journalBytes = 0;
  }

  /** What recovery would feed: the last checkpoint, then the journal batches after it. */
  recoveryBatches(): ChangeOp[][] {
    const last = this.checkpoints[this.checkpoints.length - 1];
    return last ? [last, ...this.batches] : [...this.batches];
  }
}
