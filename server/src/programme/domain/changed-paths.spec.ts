import { DEFAULT_PROGRAMME_RULES } from '@memberloop/shared';
import { changedPaths, MAX_CHANGED_PATHS, settingDiff } from './changed-paths';

const campaign = { id: 'c-1', name: '双倍周', multiplier: 2, startsAt: '2026-12-01T00:00:00Z', endsAt: '2026-12-08T00:00:00Z' };

describe('changedPaths', () => {
  it('is empty for equal values, whatever the key order', () => {
    expect(changedPaths({ a: 1, b: { c: [1, 2] } }, { b: { c: [1, 2] }, a: 1 })).toEqual([]);
  });

  it('names a changed scalar by its dotted path', () => {
    const after = { ...DEFAULT_PROGRAMME_RULES, earning: { ...DEFAULT_PROGRAMME_RULES.earning, pointsPerYuan: 2 } };
    expect(changedPaths(DEFAULT_PROGRAMME_RULES, after)).toEqual(['earning.pointsPerYuan']);
  });

  it('names campaigns by id: added, removed and changed fields', () => {
    const other = { ...campaign, id: 'c-2' };
    expect(changedPaths({ campaigns: [] }, { campaigns: [campaign] })).toEqual(['campaigns[c-1]']);
    expect(changedPaths({ campaigns: [campaign, other] }, { campaigns: [other] })).toEqual(['campaigns[c-1]']);
    expect(changedPaths({ campaigns: [campaign] }, { campaigns: [{ ...campaign, multiplier: 3 }] })).toEqual([
      'campaigns[c-1].multiplier',
    ]);
    expect(changedPaths({ campaigns: [campaign] }, { campaigns: [{ ...campaign, retiredAt: '2026-12-02T00:00:00Z' }] })).toEqual([
      'campaigns[c-1].retiredAt',
    ]);
  });

  it('says which items were added and which removed', () => {
    const other = { ...campaign, id: 'c-2' };
    expect(settingDiff({ campaigns: [campaign] }, { campaigns: [{ ...campaign, name: '新' }, other] })).toEqual({
      changes: ['campaigns[c-1].name', 'campaigns[c-2]'],
      added: ['campaigns[c-2]'],
      removed: [],
    });
    expect(settingDiff({ campaigns: [campaign, other] }, { campaigns: [other] })).toMatchObject({
      removed: ['campaigns[c-1]'],
      added: [],
    });
  });

  it('names line rules by SKU or category, and tiers by code', () => {
    const sku = { match: { sku: 'TEA-1' }, multiplier: 2 };
    const category = { match: { category: '茶饮' }, multiplier: 0 };
    expect(changedPaths({ rules: [sku] }, { rules: [{ ...sku, multiplier: 3 }, category] })).toEqual([
      'rules[sku:TEA-1].multiplier',
      'rules[category:茶饮]',
    ]);
    expect(changedPaths([{ code: 'gold', rank: 1 }], [{ code: 'gold', rank: 2 }])).toEqual(['[gold].rank']);
  });

  it('treats a list of plain values as one field', () => {
    expect(changedPaths({ tierCodes: ['gold'] }, { tierCodes: ['gold', 'silver'] })).toEqual(['tierCodes']);
  });

  it('stops at MAX_CHANGED_PATHS', () => {
    const before = Object.fromEntries(Array.from({ length: 80 }, (_, i) => [`k${i}`, 0]));
    const after = Object.fromEntries(Array.from({ length: 80 }, (_, i) => [`k${i}`, 1]));
    expect(changedPaths(before, after)).toHaveLength(MAX_CHANGED_PATHS);
  });
});
