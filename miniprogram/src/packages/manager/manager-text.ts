import type { CheckInResult, ReleasedCouponTemplate, StaffActivityView, StaffSignUpRow } from '@memberloop/shared';
import { couponFace } from '../../services/coupon-text';
import { clockText, dateTimeText, lastDayText } from '../../services/date-text';

export type StaffTone = 'draft' | 'open' | 'running' | 'closed';

/** An activity's state as its managers see it: draft, taking sign-ups, under way, over or cancelled. */
export function staffActivityStatus(
  activity: Pick<StaffActivityView, 'status' | 'startsAt' | 'endsAt' | 'signUpOpen'>,
  now: number,
): { label: string; tone: StaffTone } {
  if (activity.status === 'draft') return { label: '草稿', tone: 'draft' };
  if (activity.status === 'cancelled') return { label: '已取消', tone: 'closed' };
  if (now >= Date.parse(activity.endsAt)) return { label: '已结束', tone: 'closed' };
  if (now >= Date.parse(activity.startsAt)) return { label: '进行中', tone: 'running' };
  return activity.signUpOpen ? { label: '报名中', tone: 'open' } : { label: '报名截止', tone: 'running' };
}

/** Which of the manager's buttons apply now (the server enforces the same rules). */
export function staffActions(
  activity: Pick<StaffActivityView, 'status' | 'endsAt' | 'counts'>,
  now: number,
): { edit: boolean; publish: boolean; unpublish: boolean; cancel: boolean } {
  const live = activity.status !== 'cancelled' && now < Date.parse(activity.endsAt);
  const nobodySignedUp = activity.counts.confirmed + activity.counts.waitlisted === 0;
  return {
    edit: live,
    publish: live && activity.status === 'draft',
    // With members signed up, taking it back silently would leave them in the dark: cancel it instead.
    unpublish: live && activity.status === 'published' && nobodySignedUp,
    cancel: live && activity.status === 'published',
  };
}

/** One sign-up's state on the staff list: "已签到 14:05 · 扫码", "候补第 2 位", "已报名", "已取消". */
export function signUpRowState(row: Pick<StaffSignUpRow, 'state' | 'waitlistPosition' | 'checkedInAt' | 'checkInMethod'>): {
  label: string;
  tone: 'attended' | 'confirmed' | 'waitlisted' | 'cancelled';
} {
  if (row.checkedInAt) {
    const how = row.checkInMethod === 'site-code' ? '现场码' : '扫码';
    return { label: `已签到 ${clockText(row.checkedInAt)} · ${how}`, tone: 'attended' };
  }
  if (row.state === 'waitlisted')
    return { label: row.waitlistPosition ? `候补第 ${row.waitlistPosition} 位` : '候补中', tone: 'waitlisted' };
  if (row.state === 'cancelled') return { label: '已取消', tone: 'cancelled' };
  return { label: '已报名', tone: 'confirmed' };
}

/** The name a manager knows a member by on a list: their nickname, else their member number. */
export function memberName(row: { nickname?: string; memberNo: string }): string {
  return row.nickname?.trim() || `会员 ${row.memberNo}`;
}

/** What a scan did: checked in now (with the points paid), or had checked in already. */
export function checkInResultText(result: CheckInResult): { title: string; detail: string } {
  const name = memberName(result);
  if (result.replayed) return { title: `${name} 已签到过`, detail: `签到时间 ${dateTimeText(result.checkedInAt)}，不重复发积分` };
  return {
    title: `${name} 签到成功`,
    detail: result.pointsAwarded > 0 ? `已发放 ${result.pointsAwarded} 积分` : '本活动没有签到积分',
  };
}

/** The shortest member code the server accepts: anything shorter was cut off when scanned or pasted. */
export const MIN_CHECK_IN_TOKEN_LENGTH = 20;
/** A coupon HQ released to managers, in the send tool's words: what it takes off, how long it holds, what is left. */
export function releasedTemplateText(template: ReleasedCouponTemplate): { benefit: string; meta: string } {
  const face = couponFace(template.benefit);
  const validity =
    template.validity.type === 'afterClaim'
      ? `领取后 ${template.validity.days} 天内有效`
      : `有效期至 ${lastDayText(template.validity.to)}`;
  return {
    benefit: `${face.value} · ${face.condition}`,
    meta: `剩余 ${template.remainingStock} 张 · ${validity} · 每人限 ${template.perMemberLimit} 张`,
  };
}

/** The server's refusals of a coupon send, by code, in the manager's words. */
export const COUPON_SEND_REFUSALS = {
  COUPON_TEMPLATE_RETIRED: '这张券已被总部停发，请换一张',
  FORBIDDEN: '这个社群不在你的管理范围内',
  OUT_OF_STOCK: '这张券已经发完了，请换一张',
  LIMIT_REACHED: '一次发放的人数超过了总部的上限，请联系总部',
  CONFLICT: '这张券已过期，不能再发放',
  NOT_FOUND: '找不到这张券，请刷新后再选',
} as const;

/** The refusals the server gives a reason for (`details.reason`), over the code's words. */
export const COUPON_SEND_REASONS: Record<string, string> = {
  'template-not-released': '总部已收回这张券的发放权限，请换一张',
  'points-priced': '积分兑换的券不能发放',
};

/** Why a coupon send was refused, in the manager's words; undefined for what the app words everywhere. */
export function couponSendRefusalText(code: string, details: unknown): string | undefined {
  const reason = (details as { reason?: unknown } | undefined)?.reason;
  if (code === 'FORBIDDEN' && typeof reason === 'string' && COUPON_SEND_REASONS[reason]) return COUPON_SEND_REASONS[reason];
  return (COUPON_SEND_REFUSALS as Record<string, string>)[code];
}
