import { formatFen, yuanToFen } from './money';

describe('money in fen', () => {
  it('formats fen as yuan with thousands separators', () => {
    expect(formatFen(0)).toBe('¥0.00');
    expect(formatFen(5)).toBe('¥0.05');
    expect(formatFen(123456)).toBe('¥1,234.56');
    expect(formatFen(-19900)).toBe('-¥199.00');
    expect(formatFen(800000000)).toBe('¥8,000,000.00');
  });

  it('drops the decimals of whole amounts when compact', () => {
    expect(formatFen(2000, { compact: true })).toBe('¥20');
    expect(formatFen(2050, { compact: true })).toBe('¥20.50');
  });

  it('refuses fractional fen', () => {
    expect(() => formatFen(1.5)).toThrow(RangeError);
  });

  it('parses yuan text exactly, without floating point drift', () => {
    expect(yuanToFen('0.1')).toBe(10);
    expect(yuanToFen('19.99')).toBe(1999);
    expect(yuanToFen('  3000 ')).toBe(300000);
    expect(yuanToFen('-0.07')).toBe(-7);
    expect(yuanToFen('1234567.89')).toBe(123456789);
  });

  it('rejects anything that is not a plain amount', () => {
    for (const bad of ['', '1.234', '1,000', 'abc', '1e3', '.5', '¥5']) {
      expect(() => yuanToFen(bad)).toThrow(RangeError);
    }
  });

  it('round-trips every amount', () => {
    for (const fen of [0, 1, 99, 100, 101, 123456789]) {
      expect(yuanToFen(formatFen(fen).replace(/[¥,]/g, ''))).toBe(fen);
    }
  });
});
