/**
 * How every screen and message writes a number with its unit: "100 积分", "3 天", "1 天 12 小时". One space
 * between the number and its unit, none between the unit and the Chinese that follows ("3 天内"); the text
 * around a quantity puts one space before it ("可得 100 积分"). Written once so "得100 积分" or "1天 内" cannot
 * creep back in.
 */
export function quantityText(amount: number | string, unit: string): string {
  return `${amount} ${unit}`;
}

/** Several quantities in a row, largest unit first: "1 天 12 小时"; empty parts (amount 0) left out. */
export function quantitiesText(parts: ReadonlyArray<readonly [amount: number, unit: string]>): string {
  return parts
    .filter(([amount]) => amount !== 0)
    .map(([amount, unit]) => quantityText(amount, unit))
    .join(' ');
}

/** A change with its sign, as a statement shows it: "+15 积分", "-300 积分" ("0 积分" for none). */
export function signedQuantityText(amount: number, unit: string): string {
  return quantityText(amount > 0 ? `+${amount}` : String(amount), unit);
}

/** A place in a row: "第 3 天", "第 2 位" (the same spaces as a quantity). */
export function ordinalText(position: number, unit: string): string {
  return `第 ${quantityText(position, unit)}`;
}

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;
const NUMBER_START = /^[+-]?\d/;

/**
 * Pieces of text joined the same way: one space where Chinese meets a number, on either side ("得" + "100 积分" →
 * "得 100 积分", "3 天" … "内" stays "3 天内" as the unit is Chinese), none between Chinese words ("得" + "首单 2 倍积分"
 * → "得首单 2 倍积分"). For a phrase that may or may not open with a quantity; empty pieces are left out.
 */
export function joinText(...pieces: string[]): string {
  return pieces
    .filter((piece) => piece !== '')
    .reduce((text, piece) => {
      const last = text.slice(-1);
      const space = (CJK.test(last) && NUMBER_START.test(piece)) || (/\d/.test(last) && CJK.test(piece.charAt(0)));
      return text === '' ? piece : `${text}${space ? ' ' : ''}${piece}`;
    }, '');
}
