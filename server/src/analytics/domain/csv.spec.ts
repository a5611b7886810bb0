import { toCsv } from './csv';

describe('CSV export', () => {
  it('quotes what needs quoting, defuses formulas and starts with a BOM', () => {
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
});
