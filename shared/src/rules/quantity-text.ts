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
