/**
 * A small CSV reader (RFC 4180 as spreadsheets write it): comma-separated cells, records ended by CRLF, LF or CR,
 * cells in double quotes may hold commas, quotes (doubled) and line breaks. It reads the text the way a
 * spreadsheet numbers its rows, so an error report's row numbers are the ones HQ sees in Excel.
 *
 * Lenient where a spreadsheet is: a quote inside an unquoted cell is kept as it is. A record with text after a
 * closing quote (`"ab"c`) is kept but marked `malformed`, and reading goes on with the next record; only a quote
 * that is never closed stops the reading, since everything after it would be one cell.
 */

export interface CsvRecord {
  /** The record's number as a spreadsheet shows it: the first record (the header) is 1; blank lines count. */
  row: number;
  cells: string[];
  /** Text followed a closing quote somewhere in the record. */
  malformed?: true;
}

export class CsvSyntaxError extends Error {
  constructor(
    readonly row: number,
    message: string,
  ) {
    super(message);
    this.name = 'CsvSyntaxError';
  }
}

const QUOTE = 34; // "
const COMMA = 44; // ,
const LF = 10;
const CR = 13;

export function readCsv(input: string): CsvRecord[] {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const records: CsvRecord[] = [];
  const length = text.length;
  let i = 0;
  let row = 0;
  while (i < length) {
    row += 1;
    const record: CsvRecord = { row, cells: [] };
    // One record: cells until a line end (outside quotes) or the end of the text.
    for (;;) {
      let cell: string;
      if (text.charCodeAt(i) === QUOTE) {
        let value = '';
        let from = i + 1;
        for (;;) {
          const close = text.indexOf('"', from);
          if (close < 0) throw new CsvSyntaxError(row, `第 ${row} 行有一个没有闭合的引号`);
          value += text.slice(from, close);
          if (text.charCodeAt(close + 1) === QUOTE) {
            value += '"';
            from = close + 2;
            continue;
          }
          i = close + 1;
          break;
        }
        // Anything between the closing quote and the end of the cell is kept, and the record marked.
        const end = cellEnd(text, i);
        if (end > i) {
          value += text.slice(i, end);
          record.malformed = true;
        }
        i = end;
        cell = value;
      } else {
        const end = cellEnd(text, i);
        cell = text.slice(i, end);
        i = end;
      }
      record.cells.push(cell);
      const c = text.charCodeAt(i);
      if (c === COMMA) {
        i += 1;
        continue;
      }
      // A line end or the end of the text closes the record.
      if (c === CR) i += text.charCodeAt(i + 1) === LF ? 2 : 1;
      else if (c === LF) i += 1;
      break;
    }
    records.push(record);
  }
  return records;
}

/** Where the unquoted text from `from` ends: at a comma, a line break or the end. */
function cellEnd(text: string, from: number): number {
  let i = from;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === COMMA || c === LF || c === CR) break;
  }
  return i;
}
