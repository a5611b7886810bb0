import { ExperimentInput } from '@memberloop/shared';
import { emptyExperiment, experimentInput, percentText, pointsText, sizesTotal, yuanText } from './experiments-form';

describe('the A/B test form', () => {
  it('adds up the sizes typed so far', () => {
    const draft = emptyExperiment();
    expect(sizesTotal(draft)).toBe(100);
    expect(sizesTotal({ ...draft, controlPercent: '' })).toBe(80);
    expect(sizesTotal({ ...draft, controlPercent: 'x' })).toBe(80);
  });

  it('sends what the contract accepts, one reward per kind', () => {
    const draft = emptyExperiment();
    draft.name = '回购券测试';
    draft.stages = ['silent'];
    draft.variants[0] = { ...draft.variants[0], name: '20元券', templateId: 'a'.repeat(24), message: '送你一张券' };
    draft.variants[1] = { ...draft.variants[1], name: '积分', kind: 'points', points: '200', message: '送你积分' };
    const parsed = ExperimentInput.safeParse(experimentInput(draft));
    expect(parsed.success).toBe(true);
    expect(experimentInput(draft).variants.map((v) => v.reward)).toEqual([
      { kind: 'coupon', templateId: 'a'.repeat(24) },
      { kind: 'points', points: 200 },
    ]);
    expect(ExperimentInput.safeParse(experimentInput({ ...draft, stages: [] })).success).toBe(false);
    expect(ExperimentInput.safeParse(experimentInput({ ...draft, attributionDays: '1.5' })).success).toBe(false);
  });

  it('words rates, differences and money', () => {
    expect(percentText(0.125)).toBe('12.5%');
    expect(pointsText(0.02)).toBe('+2.0 个百分点');
    expect(pointsText(-0.0074)).toBe('-0.7 个百分点');
    expect(yuanText(1230)).toBe('¥12.30');
    expect(yuanText(500, true)).toBe('+¥5.00');
    expect(yuanText(-7200, true)).toBe('-¥72.00');
  });
});
