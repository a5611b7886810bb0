import { quantityText, type CommunityView } from '@memberloop/shared';

/** The fixed words of the community screens (the activities list, the communities, the member's activities, announcements). */
export const COMMUNITY_TEXT = {
  tabAll: '全部活动',
  tabJoined: '我的社群',
  heroTitle: '会员社群活动',
  heroHint: '沙龙、试用、直播，到场签到还能领积分',
  myActivities: '我的活动',
  myActivitiesHint: '报名、候补与签到码',
  allCommunities: '全部社群',
  allCommunitiesHint: '加入感兴趣的社群',
  communityActivities: '社群活动',
  upcomingActivities: '近期活动',
  noCommunityActivities: '这个社群暂时没有活动，敬请期待',
  noJoinedActivities: '你加入的社群暂时没有活动，去「全部社群」看看吧',
  noActivities: '暂时没有活动，敬请期待',
  brokenCommunityLink: '社群链接不完整',
  noSuchCommunity: '这个社群不存在或已解散',
  announcements: '社群公告',
  announcementsShort: '公告',
  joinedButton: '已加入',
  joinButton: '加入社群',
  joinShort: '加入',
  joining: '加入中…',
  leaving: '退出中…',
  leaveTitle: '退出社群',
  leaveConfirm: '退出',
  joinedToast: '已加入社群',
  leftToast: '已退出社群',
  communitiesHint: '加入后可收到社群公告',
  noCommunities: '暂时还没有社群，敬请期待',
  /** The mark of a community whose name is empty. */
  markFallback: '群',
  upcoming: '即将开始',
  past: '已结束',
  pastTitle: '参加过的活动',
  noUpcoming: '还没有报名活动',
  seeActivities: '去看看近期活动',
  noPast: '还没有结束的活动',
  brokenAnnouncementsLink: '公告链接不完整，请重新打开',
  membersOnly: '加入社群后才能查看它的公告',
  noAnnouncements: '还没有公告',
  viewActivities: '查看社群活动',
} as const;

/** The server's refusal of a join in the member's words. */
export const JOIN_REFUSALS = { FORBIDDEN: '你已被移出这个社群，暂时不能加入' } as const;

/** What leaving a community means, asked before it. */
export function leaveAsk(name: string): string {
  return `退出「${name}」后不再收到它的公告，已报名的活动不受影响。`;
}

/** "4 位成员". */
export function memberCountText(count: number): string {
  return `${quantityText(count, '位')}成员`;
}

/** The community's mark on its row: its name's first character. */
export function communityMark(community: Pick<CommunityView, 'name'>): string {
  return Array.from(community.name.trim())[0] ?? COMMUNITY_TEXT.markFallback;
}

/** The fixed words of checking in: the member's code and the on-site code. */
export const CHECK_IN_TEXT = {
  shortCode: '签到数字码',
  generating: '签到码生成中…',
  retry: '重试',
  showToStaff: (seconds: number) => `请向工作人员出示，签到码每分钟自动刷新（${quantityText(seconds, '秒')}）`,
  scan: '扫描现场签到码',
  paste: '粘贴现场签到码',
  send: '签到',
  sending: '签到中…',
  /** The field the on-site code is typed in, as a fault names it. */
  codeField: '现场签到码',
} as const;

/** The server's refusals of a member's code. */
export const CODE_REFUSALS = { ACTIVITY_CLOSED: '现在不在签到时间内', CONFLICT: '只有报名成功的会员才有签到码' } as const;
/** The server's refusals of an on-site check-in. */
export const SITE_CODE_REFUSALS = {
  INVALID_CHECKIN_TOKEN: '签到码无效或已过期，请扫描现场最新的签到码',
  ACTIVITY_CLOSED: '现在不在签到时间内',
  CONFLICT: '只有报名成功的会员可以签到',
} as const;
