/** E11000: a write hit a unique index (on the driver's error, or on one of a bulk write's errors). */
export function isDuplicateKeyError(error: unknown): boolean {
  const found = error as { code?: unknown; writeErrors?: Array<{ code?: unknown }> } | null;
  if (found?.code === 11000) return true;
  return Array.isArray(found?.writeErrors) && found.writeErrors.some((e) => e.code === 11000);
}

/** How often an upsert is tried again after losing a race: the second try already finds the winner's document. */
const DUPLICATE_KEY_ATTEMPTS = 3;

/**
 * Runs an upsert that may race another on a unique key. Two upserts that both find no document both insert; one
 * wins and the other fails with E11000, although the update it wanted to make is now possible on the winner's
 * document. MongoDB retries that by itself only when the filter is nothing but equality on the unique key (and
 * never inside a transaction), so upserts with any other condition call this: the work runs again, finds the
 * document and updates it (or not, as its filter says), instead of failing the request or dropping a reward.
 * `work` must be safe to run again: one upsert, not a sequence of writes.
 */
export async function retryOnDuplicateKey<T>(work: () => Promise<T>, attempts = DUPLICATE_KEY_ATTEMPTS): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (!isDuplicateKeyError(error) || attempt >= attempts) throw error;
    }
  }
}
