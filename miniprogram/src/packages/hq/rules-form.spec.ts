import { DEFAULT_PROGRAMME_RULES } from '@memberloop/shared';
import { draftOf, rulesOf, withLatestLists } from './rules-form';

const CHOICES = { refundShortfallPolicy: 'debt', downgrade: 'oneLevel' } as const;

describe('the programme rules form', () => {
  it('shows the loaded rules and gives them back unchanged', () => {
    const draft = draftOf(DEFAULT_PROGRAMME_RULES);
    expect(draft['points.validMonths']).toBe('12');
    expect(rulesOf(DEFAULT_PROGRAMME_RULES, draft, CHOICES)).toEqual({ rules: DEFAULT_PROGRAMME_RULES });
  });

  it('names each field at fault in Chinese, from the contract the server checks', () => {
    const draft = {
      ...draftOf(DEFAULT_PROGRAMME_RULES),
      'points.validMonths': '61',
      'earning.pointsPerYuan': '多',
      'tiers.holdMonths': '1.5',
    };
    const result = rulesOf(DEFAULT_PROGRAMME_RULES, draft, CHOICES);
    expect(result).toEqual({
      problems: {
        'points.validMonths': '请填写 1–60 之间的整数',
        'earning.pointsPerYuan': '请填写大于 0、不超过 100 的数',
        'tiers.holdMonths': '请填写 1–36 之间的整数',
      },
    });
  });

  it('takes an empty cap as no cap, keeps what the form does not show, and applies the choices', () => {
    const loaded = {
      ...DEFAULT_PROGRAMME_RULES,
      earning: { ...DEFAULT_PROGRAMME_RULES.earning, promotionStacking: 'multiply' as const },
    };
    const draft = { ...draftOf(loaded), 'earning.dailyCap': '', 'points.validMonths': '24' };
    const result = rulesOf(loaded, draft, { refundShortfallPolicy: 'negativeBalance', downgrade: 'recompute' });
    if (!('rules' in result)) throw new Error('expected rules');
    expect(result.rules.earning.dailyCap).toBeUndefined();
    expect(result.rules.earning.promotionStacking).toBe('multiply');
    expect(result.rules.points).toMatchObject({ validMonths: 24, refundShortfallPolicy: 'negativeBalance' });
    expect(result.rules.tiers.downgrade).toBe('recompute');
  });
});

describe('saving the rules form', () => {
  it('keeps the campaigns and line multipliers saved since the form loaded, and the form’s own fields', () => {
    const campaign = { id: 'c-1', name: '双倍', multiplier: 2, startsAt: '2026-12-01T00:00:00Z', endsAt: '2026-12-08T00:00:00Z' };
    const latest = {
      ...DEFAULT_PROGRAMME_RULES,
      earning: {
        ...DEFAULT_PROGRAMME_RULES.earning,
        campaigns: [campaign],
        lineMultipliers: [{ match: { sku: 'A' }, multiplier: 2 }],
      },
    };
    const form = { ...DEFAULT_PROGRAMME_RULES, earning: { ...DEFAULT_PROGRAMME_RULES.earning, pointsPerYuan: 3 } };
    expect(withLatestLists(form, latest).earning).toEqual({ ...latest.earning, pointsPerYuan: 3 });
  });
});
