import { quantityText, signedQuantityText, type ActivityView, type CheckInResult, type MySignUp } from '@memberloop/shared';
import { clockText, dateTimeText, dayText, fullDayText, weekdayText } from '../../services/date-text';

/** "11月22日 周六 14:00–16:00", or both ends in full when it runs over several days (brand's time zone). */
export function activityTimeText(startsAt: string, endsAt: string): string {
  const startDay = `${dayText(startsAt)} ${weekdayText(startsAt)}`;
  if (fullDayText(startsAt) === fullDayText(endsAt)) return `${startDay} ${clockText(startsAt)}–${clockText(endsAt)}`;
  return `${startDay} ${clockText(startsAt)} – ${dayText(endsAt)} ${clockText(endsAt)}`;
}

/** Where it happens: the place, "线上直播", or both. */
export function venueText(activity: Pick<ActivityView, 'place' | 'liveUrl'>): string {
  if (activity.place && activity.liveUrl) return `${activity.place} · 同步直播`;
  return activity.place ?? '线上直播';
}

/** Seats as a member reads them: "剩余 3/20 个名额", or that it is full and how many wait. */
export function seatsText(activity: Pick<ActivityView, 'seatsLeft' | 'capacity' | 'waitlistLength'>): string {
  if (activity.seatsLeft > 0) return `剩余 ${activity.seatsLeft}/${quantityText(activity.capacity, '个')}名额`;
  return activity.waitlistLength > 0 ? `名额已满 · ${quantityText(activity.waitlistLength, '人')}候补中` : '名额已满，可排队候补';
}

/** What a place on the waitlist means: who is ahead, and that seats freed go out in order. */
export function waitlistText(position: number): string {
  return position <= 1
    ? '你是下一位，有人取消会自动递补并通知你'
    : `前面还有 ${quantityText(position - 1, '人')}，有人取消会按顺序递补并通知你`;
}

export type SignUpTone = 'confirmed' | 'waitlisted' | 'cancelled' | 'attended';

/** The member's own sign-up: a short label for a chip and a line under it. */
export function signUpStateText(me: Pick<MySignUp, 'state' | 'waitlistPosition' | 'checkedInAt' | 'pointsAwarded'>): {
  label: string;
  detail: string;
  tone: SignUpTone;
} {
  if (me.checkedInAt) {
    return {
      label: '已签到',
      detail: me.pointsAwarded > 0 ? `签到成功，已获得 ${quantityText(me.pointsAwarded, '积分')}` : '签到成功，欢迎参加',
      tone: 'attended',
    };
  }
  switch (me.state) {
    case 'confirmed':
      return { label: '报名成功', detail: '活动开始前 1 小时起可出示签到码', tone: 'confirmed' };
    case 'waitlisted':
      return {
        label: me.waitlistPosition ? `候补第 ${me.waitlistPosition} 位` : '候补中',
        detail: waitlistText(me.waitlistPosition ?? 1),
        tone: 'waitlisted',
      };
    case 'cancelled':
      return { label: '已取消', detail: '报名已取消，名额有空时可以重新报名', tone: 'cancelled' };
  }
}

/** The main button on an activity's page: what it does, or (disabled) why there is nothing to do. */
export type ActivityAction =
  | { kind: 'sign-up'; label: string }
  | { kind: 'waitlist'; label: string }
  | { kind: 'cancel'; label: string }
  | { kind: 'none'; label: string };

/**
 * What the member can do about an activity now. `tierAllowed` is false when their tier is below the activity's
 * (undefined while not known: the server has the last word either way).
 */
export function activityAction(
  activity: Pick<ActivityView, 'status' | 'startsAt' | 'endsAt' | 'signUpOpen' | 'seatsLeft' | 'minTier' | 'me'>,
  now: number,
  tierAllowed?: boolean,
): ActivityAction {
  const { me } = activity;
  if (activity.status === 'cancelled') return { kind: 'none', label: '活动已取消' };
  if (now >= Date.parse(activity.endsAt)) return { kind: 'none', label: '活动已结束' };
  if (me?.checkedInAt) return { kind: 'none', label: '已签到' };
  if (me && me.state !== 'cancelled') {
    if (now < Date.parse(activity.startsAt))
      return { kind: 'cancel', label: me.state === 'waitlisted' ? '退出候补' : '取消报名' };
    return { kind: 'none', label: me.state === 'waitlisted' ? '活动已开始，未能递补' : '活动进行中' };
  }
  if (!activity.signUpOpen) return { kind: 'none', label: '报名已截止' };
  if (tierAllowed === false && activity.minTier) return { kind: 'none', label: `${activity.minTier.name}及以上会员可报名` };
  return activity.seatsLeft > 0 ? { kind: 'sign-up', label: '立即报名' } : { kind: 'waitlist', label: '排队候补' };
}

/**
 * The line beside the main button: the member's own place once they have one, otherwise the seats left and the
 * sign-up deadline; for an activity that is off or over, whose it was and when.
 */
export function activityBarText(
  activity: Pick<
    ActivityView,
    | 'status'
    | 'startsAt'
    | 'endsAt'
    | 'signUpOpen'
    | 'signUpDeadline'
    | 'seatsLeft'
    | 'capacity'
    | 'waitlistLength'
    | 'communityName'
    | 'me'
  >,
  now: number,
): { main: string; sub?: string } {
  const { me } = activity;
  if (activity.status === 'cancelled' || now >= Date.parse(activity.endsAt)) {
    return { main: activity.communityName, sub: activityTimeText(activity.startsAt, activity.endsAt) };
  }
  if (me?.checkedInAt) return { main: '已签到，欢迎参加' };
  if (me?.state === 'confirmed') return { main: '已为你保留名额', sub: `${dateTimeText(activity.startsAt)} 开始` };
  if (me?.state === 'waitlisted') return { main: `候补第 ${me.waitlistPosition ?? 1} 位`, sub: '有人取消会按顺序递补' };
  return {
    main: seatsText(activity),
    ...(activity.signUpOpen ? { sub: `${dateTimeText(activity.signUpDeadline)} 截止报名` } : {}),
  };
}

/** Whether a member of tier rank `memberRank` may sign up, given the ranks of the brand's tiers. */
export function tierAllows(
  minTier: ActivityView['minTier'],
  memberRank: number,
  tiers: ReadonlyArray<{ code: string; rank: number }>,
): boolean {
  if (!minTier) return true;
  const required = tiers.find((tier) => tier.code === minTier.code);
  return required === undefined || memberRank >= required.rank;
}

/** The short status on an activity card in a list. */
export function activityBadge(
  activity: Pick<ActivityView, 'status' | 'signUpOpen' | 'seatsLeft' | 'startsAt' | 'endsAt' | 'me'>,
  now: number,
): { label: string; tone: SignUpTone | 'open' | 'full' | 'closed' } {
  if (activity.me && (activity.me.state !== 'cancelled' || activity.me.checkedInAt)) {
    const state = signUpStateText(activity.me);
    return { label: state.label, tone: state.tone };
  }
  if (activity.status === 'cancelled') return { label: '已取消', tone: 'closed' };
  if (now >= Date.parse(activity.endsAt)) return { label: '已结束', tone: 'closed' };
  if (now >= Date.parse(activity.startsAt)) return { label: '进行中', tone: 'closed' };
  if (!activity.signUpOpen) return { label: '报名截止', tone: 'closed' };
  return activity.seatsLeft > 0 ? { label: '报名中', tone: 'open' } : { label: '可候补', tone: 'full' };
}

/** The path of an activity's page: what the server's messages link to. */
export function activityPath(activityId: string): string {
  return `/packages/community/activity?id=${activityId}`;
}

/** The path of a community's announcements: what the server's messages link to. */
export function announcementsPath(communityId: string): string {
  return `/packages/community/announcements?communityId=${communityId}`;
}

/** The fixed words of an activity's page. */
export const ACTIVITY_TEXT = {
  shareFallback: '会员社群活动',
  brokenLink: '活动链接不完整，请重新打开',
  mineTitle: '我的报名',
  checkInOpen: '签到已开放：到场后出示签到码，或扫现场签到码',
  hideCode: '收起签到码',
  showCode: '出示签到码',
  orSiteCode: '或在现场扫码签到',
  infoTitle: '活动信息',
  labelTime: '时间',
  labelPlace: '地点',
  labelLive: '直播',
  copyLive: '复制直播链接',
  labelSeats: '名额',
  labelWho: '报名',
  everyone: '所有会员',
  labelDeadline: '截止',
  labelReward: '奖励',
  aboutTitle: '活动介绍',
  checkedIn: '签到成功',
  checkedInAgain: '你已经签到过了',
  liveCopied: '直播链接已复制，可在浏览器打开',
  liveTitle: '直播链接',
  signingUp: '提交中…',
  cancelling: '取消中…',
  confirm: '确定',
  leaveWaitlistTitle: '退出候补',
  leaveWaitlistAsk: '退出后将不再为你递补名额，确定退出吗？',
  cancelTitle: '取消报名',
  cancelAsk: '取消后名额会让给候补的会员，确定取消报名吗？',
  leftWaitlist: '已退出候补',
  cancelled: '已取消报名',
  signedUp: '报名成功',
} as const;

/** The server's refusals of a sign-up in the member's words. */
export function signUpRefusals(activity: Pick<ActivityView, 'minTier'>) {
  return {
    ALREADY_DONE: '你已经报过名了',
    TIER_REQUIRED: activity.minTier ? `本活动仅限${activity.minTier.name}及以上会员报名` : '会员等级还不够哦',
    ACTIVITY_CLOSED: '报名已截止',
    FORBIDDEN: '你已被移出这个社群，暂时不能报名',
  } as const;
}
export const CANCEL_REFUSALS = { ACTIVITY_CLOSED: '活动已开始，不能取消了', CONFLICT: '你已签到，不能取消了' } as const;

/** The toast after a sign-up: 报名成功, or the place on the waitlist. */
export function signedUpText(mine: Pick<MySignUp, 'state' | 'waitlistPosition'>): string {
  return mine.state === 'confirmed' ? ACTIVITY_TEXT.signedUp : `已加入候补，第 ${mine.waitlistPosition ?? 1} 位`;
}

/** What a share of an activity says. */
export function activityShareTitle(title: string): string {
  return `一起来参加「${title}」`;
}

/** The line of a cancelled activity: "活动已取消：场地维修". */
export function cancelledText(reason?: string): string {
  return reason ? `活动已取消：${reason}` : '活动已取消';
}

/** When check-in opens, with the time as the screen writes it. */
export function checkInOpensText(when: string): string {
  return `签到将于 ${when} 开放`;
}

/** Seats on the info list: "20 人 · 剩余 3/20 个名额". */
export function capacityText(activity: Pick<ActivityView, 'seatsLeft' | 'capacity' | 'waitlistLength'>): string {
  return `${quantityText(activity.capacity, '人')} · ${seatsText(activity)}`;
}

/** Who may sign up: "金卡及以上会员", or everyone. */
export function whoMayText(activity: Pick<ActivityView, 'minTier'>): string {
  return activity.minTier ? `${activity.minTier.name}及以上会员` : ACTIVITY_TEXT.everyone;
}

/** The sign-up deadline on the info list, with the time as the screen writes it. */
export function deadlineText(when: string): string {
  return `${when} 前报名`;
}

/** What attending pays: "到场签到得 50 积分". */
export function attendanceRewardText(points: number): string {
  return `到场签到得 ${quantityText(points, '积分')}`;
}

/** The toast after checking in with the on-site code. */
export function siteCheckInText(result: Pick<CheckInResult, 'replayed' | 'pointsAwarded'>): string {
  if (result.replayed) return ACTIVITY_TEXT.checkedInAgain;
  return result.pointsAwarded > 0
    ? `${ACTIVITY_TEXT.checkedIn} ${signedQuantityText(result.pointsAwarded, '积分')}`
    : ACTIVITY_TEXT.checkedIn;
}

/** A community's name as a link on an activity: "静安店会员群 ›". */
export function communityLinkText(name: string): string {
  return `${name} ›`;
}
