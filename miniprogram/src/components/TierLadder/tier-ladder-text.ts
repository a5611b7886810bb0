import { formatFen, joinText, quantityText, type TierDefinition } from '@memberloop/shared';

/** What it takes to reach a tier, in the member's words: "12 个月消费满 ¥5,000或12 个月购买 10 次". */
export function qualificationText(tier: TierDefinition): string {
  const { spendFen, purchaseCount, pointsEarned, match } = tier.qualification;
  const parts = [
    spendFen !== undefined ? `12 个月消费满 ${formatFen(spendFen, { compact: true })}` : undefined,
    purchaseCount !== undefined ? joinText('12 个月购买', quantityText(purchaseCount, '次')) : undefined,
    pointsEarned !== undefined ? joinText('12 个月获得', quantityText(pointsEarned, '积分')) : undefined,
  ].filter((part): part is string => part !== undefined);
  if (parts.length === 0) return '注册即享';
  return parts.join(match === 'all' ? '且' : '或');
}
