import { getPath, indexKeys, sortKeyValues, visitQueryPath } from './paths';

function candidates(doc: unknown, path: string, expandLeaf = true): Array<[unknown, number | undefined]> {
  const seen: Array<[unknown, number | undefined]> = [];
  visitQueryPath(
    doc,
    path.split('.'),
    (v, i) => {
      seen.push([v, i]);
      return false;
    },
    expandLeaf,
  );
  return seen;
}

describe('getPath', () => {
  it('reads nested fields and array elements by index', () => {
    const doc = { a: { b: [{ c: 1 }, { c: 2 }] } };
    expect(getPath(doc, 'a.b.1.c')).toBe(2);
    expect(getPath(doc, 'a.b.c')).toBeUndefined();
    expect(getPath(doc, 'a.x.y')).toBeUndefined();
    expect(getPath({ a: 5 }, 'a.b')).toBeUndefined();
  });
});

describe('visitQueryPath', () => {
  it('offers the whole leaf array and each element, with the element position', () => {
    expect(candidates({ a: [1, 2] }, 'a')).toEqual([
      [[1, 2], undefined],
      [1, 0],
      [2, 1],
    ]);
  });

  it('traverses arrays of documents and records the outer array position', () => {
    expect(candidates({ a: [{ b: 1 }, { c: 1 }, { b: [5, 6] }] }, 'a.b', false)).toEqual([
      [1, 0],
      [undefined, 1],
      [[5, 6], 2],
    ]);
  });

  it('reads numeric components as positions and as field names of embedded documents', () => {
    expect(candidates({ a: [[7], { 0: 'x' }] }, 'a.0', false)).toEqual([
      [[7], undefined],
      ['x', 1],
    ]);
  });

  it('reports missing when the path ends early', () => {
    expect(candidates({ a: 5 }, 'a.b')).toEqual([[undefined, undefined]]);
    expect(candidates({ a: [1, 2] }, 'a.b')).toEqual([[undefined, undefined]]);
    expect(candidates({}, 'a')).toEqual([[undefined, undefined]]);
  });

  it('does not enter arrays nested directly in arrays', () => {
    expect(candidates({ a: [[{ b: 1 }]] }, 'a.b')).toEqual([[undefined, undefined]]);
  });
});

describe('indexKeys', () => {
  it('produces one tuple for a plain document, null for missing fields', () => {
    expect(indexKeys({ a: 1, b: 'x' }, { a: 1, b: -1 })).toEqual([[1, 'x']]);
    expect(indexKeys({ a: 1 }, { a: 1, b: 1 })).toEqual([[1, null]]);
  });

  it('produces one tuple per distinct array element (multikey)', () => {
    expect(indexKeys({ a: [3, 1, 3], b: 2 }, { a: 1, b: 1 })).toEqual([
      [3, 2],
      [1, 2],
    ]);
    expect(indexKeys({ a: [{ b: 1 }, { c: 2 }] }, { 'a.b': 1 })).toEqual([[1], [null]]);
    expect(indexKeys({ a: [] }, { a: 1 })).toEqual([[undefined]]);
  });

  it('rejects parallel arrays but allows fields under the same array', () => {
    expect(() => indexKeys({ a: [1], b: [2] }, { a: 1, b: 1 })).toThrow(expect.objectContaining({ code: 171 }));
    expect(indexKeys({ a: [{ x: 1, y: 2 }] }, { 'a.x': 1, 'a.y': 1 })).toEqual([[1, 2]]);
  });

  it('skips documents with every key field missing in a sparse index', () => {
    expect(indexKeys({ b: 1 }, { a: 1 }, { sparse: true })).toBeNull();
    expect(indexKeys({ a: null }, { a: 1 }, { sparse: true })).toEqual([[null]]);
    expect(indexKeys({ a: 1 }, { a: 1, b: 1 }, { sparse: true })).toEqual([[1, null]]);
  });
});

describe('sortKeyValues', () => {
  it('yields array elements and null for missing', () => {
    expect(sortKeyValues({ a: [2, 1] }, 'a')).toEqual([2, 1]);
    expect(sortKeyValues({}, 'a')).toEqual([null]);
  });
});
