import { DEFAULT_ANALYTICS_SETTINGS } from './default-analytics-settings';
import { fitRfmModel, quantileCuts, rfmScores, scoreHigherIsBetter, scoreLowerIsBetter } from './rfm-scoring';
import { rfmSegment, toFivePointScale } from './rfm-segments';

const grid = DEFAULT_ANALYTICS_SETTINGS.rfm.segmentGrid;

describe('RFM quantile scoring', () => {
  it('cuts 1…10 into quintiles of two values each', () => {
    const cuts = quantileCuts([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 5);
    expect(cuts).toEqual([2, 4, 6, 8]);
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((v) => scoreHigherIsBetter(v, cuts))).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
    // Recency: fewer days since the last purchase is better.
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((v) => scoreLowerIsBetter(v, cuts, 5))).toEqual([5, 5, 4, 4, 3, 3, 2, 2, 1, 1]);
  });

  it('scores equal values alike: most members bought once → frequency 1 for all of them', () => {
    const frequency = [1, 1, 1, 1, 1, 1, 2, 2, 3, 7];
    const cuts = quantileCuts(frequency, 5);
    expect(frequency.map((v) => scoreHigherIsBetter(v, cuts))).toEqual([1, 1, 1, 1, 1, 1, 4, 4, 5, 5]);
    const sameRecency = quantileCuts([0, 0, 0, 0], 5);
    expect(scoreLowerIsBetter(0, sameRecency, 5)).toBe(5);
  });

  it('handles fewer members than bins and configurable bin counts', () => {
    expect(quantileCuts([], 5)).toEqual([]);
    expect(scoreHigherIsBetter(100, [])).toBe(1);
    const cuts = quantileCuts([10, 20], 5);
    expect(cuts).toEqual([10, 10, 20, 20]);
    expect(scoreHigherIsBetter(20, cuts)).toBe(3);
    expect(quantileCuts([1, 2, 3], 3)).toEqual([1, 2]);
    expect(() => quantileCuts([1], 1)).toThrow(RangeError);
  });

  it('fits a model on columns and scores a member with it', () => {
    const model = fitRfmModel(
      { recency: [5, 50, 500, 10, 100], frequency: [9, 1, 1, 4, 2], monetary: [900, 10, 20, 400, 60] },
      5,
      5,
    );
    expect(rfmScores({ recencyDays: 5, frequency: 9, monetaryFen: 900 }, model)).toEqual({ r: 5, f: 5, m: 5 });
    expect(rfmScores({ recencyDays: 500, frequency: 1, monetaryFen: 10 }, model)).toEqual({ r: 1, f: 1, m: 1 });
  });
});

describe('RFM segments', () => {
  it('maps the corners and edges of the grid to the standard names', () => {
    const seg = (r: number, f: number, m: number) => rfmSegment({ r, f, m }, 5, grid);
    expect(seg(5, 5, 5)).toBe('champions');
    expect(seg(4, 4, 4)).toBe('champions');
    expect(seg(3, 5, 4)).toBe('loyal');
    expect(seg(5, 2, 3)).toBe('potential-loyalists');
    expect(seg(5, 1, 1)).toBe('new');
    expect(seg(4, 1, 1)).toBe('promising');
    expect(seg(3, 2, 3)).toBe('need-attention');
    expect(seg(3, 1, 1)).toBe('about-to-sleep');
    expect(seg(2, 3, 3)).toBe('at-risk');
    expect(seg(1, 5, 5)).toBe('cant-lose-them');
    expect(seg(2, 1, 1)).toBe('hibernating');
    expect(seg(1, 1, 1)).toBe('lost');
  });

  it('rounds the FM mean half up', () => {
    // F 4, M 5 → 4.5 → 5; F 1, M 2 → 1.5 → 2.
    expect(rfmSegment({ r: 2, f: 4, m: 5 }, 5, grid)).toBe('cant-lose-them');
    expect(rfmSegment({ r: 5, f: 1, m: 2 }, 5, grid)).toBe('potential-loyalists');
  });

  it('reaches every one of the eleven segments and covers every score', () => {
    const seen = new Set<string>();
    for (let r = 1; r <= 5; r++)
      for (let f = 1; f <= 5; f++) for (let m = 1; m <= 5; m++) seen.add(rfmSegment({ r, f, m }, 5, grid));
    expect(seen.size).toBe(11);
  });

  it('puts other bin counts on the five-point scale', () => {
    expect([1, 2, 3].map((s) => toFivePointScale(s, 3))).toEqual([2, 4, 5]);
    expect([1, 10].map((s) => toFivePointScale(s, 10))).toEqual([1, 5]);
    expect(rfmSegment({ r: 3, f: 3, m: 3 }, 3, grid)).toBe('champions');
  });
});
