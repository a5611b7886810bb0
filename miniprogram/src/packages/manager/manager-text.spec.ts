import type { CheckInResult, StaffActivityView } from '@memberloop/shared';
import { checkInResultText, memberName, signUpRowState, staffActions, staffActivityStatus } from './manager-text';

// Times on the brand's clock (Asia/Shanghai by default), whatever the phone's zone.
const at = (beijing: string) => new Date(`${beijing}+08:00`).toISOString();
const NOW = Date.parse(at('2026-11-21T10:00:00'));
const counts = { confirmed: 0, waitlisted: 0, cancelled: 0, checkedIn: 0 };
const activity = (over: Partial<StaffActivityView> = {}) => ({
  status: 'published' as const,
  startsAt: at('2026-11-22T14:00:00'),
  endsAt: at('2026-11-22T16:00:00'),
  signUpOpen: true,
  counts,
  ...over,
});

describe('activity status for managers', () => {
  it('tells drafts, open sign-ups, running, over and cancelled activities apart', () => {
    expect(staffActivityStatus(activity({ status: 'draft' }), NOW)).toEqual({ label: '草稿', tone: 'draft' });
    expect(staffActivityStatus(activity(), NOW)).toEqual({ label: '报名中', tone: 'open' });
    expect(staffActivityStatus(activity({ signUpOpen: false }), NOW).label).toBe('报名截止');
    expect(staffActivityStatus(activity(), Date.parse(at('2026-11-22T14:10:00'))).label).toBe('进行中');
    expect(staffActivityStatus(activity(), Date.parse(at('2026-11-22T16:00:00'))).label).toBe('已结束');
    expect(staffActivityStatus(activity({ status: 'cancelled' }), NOW).label).toBe('已取消');
  });
});

describe('manager actions', () => {
  it('publishes drafts, and takes back only a published activity nobody signed up for', () => {
    expect(staffActions(activity({ status: 'draft' }), NOW)).toEqual({
      edit: true,
      publish: true,
      unpublish: false,
      cancel: false,
    });
    expect(staffActions(activity(), NOW)).toEqual({ edit: true, publish: false, unpublish: true, cancel: true });
    expect(staffActions(activity({ counts: { ...counts, waitlisted: 1 } }), NOW).unpublish).toBe(false);
  });

  it('offers nothing once an activity is cancelled or over', () => {
    const none = { edit: false, publish: false, unpublish: false, cancel: false };
    expect(staffActions(activity({ status: 'cancelled' }), NOW)).toEqual(none);
    expect(staffActions(activity(), Date.parse(at('2026-11-22T16:00:00')))).toEqual(none);
  });
});

describe('sign-up rows', () => {
  it('shows check-ins with their time and how, the waitlist place, and cancellations', () => {
    expect(signUpRowState({ state: 'confirmed', checkedInAt: at('2026-11-22T13:05:00'), checkInMethod: 'staff-scan' })).toEqual({
      label: '已签到 13:05 · 扫码',
      tone: 'attended',
    });
    expect(signUpRowState({ state: 'confirmed', checkedInAt: at('2026-11-22T13:05:00'), checkInMethod: 'site-code' }).label).toBe(
      '已签到 13:05 · 现场码',
    );
    expect(signUpRowState({ state: 'waitlisted', waitlistPosition: 2 })).toEqual({ label: '候补第 2 位', tone: 'waitlisted' });
    expect(signUpRowState({ state: 'cancelled' }).label).toBe('已取消');
    expect(signUpRowState({ state: 'confirmed' }).label).toBe('已报名');
  });

  it('names a member by nickname, else by member number', () => {
    expect(memberName({ nickname: '林小满', memberNo: 'M00000012' })).toBe('林小满');
    expect(memberName({ nickname: ' ', memberNo: 'M00000012' })).toBe('会员 M00000012');
  });
});

describe('check-in result', () => {
  const result: CheckInResult = {
    activityId: 'a'.repeat(24),
    memberNo: 'M00000012',
    nickname: '林小满',
    checkedInAt: at('2026-11-22T13:05:00'),
    pointsAwarded: 50,
    replayed: false,
  };
  it('says who checked in and what was paid, and that a second scan pays nothing', () => {
    expect(checkInResultText(result)).toEqual({ title: '林小满 签到成功', detail: '已发放 50 积分' });
    expect(checkInResultText({ ...result, pointsAwarded: 0 }).detail).toBe('本活动没有签到积分');
    expect(checkInResultText({ ...result, replayed: true })).toEqual({
      title: '林小满 已签到过',
      detail: '签到时间 11月22日 13:05，不重复发积分',
    });
  });
});
