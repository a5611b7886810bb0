import { formatMinor } from './foreign-money';

describe('formatMinor', () => {
  it('writes an amount with the sign people know and the currency’s decimals', () => {
    expect(formatMinor(12_800, 'HKD')).toBe('HK$128.00');
    expect(formatMinor(100_000_000, 'HKD')).toBe('HK$1,000,000.00');
    expect(formatMinor(5, 'MOP')).toBe('MOP$0.05');
    expect(formatMinor(12_800, 'JPY')).toBe('JP¥12,800');
    expect(formatMinor(1_500, 'KWD')).toBe('KWD 1.500');
    expect(formatMinor(-2_550, 'USD')).toBe('-US$25.50');
    expect(formatMinor(0, 'EUR')).toBe('€0.00');
  });

  it('refuses what is not an integer of smallest units', () => {
    expect(() => formatMinor(12.5, 'HKD')).toThrow(RangeError);
  });
});
