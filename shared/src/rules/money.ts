/**
 * Money is integer fen everywhere (¥1 = 100 fen); these are the only conversions to and from text.
 * No floating point: a yuan amount is parsed digit by digit.
 */

const YUAN_PATTERN = /^(-)?(\d{1,13})(?:\.(\d{1,2}))?$/;

/** "12.3" → 1230; throws RangeError on anything that is not a plain yuan amount with at most 2 decimals. */
export function yuanToFen(yuan: string): number {
  const match = YUAN_PATTERN.exec(yuan.trim());
  if (!match) throw new RangeError(`not a yuan amount: "${yuan}"`);
  const [, minus, whole, fraction = ''] = match;
  const fen = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  return minus ? -fen : fen;
}

/** 123456 → "¥1,234.56"; whole yuan amounts drop the decimals when `compact` (¥20 off ¥199). */
export function formatFen(amountFen: number, options: { compact?: boolean } = {}): string {
  if (!Number.isSafeInteger(amountFen)) throw new RangeError(`amount in fen must be an integer: ${amountFen}`);
  const sign = amountFen < 0 ? '-' : '';
  const abs = Math.abs(amountFen);
  const whole = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const cents = abs % 100;
  if (options.compact && cents === 0) return `${sign}¥${whole}`;
  return `${sign}¥${whole}.${cents.toString().padStart(2, '0')}`;
}
