import { bestVariant } from './best-variant';

describe('the best variant', () => {
  it('prefers the largest significant revenue lift', () => {
    expect(
      bestVariant([
        { arm: 'A', conversion: { difference: 0.1, low: 0.05 }, revenue: { difference: 300, low: 10 } },
        { arm: 'B', conversion: { difference: 0.05, low: 0.01 }, revenue: { difference: 500, low: 20 } },
        { arm: 'C', conversion: null, revenue: { difference: 900, low: -5 } },
      ]),
    ).toBe('B');
  });
  it('falls back to conversion, and names none when nothing is significant', () => {
    expect(
      bestVariant([
        { arm: 'A', conversion: { difference: 0.02, low: 0.001 }, revenue: { difference: 50, low: -3 } },
        { arm: 'B', conversion: { difference: 0.03, low: -0.01 }, revenue: null },
      ]),
    ).toBe('A');
    expect(
      bestVariant([{ arm: 'A', conversion: { difference: 0.02, low: -0.01 }, revenue: { difference: 1, low: -1 } }]),
    ).toBeNull();
  });
});
