import type { GroupBuyDealView, GroupBuyGroupView, GroupBuyMemberView } from '@memberloop/shared';
import {
  dealMetaText,
  dealPrices,
  dealUnavailable,
  groupAction,
  groupRules,
  groupSeats,
  groupShareTitle,
  groupSizeText,
  groupStatusLabel,
  groupStatusText,
  joinLabel,
  seatName,
  seatsLeftText,
  succeededAtText,
  timeLimitText,
} from './group-buy-text';

const deal: GroupBuyDealView = {
  id: 'd'.repeat(24),
  skuCode: 'SK-SERUM',
  skuName: '修护精华 30ml',
  normalPriceFen: 39_900,
  groupPriceFen: 25_900,
  groupSize: 3,
  timeLimitMinutes: 1440,
  startsAt: '2026-11-20T00:00:00.000Z',
  endsAt: '2026-12-20T00:00:00.000Z',
  phase: 'live',
  groupsLeft: 10,
  remainingForMe: 1,
};

const member = (over: Partial<GroupBuyMemberView>): GroupBuyMemberView => ({
  nickname: null,
  avatarUrl: null,
  gone: false,
  leader: false,
  me: false,
  joinedAt: '2026-11-22T08:00:00.000Z',
  ...over,
});

const group = (over: Partial<GroupBuyGroupView>): GroupBuyGroupView => ({
  id: 'g'.repeat(24),
  deal,
  status: 'open',
  size: 3,
  seatsLeft: 2,
  deadline: '2026-11-23T08:00:00.000Z',
  members: [member({ leader: true, nickname: '小满' })],
  joined: true,
  ...over,
});

describe('deal prices', () => {
  it('shows yuan without needless decimals, and the saving', () => {
    expect(dealPrices(deal)).toEqual({ group: '¥259', normal: '¥399', saving: '省¥140' });
    expect(dealPrices({ groupPriceFen: 9_990, normalPriceFen: 12_900 })).toEqual({
      group: '¥99.90',
      normal: '¥129',
      saving: '省¥29.10',
    });
  });

  it('says how long a group has to fill in days, hours and minutes', () => {
    expect([30, 60, 90, 1440, 2160, 4320].map(timeLimitText)).toEqual([
      '30 分钟',
      '1 小时',
      '1 小时 30 分钟',
      '1 天',
      '1 天 12 小时',
      '3 天',
    ]);
  });

  it('says why a group cannot be opened', () => {
    expect(dealUnavailable(deal)).toBeUndefined();
    expect(dealUnavailable({ ...deal, phase: 'scheduled' })).toBe('即将开始');
    expect(dealUnavailable({ ...deal, phase: 'closed' })).toBe('已结束');
    expect(dealUnavailable({ ...deal, groupsLeft: 0 })).toBe('已拼完');
    expect(dealUnavailable({ ...deal, remainingForMe: 0 })).toBe('已参与');
  });
});

describe('group seats', () => {
  it('draws the leader first, then members as they joined, then one placeholder per empty seat', () => {
    const later = member({ nickname: '阿青', joinedAt: '2026-11-22T09:00:00.000Z' });
    const leader = member({ leader: true, nickname: '小满', joinedAt: '2026-11-22T07:00:00.000Z' });
    const { seats, moreEmpty } = groupSeats({ members: [later, leader], seatsLeft: 1 });
    expect(seats).toEqual([{ kind: 'member', member: leader }, { kind: 'member', member: later }, { kind: 'empty' }]);
    expect(moreEmpty).toBe(0);
  });

  it('counts the empty seats of a big group beyond the ten drawn', () => {
    const { seats, moreEmpty } = groupSeats({ members: [member({ leader: true })], seatsLeft: 29 });
    expect(seats).toHaveLength(10);
    expect(seats.filter((s) => s.kind === 'empty')).toHaveLength(9);
    expect(moreEmpty).toBe(20);
  });

  it('names a seat by nickname, "我" for the viewer, and never by an id', () => {
    expect(seatName(member({ me: true, nickname: '小满' }))).toBe('我');
    expect(seatName(member({ nickname: '阿青' }))).toBe('阿青');
    expect(seatName(member({ me: true }))).toBe('我');
    expect(seatName(member({ leader: true }))).toBe('会员');
    expect(seatName(member({ nickname: '  ' }))).toBe('会员');
    expect(seatName(member({ gone: true }))).toBe('已注销会员');
  });
});

describe('group status', () => {
  it('tells the leader, a friend and everyone after the end what is going on', () => {
    expect(groupStatusText(group({}))).toEqual({ title: '还差 2 人成团', detail: '邀请好友参团，人满即成团，每人都享拼团价' });
    expect(groupStatusText(group({ joined: false })).detail).toBe('参团后人满即成团，每人都享拼团价');
    expect(groupStatusText(group({ status: 'succeeded', seatsLeft: 0 })).title).toBe('拼团成功');
    expect(groupStatusText(group({ status: 'failed', failReason: 'expired' }))).toEqual({
      title: '拼团未成功',
      detail: '时间到了还没凑齐人，未成团不会扣款',
    });
    expect(groupStatusText(group({ status: 'failed', failReason: 'deal-closed' })).title).toBe('拼团已关闭');
    expect([
      groupStatusLabel({ status: 'open' }),
      groupStatusLabel({ status: 'succeeded' }),
      groupStatusLabel({ status: 'failed' }),
    ]).toEqual(['拼团中', '拼团成功', '未成团']);
  });

  it('offers the member the one thing they can do', () => {
    expect(groupAction(group({}))).toBe('invite');
    expect(groupAction(group({ joined: false }))).toBe('join');
    expect(groupAction(group({ joined: false, seatsLeft: 0 }))).toBe('open-another');
    expect(groupAction(group({ status: 'succeeded', seatsLeft: 0 }))).toBe('use-voucher');
    expect(groupAction(group({ status: 'succeeded', seatsLeft: 0, joined: false }))).toBe('open-another');
    expect(groupAction(group({ status: 'failed' }))).toBe('open-another');
  });
});

describe('group-buy words', () => {
  it('writes every count with one space before its unit, and none before the Chinese after it', () => {
    expect(dealMetaText(deal)).toBe('3 人团 · 1 天内成团');
    expect(dealMetaText({ groupSize: 2, timeLimitMinutes: 30 })).toBe('2 人团 · 30 分钟内成团');
    expect(groupSizeText(3)).toBe('3 人团 · 人满即享拼团价');
    expect(seatsLeftText(2)).toBe('还差 2 人');
    expect(succeededAtText('12月2日 08:30')).toBe('12月2日 08:30 成团');
    expect(joinLabel('¥259')).toBe('参团 ¥259');
  });

  it('shares and explains a group with its price and the time it has', () => {
    const shared = group({});
    expect(groupShareTitle(shared)).toBe('¥259拼「修护精华 30ml」，还差 2 人，快来参团');
    expect(groupRules(shared)[0]).toBe('1. 开团后 1 天内凑齐 3 人即成团，每人都享拼团价 ¥259');
    expect(groupRules(shared)).toHaveLength(3);
  });
});
