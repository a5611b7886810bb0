import {
  formatFen,
  quantitiesText,
  quantityText,
  type GroupBuyDealView,
  type GroupBuyGroupView,
  type GroupBuyMemberView,
} from '@memberloop/shared';
import { personName } from '../../components/ProfileCard/member-name';

/** The group price, the normal price it is compared with, and the saving: "¥59" / "¥99" / "省¥40". */
export function dealPrices(deal: Pick<GroupBuyDealView, 'groupPriceFen' | 'normalPriceFen'>): {
  group: string;
  normal: string;
  saving: string;
} {
  return {
    group: formatFen(deal.groupPriceFen, { compact: true }),
    normal: formatFen(deal.normalPriceFen, { compact: true }),
    saving: `省${formatFen(deal.normalPriceFen - deal.groupPriceFen, { compact: true })}`,
  };
}

/** How long a group has to fill: "30 分钟", "24 小时", "3 天", "1 天 12 小时". */
export function timeLimitText(minutes: number): string {
  if (minutes < 60) return quantityText(minutes, '分钟');
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  // Beyond a day the minutes are left out, as before.
  return quantitiesText([
    [days, '天'],
    [hours, '小时'],
    [days === 0 ? minutes % 60 : 0, '分钟'],
  ]);
}

/** Why a member cannot open a group on a deal right now, or undefined when they can. */
export function dealUnavailable(deal: GroupBuyDealView): string | undefined {
  if (deal.phase === 'scheduled') return '即将开始';
  if (deal.phase !== 'live') return '已结束';
  if (deal.groupsLeft <= 0) return '已拼完';
  if (deal.remainingForMe === 0) return '已参与';
  return undefined;
}

export type Seat = { kind: 'member'; member: GroupBuyMemberView } | { kind: 'empty' };

/** At most this many seats are drawn; the rest of the empty ones are counted ("+8"). */
export const SEATS_SHOWN = 10;

/**
 * The seats of a group as drawn on its page: the leader first, then members in the order they joined, then the
 * empty seats as placeholders. Every member is drawn; empty seats fill up to SEATS_SHOWN and the others are counted.
 */
export function groupSeats(group: Pick<GroupBuyGroupView, 'members' | 'seatsLeft'>): { seats: Seat[]; moreEmpty: number } {
  const members = [...group.members].sort(
    (a, b) => Number(b.leader) - Number(a.leader) || Date.parse(a.joinedAt) - Date.parse(b.joinedAt),
  );
  const emptyShown = Math.min(group.seatsLeft, Math.max(0, SEATS_SHOWN - members.length));
  return {
    seats: [
      ...members.map((member): Seat => ({ kind: 'member', member })),
      ...Array.from({ length: emptyShown }, (): Seat => ({ kind: 'empty' })),
    ],
    moreEmpty: group.seatsLeft - emptyShown,
  };
}

/** The name under a seat: "我", the nickname, 已注销会员 for one who left, or a neutral 会员 for one without a name. */
export function seatName(member: GroupBuyMemberView): string {
  return personName(member, { me: member.me });
}

/** The short word for a group's state on a list: 拼团中 / 拼团成功 / 未成团. */
export function groupStatusLabel(group: Pick<GroupBuyGroupView, 'status'>): string {
  return { open: '拼团中', succeeded: '拼团成功', failed: '未成团' }[group.status];
}

/** The headline and the line under it on a group's page. */
export function groupStatusText(group: Pick<GroupBuyGroupView, 'status' | 'seatsLeft' | 'joined' | 'failReason'>): {
  title: string;
  detail: string;
} {
  switch (group.status) {
    case 'open':
      return group.seatsLeft > 0
        ? {
            title: `还差 ${group.seatsLeft} 人成团`,
            detail: group.joined ? '邀请好友参团，人满即成团，每人都享拼团价' : '参团后人满即成团，每人都享拼团价',
          }
        : { title: '已满员', detail: '正在确认成团结果' };
    case 'succeeded':
      return {
        title: '拼团成功',
        detail: group.joined ? '拼团价券已放入你的券包，记得在有效期内使用' : '这个团已满员，去开一个新团吧',
      };
    case 'failed':
      return group.failReason === 'deal-closed'
        ? { title: '拼团已关闭', detail: '活动已提前结束，未成团不会扣款' }
        : { title: '拼团未成功', detail: '时间到了还没凑齐人，未成团不会扣款' };
  }
}

/** What the main button on a group's page does for the member looking at it. */
export type GroupAction = 'invite' | 'join' | 'use-voucher' | 'open-another';

export function groupAction(group: Pick<GroupBuyGroupView, 'status' | 'seatsLeft' | 'joined'>): GroupAction {
  if (group.status === 'open' && group.joined) return 'invite';
  if (group.status === 'open' && group.seatsLeft > 0) return 'join';
  if (group.status === 'succeeded' && group.joined) return 'use-voucher';
  return 'open-another';
}

/** The path of a group's page: what a share opens, and what the server's messages link to. */
export function groupPath(groupId: string): string {
  return `/packages/group-buy/group?id=${groupId}`;
}

/** The fixed words of the group-buy screens. */
export const GROUP_BUY_TEXT = {
  tabDeals: '拼团好物',
  tabMine: '我的拼团',
  dealsTitle: '拼团好物',
  dealsHint: '好友一起拼，人满享团价',
  noDeals: '暂时没有拼团活动，敬请期待',
  mineTitle: '我的拼团',
  noGroups: '还没有参加拼团，去拼团好物里开一个吧',
  openHint: '开团后，好友在团里看到的是你的头像和昵称。可以跳过，不影响开团。',
  joinHint: '参团后，团长和团友会看到你的头像和昵称。可以跳过，不影响参团。',
  open: '发起拼团',
  opening: '开团中…',
  joining: '参团中…',
  joined: '参团成功',
  notCharged: '未成团，不会扣款',
  leaderBadge: '团长',
  seatWaiting: '待加入',
  seatEmpty: '空位',
  chipSucceeded: '已成团',
  chipFailed: '已结束',
  invite: '邀请好友参团',
  viewVoucher: '查看拼团券',
  openAnother: '去开一个新团',
  rulesTitle: '拼团规则',
  shareFallback: '一起拼团更划算',
  brokenLink: '拼团链接不完整，请让好友重新分享',
  /** The tile's mark for a deal without a photo or a name. */
  tileFallback: '团',
} as const;

/** The server's refusals in the member's words. */
export const OPEN_REFUSALS = {
  LIMIT_REACHED: '你已在这个活动的团里，等它结束再开新团',
  OUT_OF_STOCK: '这个活动的团已开满，去参加好友的团吧',
} as const;
export const JOIN_REFUSALS = {
  ALREADY_DONE: '你已经在这个团里了',
  LIMIT_REACHED: '你已在这个活动的其他团里，等它结束再参团',
  GROUP_CLOSED: '这个团已经结束了，去看看其他拼团吧',
  GROUP_FULL: '这个团已经满员了，去开一个新团吧',
} as const;

/** A deal's line under its name: "3 人团 · 1 天内成团". */
export function dealMetaText(deal: Pick<GroupBuyDealView, 'groupSize' | 'timeLimitMinutes'>): string {
  return `${quantityText(deal.groupSize, '人')}团 · ${timeLimitText(deal.timeLimitMinutes)}内成团`;
}

/** The group's line under its name: "3 人团 · 人满即享拼团价". */
export function groupSizeText(size: number): string {
  return `${quantityText(size, '人')}团 · 人满即享拼团价`;
}

/** Seats still free on a list: "还差 2 人". */
export function seatsLeftText(seatsLeft: number): string {
  return `还差 ${quantityText(seatsLeft, '人')}`;
}

/** When a group filled, on a list: "12月2日 08:30 成团" (the date as the screen writes it). */
export function succeededAtText(when: string): string {
  return `${when} 成团`;
}

/** The join button: "参团 ¥259". */
export function joinLabel(groupPrice: string): string {
  return `参团 ${groupPrice}`;
}

/** What a share of a group says. */
export function groupShareTitle(group: Pick<GroupBuyGroupView, 'deal' | 'seatsLeft'>): string {
  return `${dealPrices(group.deal).group}拼「${group.deal.skuName}」，${seatsLeftText(group.seatsLeft)}，快来参团`;
}

/** The rules under a group, line by line. */
export function groupRules(group: Pick<GroupBuyGroupView, 'deal' | 'size'>): string[] {
  return [
    `1. 开团后 ${timeLimitText(group.deal.timeLimitMinutes)}内凑齐 ${quantityText(group.size, '人')}即成团，每人都享拼团价 ${
      dealPrices(group.deal).group
    }`,
    '2. 成团后拼团价券放入券包，在有效期内到店或线上使用',
    '3. 到时间未凑齐人即拼团失败，不会扣款',
  ];
}
