import type { HqCouponTemplateView, HqGiftView } from '@memberloop/shared';
import {
  benefitText,
  COUPON_PROBLEM,
  draftOfGift,
  draftOfTemplate,
  emptyCouponDraft,
  EMPTY_GIFT,
  GIFT_PROBLEM,
  giftChangesOf,
  newGiftOf,
  newTemplateOf,
  templateChangesOf,
  termsFixed,
  validityText,
} from './offers-form';
import { auditActionLabel } from './hq-text';

const TZ = 'Asia/Shanghai';
const TODAY = '2026-12-03';

const TEMPLATE: HqCouponTemplateView = {
  id: '0123456789abcdef01234567',
  name: '满199减20',
  benefit: { kind: 'threshold', thresholdFen: 19_900, amountFen: 2_000 },
  validity: { type: 'afterClaim', days: 30 },
  totalStock: 100,
  remainingStock: 60,
  perMemberLimit: 1,
  channels: ['store', 'online'],
  releasedToManagers: false,
  claimable: true,
  status: 'active',
  issuedCount: 40,
  claimedCount: 40,
  usedCount: 3,
  createdAt: '2026-12-01T00:00:00.000Z',
};

describe('the coupon template form', () => {
  it('makes a new template with amounts typed in yuan kept to the fen', () => {
    const result = newTemplateOf(
      { ...emptyCouponDraft(TODAY), name: '满减券', kind: 'threshold', amount: '20', threshold: '199.5', totalStock: '500' },
      TZ,
    );
    expect(result).toMatchObject({
      template: {
        name: '满减券',
        benefit: { kind: 'threshold', thresholdFen: 19_950, amountFen: 2_000 },
        validity: { type: 'afterClaim', days: 30 },
        totalStock: 500,
        perMemberLimit: 1,
        claimable: true,
        releasedToManagers: false,
      },
    });
  });

  it('limits a coupon to the products and categories typed, or to nothing for the whole order', () => {
    const base = { ...emptyCouponDraft(TODAY), name: '护肤券', amount: '20', totalStock: '100' };
    expect(newTemplateOf({ ...base, scopeCategories: '护肤，香氛、护肤', scopeSkus: ' FR-001, FR-002 ' }, TZ)).toMatchObject({
      template: { scope: { skus: ['FR-001', 'FR-002'], categories: ['护肤', '香氛'] } },
    });
    const whole = newTemplateOf(base, TZ);
    expect('template' in whole && whole.template.scope).toBeUndefined();
    expect(newTemplateOf({ ...base, scopeSkus: 'FR 001?' }, TZ)).toEqual({
      problems: { scopeSkus: COUPON_PROBLEM.scopeSkus },
    });
    // A gift coupon hides the scope fields: what they hold is not sent.
    const gift = newTemplateOf({ ...base, kind: 'gift', sku: 'FR-001', giftPrice: '9.9', scopeSkus: 'FR-001' }, TZ);
    expect('template' in gift && gift.template.scope).toBeUndefined();
    expect(draftOfTemplate({ ...TEMPLATE, scope: { skus: ['FR-001'], categories: ['护肤'] } }, TZ, TODAY)).toMatchObject({
      scopeSkus: 'FR-001',
      scopeCategories: '护肤',
    });
  });

  it('reads a discount as shops write it (8.5 折 is 15% off) and a window as whole Beijing days', () => {
    const result = newTemplateOf(
      {
        ...emptyCouponDraft(TODAY),
        name: '双十二',
        kind: 'percent',
        discount: '8.5',
        cap: '50',
        validityType: 'window',
        from: '2026-12-12',
        to: '2026-12-12',
        totalStock: '10',
      },
      TZ,
    );
    expect(result).toMatchObject({
      template: {
        benefit: { kind: 'percent', percentOff: 15, capFen: 5_000 },
        // 00:00 on the 12th to 00:00 on the 13th, Beijing time.
        validity: { type: 'window', from: '2026-12-11T16:00:00.000Z', to: '2026-12-12T16:00:00.000Z' },
      },
    });
  });

  it('names every field at fault in Chinese before anything is sent', () => {
    const result = newTemplateOf(
      {
        ...emptyCouponDraft(TODAY),
        name: '',
        kind: 'threshold',
        amount: '30',
        threshold: '20',
        totalStock: '0',
        perMemberLimit: '101',
        pointsPrice: 'abc',
      },
      TZ,
    );
    expect(result).toEqual({
      problems: {
        name: COUPON_PROBLEM.name,
        threshold: COUPON_PROBLEM.threshold,
        totalStock: COUPON_PROBLEM.totalStock,
        perMemberLimit: COUPON_PROBLEM.perMemberLimit,
        pointsPrice: COUPON_PROBLEM.pointsPrice,
      },
    });
    expect(newTemplateOf({ ...emptyCouponDraft(TODAY), name: '券', amount: '1.234', totalStock: '5' }, TZ)).toEqual({
      problems: { amount: COUPON_PROBLEM.amount },
    });
    expect(
      newTemplateOf({ ...emptyCouponDraft(TODAY), name: '券', kind: 'percent', discount: '0.5', cap: '', totalStock: '5' }, TZ),
    ).toEqual({ problems: { discount: COUPON_PROBLEM.discount, cap: COUPON_PROBLEM.cap } });
    expect(
      newTemplateOf(
        { ...emptyCouponDraft(TODAY), name: '券', amount: '5', totalStock: '5', validityType: 'window', to: '2026-12-01' },
        TZ,
      ),
    ).toEqual({ problems: { to: COUPON_PROBLEM.to } });
    // The contract's own rule: a points-priced coupon is never released to managers.
    expect(
      newTemplateOf(
        { ...emptyCouponDraft(TODAY), name: '券', amount: '5', totalStock: '5', pointsPrice: '300', releasedToManagers: true },
        TZ,
      ),
    ).toEqual({ problems: { releasedToManagers: COUPON_PROBLEM.releasedToManagers } });
  });

  it('sends only what changed, never the terms sent back as they were', () => {
    const draft = draftOfTemplate(TEMPLATE, TZ, TODAY);
    expect(draft).toMatchObject({ kind: 'threshold', amount: '20', threshold: '199', days: '30', totalStock: '100' });
    expect(templateChangesOf(TEMPLATE, draft, TZ)).toBeNull();
    expect(templateChangesOf(TEMPLATE, { ...draft, name: '满199减20（新）', releasedToManagers: true }, TZ)).toEqual({
      changes: { name: '满199减20（新）', releasedToManagers: true },
    });
    expect(templateChangesOf(TEMPLATE, { ...draft, totalStock: '39' }, TZ)).toEqual({
      problems: { totalStock: '已发出 40 张，库存不能少于 40' },
    });
    // Members hold coupons of it: its terms are never sent (the form shows them locked).
    expect(templateChangesOf(TEMPLATE, { ...draft, amount: '30' }, TZ)).toBeNull();
    const fresh = { ...TEMPLATE, issuedCount: 0, claimedCount: 0, remainingStock: 100 };
    expect(templateChangesOf(fresh, { ...draft, amount: '30' }, TZ)).toEqual({
      changes: { benefit: { kind: 'threshold', thresholdFen: 19_900, amountFen: 3_000 } },
    });
    expect(templateChangesOf(fresh, { ...draft, days: '7' }, TZ)).toEqual({
      changes: { validity: { type: 'afterClaim', days: 7 } },
    });
    expect(termsFixed(TEMPLATE)).toBe(true);
    expect(termsFixed({ ...TEMPLATE, issuedCount: 0, claimedCount: 0 })).toBe(false);
  });

  it('never rounds a window made to the second through the API when HQ only renames the template', () => {
    const precise: HqCouponTemplateView = {
      ...TEMPLATE,
      issuedCount: 0,
      claimedCount: 0,
      validity: { type: 'window', from: '2026-12-12T02:30:00.000Z', to: '2026-12-20T10:00:00.000Z' },
    };
    const draft = draftOfTemplate(precise, TZ, TODAY);
    expect(templateChangesOf(precise, { ...draft, name: '新名字' }, TZ)).toEqual({ changes: { name: '新名字' } });
  });

  it('reads a window back as the days HQ picked, in Beijing time', () => {
    const windowed: HqCouponTemplateView = {
      ...TEMPLATE,
      validity: { type: 'window', from: '2026-12-11T16:00:00.000Z', to: '2026-12-12T16:00:00.000Z' },
    };
    expect(draftOfTemplate(windowed, TZ, TODAY)).toMatchObject({ validityType: 'window', from: '2026-12-12', to: '2026-12-12' });
    expect(validityText(windowed.validity, TZ)).toBe('2026-12-12 至 2026-12-12');
    expect(validityText(TEMPLATE.validity, TZ)).toBe('领取后 30 天内有效');
  });

  it('says the benefit in words', () => {
    expect(benefitText(TEMPLATE.benefit)).toBe('满 ¥199 减 ¥20');
    expect(benefitText({ kind: 'fixed', amountFen: 1_050 })).toBe('立减 ¥10.50');
    expect(benefitText({ kind: 'percent', percentOff: 15, capFen: 5_000 })).toBe('8.5 折，最高减 ¥50');
    expect(benefitText({ kind: 'gift', sku: 'FR-001', priceFen: 990 })).toBe('¥9.90 换购 FR-001');
  });
});

describe('the gift form', () => {
  const GIFT: HqGiftView = {
    id: '0123456789abcdef01234568',
    name: '帆布袋',
    description: '',
    pointsCost: 300,
    stock: 10,
    perMemberLimit: 1,
    status: 'active',
    redeemedCount: 2,
    createdAt: '2026-12-01T00:00:00.000Z',
  };

  it('makes a gift, or names each field at fault in Chinese', () => {
    expect(newGiftOf({ ...EMPTY_GIFT, name: '帆布袋', pointsCost: '300', stock: '10' })).toEqual({
      gift: { name: '帆布袋', description: '', pointsCost: 300, stock: 10, perMemberLimit: 1 },
    });
    expect(newGiftOf({ ...EMPTY_GIFT, name: ' ', pointsCost: '0', stock: '-1', perMemberLimit: 'x' })).toEqual({
      problems: {
        name: GIFT_PROBLEM.name,
        pointsCost: GIFT_PROBLEM.pointsCost,
        stock: GIFT_PROBLEM.stock,
        perMemberLimit: GIFT_PROBLEM.perMemberLimit,
      },
    });
  });

  it('sends only what changed', () => {
    const draft = draftOfGift(GIFT);
    expect(giftChangesOf(GIFT, draft)).toBeNull();
    expect(giftChangesOf(GIFT, { ...draft, stock: '25', pointsCost: '350' })).toEqual({
      changes: { stock: 25, pointsCost: 350 },
    });
    expect(giftChangesOf(GIFT, { ...draft, stock: '1.5' })).toEqual({ problems: { stock: GIFT_PROBLEM.stock } });
  });
});

describe('the audit log’s words for HQ’s offers', () => {
  it('names each change to a template or a gift', () => {
    expect(auditActionLabel('PATCH /api/v1/hq/coupon-templates/:templateId')).toBe('修改优惠券模板');
    expect(auditActionLabel('POST /api/v1/hq/coupon-templates/:templateId/retire')).toBe('停发优惠券模板');
    expect(auditActionLabel('POST /api/v1/hq/gifts/:giftId/retire')).toBe('下架积分礼品');
  });
});
