import type { ActivityView, MySignUp } from '@memberloop/shared';
import {
  activityShareTitle,
  attendanceRewardText,
  cancelledText,
  capacityText,
  checkInOpensText,
  communityLinkText,
  deadlineText,
  signedUpText,
  signUpRefusals,
  siteCheckInText,
  whoMayText,
  activityAction,
  activityBarText,
  activityBadge,
  activityTimeText,
  seatsText,
  signUpStateText,
  tierAllows,
  venueText,
  waitlistText,
} from './activity-text';

// Jest runs with the machine's time zone; these times are written in it, as the phone would show them.
// Times on the brand's clock (Asia/Shanghai by default), whatever the phone's zone.
const at = (beijing: string) => new Date(`${beijing}+08:00`).toISOString();
const NOW = Date.parse(at('2026-11-21T10:00:00'));

const activity = (over: Partial<ActivityView> = {}): ActivityView => ({
  id: 'a'.repeat(24),
  communityId: 'c'.repeat(24),
  communityName: '静安店会员群',
  title: '冬季护肤沙龙',
  coverImageUrl: 'https://img.example.com/salon.jpg',
  description: '',
  startsAt: at('2026-11-22T14:00:00'),
  endsAt: at('2026-11-22T16:00:00'),
  place: '静安店二楼',
  capacity: 20,
  seatsLeft: 3,
  waitlistLength: 0,
  signUpDeadline: at('2026-11-22T12:00:00'),
  pointsReward: 50,
  status: 'published',
  signUpOpen: true,
  ...over,
});

const signUp = (over: Partial<MySignUp> = {}): MySignUp => ({
  activityId: 'a'.repeat(24),
  state: 'confirmed',
  signedUpAt: at('2026-11-20T09:00:00'),
  pointsAwarded: 0,
  ...over,
});

describe('sign-up state text', () => {
  it('says a confirmed member has a seat and when the check-in code appears', () => {
    expect(signUpStateText(signUp())).toEqual({
      label: '报名成功',
      detail: '活动开始前 1 小时起可出示签到码',
      tone: 'confirmed',
    });
  });

  it('gives a waitlisted member their place in the queue', () => {
    expect(signUpStateText(signUp({ state: 'waitlisted', waitlistPosition: 3 }))).toEqual({
      label: '候补第 3 位',
      detail: '前面还有 2 人，有人取消会按顺序递补并通知你',
      tone: 'waitlisted',
    });
    expect(signUpStateText(signUp({ state: 'waitlisted', waitlistPosition: 1 })).detail).toBe(
      '你是下一位，有人取消会自动递补并通知你',
    );
  });

  it('says a check-in happened and what it paid, above any other state', () => {
    expect(signUpStateText(signUp({ checkedInAt: at('2026-11-22T13:50:00'), pointsAwarded: 50 }))).toEqual({
      label: '已签到',
      detail: '签到成功，已获得 50 积分',
      tone: 'attended',
    });
    expect(signUpStateText(signUp({ checkedInAt: at('2026-11-22T13:50:00') })).detail).toBe('签到成功，欢迎参加');
  });

  it('says a cancelled sign-up can be made again', () => {
    expect(signUpStateText(signUp({ state: 'cancelled' }))).toMatchObject({ label: '已取消', tone: 'cancelled' });
  });
});

describe('waitlist text', () => {
  it('counts the members ahead', () => {
    expect(waitlistText(1)).toBe('你是下一位，有人取消会自动递补并通知你');
    expect(waitlistText(2)).toBe('前面还有 1 人，有人取消会按顺序递补并通知你');
  });
});

describe('seats and venue', () => {
  it('counts seats left, and says a full activity takes a waitlist', () => {
    expect(seatsText(activity())).toBe('剩余 3/20 个名额');
    expect(seatsText(activity({ seatsLeft: 0 }))).toBe('名额已满，可排队候补');
    expect(seatsText(activity({ seatsLeft: 0, waitlistLength: 4 }))).toBe('名额已满 · 4 人候补中');
  });

  it('names the place, the live stream, or both', () => {
    expect(venueText({ place: '静安店二楼' })).toBe('静安店二楼');
    expect(venueText({ liveUrl: 'https://live.example.com/1' })).toBe('线上直播');
    expect(venueText({ place: '静安店二楼', liveUrl: 'https://live.example.com/1' })).toBe('静安店二楼 · 同步直播');
  });

  it('writes the time on one day with its weekday, or both ends when it spans days', () => {
    expect(activityTimeText(at('2026-11-22T14:00:00'), at('2026-11-22T16:30:00'))).toBe('11月22日 周日 14:00–16:30');
    expect(activityTimeText(at('2026-11-22T14:00:00'), at('2026-11-23T10:00:00'))).toBe('11月22日 周日 14:00 – 11月23日 10:00');
    // 00:30 Beijing is the next day there, though still the same UTC day as 16:00.
    expect(activityTimeText(at('2026-12-01T16:00:00'), at('2026-12-02T00:30:00'))).toBe('12月1日 周二 16:00 – 12月2日 00:30');
  });
});

describe('the activity page’s main button', () => {
  it('signs up while seats are left, and offers the waitlist when full', () => {
    expect(activityAction(activity(), NOW)).toEqual({ kind: 'sign-up', label: '立即报名' });
    expect(activityAction(activity({ seatsLeft: 0 }), NOW)).toEqual({ kind: 'waitlist', label: '排队候补' });
    // A cancelled sign-up may sign up again.
    expect(activityAction(activity({ me: signUp({ state: 'cancelled' }) }), NOW).kind).toBe('sign-up');
  });

  it('cancels a sign-up or a waitlist place until the start, not after', () => {
    expect(activityAction(activity({ me: signUp() }), NOW)).toEqual({ kind: 'cancel', label: '取消报名' });
    expect(activityAction(activity({ me: signUp({ state: 'waitlisted', waitlistPosition: 1 }) }), NOW)).toEqual({
      kind: 'cancel',
      label: '退出候补',
    });
    const started = Date.parse(at('2026-11-22T14:30:00'));
    expect(activityAction(activity({ me: signUp() }), started)).toEqual({ kind: 'none', label: '活动进行中' });
    expect(activityAction(activity({ me: signUp({ state: 'waitlisted' }) }), started).label).toBe('活动已开始，未能递补');
  });

  it('says why nothing can be done: cancelled, over, checked in, deadline passed, tier too low', () => {
    expect(activityAction(activity({ status: 'cancelled' }), NOW).label).toBe('活动已取消');
    expect(activityAction(activity(), Date.parse(at('2026-11-22T16:00:00'))).label).toBe('活动已结束');
    expect(activityAction(activity({ me: signUp({ checkedInAt: at('2026-11-22T13:50:00') }) }), NOW).label).toBe('已签到');
    expect(activityAction(activity({ signUpOpen: false }), NOW)).toEqual({ kind: 'none', label: '报名已截止' });
    const gold = activity({ minTier: { code: 'gold', name: '金卡' } });
    expect(activityAction(gold, NOW, false)).toEqual({ kind: 'none', label: '金卡及以上会员可报名' });
    expect(activityAction(gold, NOW, true).kind).toBe('sign-up');
    expect(activityAction(gold, NOW).kind).toBe('sign-up');
  });

  it('compares the member’s tier with the activity’s by rank', () => {
    const tiers = [
      { code: 'regular', rank: 0 },
      { code: 'silver', rank: 1 },
      { code: 'gold', rank: 2 },
    ];
    expect(tierAllows(undefined, 0, tiers)).toBe(true);
    expect(tierAllows({ code: 'gold', name: '金卡' }, 1, tiers)).toBe(false);
    expect(tierAllows({ code: 'silver', name: '银卡' }, 2, tiers)).toBe(true);
    expect(tierAllows({ code: 'retired', name: '旧等级' }, 0, tiers)).toBe(true);
  });
});

describe('list badges', () => {
  it('shows the member’s own state first, then whether sign-up is open', () => {
    expect(activityBadge(activity({ me: signUp({ state: 'waitlisted', waitlistPosition: 2 }) }), NOW)).toEqual({
      label: '候补第 2 位',
      tone: 'waitlisted',
    });
    expect(activityBadge(activity(), NOW)).toEqual({ label: '报名中', tone: 'open' });
    expect(activityBadge(activity({ seatsLeft: 0 }), NOW)).toEqual({ label: '可候补', tone: 'full' });
    expect(activityBadge(activity({ signUpOpen: false }), NOW)).toEqual({ label: '报名截止', tone: 'closed' });
    expect(activityBadge(activity({ me: signUp({ state: 'cancelled' }) }), NOW).label).toBe('报名中');
  });
});

describe('the line beside the main button', () => {
  it('shows seats and the deadline before signing up, then the member’s own place', () => {
    expect(activityBarText(activity(), NOW)).toEqual({ main: '剩余 3/20 个名额', sub: '11月22日 12:00 截止报名' });
    expect(activityBarText(activity({ signUpOpen: false }), NOW)).toEqual({ main: '剩余 3/20 个名额' });
    expect(activityBarText(activity({ me: signUp() }), NOW)).toEqual({ main: '已为你保留名额', sub: '11月22日 14:00 开始' });
    expect(activityBarText(activity({ me: signUp({ state: 'waitlisted', waitlistPosition: 2 }) }), NOW)).toEqual({
      main: '候补第 2 位',
      sub: '有人取消会按顺序递补',
    });
    expect(activityBarText(activity({ me: signUp({ checkedInAt: at('2026-11-22T13:50:00') }) }), NOW)).toEqual({
      main: '已签到，欢迎参加',
    });
    expect(activityBarText(activity({ me: signUp({ state: 'cancelled' }) }), NOW).main).toBe('剩余 3/20 个名额');
  });

  it('names the community and the time of an activity that is off or over', () => {
    expect(activityBarText(activity({ status: 'cancelled' }), NOW)).toEqual({
      main: '静安店会员群',
      sub: '11月22日 周日 14:00–16:00',
    });
  });
});

describe('activity words', () => {
  it('writes seats, who may come, the deadline and the reward with one space around each count', () => {
    expect(capacityText(activity())).toBe('20 人 · 剩余 3/20 个名额');
    expect(capacityText(activity({ seatsLeft: 0, waitlistLength: 4 }))).toBe('20 人 · 名额已满 · 4 人候补中');
    expect(whoMayText(activity())).toBe('所有会员');
    expect(whoMayText(activity({ minTier: { code: 'gold', name: '金卡' } }))).toBe('金卡及以上会员');
    expect(deadlineText('11月22日 12:00')).toBe('11月22日 12:00 前报名');
    expect(attendanceRewardText(50)).toBe('到场签到得 50 积分');
    expect(checkInOpensText('11月22日 13:00')).toBe('签到将于 11月22日 13:00 开放');
  });

  it('says what a sign-up and a check-in by the on-site code did', () => {
    expect(signedUpText({ state: 'confirmed' })).toBe('报名成功');
    expect(signedUpText({ state: 'waitlisted', waitlistPosition: 2 })).toBe('已加入候补，第 2 位');
    expect(siteCheckInText({ replayed: false, pointsAwarded: 50 })).toBe('签到成功 +50 积分');
    expect(siteCheckInText({ replayed: false, pointsAwarded: 0 })).toBe('签到成功');
    expect(siteCheckInText({ replayed: true, pointsAwarded: 50 })).toBe('你已经签到过了');
  });

  it('words refusals, shares and the cancelled notice for the member', () => {
    expect(signUpRefusals(activity({ minTier: { code: 'gold', name: '金卡' } })).TIER_REQUIRED).toBe(
      '本活动仅限金卡及以上会员报名',
    );
    expect(signUpRefusals(activity()).TIER_REQUIRED).toBe('会员等级还不够哦');
    expect(activityShareTitle('冬季护肤沙龙')).toBe('一起来参加「冬季护肤沙龙」');
    expect(cancelledText('场地维修')).toBe('活动已取消：场地维修');
    expect(cancelledText()).toBe('活动已取消');
    expect(communityLinkText('静安店会员群')).toBe('静安店会员群 ›');
  });
});
