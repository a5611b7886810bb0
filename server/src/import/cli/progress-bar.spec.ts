import { formatDuration, ProgressBar } from './progress-bar';

function stream(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, isTTY, columns: 120, write: (text: string) => writes.push(text) };
}

describe('ProgressBar', () => {
  afterEach(() => jest.useRealTimers());

  it('prints a line every 5% when not on a terminal, with rate and time left', () => {
    let now = 0;
    const out = stream(false);
    const bar = new ProgressBar(out, 'orders', 1000, () => now);
    for (let done = 0; done <= 1000; done += 10) {
      now = done * 10;
      bar.update(done);
    }
    bar.finish();
    expect(out.writes).toHaveLength(21);
    expect(out.writes[1]).toBe('orders 50/1000 (5%) 100/s ETA 10s\n');
    expect(out.writes[20]).toBe('orders 1000/1000 (100%) 100/s took 10s\n');
  });

  it('keeps a long run off a log to 21 lines, however slowly it goes, and prints nothing after finishing', () => {
    let now = 0;
    const out = stream(false);
    const bar = new ProgressBar(out, 'orders', 100_000, () => now);
    for (let done = 1; done <= 50_000; done++) {
      now += 1000;
      bar.update(done);
    }
    bar.finish();
    bar.update(100_000);
    expect(out.writes).toHaveLength(12);
    expect(out.writes.every((w) => !w.includes('\r') && !w.includes('\x1b'))).toBe(true);
    expect(out.writes.at(-1)).toBe('orders 50000/100000 (50%) 1.0/s ETA 13h 53m\n');
  });

  it('redraws one line on a terminal, at most ten times a second, and ends it on finish', () => {
    jest.useFakeTimers({ now: 0 });
    const out = stream(true);
    const bar = new ProgressBar(out, 'members', 50);
    for (let done = 1; done <= 50; done++) {
      jest.advanceTimersByTime(20);
      bar.update(done);
    }
    bar.finish();
    const drawn = out.writes.filter((w) => w.startsWith('members'));
    expect(drawn.length).toBeGreaterThan(1);
    expect(drawn.length).toBeLessThan(15);
    // Redrawn in place: the only line break is the one that ends the bar.
    expect(out.writes.join('').split('\n')).toHaveLength(2);
    expect(drawn.at(-1)).toBe('members [########################] 50/50 (100%) 50/s took 1s');
    expect(out.writes.at(-1)).toBe('\n');
    // No redraw timer is left to keep the process alive.
    expect(jest.getTimerCount()).toBe(0);
  });

  it('keeps the terminal line moving while the work stalls', () => {
    jest.useFakeTimers({ now: 0 });
    const out = stream(true);
    const bar = new ProgressBar(out, 'orders', 100);
    bar.update(10);
    jest.advanceTimersByTime(5000);
    expect(out.writes.filter((w) => w.startsWith('orders')).at(-1)).toBe(
      `orders [##${'-'.repeat(22)}] 10/100 (10%) 2.0/s ETA 45s`,
    );
    bar.finish();
  });

  it('stops the clock when the count reaches the total, though finish() comes later', () => {
    jest.useFakeTimers({ now: 0 });
    const out = stream(true);
    const bar = new ProgressBar(out, 'orders', 100);
    jest.advanceTimersByTime(2000);
    bar.update(100);
    jest.advanceTimersByTime(3000);
    bar.finish();
    expect(out.writes.filter((w) => w.startsWith('orders')).at(-1)).toBe(
      `orders [${'#'.repeat(24)}] 100/100 (100%) 50/s took 2s`,
    );
  });

  it('formats durations for people', () => {
    expect([5, 65, 3725, Infinity].map(formatDuration)).toEqual(['5s', '1m 05s', '1h 02m', '--']);
  });
});
