import { stringify } from 'csv-stringify/sync';

/** One cell of an export: numbers are written as they are, null and undefined as an empty cell. */
export type CsvCell = string | number | null | undefined;

/**
 * A CSV document (RFC 4180, CRLF lines) that spreadsheet programs open safely, for every export staff download:
 * - a UTF-8 byte-order mark, so Excel reads Chinese correctly;
 * - a field is quoted when it holds a comma, a quote or any line break: csv-stringify only looks for the record
 *   delimiter itself (CRLF) unless told otherwise, and a lone LF in a nickname would otherwise start a new row;
 * - text that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR, and their full-width forms) gets a
 *   leading `'`, because nicknames and the like are written by members (CSV injection). Numbers, negative ones
 *   included, are left as numbers.
 */
export function toCsv(header: readonly string[], rows: ReadonlyArray<ReadonlyArray<CsvCell>>): string {
  return stringify([header, ...rows], {
    bom: true,
    record_delimiter: 'windows',
    quote_record_delimiter: true,
    escape_formulas: true,
  });
}
