import { armOfBucket, assignArm, bucketOf, BUCKETS } from './assignment';

const arms = [
  { arm: 'control', percent: 20 },
  { arm: 'A', percent: 30 },
  { arm: 'B', percent: 50 },
];

describe('experiment assignment', () => {
  it('gives a member the same bucket every time, and another experiment shuffles members afresh', () => {
    const id = '65a1b2c3d4e5f60718293a4b';
    expect(bucketOf('exp-1', id)).toBe(bucketOf('exp-1', id));
    expect(bucketOf('exp-1', id)).toBeGreaterThanOrEqual(0);
    expect(bucketOf('exp-1', id)).toBeLessThan(BUCKETS);
    const moved = Array.from({ length: 200 }, (_, i) => String(i)).filter((m) => bucketOf('exp-1', m) !== bucketOf('exp-2', m));
    expect(moved.length).toBeGreaterThan(190);
  });

  it('lays the arms over consecutive bucket ranges in their order', () => {
    expect(armOfBucket(0, arms)).toBe('control');
    expect(armOfBucket(1_999, arms)).toBe('control');
    expect(armOfBucket(2_000, arms)).toBe('A');
    expect(armOfBucket(4_999, arms)).toBe('A');
    expect(armOfBucket(5_000, arms)).toBe('B');
    expect(armOfBucket(9_999, arms)).toBe('B');
    expect(
      armOfBucket(9_999, [
        { arm: 'x', percent: 33.33 },
        { arm: 'y', percent: 33.33 },
        { arm: 'z', percent: 33.34 },
      ]),
    ).toBe('z');
  });

  it('keeps the observed sizes within ±1 point of the configured ones over 100 000 members', () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 100_000; i++) {
      const memberId = i.toString(16).padStart(24, '0');
      const arm = assignArm('6650f0c0ffee000000000001', memberId, arms);
      counts.set(arm, (counts.get(arm) ?? 0) + 1);
    }
    for (const { arm, percent } of arms) expect(Math.abs(((counts.get(arm) ?? 0) / 100_000) * 100 - percent)).toBeLessThan(1);
  });
});
