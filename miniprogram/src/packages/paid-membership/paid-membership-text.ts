import { formatFen, type PaidPlanTerm, type PaidSubscriptionStatus } from '@memberloop/shared';

/** The member's words for paid membership (付费会员). No code or English reaches the member. */
export const PAID_MEMBERSHIP_TEXT = {
  title: '付费会员',
  mine: '我的付费会员',
  benefits: '会员权益',
  onSale: '可开通的方案',
  none: '你还没有开通付费会员',
  noPlans: '暂时没有可开通的方案',
  buyHint: '在品牌商城或门店支付后自动开通，权益即刻生效',
  renewHint: '会员即将到期，续费后从到期日起顺延',
  freeDelivery: '购物包邮',
  presaleAccess: '预售商品优先购',
  noExtra: '—',
} as const;

const STATUS_WORDS: Record<PaidSubscriptionStatus, string> = { active: '生效中', lapsed: '已到期', refunded: '已退款' };
const TERM_WORDS: Record<PaidPlanTerm, string> = { monthly: '月卡', annual: '年卡' };

export function statusText(status: PaidSubscriptionStatus): string {
  return STATUS_WORDS[status];
}

export function termText(term: PaidPlanTerm): string {
  return TERM_WORDS[term];
}

/** "¥199.00 / 年卡" */
export function priceText(priceFen: number, term: PaidPlanTerm): string {
  return `${formatFen(priceFen)} / ${TERM_WORDS[term]}`;
}

/** "有效期至 2027-12-03" for an active membership, "已于 2027-12-03 到期" for one that ended. */
export function expiryText(status: PaidSubscriptionStatus, lastDay: string): string {
  return status === 'active' ? `有效期至 ${lastDay}` : `已于 ${lastDay} 结束`;
}

/** The benefits of a plan or a subscription as lines the member reads. */
export function benefitLines(benefits: {
  pointsMultiplier: number;
  freeDelivery: boolean;
  presaleAccess: boolean;
  couponPack: Array<{ name?: string; count: number }>;
}): string[] {
  const pack = benefits.couponPack.filter((item) => item.count > 0);
  return [
    ...(benefits.pointsMultiplier > 1 ? [`消费积分 ${benefits.pointsMultiplier} 倍`] : []),
    ...(pack.length > 0
      ? [`每月券包：${pack.map((item) => (item.name ? `${item.name} × ${item.count}` : `${item.count} 张`)).join('、')}`]
      : []),
    ...(benefits.freeDelivery ? [PAID_MEMBERSHIP_TEXT.freeDelivery] : []),
    ...(benefits.presaleAccess ? [PAID_MEMBERSHIP_TEXT.presaleAccess] : []),
  ];
}

/** The coupon pack of a plan on sale (template ids only): "每月 3 张优惠券". */
export function planPackLine(couponPack: Array<{ count: number }>): string | undefined {
  const count = couponPack.reduce((n, item) => n + item.count, 0);
  return count > 0 ? `每月 ${count} 张优惠券` : undefined;
}
