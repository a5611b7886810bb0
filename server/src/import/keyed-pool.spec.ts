import { runKeyedInOrder } from './keyed-pool';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('runKeyedInOrder', () => {
  it('keeps each key in order, runs different keys side by side, and never exceeds the concurrency', async () => {
    const items = Array.from({ length: 60 }, (_, i) => ({ i, key: `m${i % 7 === 0 ? 0 : i % 5}` }));
    const finished: Array<{ i: number; key: string }> = [];
    let running = 0;
    let peak = 0;
    const busyKeys = new Set<string>();
    await runKeyedInOrder(
      items,
      (item) => item.key,
      4,
      async (item) => {
        expect(busyKeys.has(item.key)).toBe(false);
        busyKeys.add(item.key);
        running += 1;
        peak = Math.max(peak, running);
        await tick((item.i * 7) % 5);
        running -= 1;
        busyKeys.delete(item.key);
        finished.push(item);
      },
    );
    expect(finished).toHaveLength(60);
    expect(peak).toBeLessThanOrEqual(4);
    expect(peak).toBeGreaterThan(1);
    for (const key of new Set(items.map((i) => i.key))) {
      const order = finished.filter((f) => f.key === key).map((f) => f.i);
      expect(order).toEqual([...order].sort((a, b) => a - b));
    }
  });

  it('stops starting work after a failure, lets running work finish, and rethrows', async () => {
    const started: number[] = [];
    const items = Array.from({ length: 20 }, (_, i) => i);
    await expect(
      runKeyedInOrder(items, String, 2, async (i) => {
        started.push(i);
        await tick(1);
        if (i === 3) throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(started.length).toBeLessThanOrEqual(5);
  });

  it('ends early without an error when aborted', async () => {
    const controller = new AbortController();
    const ran = await runKeyedInOrder(
      Array.from({ length: 50 }, (_, i) => i),
      String,
      3,
      async (i) => {
        if (i === 10) controller.abort();
        await tick(0);
      },
      controller.signal,
    );
    expect(ran).toBeLessThan(50);
  });
});
