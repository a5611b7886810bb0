import type { StaffActivityView } from '@memberloop/shared';
import {
  activityChangesOf,
  defaultDraft,
  draftOf,
  draftProblem,
  brandParts,
  momentOf,
  newActivityOf,
  type ActivityDraft,
} from './activity-draft';

// The pickers read the brand's clock (Asia/Shanghai by default), whatever the phone's time zone.
const local = (text: string) => new Date(`${text}+08:00`);
const NOW = local('2026-11-21T10:10:00');

const filled = (over: Partial<ActivityDraft> = {}): ActivityDraft => ({
  ...defaultDraft(NOW),
  title: '冬季护肤沙龙',
  coverImageUrl: 'https://img.example.com/salon.jpg',
  place: '静安店二楼',
  ...over,
});

describe('a new activity’s form', () => {
  it('starts at the next half hour at least 15 minutes away, runs two hours, and takes sign-ups until the start', () => {
    expect(defaultDraft(local('2026-11-21T10:10:00'))).toMatchObject({
      startDate: '2026-11-21',
      startTime: '10:30',
      endTime: '12:30',
      deadlineDate: '2026-11-21',
      deadlineTime: '10:30',
      capacity: '30',
      pointsReward: '0',
    });
    expect(defaultDraft(local('2026-11-21T10:20:00')).startTime).toBe('11:00');
    expect(defaultDraft(local('2026-11-21T23:50:00'))).toMatchObject({ startDate: '2026-11-22', startTime: '00:30' });
  });

  it('reads pickers’ dates and times on the brand’s clock', () => {
    expect(momentOf('2026-11-22', '14:30')).toEqual(local('2026-11-22T14:30:00'));
    expect(momentOf('2026-12-02', '00:30')?.toISOString()).toBe('2026-12-01T16:30:00.000Z');
    expect(brandParts(new Date('2026-12-01T16:30:00Z'))).toEqual({ date: '2026-12-02', time: '00:30' });
    expect(momentOf('', '14:30')).toBeUndefined();
    expect(brandParts(local('2026-01-02T03:04:00'))).toEqual({ date: '2026-01-02', time: '03:04' });
  });
});

describe('form problems', () => {
  it('accepts a complete form', () => {
    expect(draftProblem(filled(), NOW)).toBeUndefined();
    expect(draftProblem(filled({ place: '', liveUrl: 'https://live.example.com/1' }), NOW)).toBeUndefined();
  });

  it('says what to fix, one thing at a time, naming the field as the server’s contract checks it', () => {
    expect(draftProblem(filled({ title: '  ' }), NOW)).toBe('请填写活动标题，40 字以内');
    expect(draftProblem(filled({ title: '好'.repeat(41) }), NOW)).toBe('请填写活动标题，40 字以内');
    expect(draftProblem(filled({ coverImageUrl: 'http://img.example.com/a.jpg' }), NOW)).toBe('请选择一张封面图片');
    expect(draftProblem(filled({ coverImageUrl: '' }), NOW)).toBe('请选择一张封面图片');
    expect(draftProblem(filled({ description: '介'.repeat(2001) }), NOW)).toBe('活动介绍最多 2000 字');
    expect(draftProblem(filled({ startTime: '' }), NOW)).toBe('请选择开始、结束和报名截止时间');
    expect(draftProblem(filled({ endDate: '2026-11-21', endTime: '10:30' }), NOW)).toBe('结束时间要晚于开始时间');
    expect(draftProblem(filled({ endDate: '2026-12-31' }), NOW)).toBe('一场活动最长 31 天');
    expect(draftProblem(filled({ startDate: '2026-11-20', endDate: '2026-11-20', deadlineDate: '2026-11-20' }), NOW)).toBe(
      '结束时间已经过了，请重新选择',
    );
    expect(draftProblem(filled({ deadlineDate: '2026-11-22' }), NOW)).toBe('报名截止不能晚于活动结束');
    expect(draftProblem(filled({ place: '' }), NOW)).toBe('请填写活动地点或直播链接');
    expect(draftProblem(filled({ place: '址'.repeat(201) }), NOW)).toBe('地点最多 200 字');
    expect(draftProblem(filled({ liveUrl: 'live.example.com' }), NOW)).toBe('直播链接需以 https:// 开头');
    for (const capacity of ['0', '2.5', '', '10001', 'abc'])
      expect(draftProblem(filled({ capacity }), NOW)).toBe('名额请填 1 到 10000 之间的整数');
    expect(draftProblem(filled({ pointsReward: '-5' }), NOW)).toBe('签到积分请填 0 到 100000 之间的整数');
  });

  it('takes an uploaded cover, an older activity’s https link, or a photo picked to upload on saving', () => {
    expect(
      draftProblem(filled({ coverImageUrl: '/api/v1/activity-covers/0123456789abcdef0123456789abcdef' }), NOW),
    ).toBeUndefined();
    expect(draftProblem(filled({ coverImageUrl: '' }), NOW, true)).toBeUndefined();
    // Another store's photo is not a cover.
    expect(draftProblem(filled({ coverImageUrl: '/api/v1/avatars/0123456789abcdef0123456789abcdef' }), NOW)).toBe(
      '请选择一张封面图片',
    );
  });
});

describe('what is sent', () => {
  it('sends a new activity with ISO times and leaves out what is blank', () => {
    expect(newActivityOf(filled({ capacity: ' 20 ', pointsReward: '50', minTierCode: 'gold' }))).toEqual({
      title: '冬季护肤沙龙',
      coverImageUrl: 'https://img.example.com/salon.jpg',
      description: '',
      startsAt: local('2026-11-21T10:30:00').toISOString(),
      endsAt: local('2026-11-21T12:30:00').toISOString(),
      place: '静安店二楼',
      capacity: 20,
      minTierCode: 'gold',
      signUpDeadline: local('2026-11-21T10:30:00').toISOString(),
      pointsReward: 50,
    });
  });

  it('sends only what an edit changed, and null to clear a place, a live link or a tier restriction', () => {
    const saved: StaffActivityView = {
      id: 'a'.repeat(24),
      communityId: 'c'.repeat(24),
      communityName: '静安店会员群',
      ...newActivityOf(filled({ minTierCode: 'gold', liveUrl: 'https://live.example.com/1' })),
      minTier: { code: 'gold', name: '金卡' },
      seatsLeft: 30,
      waitlistLength: 0,
      status: 'published',
      signUpOpen: true,
      counts: { confirmed: 0, waitlisted: 0, cancelled: 0, checkedIn: 0 },
      createdAt: NOW.toISOString(),
    };
    const draft = draftOf(saved);
    expect(activityChangesOf(saved, draft)).toEqual({});
    expect(activityChangesOf(saved, { ...draft, capacity: '40', endTime: '13:00', liveUrl: '', minTierCode: '' })).toEqual({
      capacity: 40,
      endsAt: local('2026-11-21T13:00:00').toISOString(),
      liveUrl: null,
      minTierCode: null,
    });
  });
});
