import { currencyExponent } from './fx';

/**
 * How people write an amount in another currency: the sign most shoppers know it by (HK$, MOP$, US$, JP¥…), the
 * ISO code before the amount otherwise. The yuan sign stays the home currency's (formatFen).
 */
const SIGNS: Record<string, string> = {
  HKD: 'HK$',
  MOP: 'MOP$',
  TWD: 'NT$',
  USD: 'US$',
  SGD: 'S$',
  AUD: 'A$',
  CAD: 'C$',
  NZD: 'NZ$',
  JPY: 'JP¥',
  KRW: '₩',
  EUR: '€',
  GBP: '£',
  THB: '฿',
};

/**
 * `amountMinor` smallest units of `currency` as text, digit by digit (no float): 12800 HKD → "HK$128.00",
 * 12800 JPY → "JP¥12,800", 1500 KWD → "KWD 1.500".
 */
export function formatMinor(amountMinor: number, currency: string): string {
  if (!Number.isSafeInteger(amountMinor)) throw new RangeError(`amount must be an integer: ${amountMinor}`);
  const exponent = currencyExponent(currency);
  const sign = amountMinor < 0 ? '-' : '';
  const digits = Math.abs(amountMinor)
    .toString()
    .padStart(exponent + 1, '0');
  const whole = digits.slice(0, digits.length - exponent).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const fraction = exponent > 0 ? `.${digits.slice(digits.length - exponent)}` : '';
  const symbol = SIGNS[currency];
  return symbol ? `${sign}${symbol}${whole}${fraction}` : `${sign}${currency} ${whole}${fraction}`;
}
