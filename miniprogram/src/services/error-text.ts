import { quantityText, type ErrorCode } from '@memberloop/shared';

/**
 * The API answers in English for developers and gives every error a stable code; members read these words
 * instead. A code missing here (a new one) falls back to a plain sentence rather than to the English.
 */
const TEXT: Partial<Record<ErrorCode | 'NETWORK_ERROR', string>> = {
  NETWORK_ERROR: '网络连接失败，请检查网络后重试',
  VALIDATION_FAILED: '填写的内容有误，请检查后再试',
  MALFORMED_REQUEST: '请求有误，请刷新后再试',
  UNAUTHENTICATED: '登录已失效，请重新打开小程序',
  TOKEN_EXPIRED: '登录已失效，请重新打开小程序',
  FORBIDDEN: '暂时不能进行这个操作',
  NOT_FOUND: '内容不存在或已下线',
  CONFLICT: '状态已变化，请刷新后再试',
  IDEMPOTENCY_KEY_REUSED: '请求重复了，请刷新后再试',
  IDEMPOTENCY_KEY_IN_PROGRESS: '正在处理，请稍候再看结果',
  PAYLOAD_TOO_LARGE: '照片太大了，请换一张 2MB 以内的',
  UNSUPPORTED_MEDIA_TYPE: '只支持 JPG、PNG、WebP 格式的照片',
  RATE_LIMITED: '操作太频繁了，请稍后再试',
  INSUFFICIENT_POINTS: '积分不足',
  POINTS_BALANCE_NEGATIVE: '积分余额为负（退货扣回），暂时不能使用积分',
  OUT_OF_STOCK: '已经被抢光了，下次早点来',
  LIMIT_REACHED: '已达到参与上限',
  HOLD_CLOSED: '这笔积分抵扣已失效，请重新下单',
  COUPON_NOT_ELIGIBLE: '暂不符合领取条件',
  COUPON_UNUSABLE: '这张券现在不能用',
  INVALID_COUPON_TOKEN: '券码已失效，请刷新后再出示',
  COUPONS_NOT_STACKABLE: '这些优惠券不能叠加使用',
  COUPON_TEMPLATE_RETIRED: '这张券已停止发放',
  COUPON_TERMS_FIXED: '这张券已有会员领取，优惠内容和有效期不能再改',
  STOCK_BELOW_ISSUED: '库存不能少于已发出的数量',
  GIFT_RETIRED: '这件礼品已下架',
  REFERRAL_REJECTED: '邀请未能生效',
  GROUP_FULL: '这个团已经满员了，去开一个新团吧',
  GROUP_CLOSED: '拼团已结束',
  ALREADY_DONE: '你已经参与过了',
  ACTIVITY_CLOSED: '活动已截止',
  TIER_REQUIRED: '会员等级还不够哦',
  INVALID_CHECKIN_TOKEN: '签到码已失效，请刷新后再试',
  ASSIST_CLOSED: '助力已结束',
  CAMPAIGN_ENDED: '这个活动已结束，不能再修改',
  COMPENSATION_OVER_CAP: '补偿超出你的权限上限，请联系总部',
  TICKET_CLOSED: '这张工单已处理完成',
  INTERNAL_ERROR: '服务出了点问题，请稍后再试',
  DATABASE_UNAVAILABLE: '服务暂时不可用，请稍后再试',
  SERVICE_UNAVAILABLE: '服务暂时不可用，请稍后再试',
  SERVER_BUSY: '当前访问人数较多，请稍后再试',
};

const CHINESE = /[\u4e00-\u9fff]/;

/** The member's words for an API error: its message when written in Chinese, else the words for its code. */
export function errorText(code: ErrorCode | 'NETWORK_ERROR', message: string, details?: unknown): string {
  if (code === 'INSUFFICIENT_POINTS') {
    const needed = (details as { needed?: unknown } | undefined)?.needed;
    return typeof needed === 'number' ? `积分不足，需 ${quantityText(needed, '积分')}` : (TEXT.INSUFFICIENT_POINTS as string);
  }
  // Messages quoting a Chinese name are still English sentences («「满199减20」has all been claimed.»).
  const english = /[A-Za-z]{3,}/.test(message.replace(/「[^」]*」/g, ''));
  if (CHINESE.test(message) && !english) return message;
  return TEXT[code] ?? '出了点问题，请稍后重试';
}
