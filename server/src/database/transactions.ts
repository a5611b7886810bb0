import type { ClientSession, Connection } from 'mongoose';

/** How long a transaction keeps retrying transient failures (write conflicts, elections) before giving up. */
const RETRY_WINDOW_MS = 60_000;

/**
 * Runs `work` in a multi-document transaction and commits it, retrying the whole transaction when
 * the database says the failure was transient (a write conflict with a concurrent transaction) and
 * retrying the commit when its outcome is unknown.
 *
 * Unlike the driver's `withTransaction`, retries wait a short, growing, random pause: when many
 * requests contend for one document (one member's points account), immediate retries collide again
 * and again, while jittered retries let them through one after another.
 *
 * `work` may run more than once, so it must do nothing outside the session that it cannot repeat.
 */
export async function runInTransaction<T>(connection: Connection, work: (session: ClientSession) => Promise<T>): Promise<T> {
  const session = await connection.startSession();
  const deadline = Date.now() + RETRY_WINDOW_MS;
  try {
    for (let attempt = 0; ; attempt++) {
      session.startTransaction();
      let result: T;
      try {
        result = await work(session);
      } catch (error) {
        if (session.inTransaction()) await session.abortTransaction().catch(() => undefined);
        if (hasLabel(error, 'TransientTransactionError') && Date.now() < deadline) {
          await pause(attempt);
          continue;
        }
        throw error;
      }
      if (await commit(session, deadline)) return result;
      await pause(attempt);
    }
  } finally {
    await session.endSession();
  }
}

/** Commits; true when committed, false when the whole transaction must be run again. */
async function commit(session: ClientSession, deadline: number): Promise<boolean> {
  for (;;) {
    try {
      await session.commitTransaction();
      return true;
    } catch (error) {
      if (Date.now() < deadline) {
        if (hasLabel(error, 'UnknownTransactionCommitResult')) continue;
        if (hasLabel(error, 'TransientTransactionError')) return false;
      }
      throw error;
    }
  }
}

function hasLabel(error: unknown, label: string): boolean {
  const labelled = error as { hasErrorLabel?: (label: string) => boolean; errorLabels?: string[] } | null;
  if (typeof labelled?.hasErrorLabel === 'function') return labelled.hasErrorLabel(label);
  return Array.isArray(labelled?.errorLabels) && labelled.errorLabels.includes(label);
}

/** Full jitter over a ceiling that doubles from 2 ms up to 100 ms. */
function pause(attempt: number): Promise<void> {
  const ceiling = Math.min(100, 2 ** (attempt + 1));
  return new Promise((resolve) => setTimeout(resolve, Math.random() * ceiling));
}
