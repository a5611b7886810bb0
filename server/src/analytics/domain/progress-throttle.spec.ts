import { ProgressThrottle, type RecomputeProgress } from './progress-throttle';

describe('ProgressThrottle', () => {
  const setup = (minIntervalMs = 1000) => {
    let now = 10_000;
    const written: RecomputeProgress[] = [];
    const throttle = new ProgressThrottle(
      async (p) => {
        written.push(p);
      },
      minIntervalMs,
      () => now,
    );
    return { throttle, written, advance: (ms: number) => (now += ms) };
  };

  it('writes the first report, then at most once per interval however many batches come', async () => {
    const { throttle, written, advance } = setup();
    expect(await throttle.report({ phase: 'profiles', processed: 0, total: 10_000 })).toBe(true);
    // 100 batches of 100 members within 900 ms: none written.
    for (let i = 1; i <= 100; i++) {
      advance(9);
      await throttle.report({ phase: 'profiles', processed: i * 100, total: 10_000 });
    }
    expect(written).toHaveLength(1);
    advance(100);
    expect(await throttle.report({ phase: 'profiles', processed: 10_000, total: 10_000 })).toBe(true);
    expect(written.map((p) => p.processed)).toEqual([0, 10_000]);
    expect(throttle.writes).toBe(2);
  });

  it('a million members reported per batch of 500 over 60 s are written about once a second', async () => {
    const { throttle, written, advance } = setup();
    for (let processed = 0; processed <= 1_000_000; processed += 500) {
      await throttle.report({ phase: 'profiles', processed, total: 1_000_000 });
      advance(30);
    }
    expect(written.length).toBeGreaterThanOrEqual(59);
    expect(written.length).toBeLessThanOrEqual(61);
  });

  it('always writes the first report of a new phase, and a forced one', async () => {
    const { throttle, written, advance } = setup();
    await throttle.report({ phase: 'profiles', processed: 0, total: 5 });
    advance(1);
    expect(await throttle.report({ phase: 'profiles', processed: 5, total: 5 })).toBe(false);
    expect(await throttle.report({ phase: 'rescoring', processed: 0, total: 5 })).toBe(true);
    advance(1);
    expect(await throttle.report({ phase: 'rescoring', processed: 5, total: 5 }, true)).toBe(true);
    expect(written.map((p) => `${p.phase}:${p.processed}`)).toEqual(['profiles:0', 'rescoring:0', 'rescoring:5']);
  });

  it('waits for each write before the run goes on (writes never overlap)', async () => {
    let inFlight = 0;
    let most = 0;
    let now = 0;
    const throttle = new ProgressThrottle(
      async () => {
        inFlight += 1;
        most = Math.max(most, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 2));
        inFlight -= 1;
      },
      0,
      () => (now += 1),
    );
    for (let i = 0; i < 5; i++) await throttle.report({ phase: 'profiles', processed: i, total: 5 });
    expect(most).toBe(1);
    expect(throttle.writes).toBe(5);
  });
});
