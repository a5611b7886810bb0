import { toCsv } from '../../common/csv/csv';
import { CatalogueFileError, checkCatalogueFile, priceInFen, type CheckedRow } from './catalogue-csv';

const file = (text: string) => new TextEncoder().encode(text);
const check = (text: string, maxRows?: number) => checkCatalogueFile(file(text), maxRows);
const refusal = (text: string | Uint8Array): CatalogueFileError => {
  try {
    checkCatalogueFile(typeof text === 'string' ? file(text) : text);
  } catch (error) {
    if (error instanceof CatalogueFileError) return error;
    throw error;
  }
  throw new Error('the file was taken');
};
const errorsOf = (rows: CheckedRow[]) => rows.flatMap((r) => r.errors ?? []);

describe('checkCatalogueFile', () => {
  it('reads good rows into products: price in yuan to fen, empty picture left out, status when given', () => {
    const rows = check(
      '\uFEFFsku,name,category,imageUrl,price\r\n' +
        'TEA-01,"红茶, 特级",茶叶,https://cdn.example.com/tea.png,12.50\r\n' +
        'CUP_2,马克杯,器具,,8\r\n',
    );
    expect(rows).toEqual([
      {
        row: 2,
        product: {
          row: 2,
          sku: 'TEA-01',
          name: '红茶, 特级',
          category: '茶叶',
          imageUrl: 'https://cdn.example.com/tea.png',
          priceFen: 1250,
        },
      },
      { row: 3, product: { row: 3, sku: 'CUP_2', name: '马克杯', category: '器具', priceFen: 800 } },
    ]);
  });

  it('takes the columns in any order and any case, with a status column, and skips blank lines', () => {
    const rows = check('Price,SKU,Name,Category,ImageURL,Status,\n\n1.5,A,甲,类,,retired,\n,,,,,\n2,B,乙,类,,在售\n');
    expect(rows.map((r) => r.product)).toEqual([
      { row: 3, sku: 'A', name: '甲', category: '类', priceFen: 150, status: 'retired' },
      { row: 5, sku: 'B', name: '乙', category: '类', priceFen: 200, status: 'active' },
    ]);
  });

  it('reports every problem of a bad row with its row number, field, stable code and words, and keeps the good rows', () => {
    const rows = check(
      [
        'sku,name,category,imageUrl,price,status',
        'GOOD,好的,类,,1,',
        ',,,http://insecure.example.com/a.png,-1,gone',
        `BAD SKU,${'名'.repeat(61)},${'类'.repeat(31)},not a url,12.345,`,
        'TOO,MANY,CELLS,,1,,extra',
        'SHORT,only',
        '"Q"x,名,类,,1,',
        'GOOD,again,类,,2,',
        'NOPRICE,名,类,,,',
      ].join('\n'),
    );
    expect(rows[0]).toMatchObject({ row: 2, product: { sku: 'GOOD' } });
    expect(errorsOf(rows)).toEqual([
      { row: 3, field: 'sku', code: 'REQUIRED', message: 'SKU 不能为空' },
      { row: 3, field: 'name', code: 'REQUIRED', message: '名称不能为空' },
      { row: 3, field: 'category', code: 'REQUIRED', message: '品类不能为空' },
      { row: 3, field: 'imageUrl', code: 'INVALID_IMAGE_URL', message: '图片地址必须是 https:// 开头的网址' },
      { row: 3, field: 'price', code: 'INVALID_PRICE', message: '价格必须是不小于 0 的数字，最多两位小数' },
      { row: 3, field: 'status', code: 'INVALID_STATUS', message: expect.stringContaining('active') },
      { row: 4, sku: 'BAD SKU', field: 'sku', code: 'INVALID_SKU', message: expect.stringContaining('字母、数字') },
      { row: 4, sku: 'BAD SKU', field: 'name', code: 'TOO_LONG', message: '名称最多 60 个字' },
      { row: 4, sku: 'BAD SKU', field: 'category', code: 'TOO_LONG', message: '品类最多 30 个字' },
      { row: 4, sku: 'BAD SKU', field: 'imageUrl', code: 'INVALID_IMAGE_URL', message: expect.any(String) },
      { row: 4, sku: 'BAD SKU', field: 'price', code: 'INVALID_PRICE', message: expect.any(String) },
      { row: 5, sku: 'TOO', field: 'row', code: 'COLUMN_COUNT', message: expect.stringContaining('7 列') },
      { row: 6, sku: 'SHORT', field: 'row', code: 'COLUMN_COUNT', message: expect.stringContaining('2 列') },
      { row: 7, sku: 'Qx', field: 'row', code: 'MALFORMED_ROW', message: expect.any(String) },
      { row: 8, sku: 'GOOD', field: 'sku', code: 'DUPLICATE_SKU', message: 'SKU 与第 2 行重复，只导入第一次出现的那一行' },
      { row: 9, sku: 'NOPRICE', field: 'price', code: 'REQUIRED', message: '价格不能为空' },
    ]);
  });

  it('reads back our own export: formula guards taken off, prices in yuan', () => {
    const exported = toCsv(
      ['sku', 'name', 'category', 'imageUrl', 'price', 'status'],
      [
        ['-NEG', '=SUM(A1)', '@类', '', '0.00', 'active'],
        ['X', '+加号', '类', 'https://cdn.example.com/x.png', '1299.90', 'retired'],
      ],
    );
    expect(checkCatalogueFile(new TextEncoder().encode(exported)).map((r) => r.product)).toEqual([
      { row: 2, sku: '-NEG', name: '=SUM(A1)', category: '@类', priceFen: 0, status: 'active' },
      {
        row: 3,
        sku: 'X',
        name: '+加号',
        category: '类',
        imageUrl: 'https://cdn.example.com/x.png',
        priceFen: 129_990,
        status: 'retired',
      },
    ]);
  });

  it('refuses a file that is not a catalogue at once, saying what is wrong', () => {
    expect(refusal('').message).toContain('文件是空的');
    expect(refusal('sku,name,category,imageUrl,price\n\n').message).toContain('没有商品行');
    const header = refusal('sku,title,category,price,cost,price\nA,b,c,1,2,3');
    expect(header.message).toBe(
      '表头应为 sku,name,category,imageUrl,price（可再加 status 列）：缺少 name、imageUrl；不认识的列 title、cost；重复的列 price',
    );
    expect(header.details).toMatchObject({ missing: ['name', 'imageUrl'], unknown: ['title', 'cost'], repeated: ['price'] });
    expect(refusal('sku,name,category,imageUrl,price\n"A,b,c,,1\n').message).toContain('第 2 行有一个没有闭合的引号');
    // "sku,name" in GBK, as Excel saves a CSV on a Chinese Windows.
    expect(refusal(new Uint8Array([0x73, 0x6b, 0x75, 0x2c, 0xc3, 0xfb, 0xb3, 0xc6])).message).toContain('UTF-8');
    expect(() => check('sku,name,category,imageUrl,price\nA,a,c,,1\nB,b,c,,1\nC,c,c,,1', 2)).toThrow('一次最多导入 2 行');
  });
});

describe('priceInFen', () => {
  it('reads yuan as spreadsheets write them, to the fen, without floating point', () => {
    expect(priceInFen('12.50')).toBe(1250);
    expect(priceInFen('12.5')).toBe(1250);
    expect(priceInFen('0')).toBe(0);
    expect(priceInFen('0.1')).toBe(10);
    expect(priceInFen('¥1,299.90')).toBe(129_990);
    expect(priceInFen('￥ 8')).toBe(800);
    expect(priceInFen('99999999.99')).toBe(9_999_999_999);
    for (const bad of ['-1', '1.234', 'abc', '1,2345', '1e3', '.5', '100000000', '12.', '1 2', ''])
      expect(priceInFen(bad)).toBeUndefined();
  });
});
