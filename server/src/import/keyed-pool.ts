/**
 * Runs `work` over `items` with at most `concurrency` at once, starting them in the given order, except
 * that items with the same key run one after another, in their order (one member's purchases). An item
 * whose key is busy waits behind it without holding up items of other keys.
 *
 * `work` is expected to handle expected failures itself: a throw stops the run (nothing new starts,
 * what is running finishes) and is rethrown. So does an aborted `signal`, which ends the run early
 * without an error. Returns how many items ran.
 */
export async function runKeyedInOrder<T>(
  items: readonly T[],
  keyOf: (item: T) => string,
  concurrency: number,
  work: (item: T) => Promise<void>,
  signal?: AbortSignal,
): Promise<number> {
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new RangeError(`concurrency must be a positive integer, got ${concurrency}`);
  /** For each key with an item running: the items of that key waiting behind it. */
  const waiting = new Map<string, number[]>();
  let next = 0;
  let ran = 0;
  let failure: { error: unknown } | undefined;

  const stopped = () => failure !== undefined || signal?.aborted === true;

  /** The next item whose key is free, queueing the ones whose key is busy behind it. */
  const take = (): number | undefined => {
    while (next < items.length) {
      const index = next++;
      const queue = waiting.get(keyOf(items[index]));
      if (queue) {
        queue.push(index);
        continue;
      }
      waiting.set(keyOf(items[index]), []);
      return index;
    }
    return undefined;
  };

  const worker = async (): Promise<void> => {
    let index = stopped() ? undefined : take();
    while (index !== undefined) {
      const key = keyOf(items[index]);
      try {
        await work(items[index]);
        ran += 1;
      } catch (error) {
        failure ??= { error };
        return;
      }
      if (stopped()) return;
      // The worker that holds a key keeps it while the key has items waiting: their order is kept.
      index = waiting.get(key)?.shift();
      if (index === undefined) {
        waiting.delete(key);
        index = take();
      }
    }
  };

  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  if (failure) throw failure.error;
  return ran;
}
