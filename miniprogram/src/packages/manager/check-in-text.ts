import { quantityText } from '@memberloop/shared';

/** The check-in desk's words (manager/check-in-desk.tsx). */
export const CHECK_IN_TEXT = {
  siteCodeLoading: '签到码生成中…',
  retry: '重试',
  siteCodeHint: (seconds: number) => `会员在活动页扫码即可签到，每分钟自动刷新（${quantityText(seconds, '秒')}）`,
  notOpen: '现在不在签到时间内',
  incomplete: '签到码不完整',
  incompleteDetail: '请输入会员签到码下方的 6 位数字，或重新扫描',
  failed: '签到未成功',
  scan: '扫描会员签到码',
  typePlaceholder: '输入会员签到码下方的 6 位数字',
  checkIn: '签到',
  checkingIn: '签到中…',
  cannotScan: '扫不出来？输入 6 位数字码',
  hideSiteCode: '收起现场签到码',
  showSiteCode: '显示现场签到码（会员自助扫码）',
} as const;

/** The server's refusals of a check-in, in the desk's words. */
export const CHECK_IN_REFUSALS = {
  INVALID_CHECKIN_TOKEN: '签到码无效或已过期，请会员刷新后再扫',
  CONFLICT: '这位会员还在候补或已取消报名，不能签到',
  NOT_FOUND: '这位会员没有报名这场活动',
  ACTIVITY_CLOSED: `现在不在签到时间内（开始前 ${quantityText(1, '小时')}至结束）`,
} as const;
