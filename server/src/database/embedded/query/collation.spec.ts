import { MongoCommandError } from '../errors';
import { parseCollation, sameCollation } from './collation';
import { compileFilter } from './filter';
import { compileSort } from './sort';
import { compareValuesCollated } from './values';

function code(fn: () => unknown): number | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof MongoCommandError) return error.code;
    throw error;
  }
  return undefined;
}

describe('parseCollation', () => {
  it('the simple collation is no collation: absent, {} and { locale: "simple" }', () => {
    expect(parseCollation(undefined)).toBeUndefined();
    expect(parseCollation({})).toBeUndefined();
    expect(parseCollation({ locale: 'simple' })).toBeUndefined();
  });

  it('fills in the full document mongod reports', () => {
    expect(parseCollation({ locale: 'zh', strength: 2 })?.spec).toEqual({
      locale: 'zh',
      caseLevel: false,
      caseFirst: 'off',
      strength: 2,
      numericOrdering: false,
      alternate: 'non-ignorable',
      maxVariable: 'punct',
      normalization: false,
      backwards: false,
      version: '57.1',
    });
    expect(sameCollation(parseCollation({ locale: 'zh' }), parseCollation({ locale: 'zh', strength: 3 }))).toBe(true);
    expect(sameCollation(parseCollation({ locale: 'zh' }), parseCollation({ locale: 'zh', strength: 2 }))).toBe(false);
    expect(sameCollation(undefined, parseCollation({ locale: 'simple' }))).toBe(true);
  });

  it("refuses what mongod refuses, with mongod's codes", () => {
    expect(code(() => parseCollation({ locale: 'xx' }))).toBe(2);
    expect(code(() => parseCollation({ locale: 'en', strength: 0 }))).toBe(9);
    expect(code(() => parseCollation({ locale: 'en', strength: 6 }))).toBe(9);
    expect(code(() => parseCollation({ strength: 1 }))).toBe(40414);
    expect(code(() => parseCollation({ locale: 'en', bogus: 1 }))).toBe(40415);
    expect(code(() => parseCollation({ locale: 'en', caseFirst: 'sideways' }))).toBe(9);
    expect(code(() => parseCollation({ locale: 'en', numericOrdering: 'yes' }))).toBe(14);
    expect(code(() => parseCollation('en'))).toBe(14);
    expect(code(() => parseCollation({ locale: 'simple', strength: 1 }))).toBe(2);
  });

  it('accepts ICU locale forms mongod lists (zh_Hant, en_US, de@collation=phonebook)', () => {
    expect(parseCollation({ locale: 'zh_Hant' })).toBeDefined();
    expect(parseCollation({ locale: 'en_US' })).toBeDefined();
    expect(parseCollation({ locale: 'de@collation=phonebook' })).toBeDefined();
  });
});

describe('comparing under a collation', () => {
  const zh = parseCollation({ locale: 'zh' })!;

  it('orders Chinese by pinyin and keeps the type order across brackets', () => {
    expect(['张三', '赵六', '李四', '王五'].sort(zh.compare)).toEqual(['李四', '王五', '张三', '赵六']);
    expect(zh.compare(5, '李')).toBeLessThan(0); // numbers before strings, as ever
    expect(zh.compare('李', { a: 1 })).toBeLessThan(0);
  });

  it('compares strings inside arrays and objects under the collation, field names binary', () => {
    const ci = parseCollation({ locale: 'en', strength: 2 })!;
    expect(compareValuesCollated(['A', { n: 'B' }], ['a', { n: 'b' }], ci.compareStrings)).toBe(0);
    expect(compareValuesCollated({ N: 'a' }, { n: 'a' }, ci.compareStrings)).not.toBe(0);
  });

  it('filters and sorts take the collation', () => {
    const ci = parseCollation({ locale: 'en', strength: 1 })!;
    expect(compileFilter({ name: 'ALICE' }, { collation: ci }).matches({ name: 'alicé' })).toBe(true);
    expect(compileFilter({ name: 'ALICE' }).matches({ name: 'alice' })).toBe(false);
    expect(compileFilter({ name: { $regex: '^A' } }, { collation: ci }).matches({ name: 'alice' })).toBe(false);
    const numeric = parseCollation({ locale: 'en', numericOrdering: true });
    const docs = [{ c: 'M10' }, { c: 'M2' }, { c: 'M1' }];
    expect([...docs].sort(compileSort({ c: 1 }, numeric)).map((d) => d.c)).toEqual(['M1', 'M2', 'M10']);
  });
});
