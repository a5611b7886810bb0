import { NewCouponTemplate } from '@memberloop/shared';
import { resultNotice, resultNoticeKey, voucherIssueKey, voucherTemplateFor } from './group-buy-result';

describe('the group-buy voucher and result message', () => {
  const deal = {
    skuCode: 'SKU-LIP-01',
    skuName: '丝绒哑光唇膏 经典正红色 3.5g 限定礼盒装（含专属刻字服务与明星同款小样两件）',
    groupPriceFen: 9_900,
    groupSize: 5,
    maxGroups: 200,
    perMemberLimit: 2,
    voucherValidDays: 7,
  };

  it('is a gift coupon for the SKU at the group price, hidden from the claim centre, valid days after issue', () => {
    const template = voucherTemplateFor(deal);
    expect(template).toMatchObject({
      benefit: { kind: 'gift', sku: 'SKU-LIP-01', priceFen: 9_900 },
      validity: { type: 'afterClaim', days: 7 },
      totalStock: 1_000,
      perMemberLimit: 2,
      claimable: false,
    });
    expect([...template.name].length).toBe(30);
    expect(template.name.startsWith('拼团价 丝绒哑光唇膏')).toBe(true);
    // What the coupons module accepts.
    expect(NewCouponTemplate.safeParse(template).success).toBe(true);
  });

  it('keys one voucher and one message per group and member', () => {
    expect(voucherIssueKey('g1', 'm1')).toBe('group-buy:g1:m1');
    expect(voucherIssueKey('g1', 'm1')).not.toBe(voucherIssueKey('g2', 'm1'));
    expect(resultNoticeKey('g1', 'm1')).toBe('group-buy-result:g1:m1');
  });

  it('tells the outcome in WeChat’s field limits (a phrase of at most 5 characters)', () => {
    const ok = resultNotice('succeeded', deal);
    expect(ok.phrase2).toBe('拼团成功');
    expect(ok.thing3).toBe('¥99拼团券已放入卡包');
    const failed = resultNotice('failed', deal);
    expect(failed.phrase2).toBe('拼团失败');
    expect(failed.thing3).toMatch(/不会扣款/);
    for (const notice of [ok, failed]) expect([...notice.phrase2].length).toBeLessThanOrEqual(5);
  });
});
