import { quantityText } from '@memberloop/shared';

/** The manager's activity page (manager/activity.tsx) and its row on the community page (activity-row.tsx). */
export const STAFF_ACTIVITY_TEXT = {
  filters: [
    { value: 'all', label: '全部' },
    { value: 'confirmed', label: '已报名' },
    { value: 'waitlisted', label: '候补' },
    { value: 'attended', label: '已签到' },
    { value: 'cancelled', label: '已取消' },
  ],
  noPhone: '未绑定手机',
  signedUpAt: (when: string) => `${when} 报名`,
  cancelTitle: '取消活动',
  cancelHint: '已报名和候补的会员都会收到通知，取消后不能恢复',
  cancelReason: '取消原因（会告知会员）',
  keep: '不取消了',
  confirmCancel: '确认取消活动',
  linkBroken: '活动链接不完整',
  online: '线上直播',
  tierAndUp: (name: string) => `${name}及以上`,
  checkInPoints: (points: number) => `签到 ${quantityText(points, '积分')}`,
  cancelled: (reason?: string) => (reason ? `已取消：${reason}` : '已取消'),
  confirmed: '已报名',
  waitlisted: '候补',
  checkedIn: '已签到',
  cancelledCount: '已取消',
  edit: '编辑',
  unpublish: '撤回草稿',
  unpublished: '已撤回为草稿',
  cancel: '取消活动',
  publish: '发布',
  published: '已发布',
  cancelledAndTold: '已取消并通知会员',
  checkInSection: '现场签到',
  checkInOpensAt: (when: string) => `签到将于 ${when} 开放（活动开始前 ${quantityText(1, '小时')}）`,
  checkInClosed: '活动已结束，签到已关闭',
  attendanceList: '签到名单',
  signUpList: '报名名单',
  phonesMasked: '手机号已脱敏',
  publishFirst: '发布后会员才能报名',
  nobodyYet: '还没有人报名',
  nobodyHere: '这里还没有人',
  startsAt: (when: string) => `${when} 开始`,
  rowCounts: (confirmed: number, capacity: number, waitlisted: number, checkedIn: number) =>
    [`报名 ${confirmed}/${capacity}`, ...(waitlisted > 0 ? [`候补 ${waitlisted}`] : []), `签到 ${checkedIn}`].join(' · '),
} as const;

/** The server's refusals of a change of state, in the manager's words. */
export const CHANGE_REFUSALS = {
  CONFLICT: '已有会员报名，不能撤回，如需停办请取消活动',
  FORBIDDEN: '这个社群不在你的管理范围内',
} as const;
