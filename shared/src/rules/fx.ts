/**
 * Purchases in another currency (cross-border shopping): amounts arrive in the smallest unit of their currency and
 * are converted to fen at the rate valid when the order was paid, in integers only. A rate is kept as micro-yuan
 * per one whole unit of the currency (HKD 0.9213 → 921300), so no float ever touches money.
 */

/** Digits after the decimal point of each currency's smallest unit (ISO 4217); 2 for every currency not listed. */
const EXPONENTS: Record<string, number> = {
  JPY: 0,
  KRW: 0,
  VND: 0,
  IDR: 0,
  CLP: 0,
  ISK: 0,
  TWD: 2,
  BHD: 3,
  KWD: 3,
  OMR: 3,
  JOD: 3,
  TND: 3,
};

/** The brand's own currency: its purchases are never converted. */
export const HOME_CURRENCY = 'CNY';

/** ISO 4217 code: three capital letters. */
export const CURRENCY_CODE = /^[A-Z]{3}$/;

export function currencyExponent(currency: string): number {
  return EXPONENTS[currency] ?? 2;
}

/** Up to six decimal places, above zero and below 100,000 yuan per unit: "0.9213", "0.048", "7.1". */
export const RATE_TEXT = /^(0|[1-9]\d{0,4})(\.\d{1,6})?$/;

/** A rate written in decimals as micro-yuan per unit; undefined when it is not a valid positive rate. */
export function rateMicrosOf(text: string): number | undefined {
  if (!RATE_TEXT.test(text)) return undefined;
  const [whole, fraction = ''] = text.split('.');
  const micros = Number(whole) * 1_000_000 + Number(fraction.padEnd(6, '0'));
  return micros > 0 ? micros : undefined;
}

/** The rate as people write it: 921300 → "0.9213". */
export function rateText(micros: number): string {
  const whole = Math.floor(micros / 1_000_000);
  const fraction = String(micros % 1_000_000)
    .padStart(6, '0')
    .replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : String(whole);
}

/** Results beyond this many fen (ten billion yuan) are not computed: no purchase comes near, and exactness ends. */
const MAX_RESULT = 1e15;

/**
 * round(a × b / d) half up, exactly, for non-negative safe integers, without BigInt (the WeChat build targets
 * engines without it). Both factors are split by d, so every partial product is either below d² or no larger than
 * the result itself, which the caller has bounded.
 */
function mulDivRound(a: number, b: number, d: number): number {
  const bh = Math.floor(b / d);
  const bl = b % d;
  const ah = Math.floor(a / d);
  const al = a % d;
  const low = al * bl;
  const quotient = a * bh + ah * bl + Math.floor(low / d);
  return 2 * (low % d) >= d ? quotient + 1 : quotient;
}

/**
 * `amount` smallest units of `currency` in fen at `rateMicros`, rounded half up (half away from zero for a negative
 * amount): fen = amount × rate × 100 / (10^exponent × 10^6), exact in integers. Infinity when the result would pass
 * 10^15 fen, which every caller refuses as too large.
 */
export function toFen(amount: number, currency: string, rateMicros: number): number {
  if (!Number.isSafeInteger(amount) || !Number.isSafeInteger(rateMicros) || rateMicros <= 0) {
    throw new RangeError('amount and rate must be safe integers, the rate above zero');
  }
  const shift = 2 - currencyExponent(currency);
  const size = Math.abs(amount);
  const a = shift >= 0 ? size * 10 ** shift : size;
  const d = shift >= 0 ? 1_000_000 : 1_000_000 * 10 ** -shift;
  if ((a / d) * rateMicros > MAX_RESULT || !Number.isSafeInteger(a)) return amount < 0 ? -Infinity : Infinity;
  const fen = mulDivRound(a, rateMicros, d);
  return amount < 0 ? -fen : fen;
}
