import { planTemplateChange, type TemplateNow } from './template-change';

const template = (over: Partial<TemplateNow> = {}): TemplateNow => ({
  name: '满199减20',
  benefit: { kind: 'threshold', thresholdFen: 19_900, amountFen: 2_000 },
  validity: { type: 'afterClaim', days: 30 },
  totalStock: 100,
  remainingStock: 60,
  hasCoupons: true,
  ...over,
});

describe('planTemplateChange', () => {
  it('moves the stock by the difference, so what was issued stays what it was', () => {
    expect(planTemplateChange(template(), { totalStock: 150 })).toEqual({
      plan: { set: {}, stockDelta: 50, termsChange: false },
    });
    expect(planTemplateChange(template(), { totalStock: 40 })).toEqual({
      plan: { set: {}, stockDelta: -60, termsChange: false },
    });
  });

  it('refuses a stock below what was issued, naming how many were', () => {
    expect(planTemplateChange(template(), { totalStock: 39 })).toMatchObject({
      refusal: { code: 'STOCK_BELOW_ISSUED', details: { issued: 40, totalStock: 39 } },
    });
  });

  it('fixes benefit and validity once a coupon exists, drawn from stock or given as a reward', () => {
    for (const state of [template(), template({ remainingStock: 100, hasCoupons: true })]) {
      expect(planTemplateChange(state, { benefit: { kind: 'fixed', amountFen: 500 } })).toMatchObject({
        refusal: { code: 'COUPON_TERMS_FIXED', details: { field: 'benefit' } },
      });
      expect(planTemplateChange(state, { validity: { type: 'afterClaim', days: 7 } })).toMatchObject({
        refusal: { code: 'COUPON_TERMS_FIXED', details: { field: 'validity' } },
      });
    }
  });

  it('lets terms change while no coupon exists', () => {
    const fresh = template({ remainingStock: 100, hasCoupons: false });
    expect(planTemplateChange(fresh, { benefit: { kind: 'fixed', amountFen: 500 } })).toEqual({
      plan: { set: { benefit: { kind: 'fixed', amountFen: 500 } }, stockDelta: 0, termsChange: true },
    });
  });

  it('treats terms sent back unchanged, in any key order, as no change', () => {
    expect(
      planTemplateChange(template(), {
        benefit: { amountFen: 2_000, kind: 'threshold', thresholdFen: 19_900 } as never,
        validity: { days: 30, type: 'afterClaim' } as never,
        name: '满199减20',
      }),
    ).toEqual({ plan: { set: {}, stockDelta: 0, termsChange: false } });
  });

  it('sets the switches and the limit as given', () => {
    expect(
      planTemplateChange(template(), { name: '新名', perMemberLimit: 3, claimable: false, releasedToManagers: true }),
    ).toEqual({
      plan: {
        set: { name: '新名', perMemberLimit: 3, claimable: false, releasedToManagers: true },
        stockDelta: 0,
        termsChange: false,
      },
    });
  });

  it('never releases a points-priced coupon to managers', () => {
    expect(planTemplateChange(template({ pointsPrice: 300 }), { releasedToManagers: true })).toMatchObject({
      refusal: { code: 'VALIDATION_FAILED' },
    });
    expect(planTemplateChange(template({ pointsPrice: 300 }), { releasedToManagers: false })).toHaveProperty('plan');
  });
});
