import { quantityText } from '@memberloop/shared';

const NOT_YOURS = '这个社群不在你的管理范围内';
const COMMUNITY_LINK_BROKEN = '社群链接不完整';

/** The manager's desk (manager/index.tsx). */
export const DESK_TEXT = {
  tools: [
    { label: '审核晒单', hint: '通过发积分，拒绝写原因', mark: '审', url: '/packages/manager/review' },
    { label: '数据看板', hint: '会员分层与消费趋势', mark: '数', url: '/packages/manager/dashboard' },
    { label: '售后工单', hint: '按截止时间回复、补偿与关闭', mark: '售', url: '/packages/manager/tickets' },
  ],
  hqConsole: { label: '总部后台', hint: '员工权限、积分规则、操作记录', mark: '总', url: '/packages/hq/index' },
  staffOnly: '社群运营台仅限社群运营和总部人员使用',
  title: '社群运营台',
  hqHint: '总部账号 · 可管理全部社群',
  managerHint: '发布活动、现场签到、发券与公告、看会员数据',
  allCommunities: '全部社群',
  myCommunities: '我管理的社群',
  noneAssigned: '还没有分配给你的社群，请联系总部',
  communityMeta: (members: number, managers: string[]) =>
    [quantityText(members, '位成员'), ...(managers.length > 0 ? [`运营 ${managers.join('、')}`] : [])].join(' · '),
} as const;

/** One community's page (manager/community.tsx). */
export const COMMUNITY_TEXT = {
  linkBroken: COMMUNITY_LINK_BROKEN,
  notYours: NOT_YOURS,
  announce: '发公告',
  coupon: '发优惠券',
  members: '社群成员',
  dashboard: '数据看板',
  memberCount: '成员',
  active: (days: number) => `近 ${quantityText(days, '天')}活跃`,
  signUpRate: '报名率',
  attendanceRate: '到场率',
  activities: '社群活动',
  newActivity: '新建活动',
  noActivities: '还没有活动，点「新建活动」发布第一场吧',
} as const;

/** The announcement screen (manager/announce.tsx). */
export const ANNOUNCE_TEXT = {
  linkBroken: COMMUNITY_LINK_BROKEN,
  confirmTitle: '发送公告',
  confirm: (title: string) => `「${title}」将以微信消息发给社群成员，确定发送吗？`,
  sent: (recipients: number) => `已发送给 ${quantityText(recipients, '位成员')}`,
  refusals: { FORBIDDEN: NOT_YOURS },
  title: '发布公告',
  titleLabel: '标题',
  titlePlaceholder: (max: number) => `${quantityText(max, '字')}以内`,
  bodyPlaceholder: '公告内容：活动提醒、到店福利、社群规则……',
  bodyHint: (length: number, max: number) => `${length}/${max} · 以微信服务通知发送，未授权通知的成员可在社群公告里看到`,
  sending: '发送中…',
  send: '发送公告',
  sentList: '已发布',
  noneSent: '还没有发过公告',
  statusSent: '已发送',
  statusSending: '发送中',
  sentMeta: (when: string, recipients: number) => `${when} · ${quantityText(recipients, '位成员')}`,
} as const;
