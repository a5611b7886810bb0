import fc from 'fast-check';
import { toCsv } from './csv';

/** A minimal CSV reader as strict as a spreadsheet, to check that what we write reads back as the same cells. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' || c === '\n') {
      // Spreadsheet programs end a row at any unquoted line break, not only at CRLF.
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      if (c === '\r' && text[i + 1] === '\n') i++;
    } else field += c;
  }
  return rows;
}

/** How one cell is written: the document for one header and one cell, less the header line and the final CRLF. */
const cell = (value: string | number) => toCsv(['h'], [[value]]).slice('\uFEFFh\r\n'.length, -2);
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

describe('toCsv', () => {
  it('starts with a byte-order mark and ends every line with CRLF', () => {
    expect(toCsv(['a', 'b'], [[1, undefined]])).toBe('\uFEFFa,b\r\n1,\r\n');
    expect(toCsv(['a', 'b'], [])).toBe('\uFEFFa,b\r\n');
  });

  it('writes null and undefined as empty cells and numbers as numbers', () => {
    expect(toCsv(['a', 'b', 'c'], [[null, undefined, -5]])).toBe('\uFEFFa,b,c\r\n,,-5\r\n');
    expect(cell(0)).toBe('0');
    expect(cell(12.5)).toBe('12.5');
  });

  it('quotes commas, quotes and every kind of line break', () => {
    expect(cell('上海, 南京西路')).toBe('"上海, 南京西路"');
    expect(cell('say "hi"')).toBe('"say ""hi"""');
    expect(cell('two\nlines')).toBe('"two\nlines"');
    expect(cell('two\r\nlines')).toBe('"two\r\nlines"');
    expect(cell('a\rb')).toBe('"a\rb"');
  });

  it('defuses cells a spreadsheet would run as a formula, full-width ones too', () => {
    expect(cell('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"');
    expect(cell('+86')).toBe("'+86");
    expect(cell('-1')).toBe("'-1");
    expect(cell('@cmd')).toBe("'@cmd");
    expect(cell('\t=1')).toBe("'\t=1");
    expect(cell('\r=1')).toBe('"\'\r=1"');
    expect(cell('＝1+1')).toBe("'＝1+1");
    expect(cell('＠SUM(A1)')).toBe("'＠SUM(A1)");
    expect(cell(-1)).toBe('-1');
    expect(cell('138****1234')).toBe('138****1234');
  });

  it('writes the dashboard export as before the move to csv-stringify', () => {
    const csv = toCsv(
      ['figure', 'key', 'value'],
      [
        ['members by stage', 'new-one-time', 3],
        ['note', 'a "quoted", text', null],
        ['store', '=HYPERLINK("x")', -5],
      ],
    );
    expect(csv).toBe(
      '\uFEFFfigure,key,value\r\nmembers by stage,new-one-time,3\r\nnote,"a ""quoted"", text",\r\nstore,"\'=HYPERLINK(""x"")",-5\r\n',
    );
  });

  it('reads back as the same cells, whatever members write in their nicknames', () => {
    const text = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.constantFrom('=1', '\r\n', '\n', '＝1', '"', ','));
    fc.assert(
      fc.property(fc.array(fc.array(text, { minLength: 1, maxLength: 4 }), { maxLength: 5 }), (rows) => {
        const header = ['h1', 'h2', 'h3', 'h4'].slice(0, rows[0]?.length ?? 1);
        const parsed = parseCsv(toCsv(header, rows).slice(1));
        const defused = (value: string) => (FORMULA_START.test(value) ? `'${value}` : value);
        expect(parsed).toEqual([header, ...rows.map((r) => r.map(defused))]);
      }),
    );
  });
});
