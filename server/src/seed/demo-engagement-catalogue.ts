import type { NewCouponTemplate } from '@memberloop/shared';

/**
 * What HQ and the managers of the demo brand put in front of members: gifts, coupon templates, deals, an
 * assist campaign, communities and what happens in them. Names are the keys a second run finds them by.
 */
export const DEMO_GIFTS = [
  { name: '品牌帆布袋', description: '米白色帆布托特包，门店领取', pointsCost: 300, stock: 500, perMemberLimit: 2 },
  { name: '旅行装精华 15ml', description: '焕颜精华液旅行装', pointsCost: 800, stock: 300, perMemberLimit: 1 },
  { name: '香氛蜡烛', description: '白茶香氛蜡烛 180g', pointsCost: 2000, stock: 100, perMemberLimit: 1 },
];

type Template = Omit<NewCouponTemplate, 'validity'> & { validity: { type: 'afterClaim'; days: number } };

/** Claimable ones fill the claim centre; the others are upgrade bundles, an assist reward and managers' sends. */
export const DEMO_COUPON_TEMPLATES = {
  welcome: {
    name: '新会员 ¥20 券',
    benefit: { kind: 'fixed', amountFen: 2000 },
    validity: { type: 'afterClaim', days: 30 },
    totalStock: 100_000,
  },
  threshold: {
    name: '满 299 减 50',
    benefit: { kind: 'threshold', thresholdFen: 29_900, amountFen: 5000 },
    validity: { type: 'afterClaim', days: 14 },
    totalStock: 100_000,
  },
  percent: {
    name: '护肤 9 折券',
    benefit: { kind: 'percent', percentOff: 10, capFen: 10_000 },
    validity: { type: 'afterClaim', days: 14 },
    totalStock: 100_000,
    releasedToManagers: true,
  },
  exchange: {
    name: '积分兑 ¥30 券',
    benefit: { kind: 'fixed', amountFen: 3000 },
    validity: { type: 'afterClaim', days: 30 },
    totalStock: 100_000,
    pointsPrice: 300,
  },
  community: {
    name: '社群专享 ¥15 券',
    benefit: { kind: 'fixed', amountFen: 1500 },
    validity: { type: 'afterClaim', days: 14 },
    totalStock: 100_000,
    claimable: false,
    releasedToManagers: true,
  },
  silver: {
    name: '银卡升级礼 ¥30',
    benefit: { kind: 'fixed', amountFen: 3000 },
    validity: { type: 'afterClaim', days: 30 },
    totalStock: 1_000_000,
    claimable: false,
  },
  gold: {
    name: '金卡升级礼 满 500 减 100',
    benefit: { kind: 'threshold', thresholdFen: 50_000, amountFen: 10_000 },
    validity: { type: 'afterClaim', days: 30 },
    totalStock: 1_000_000,
    claimable: false,
  },
  diamond: {
    name: '黑钻升级礼 ¥200',
    benefit: { kind: 'fixed', amountFen: 20_000 },
    validity: { type: 'afterClaim', days: 60 },
    totalStock: 1_000_000,
    claimable: false,
  },
  assist: {
    name: '助力奖励 ¥50 券',
    benefit: { kind: 'fixed', amountFen: 5000 },
    validity: { type: 'afterClaim', days: 14 },
    totalStock: 100_000,
    claimable: false,
  },
} satisfies Record<string, Template>;

/** The upgrade bundle of each tier above the entry tier, by rank. */
export const DEMO_TIER_BUNDLES: Array<keyof typeof DEMO_COUPON_TEMPLATES> = ['silver', 'gold', 'diamond'];

/** Fake WeChat names of the demo's member and their friends (`?as=<name>` in the H5 build). */
export const DEMO_MEMBER = { login: 'demo-member', nickname: '演示会员' };
export const DEMO_FRIENDS = [
  { login: 'demo-friend-1', nickname: '小林' },
  { login: 'demo-friend-2', nickname: '阿雅' },
  { login: 'demo-friend-3', nickname: '周周' },
];

/** The demo member's own purchases, days before the history's end, at the Shanghai store (S0101). */
export const DEMO_MEMBER_PURCHASES = [
  { daysBefore: 75, sku: 'SK-001', category: '护肤', quantity: 1, unitPriceFen: 8900 },
  { daysBefore: 52, sku: 'FR-002', category: '香水', quantity: 1, unitPriceFen: 59_900 },
  { daysBefore: 30, sku: 'GB-001', category: '礼盒', quantity: 1, unitPriceFen: 39_900 },
  { daysBefore: 12, sku: 'SK-005', category: '护肤', quantity: 2, unitPriceFen: 37_900 },
  { daysBefore: 3, sku: 'MK-002', category: '彩妆', quantity: 1, unitPriceFen: 15_900 },
];

export const DEMO_COMMUNITIES = [
  {
    name: '上海旗舰店会员群',
    kind: 'store' as const,
    storeCode: 'S0101',
    description: '上海旗舰店的新品、活动与专属福利',
    manager: 'demo-manager-shanghai',
  },
  {
    name: '广州旗舰店会员群',
    kind: 'store' as const,
    storeCode: 'S0201',
    description: '广州旗舰店会员交流',
    manager: 'demo-manager-guangzhou',
  },
  { name: '香氛爱好者', kind: 'interest' as const, description: '聊聊香水与香氛生活', manager: 'demo-manager-shanghai' },
];

export const DEMO_COVER = 'https://images.unsplash.com/photo-1556228578-8c89e6adf883?w=800';
