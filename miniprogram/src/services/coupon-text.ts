import { formatFen, quantityText, type CouponBenefit, type CouponScopeWords, type CouponTemplateView } from '@memberloop/shared';

/** The big figure and the small print of a coupon: "¥20" / "满¥199可用", "8.5折" / "最高减¥50". */
export function couponFace(benefit: CouponBenefit): { value: string; condition: string } {
  switch (benefit.kind) {
    case 'fixed':
      return { value: formatFen(benefit.amountFen, { compact: true }), condition: '无门槛' };
    case 'percent': {
      const tenths = 100 - benefit.percentOff;
      const discount = tenths % 10 === 0 ? `${tenths / 10}折` : `${(tenths / 10).toFixed(1)}折`;
      return { value: discount, condition: `最高减${formatFen(benefit.capFen, { compact: true })}` };
    }
    case 'threshold':
      return {
        value: formatFen(benefit.amountFen, { compact: true }),
        condition: `满${formatFen(benefit.thresholdFen, { compact: true })}可用`,
      };
    case 'gift':
      return { value: `${formatFen(benefit.priceFen, { compact: true })}换购`, condition: '指定商品可用' };
  }
}

/** The claim centre's button: free coupons are claimed, the others exchanged for their points ("300积分兑换"). */
export function claimLabel(template: Pick<CouponTemplateView, 'pointsPrice' | 'remainingForMe'>): string {
  const done = template.remainingForMe === 0;
  if (template.pointsPrice) return done ? '已兑换' : `${quantityText(template.pointsPrice, '积分')}兑换`;
  return done ? '已领取' : '领取';
}

/**
 * What a coupon limited to some products or categories may be used on: "限护肤、香氛类商品", "限「玫瑰精华水」",
 * "限「玫瑰精华水」等 3 件商品及护肤类商品"; undefined for a coupon for the whole order.
 */
export function appliesToText(scope: CouponScopeWords | undefined): string | undefined {
  if (!scope) return undefined;
  const { products, categories } = scope;
  const productPart =
    products.length === 0
      ? ''
      : products.length === 1
        ? `「${products[0]}」`
        : `「${products[0]}」等 ${quantityText(products.length, '件')}商品`;
  const categoryPart = categories.length > 0 ? `${categories.join('、')}类商品` : '';
  if (!productPart && !categoryPart) return '限指定商品';
  return `限${[productPart, categoryPart].filter(Boolean).join('及')}`;
}
