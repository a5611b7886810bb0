import { z } from 'zod';
import { instant } from './dates';
import { defineEndpoint } from './endpoint';
import { fen, id } from './purchases';

/**
 * Group-buy (拼团): HQ or a manager offers a SKU at a group price; a member opens a group and friends join it
 * through a share. When the group fills before its deadline every member gets a voucher for the SKU at the
 * group price; when time runs out it fails and nobody pays.
 */

export const GROUP_BUY_LIMITS = {
  minGroupSize: 2,
  maxGroupSize: 50,
  minTimeLimitMinutes: 5,
  maxTimeLimitMinutes: 7 * 24 * 60,
} as const;

const objectId = (what: string) => z.string().regex(/^[0-9a-f]{24}$/, `a ${what} id`);

export const NewGroupBuyDeal = z
  .object({
    skuCode: id,
    skuName: z.string().trim().min(1).max(40),
    imageUrl: z
      .url({ protocol: /^https$/, error: 'must be an https URL' })
      .max(500)
      .optional(),
    normalPriceFen: fen.positive(),
    groupPriceFen: fen.positive(),
    /** Members in a full group, the leader included. */
    groupSize: z.number().int().min(GROUP_BUY_LIMITS.minGroupSize).max(GROUP_BUY_LIMITS.maxGroupSize),
    /** How long a group has to fill from when it is opened (never beyond the deal's end). */
    timeLimitMinutes: z.number().int().min(GROUP_BUY_LIMITS.minTimeLimitMinutes).max(GROUP_BUY_LIMITS.maxTimeLimitMinutes),
    /** How many groups the deal may have running or succeeded; failed groups give their place back. */
    maxGroups: z.number().int().positive().max(100_000),
    /** How many of this deal's groups one member may be in (opened or joined) at a time; failed ones do not count. */
    perMemberLimit: z.number().int().min(1).max(100).default(1),
    startsAt: instant,
    endsAt: instant,
    /** How long the group-price voucher can be used after the group fills. */
    voucherValidDays: z.number().int().min(1).max(90).default(7),
    /**
     * The stores the deal is for. A manager names stores of their own; without stores the deal is the whole
     * brand's, which only HQ may offer.
     */
    storeCodes: z.array(id).min(1).max(200).optional(),
  })
  .strict()
  .refine((d) => d.groupPriceFen < d.normalPriceFen, {
    message: 'the group price must be below the normal price',
    path: ['groupPriceFen'],
  })
  .refine((d) => Date.parse(d.startsAt) < Date.parse(d.endsAt), {
    message: 'the deal must end after it starts',
    path: ['endsAt'],
  });
export type NewGroupBuyDeal = z.input<typeof NewGroupBuyDeal>;

/** scheduled: not started yet; live: groups can be opened; ended: past its end; closed: closed early by staff. */
export const GroupBuyDealPhase = z.enum(['scheduled', 'live', 'ended', 'closed']);
export type GroupBuyDealPhase = z.infer<typeof GroupBuyDealPhase>;

/** A deal as members see it. */
export const GroupBuyDealView = z.object({
  id: z.string(),
  skuCode: z.string(),
  skuName: z.string(),
  imageUrl: z.string().optional(),
  normalPriceFen: z.number().int(),
  groupPriceFen: z.number().int(),
  groupSize: z.number().int(),
  timeLimitMinutes: z.number().int(),
  startsAt: z.iso.datetime(),
  endsAt: z.iso.datetime(),
  phase: GroupBuyDealPhase,
  /** Groups that can still be opened on the deal. */
  groupsLeft: z.number().int(),
  /** For the signed-in member: how many more of this deal's groups they may open or join. */
  remainingForMe: z.number().int().optional(),
});
export type GroupBuyDealView = z.infer<typeof GroupBuyDealView>;

/** A deal as HQ and managers see it: its limits and how its groups are doing. */
export const StaffGroupBuyDealView = GroupBuyDealView.extend({
  maxGroups: z.number().int(),
  perMemberLimit: z.number().int(),
  voucherValidDays: z.number().int(),
  /** The coupon template the vouchers are issued from (kind gift: the SKU at the group price). */
  voucherTemplateId: z.string(),
  groups: z.object({ open: z.number().int(), succeeded: z.number().int(), failed: z.number().int() }),
  closedAt: z.iso.datetime().optional(),
  /** The stores it is for; absent for a brand-wide deal. */
  storeCodes: z.array(z.string()).optional(),
});
export type StaffGroupBuyDealView = z.infer<typeof StaffGroupBuyDealView>;

export const GroupBuyGroupStatus = z.enum(['open', 'succeeded', 'failed']);
export type GroupBuyGroupStatus = z.infer<typeof GroupBuyGroupStatus>;

/** A member of a group as other members see them: what WeChat shows anyway, nothing that identifies them further. */
export const GroupBuyMemberView = z.object({
  nickname: z.string().nullable(),
  avatarUrl: z.string().nullable(),
  /** The member deleted their account: no name or face, the seat stays taken. */
  gone: z.boolean(),
  leader: z.boolean(),
  /** This entry is the signed-in member. */
  me: z.boolean(),
  joinedAt: z.iso.datetime(),
});
export type GroupBuyMemberView = z.infer<typeof GroupBuyMemberView>;

export const GroupBuyGroupView = z.object({
  id: z.string(),
  deal: GroupBuyDealView,
  status: GroupBuyGroupStatus,
  size: z.number().int(),
  seatsLeft: z.number().int(),
  deadline: z.iso.datetime(),
  members: z.array(GroupBuyMemberView),
  /** The signed-in member is in this group. */
  joined: z.boolean(),
  succeededAt: z.iso.datetime().optional(),
  /** Why a failed group failed: its time ran out, or staff closed the deal. */
  failReason: z.enum(['expired', 'deal-closed']).optional(),
});
export type GroupBuyGroupView = z.infer<typeof GroupBuyGroupView>;

export const GroupBuyDealParams = z.object({ dealId: objectId('deal') }).strict();
export const GroupBuyGroupParams = z.object({ groupId: objectId('group') }).strict();

export const createGroupBuyDeal = defineEndpoint({
  method: 'POST',
  path: '/api/v1/staff/group-buy-deals',
  summary:
    'HQ or a manager creates a group-buy deal: SKU (an active product of the catalogue), prices, group size, time limit, limits, dates',
  tag: 'group-buys',
  auth: 'manager',
  body: NewGroupBuyDeal,
  successStatus: 201,
  response: StaffGroupBuyDealView,
});

export const listGroupBuyDeals = defineEndpoint({
  method: 'GET',
  path: '/api/v1/staff/group-buy-deals',
  summary: 'Every group-buy deal, newest first, with how its groups are doing',
  tag: 'group-buys',
  auth: 'manager',
  response: z.object({ deals: z.array(StaffGroupBuyDealView) }),
});

export const closeGroupBuyDeal = defineEndpoint({
  method: 'POST',
  path: '/api/v1/staff/group-buy-deals/:dealId/close',
  summary: 'Close a deal early (HQ any deal, a manager the deals they created): its open groups fail',
  tag: 'group-buys',
  auth: 'manager',
  params: GroupBuyDealParams,
  successStatus: 200,
  response: StaffGroupBuyDealView,
});

export const listLiveGroupBuyDeals = defineEndpoint({
  method: 'GET',
  path: '/api/v1/group-buys/deals',
  summary: 'Group-buy deals a member can open a group on now',
  tag: 'group-buys',
  auth: 'member',
  response: z.object({ deals: z.array(GroupBuyDealView) }),
});

export const openGroupBuyGroup = defineEndpoint({
  method: 'POST',
  path: '/api/v1/group-buys/deals/:dealId/groups',
  rateLimit: { limit: 20, windowSeconds: 60 },
  summary: 'Open a group on a deal as its leader (send an Idempotency-Key header: a retry opens one group)',
  tag: 'group-buys',
  auth: 'member',
  params: GroupBuyDealParams,
  successStatus: 201,
  response: GroupBuyGroupView.extend({ replayed: z.boolean() }),
});

export const getGroupBuyGroup = defineEndpoint({
  method: 'GET',
  path: '/api/v1/group-buys/groups/:groupId',
  summary: 'A group (from a share): the deal, its members, seats left, deadline and status',
  tag: 'group-buys',
  auth: 'member',
  params: GroupBuyGroupParams,
  response: GroupBuyGroupView,
});

export const joinGroupBuyGroup = defineEndpoint({
  method: 'POST',
  path: '/api/v1/group-buys/groups/:groupId/join',
  rateLimit: { limit: 20, windowSeconds: 60 },
  summary: 'Join a group (once; a full group is GROUP_FULL, an expired or failed one GROUP_CLOSED)',
  tag: 'group-buys',
  auth: 'member',
  params: GroupBuyGroupParams,
  successStatus: 200,
  response: GroupBuyGroupView,
});

export const listMyGroupBuyGroups = defineEndpoint({
  method: 'GET',
  path: '/api/v1/me/group-buys',
  summary: 'The groups the member opened or joined, newest first',
  tag: 'group-buys',
  auth: 'member',
  response: z.object({ groups: z.array(GroupBuyGroupView) }),
});
