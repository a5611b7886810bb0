import { formatFen, type NewCouponTemplate } from '@memberloop/shared';

export interface VoucherDeal {
  skuCode: string;
  skuName: string;
  groupPriceFen: number;
  groupSize: number;
  maxGroups: number;
  perMemberLimit: number;
  voucherValidDays: number;
}

/** Coupon template names are at most 30 characters. */
const TEMPLATE_NAME_MAX = 30;

/**
 * The deal's voucher: a gift coupon for the SKU at the group price, valid for some days from the moment the
 * group fills. Never shown in the claim centre; stock covers every seat the deal can ever fill.
 */
export function voucherTemplateFor(deal: VoucherDeal): NewCouponTemplate {
  return {
    name: [...`拼团价 ${deal.skuName}`].slice(0, TEMPLATE_NAME_MAX).join(''),
    benefit: { kind: 'gift', sku: deal.skuCode, priceFen: deal.groupPriceFen },
    validity: { type: 'afterClaim', days: deal.voucherValidDays },
    totalStock: deal.maxGroups * deal.groupSize,
    perMemberLimit: deal.perMemberLimit,
    claimable: false,
  };
}

/** One voucher per member per group, however often issuing is retried. */
export function voucherIssueKey(groupId: string, memberId: string): string {
  return `group-buy:${groupId}:${memberId}`;
}

/** One result message per member per group. */
export function resultNoticeKey(groupId: string, memberId: string): string {
  return `group-buy-result:${groupId}:${memberId}`;
}

/** The subscribe message's fields: the product, the outcome (a 5-character phrase), and what it means for the member. */
export function resultNotice(
  outcome: 'succeeded' | 'failed',
  deal: { skuName: string; groupPriceFen: number },
): { thing1: string; phrase2: string; thing3: string } {
  return outcome === 'succeeded'
    ? { thing1: deal.skuName, phrase2: '拼团成功', thing3: `${formatFen(deal.groupPriceFen, { compact: true })}拼团券已放入卡包` }
    : { thing1: deal.skuName, phrase2: '拼团失败', thing3: '未成团，不会扣款' };
}
