import type { GroupBuyDealView, GroupBuyGroupView, StaffGroupBuyDealView } from '@memberloop/shared';
import type { Types } from 'mongoose';
import { dealPhase } from './domain/deal-phase';
import { groupStatusAt } from './domain/group-deadline';
import type { LeanDeal, LeanGroup } from './group-buy.schema';

export interface GroupCounts {
  open: number;
  succeeded: number;
  failed: number;
}

/** What a member sees of another member of their group: the face and name WeChat shows, nothing else. */
export interface MemberFace {
  nickname?: string;
  avatarUrl?: string;
  /** No longer a member (deleted their account): shown without name or face. */
  gone?: boolean;
}

export function memberDealView(deal: LeanDeal, now: Date, remainingForMe?: number): GroupBuyDealView {
  return {
    id: deal._id.toHexString(),
    skuCode: deal.skuCode,
    skuName: deal.skuName,
    ...(deal.imageUrl ? { imageUrl: deal.imageUrl } : {}),
    normalPriceFen: deal.normalPriceFen,
    groupPriceFen: deal.groupPriceFen,
    groupSize: deal.groupSize,
    timeLimitMinutes: deal.timeLimitMinutes,
    startsAt: deal.startsAt.toISOString(),
    endsAt: deal.endsAt.toISOString(),
    phase: dealPhase(deal, now),
    groupsLeft: Math.max(0, deal.maxGroups - deal.groupsTaken),
    ...(remainingForMe === undefined ? {} : { remainingForMe }),
  };
}

export function staffDealView(
  deal: LeanDeal,
  now: Date,
  counts: GroupCounts = { open: 0, succeeded: 0, failed: 0 },
): StaffGroupBuyDealView {
  return {
    ...memberDealView(deal, now),
    maxGroups: deal.maxGroups,
    perMemberLimit: deal.perMemberLimit,
    voucherValidDays: deal.voucherValidDays,
    voucherTemplateId: deal.voucherTemplateId.toHexString(),
    groups: counts,
    ...(deal.closedAt ? { closedAt: deal.closedAt.toISOString() } : {}),
    ...(deal.storeCodes?.length ? { storeCodes: deal.storeCodes } : {}),
  };
}

export function groupView(
  group: LeanGroup,
  deal: LeanDeal,
  viewer: Types.ObjectId,
  faces: Map<string, MemberFace>,
  now: Date,
): GroupBuyGroupView {
  const status = groupStatusAt(group, now);
  return {
    id: group._id.toHexString(),
    deal: memberDealView(deal, now),
    status,
    size: group.size,
    seatsLeft: group.seatsLeft,
    deadline: group.deadline.toISOString(),
    members: group.members.map((seat) => {
      const face = faces.get(seat.memberId.toHexString());
      return {
        nickname: face && !face.gone ? (face.nickname ?? null) : null,
        avatarUrl: face && !face.gone ? (face.avatarUrl ?? null) : null,
        gone: !face || face.gone === true,
        leader: seat.memberId.equals(group.leaderId),
        me: seat.memberId.equals(viewer),
        joinedAt: seat.joinedAt.toISOString(),
      };
    }),
    joined: group.members.some((seat) => seat.memberId.equals(viewer)),
    ...(group.succeededAt ? { succeededAt: group.succeededAt.toISOString() } : {}),
    ...(status === 'failed' ? { failReason: group.failReason ?? 'expired' } : {}),
  };
}
