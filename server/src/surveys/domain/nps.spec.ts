import { isDetractor, isoWeekOf, npsBy, npsClassOf, npsOf } from './nps';

describe('NPS', () => {
  it('classes 9–10 as promoters, 7–8 passive, 0–6 detractors', () => {
    expect([0, 6, 7, 8, 9, 10].map(npsClassOf)).toEqual(['detractor', 'detractor', 'passive', 'passive', 'promoter', 'promoter']);
    expect(isDetractor(6)).toBe(true);
    expect(isDetractor(7)).toBe(false);
  });
  it('is % promoters − % detractors, one decimal', () => {
    expect(npsOf([10, 9, 8, 0])).toEqual({ score: 25, promoters: 2, passives: 1, detractors: 1, total: 4 });
    expect(npsOf([10, 10, 3]).score).toBe(33.3);
    expect(npsOf([0, 1]).score).toBe(-100);
    expect(npsOf([7, 8]).score).toBe(0);
  });
  it('has no score without answers', () => {
    expect(npsOf([])).toEqual({ score: null, promoters: 0, passives: 0, detractors: 0, total: 0 });
  });
  it('groups by key in key order', () => {
    const rows = [
      { k: 'silver', s: 10 },
      { k: 'gold', s: 0 },
      { k: 'silver', s: 5 },
    ];
    expect(
      npsBy(
        rows,
        (r) => r.k,
        (r) => r.s,
      ).map((g) => [g.key, g.score]),
    ).toEqual([
      ['gold', -100],
      ['silver', 0],
    ]);
  });
  it('names the ISO week of a day, across year ends', () => {
    expect(isoWeekOf('2026-12-03')).toBe('2026-W49');
    expect(isoWeekOf('2027-01-01')).toBe('2026-W53');
    expect(isoWeekOf('2024-12-30')).toBe('2025-W01');
    expect(isoWeekOf('2026-01-05')).toBe('2026-W02');
  });
});
