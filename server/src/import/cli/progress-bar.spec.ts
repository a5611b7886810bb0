import { formatDuration, ProgressBar } from './progress-bar';

function stream(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, isTTY, columns: 120, write: (text: string) => writes.push(text) };
}

describe('ProgressBar', () => {
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

  it('redraws one line on a terminal, at most ten times a second, and ends it on finish', () => {
    let now = 0;
    const out = stream(true);
    const bar = new ProgressBar(out, 'members', 50, () => now);
    for (let done = 1; done <= 50; done++) {
      now += 20;
      bar.update(done);
    }
    bar.finish();
    expect(out.writes.length).toBeLessThan(15);
    expect(out.writes.every((w) => w.startsWith('\r\x1b[2K'))).toBe(true);
    expect(out.writes.at(-1)).toBe('\r\x1b[2Kmembers [########################] 50/50 (100%) 50/s took 1s\n');
  });

  it('formats durations for people', () => {
    expect([5, 65, 3725, Infinity].map(formatDuration)).toEqual(['5s', '1m 05s', '1h 02m', '--']);
  });
});
