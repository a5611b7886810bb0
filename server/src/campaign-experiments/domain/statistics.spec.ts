import { meanDifference, momentsOf, normalCdf, sampleVariance, twoProportionTest } from './statistics';

// Expected figures below were worked out by hand (and checked with Python's statistics.NormalDist).
describe('A/B statistics', () => {
  it('computes the normal CDF to 1e-6', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 6);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
    expect(normalCdf(-1.959964)).toBeCloseTo(0.025, 6);
    expect(normalCdf(1)).toBeCloseTo(0.841345, 6);
  });

  it('tests 12 % of 1 000 against 10 % of 1 000: +2 points, not significant', () => {
    // pooled p = 0.11, SE0 = √(0.11·0.89·(2/1000)) = 0.013993, z = 0.02 / 0.013993 = 1.4293, p = 0.1529;
    // SE = √(0.12·0.88/1000 + 0.1·0.9/1000) = 0.013986, interval 0.02 ± 1.96·0.013986 = [−0.00741, 0.04741].
    const test = twoProportionTest(120, 1_000, 100, 1_000)!;
    expect(test.difference).toBeCloseTo(0.02, 10);
    expect(test.z).toBeCloseTo(1.4293, 4);
    expect(test.pValue).toBeCloseTo(0.1529, 4);
    expect(test.low).toBeCloseTo(-0.00741, 5);
    expect(test.high).toBeCloseTo(0.04741, 5);
    expect(test.significant).toBe(false);
  });

  it('tests 15 % of 400 against 7.5 % of 400: +7.5 points, significant', () => {
    // pooled p = 0.1125, SE0 = 0.022343, z = 3.3567, p = 0.00079; interval [0.03152, 0.11848].
    const test = twoProportionTest(60, 400, 30, 400)!;
    expect(test.z).toBeCloseTo(3.3567, 4);
    expect(test.pValue).toBeCloseTo(0.000789, 5);
    expect(test.low).toBeCloseTo(0.03152, 5);
    expect(test.high).toBeCloseTo(0.11848, 5);
    expect(test.significant).toBe(true);
  });

  it('has nothing to say about an empty arm, and no spread is no evidence', () => {
    expect(twoProportionTest(1, 0, 1, 10)).toBeNull();
    expect(twoProportionTest(0, 10, 0, 10)).toMatchObject({ difference: 0, z: 0, pValue: 1, significant: false });
  });

  it('puts a Welch interval around the difference of mean revenue per member', () => {
    // variant [0, 0, 100, 300]: mean 100, s² = (2·100² + 0 + 200²)/3 = 20 000;
    // control [0, 0, 0, 100]: mean 25, s² = (3·25² + 75²)/3 = 2 500;
    // SE = √(20 000/4 + 2 500/4) = 75; 75 ± 1.96·75 = [−72.0, 222.0].
    const variant = momentsOf([0, 0, 100, 300]);
    const control = momentsOf([0, 0, 0, 100]);
    expect(sampleVariance(variant)).toBeCloseTo(20_000, 6);
    expect(sampleVariance(control)).toBeCloseTo(2_500, 6);
    const diff = meanDifference(variant, control)!;
    expect(diff.difference).toBe(75);
    expect(diff.low).toBeCloseTo(-71.997, 3);
    expect(diff.high).toBeCloseTo(221.997, 3);
    expect(diff.significant).toBe(false);
  });

  it('calls a clear revenue lift significant, and refuses an arm of one', () => {
    const variant = momentsOf(Array.from({ length: 100 }, (_, i) => 1_000 + (i % 2) * 200)); // mean 1100, s ≈ 100.5
    const control = momentsOf(Array.from({ length: 100 }, (_, i) => 900 + (i % 2) * 200)); // mean 1000
    const diff = meanDifference(variant, control)!;
    expect(diff.difference).toBe(100);
    expect(diff.low).toBeGreaterThan(0);
    expect(diff.significant).toBe(true);
    expect(meanDifference(momentsOf([5]), control)).toBeNull();
  });
});
