import type { CommunityView } from '@memberloop/shared';
import { CHECK_IN_TEXT, communityMark, leaveAsk, memberCountText } from './community-text';
import { withMembership } from './use-membership';

const community = (over: Partial<CommunityView> = {}): CommunityView => ({
  id: 'c'.repeat(24),
  name: '静安店会员群',
  kind: 'store',
  description: '',
  memberCount: 3,
  joined: false,
  ...over,
});

describe('community words', () => {
  it('counts members and seconds with one space before the unit', () => {
    expect(memberCountText(4)).toBe('4 位成员');
    expect(CHECK_IN_TEXT.showToStaff(42)).toBe('请向工作人员出示，签到码每分钟自动刷新（42 秒）');
  });

  it('marks a community by its name’s first character, never an empty tile', () => {
    expect(communityMark({ name: ' 静安店会员群' })).toBe('静');
    expect(communityMark({ name: '' })).toBe('群');
  });

  it('says what leaving means before the member leaves', () => {
    expect(leaveAsk('静安店会员群')).toBe('退出「静安店会员群」后不再收到它的公告，已报名的活动不受影响。');
  });
});

describe('withMembership', () => {
  it('counts the member in on joining and out on leaving, once', () => {
    expect(withMembership(community(), true)).toMatchObject({ joined: true, memberCount: 4 });
    expect(withMembership(community({ joined: true }), false)).toMatchObject({ joined: false, memberCount: 2 });
    // The server said nothing changed (joined already): the count stays.
    expect(withMembership(community({ joined: true }), true)).toMatchObject({ joined: true, memberCount: 3 });
    expect(withMembership(community({ joined: true, memberCount: 0 }), false).memberCount).toBe(0);
  });
});
