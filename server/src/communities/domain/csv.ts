/**
 * A CSV document (RFC 4180, CRLF lines) that spreadsheet programs open safely: a UTF-8 byte-order mark so Excel
 * reads Chinese correctly, every field quoted when it needs to be, and cells that would start a formula
 * (`=`, `+`, `-`, `@`, tab, CR) prefixed with `'` because nicknames are written by members (CSV injection).
 */
export function toCsv(header: string[], rows: Array<Array<string | number | undefined>>): string {
  const lines = [header, ...rows].map((row) => row.map(csvField).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

export function csvField(value: string | number | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'number') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
