import type { Document } from '../contracts';
import { compileProjection } from './projection';

const doc: Document = {
  _id: 1,
  name: 'Ann',
  tier: { level: 2, since: 'x' },
  tags: ['a', 'b', 'c', 'd'],
  items: [
    { sku: 'p', qty: 1 },
    { sku: 'q', qty: 5 },
  ],
};

function project(spec: Document, positionalIndex?: number): Document {
  return compileProjection(spec)(doc, positionalIndex);
}

function errorCode(fn: () => unknown): number | undefined {
  try {
    fn();
  } catch (error) {
    return (error as { code?: number }).code;
  }
  return undefined;
}

describe('compileProjection', () => {
  it('returns the document for an empty projection', () => {
    expect(project({})).toBe(doc);
  });

  it('includes fields (and _id unless excluded) in document order', () => {
    expect(project({ tier: 1, name: 1 })).toEqual({ _id: 1, name: 'Ann', tier: { level: 2, since: 'x' } });
    expect(Object.keys(project({ tier: 1, name: 1 }))).toEqual(['_id', 'name', 'tier']);
    expect(project({ name: 1, _id: 0 })).toEqual({ name: 'Ann' });
    expect(project({ 'tier.level': 1 })).toEqual({ _id: 1, tier: { level: 2 } });
    expect(project({ tier: { level: 1 } })).toEqual({ _id: 1, tier: { level: 2 } });
    expect(project({ 'items.sku': 1 })).toEqual({ _id: 1, items: [{ sku: 'p' }, { sku: 'q' }] });
  });

  it('excludes fields', () => {
    expect(project({ tags: 0, items: 0, 'tier.since': 0 })).toEqual({ _id: 1, name: 'Ann', tier: { level: 2 } });
    expect(project({ _id: 0 })).toEqual({ name: 'Ann', tier: doc.tier, tags: doc.tags, items: doc.items });
  });

  it('rejects mixing inclusion and exclusion, except for _id', () => {
    expect(errorCode(() => compileProjection({ a: 1, b: 0 }))).toBe(2);
    expect(errorCode(() => compileProjection({ a: 0, b: 1 }))).toBe(2);
    expect(errorCode(() => compileProjection({ a: 1, 'a.b': 1 }))).toBe(2);
  });

  it('supports $slice, $elemMatch and the positional $', () => {
    expect(project({ tags: { $slice: 2 } }).tags).toEqual(['a', 'b']);
    expect(project({ tags: { $slice: -1 } }).tags).toEqual(['d']);
    expect(project({ tags: { $slice: [1, 2] } }).tags).toEqual(['b', 'c']);
    expect(project({ tags: { $slice: 2 } }).name).toBe('Ann');
    expect(project({ items: { $elemMatch: { qty: { $gt: 2 } } } })).toEqual({ _id: 1, items: [{ sku: 'q', qty: 5 }] });
    expect(project({ items: { $elemMatch: { qty: { $gt: 9 } } } })).toEqual({ _id: 1 });
    expect(project({ 'items.$': 1 }, 1)).toEqual({ _id: 1, items: [{ sku: 'q', qty: 5 }] });
    expect(errorCode(() => project({ 'items.$': 1 }))).toBe(2);
  });

  it('computes fields from aggregation expressions', () => {
    expect(project({ name: 1, level: '$tier.level', label: { $concat: ['$name', '!'] }, fixed: { $literal: 1 } })).toEqual({
      _id: 1,
      name: 'Ann',
      level: 2,
      label: 'Ann!',
      fixed: 1,
    });
  });
});
