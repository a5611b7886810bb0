import { formatFen, type PaidPlanTerm, type PaidPlanView } from '@memberloop/shared';

/** The words of HQ's paid membership screen (付费会员方案). */
export const PAID_PLANS_TEXT = {
  title: '付费会员方案',
  newPlan: '新增方案',
  editPlan: (name: string) => `修改 ${name}`,
  cancelEdit: '取消修改',
  list: '方案列表',
  empty: '还没有付费会员方案：在左侧新增一个',
  name: '名称',
  namePlaceholder: '会员看到的方案名，如 黑卡年卡',
  price: '价格（元）',
  pricePlaceholder: '如 199.00',
  term: '期限',
  multiplier: '积分加倍',
  multiplierPlaceholder: '1 到 3，如 1.5',
  freeDelivery: '包邮',
  presaleAccess: '预售优先购',
  yes: '有',
  no: '无',
  pack: '每月券包',
  packHint: '每个会员月自动发给会员的优惠券及张数（0 为不发）',
  packEmpty: '还没有可用的优惠券模板',
  save: '保存方案',
  saveChanges: '保存修改',
  unchanged: '没有改动',
  created: '已新增',
  saved: '已修改',
  retire: '停售',
  retired: '已停售',
  edit: '修改',
  keptHint: '修改只影响之后的购买和续费，已购会员按购买时的权益享受到期',
  refusals: {
    NOT_FOUND: '找不到这个方案',
    PAID_PLAN_RETIRED: '方案已停售，不能再修改',
    VALIDATION_FAILED: '券包里有已停用的优惠券，请重新选择',
  },
} as const;

const TERM_WORDS: Record<PaidPlanTerm, string> = { monthly: '月卡', annual: '年卡' };

export function termWord(term: PaidPlanTerm): string {
  return TERM_WORDS[term];
}

export const TERM_OPTIONS = (['monthly', 'annual'] as const).map((value) => ({ value, label: TERM_WORDS[value] }));

/** "¥199.00 / 年卡 · 积分 1.5 倍 · 包邮 · 预售优先购 · 每月 2 张券" */
export function planSummary(plan: Pick<PaidPlanView, 'priceFen' | 'term' | 'benefits'>): string {
  const { benefits } = plan;
  const coupons = benefits.couponPack.reduce((n, item) => n + item.count, 0);
  return [
    `${formatFen(plan.priceFen)} / ${termWord(plan.term)}`,
    ...(benefits.pointsMultiplier > 1 ? [`积分 ${benefits.pointsMultiplier} 倍`] : []),
    ...(benefits.freeDelivery ? ['包邮'] : []),
    ...(benefits.presaleAccess ? ['预售优先购'] : []),
    ...(coupons > 0 ? [`每月 ${coupons} 张券`] : []),
  ].join(' · ');
}
