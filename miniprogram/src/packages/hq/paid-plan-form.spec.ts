import type { PaidPlanView } from '@memberloop/shared';
import { EMPTY_PAID_PLAN, draftOfPlan, newPaidPlanOf, paidPlanChangesOf } from './paid-plan-form';
import { planSummary } from './paid-plans-text';

const TEMPLATE = 'a'.repeat(24);
const plan: PaidPlanView = {
  id: 'b'.repeat(24),
  name: '黑卡年卡',
  priceFen: 19_900,
  term: 'annual',
  benefits: { pointsMultiplier: 1.5, couponPack: [{ templateId: TEMPLATE, count: 2 }], freeDelivery: true, presaleAccess: false },
  status: 'active',
  updatedAt: '2026-12-01T00:00:00.000Z',
};

describe('the paid plan form', () => {
  it('makes a new plan from what HQ typed', () => {
    const result = newPaidPlanOf({
      ...EMPTY_PAID_PLAN,
      name: '黑卡月卡',
      price: '19.90',
      term: 'monthly',
      multiplier: '1.2',
      pack: { [TEMPLATE]: '2', other: '0' },
    });
    expect(result).toEqual({
      plan: {
        name: '黑卡月卡',
        priceFen: 1_990,
        term: 'monthly',
        benefits: {
          pointsMultiplier: 1.2,
          couponPack: [{ templateId: TEMPLATE, count: 2 }],
          freeDelivery: false,
          presaleAccess: false,
        },
      },
    });
  });

  it('names each field at fault in Chinese', () => {
    const result = newPaidPlanOf({ ...EMPTY_PAID_PLAN, name: '', price: '0', multiplier: '5', pack: { [TEMPLATE]: 'x' } });
    expect(result).toEqual({
      problems: {
        name: expect.stringContaining('名称'),
        price: expect.stringContaining('价格'),
        multiplier: expect.stringContaining('1 到 3'),
        pack: expect.stringContaining('每种券'),
      },
    });
    expect(newPaidPlanOf({ ...EMPTY_PAID_PLAN, name: '卡', price: '9.9', multiplier: '1.234' })).toMatchObject({
      problems: { multiplier: expect.any(String) },
    });
  });

  it('sends only what changed, and nothing when nothing did', () => {
    expect(paidPlanChangesOf(plan, draftOfPlan(plan))).toBeNull();
    expect(paidPlanChangesOf(plan, { ...draftOfPlan(plan), price: '299' })).toEqual({ changes: { priceFen: 29_900 } });
    const benefits = paidPlanChangesOf(plan, { ...draftOfPlan(plan), presaleAccess: true });
    expect(benefits).toMatchObject({ changes: { benefits: { presaleAccess: true, pointsMultiplier: 1.5 } } });
  });

  it('sums a plan up in Chinese', () => {
    expect(planSummary(plan)).toBe('¥199.00 / 年卡 · 积分 1.5 倍 · 包邮 · 每月 2 张券');
  });
});
