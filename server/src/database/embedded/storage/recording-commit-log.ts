/**
 * A CommitLog test double for the storage specs: keeps every appended batch in memory, counts journal
 * bytes like the real journal would (roughly), and can be told to fail appends like a full disk.
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

  async append(batch: ChangeOp[]): Promise<void> {
    if (this.failWith) throw this.failWith;
    this.batches.push(batch);
    for (const op of batch) this.journalBytes += calculateObjectSize(op as Record<string, unknown>);
  }

  async checkpoint(takeState: () => Iterable<ChangeOp>): Promise<void> {
    this.checkpoints.push([...takeState()]);
    this.batches.length = 0;
    this.journalBytes = 0;
  }

  /** What recovery would feed: the last checkpoint, then the journal batches after it. */
  recoveryBatches(): ChangeOp[][] {
    const last = this.checkpoints[this.checkpoints.length - 1];
    return last ? [last, ...this.batches] : [...this.batches];
  }
}
