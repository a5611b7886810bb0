import { brandWallClock, joinText, quantityText, type MemberHome } from '@memberloop/shared';

/** The words of the home page (the member card and the ways in). */
export const HOME_TEXT = {
  progressTitle: '升级进度',
  pointsTitle: '我的积分',
  balanceLabel: '积分余额',
  staffTitle: '社群运营台',
  staffHint: '发布活动 · 现场签到 · 发券公告 · 数据看板',
  staffGo: '进入 ›',
  tiersTitle: '会员等级与权益',
  setNickname: '设置昵称，让好友一眼认出你 ›',
} as const;

/** The ways in to the rest, each with a line of what is there (some from the member's card). */
export const HOME_ENTRIES: ReadonlyArray<{ label: string; hint: string | ((home: MemberHome) => string); url: string }> = [
  { label: '签到与积分', hint: '连签有惊喜 · 积分明细', url: '/pages/points/index' },
  { label: '积分兑换', hint: '好礼等你拿', url: '/pages/gifts/index' },
  {
    label: '优惠券',
    hint: (home) => (home.coupons.available > 0 ? joinText(quantityText(home.coupons.available, '张'), '可用') : '领券更划算'),
    url: '/packages/coupons/index',
  },
  { label: '社群活动', hint: '沙龙 · 试用 · 直播', url: '/packages/community/index' },
  { label: '我的活动', hint: '报名与签到码', url: '/packages/community/mine' },
  { label: '我的资料', hint: '生日与通知', url: '/pages/me/index' },
];

/** Ways to grow with friends, each in its own subpackage: one tap-sized tile each. */
export const HOME_GROWTH: ReadonlyArray<{ label: string; mark: string; url: string }> = [
  { label: '邀请有礼', mark: '邀', url: '/packages/invite/index' },
  { label: '拼团', mark: '拼', url: '/packages/group-buy/index' },
  { label: '好友助力', mark: '助', url: '/packages/assist/index' },
  { label: '晒单', mark: '晒', url: '/packages/posts/index' },
];

/** "早上好" … "晚上好": the time of day on the brand's clock (a member in Shanghai at 08:00 reads 早上好). */
export function timeOfDayText(now: Date, timeZone: string): string {
  const { hour } = brandWallClock(now, timeZone);
  if (hour >= 5 && hour < 11) return '早上好';
  if (hour >= 11 && hour < 13) return '中午好';
  if (hour >= 13 && hour < 18) return '下午好';
  return '晚上好';
}

/**
 * The card's greeting: the member by their nickname ("下午好，林小满"), or, without one, a warm welcome that asks
 * nothing of them ("下午好，欢迎回来"); never 尊敬的会员.
 */
export function greetingText(nickname: string | undefined, now: Date, timeZone: string): string {
  const name = nickname?.trim();
  return `${timeOfDayText(now, timeZone)}，${name || '欢迎回来'}`;
}

/** "会员号 M00012". */
export function memberNoText(memberNo: string): string {
  return `会员号 ${memberNo}`;
}

/** "等级有效期至 2027-12-31". */
export function tierHeldText(lastDay: string): string {
  return `等级有效期至 ${lastDay}`;
}

/** The paid membership line of the card: "黑卡年卡 · 有效期至 2027-12-03 ›". */
export function paidMembershipText(planName: string, lastDay: string): string {
  return `${planName} · 有效期至 ${lastDay} ›`;
}

/** The card's way to paid membership for a member without one. */
export const PAID_MEMBERSHIP_OFFER = '开通付费会员，享积分加倍与每月券包 ›';

export const PAID_MEMBERSHIP_URL = '/packages/paid-membership/index';

/** Beside the balance: "可用 3304" and, when some wait for a return window, "待生效 120". */
export function spendableText(points: number): string {
  return `可用 ${points}`;
}
export function pendingText(points: number): string {
  return `待生效 ${points}`;
}

/** "300 积分将于 2026-12-31 过期，记得使用哦". */
export function expiringText(points: number, lastDay: string): string {
  return `${quantityText(points, '积分')}将于 ${lastDay} 过期，记得使用哦`;
}

/** The region benefit packs on the member card (地区专享). */
export const REGION_PACKS_TEXT = {
  title: (region: string) => `${region}会员专享`,
  unlocked: '已解锁',
  couponsGranted: '礼券已发放',
  locked: (tierName: string) => `${tierName}及以上解锁`,
  coupons: (names: string[]) => `升级礼券：${names.join('、')}`,
  multiplier: (m: number) => `当地消费积分 ${m} 倍`,
} as const;

/**
 * The banner of a store's offer near the member (shown only when the member already allowed the position). Short:
 * the member card is in the main package, where every character counts.
 */
export const NEARBY_OFFER_TEXT = {
  claim: '领取',
  claimed: '已放入券包',
  url: '/packages/stores/nearby',
} as const;

/** "附近的 人民广场店 有到店礼：到店礼 20 元券 · 141 米": the store, its offer and how far it is. */
export function nearbyOfferText(storeName: string, couponName: string, distance: string): string {
  return `附近的 ${storeName} 有到店礼：${couponName} · ${distance}`;
}
