import { quantityText, type GeoOfferClaimState } from '@memberloop/shared';
import { dateTimeText, dayText } from '../../services/date-text';
import { distanceText } from '../../services/distance-text';

/** Shared with the member home's nearby-offer banner (main package). */
export { distanceText };

/** Every word of the member's nearby-stores page. */
export const STORES_TEXT = {
  whyTitle: '查看离您最近的门店',
  why: '开启位置后，我们会按距离为您排列门店，并在您到店附近时送上门店专属优惠。位置只用来计算距离，不会保存到您的会员资料。',
  allow: '允许获取我的位置',
  locating: '正在获取位置…',
  skip: '先不用，看全部门店',
  refused: '您没有开启位置权限，门店按城市排列；到店附近开启位置即可领取门店优惠。',
  unavailable: '暂时无法获取位置，请稍后重试；门店先按城市排列。',
  openSettings: '去设置开启位置',
  retry: '重新获取位置',
  listTitle: '附近门店',
  allTitle: '全部门店',
  none: '暂时没有可显示的门店',
  hours: (text: string) => `营业时间 ${text}`,
  offerTag: '到店礼',
  radius: (metres: number) => `门店 ${distanceText(metres)}内可领`,
  cap: (days: number) => (days === 1 ? '每天可领一次' : `每 ${quantityText(days, '天')}可领一次`),
  /** The offer ends at 24:00 of its last day: the day before that instant is the last. */
  until: (iso: string) => `${dayText(new Date(Date.parse(iso) - 1).toISOString())} 截止`,
  claim: '立即领取',
  claiming: '领取中…',
  claimed: '已领取，可在「我的优惠券」查看',
  again: (iso: string) => `${dateTimeText(iso)} 后可再次领取`,
  tooFar: '离门店还有点远，到店附近即可领取',
  needsLocation: '开启位置后，到店附近即可领取',
  needsConsent: '在「我的」打开「活动与优惠」后即可领取',
  success: (name: string) => `「${name}」已放入您的券包`,
  wallet: '查看我的优惠券',
} as const;

/** The offer line under a store for each state, except `claimable` (a button). */
export const OFFER_STATE_TEXT: Record<Exclude<GeoOfferClaimState, 'claimable'>, string> = {
  claimed: STORES_TEXT.claimed,
  'too-far': STORES_TEXT.tooFar,
  'needs-location': STORES_TEXT.needsLocation,
  'needs-consent': STORES_TEXT.needsConsent,
};

/** The server's refusals of a claim, in the member's words. */
export const CLAIM_REFUSALS = {
  OUTSIDE_OFFER_RADIUS: '您离门店还有点远，到店附近再来领取吧',
  MARKETING_CONSENT_REQUIRED: STORES_TEXT.needsConsent,
  GEO_OFFER_ALREADY_CLAIMED: '这期优惠您已经领过了',
  GEO_OFFER_NOT_ACTIVE: '这个门店优惠已结束',
  OUT_OF_STOCK: '优惠券已经被领完了',
  LIMIT_REACHED: '您已达到这张券的领取上限',
  COUPON_TEMPLATE_RETIRED: '这个门店优惠已结束',
  NOT_FOUND: '这个门店优惠已结束',
} as const;
