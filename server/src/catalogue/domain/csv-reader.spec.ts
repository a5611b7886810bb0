import fc from 'fast-check';
import { toCsv } from '../../common/csv/csv';
import { CsvSyntaxError, readCsv } from './csv-reader';

describe('readCsv', () => {
  const cells = (text: string) => readCsv(text).map((r) => r.cells);

  it('reads cells and records with CRLF, LF or CR line ends, and a final line end or none', () => {
    expect(cells('a,b\r\nc,d\r\n')).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
    expect(cells('a,b\nc,d')).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
    expect(cells('a\rb\r')).toEqual([['a'], ['b']]);
    expect(cells('a,,\n')).toEqual([['a', '', '']]);
    expect(cells('')).toEqual([]);
  });

  it('drops the byte-order mark and reads quoted cells with commas, doubled quotes and line breaks', () => {
    expect(cells('\uFEFFsku,name\n"A-1","茶, 红色 ""大"" 号"\n"B","两\r\n行"')).toEqual([
      ['sku', 'name'],
      ['A-1', '茶, 红色 "大" 号'],
      ['B', '两\r\n行'],
    ]);
    expect(cells('""\n"",x')).toEqual([[''], ['', 'x']]);
  });

  it('numbers records as a spreadsheet does: a quoted line break stays in its row, blank lines count', () => {
    const records = readCsv('h\n"a\nb"\n\nc\n');
    expect(records.map((r) => [r.row, r.cells])).toEqual([
      [1, ['h']],
      [2, ['a\nb']],
      [3, ['']],
      [4, ['c']],
    ]);
  });

  it('keeps a quote inside an unquoted cell, marks text after a closing quote and reads on', () => {
    const records = readCsv('5" screen,x\n"ab"c,d\ne,f');
    expect(records[0]).toEqual({ row: 1, cells: ['5" screen', 'x'] });
    expect(records[1]).toEqual({ row: 2, cells: ['abc', 'd'], malformed: true });
    expect(records[2]).toEqual({ row: 3, cells: ['e', 'f'] });
  });

  it('refuses a quote that is never closed, naming its row', () => {
    expect(() => readCsv('a\nb\n"c,d\ne')).toThrow(CsvSyntaxError);
    try {
      readCsv('a\nb\n"c,d\ne');
    } catch (error) {
      expect((error as CsvSyntaxError).row).toBe(3);
    }
  });

  it('reads back whatever our CSV export writes', () => {
    const text = fc.string({ unit: fc.constantFrom('a', '中', ',', '"', '\n', '\r', ' ', '=', '-', "'"), maxLength: 12 }).filter(
      // A cell that starts with ' before a formula sign is ours, taken off on import.
      (s) => !s.startsWith("'"),
    );
    fc.assert(
      fc.property(fc.array(fc.array(text, { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 5 }), (rows) => {
        const width = rows[0].length;
        const table = rows.map((r) => Array.from({ length: width }, (_, i) => r[i] ?? ''));
        const read = cells(toCsv(['c1', ...table[0].slice(1).map((_, i) => `c${i + 2}`)], table));
        expect(read.slice(1).map((r) => r.map((c) => c.replace(/^'(?=[=+\-@\t\r＝＋－＠])/, '')))).toEqual(table);
      }),
    );
  });
});
