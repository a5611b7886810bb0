import type { TierLadder } from '@memberloop/shared';

/**
 * The shipped default ladder, as the brand's programme rules set it: 普通 → 银卡 → 金卡 → 黑钻 on
 * rolling 12-month spend (¥500 / ¥3,000 / ¥8,000). Every figure is configuration a brand may change.
 */
export const DEFAULT_TIER_LADDER: TierLadder = [
  {
    code: 'regular',
    name: '普通',
    rank: 0,
    qualification: { match: 'any' },
    benefits: {
      pointsMultiplier: 1,
      birthdayMultiplier: 2,
      earlyAccessHours: 0,
      discountPercent: 0,
      highlights: ['消费 ¥1 得 1 积分', '生日当月双倍积分'],
    },
  },
  {
    code: 'silver',
    name: '银卡',
    rank: 1,
    qualification: { spendFen: 50_000, match: 'any' },
    benefits: {
      pointsMultiplier: 1.2,
      birthdayMultiplier: 2,
      earlyAccessHours: 0,
      discountPercent: 0,
      highlights: ['积分 1.2 倍', '升级礼券包'],
    },
  },
  {
    code: 'gold',
    name: '金卡',
    rank: 2,
    qualification: { spendFen: 300_000, match: 'any' },
    benefits: {
      pointsMultiplier: 1.5,
      birthdayMultiplier: 2,
      earlyAccessHours: 24,
      discountPercent: 5,
      highlights: ['积分 1.5 倍', '会员价 95 折', '新品提前 24 小时购买'],
    },
  },
  {
    code: 'black_diamond',
    name: '黑钻',
    rank: 3,
    qualification: { spendFen: 800_000, match: 'any' },
    benefits: {
      pointsMultiplier: 2,
      birthdayMultiplier: 3,
      earlyAccessHours: 48,
      discountPercent: 10,
      highlights: ['积分 2 倍', '会员价 9 折', '限量款提前 48 小时购买', '专属客服'],
    },
  },
];
