import { currencyExponent, rateMicrosOf, rateText, toFen } from './fx';

describe('foreign currency rules', () => {
  it('reads rates of up to six decimals as integers, and refuses anything else', () => {
    expect(rateMicrosOf('0.9213')).toBe(921_300);
    expect(rateMicrosOf('7.1')).toBe(7_100_000);
    expect(rateMicrosOf('0.048123')).toBe(48_123);
    expect(rateMicrosOf('12')).toBe(12_000_000);
    for (const bad of ['0', '0.0', '-1', '1e3', '0.1234567', '01.5', '', '1.', '.5', '100000', ' 1']) {
      expect(rateMicrosOf(bad)).toBeUndefined();
    }
    expect(rateText(921_300)).toBe('0.9213');
    expect(rateText(7_000_000)).toBe('7');
  });

  it('converts the smallest units of each currency to fen, rounding half up', () => {
    // HK$100.00 at 0.9213 → ¥92.13
    expect(toFen(10_000, 'HKD', 921_300)).toBe(9_213);
    // ¥1,000 (yen, no minor unit) at 0.048123 → ¥48.123 → 4,812 fen
    expect(currencyExponent('JPY')).toBe(0);
    expect(toFen(1_000, 'JPY', 48_123)).toBe(4_812);
    // a half fen rounds up: HK$0.01 at 0.5 → 0.5 fen → 1
    expect(toFen(1, 'HKD', 500_000)).toBe(1);
    expect(toFen(1, 'HKD', 499_999)).toBe(0);
    // three-decimal currencies: 1.000 KWD at 23.5 → ¥23.50
    expect(toFen(1_000, 'KWD', 23_500_000)).toBe(2_350);
    expect(toFen(-10_000, 'HKD', 921_300)).toBe(-9_213);
  });

  it('stays exact on the largest amounts a purchase may carry', () => {
    // 10 billion fen-sized units at a rate of 99,999.999999: beyond 2^53 in the middle, exact in BigInt.
    expect(toFen(10_000_000_000, 'USD', 99_999_999_999)).toBe(999_999_999_990_000);
    // Spread over the splitting's edges: each against the exact BigInt answer.
    for (const [amount, rate] of [
      [999_999, 999_999],
      [1_000_000, 1_000_000],
      [123_456_789_012, 7_123_457],
      [9_999_999_999, 99_999_999_999],
      [1, 1],
    ]) {
      const exact = (BigInt(amount) * BigInt(rate) * 100n * 2n + 100_000_000n) / 200_000_000n;
      expect(toFen(amount, 'USD', rate)).toBe(Number(exact));
    }
    // Far beyond any purchase: not computed, refused by every caller.
    expect(toFen(Number.MAX_SAFE_INTEGER, 'USD', 99_999_999_999)).toBe(Infinity);
    expect(() => toFen(1.5, 'USD', 7_000_000)).toThrow(RangeError);
    expect(() => toFen(1, 'USD', 0)).toThrow(RangeError);
  });
});
