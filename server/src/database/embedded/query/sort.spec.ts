import { Double, Long } from 'bson';
import type { Document } from '../contracts';
import { compileSort } from './sort';

function order(sort: Document, docs: Document[]): unknown[] {
  return [...docs].sort(compileSort(sort)).map((d) => d._id);
}

describe('compileSort', () => {
  it('sorts ascending and descending across numeric types', () => {
    const docs = [
      { _id: 1, n: new Double(3) },
      { _id: 2, n: 1.5 },
      { _id: 3, n: Long.fromNumber(2) },
    ];
    expect(order({ n: 1 }, docs)).toEqual([2, 3, 1]);
    expect(order({ n: -1 }, docs)).toEqual([1, 3, 2]);
  });

  it('puts missing and null first ascending, after an empty array', () => {
    const docs = [{ _id: 1, a: 1 }, { _id: 2 }, { _id: 3, a: [] }, { _id: 4, a: 'x' }];
    expect(order({ a: 1 }, docs)).toEqual([3, 2, 1, 4]);
  });

  it('sorts arrays by their min ascending and their max descending', () => {
    const docs = [
      { _id: 1, a: [1, 10] },
      { _id: 2, a: [5] },
    ];
    expect(order({ a: 1 }, docs)).toEqual([1, 2]);
    expect(order({ a: -1 }, docs)).toEqual([1, 2]);
  });

  it('breaks ties with later keys and dotted paths', () => {
    const docs = [
      { _id: 1, m: { tier: 'gold' }, at: 2 },
      { _id: 2, m: { tier: 'gold' }, at: 1 },
      { _id: 3, m: { tier: 'basic' }, at: 3 },
    ];
    expect(order({ 'm.tier': -1, at: 1 }, docs)).toEqual([2, 1, 3]);
  });

  it('rejects $meta without text scores, other $meta and bad directions', () => {
    expect(() => compileSort({ score: { $meta: 'textScore' } })).toThrow(expect.objectContaining({ code: 40218 }));
    expect(() => compileSort({ score: { $meta: 'searchScore' } })).toThrow(expect.objectContaining({ code: 2 }));
    expect(() => compileSort({ a: 2 })).toThrow(expect.objectContaining({ code: 2 }));
  });

  it('sorts { $meta: "textScore" } highest first', () => {
    const a = { _id: 1 };
    const b = { _id: 2 };
    const scores = new Map<object, number>([
      [a, 0.75],
      [b, 1.1],
    ]);
    expect([a, b].sort(compileSort({ s: { $meta: 'textScore' } }, undefined, (d) => scores.get(d)))).toEqual([b, a]);
  });
});
