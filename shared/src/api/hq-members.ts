import { z } from 'zod';
import { defineEndpoint } from './endpoint';
import { PointsEntryView, PointsHistoryQuery } from './points';
import { MemberNoParams, StaffMemberView } from './profile';

/** A member number (M and 8 digits, any case) or a mainland mobile number (11 digits, +86 / spaces / dashes allowed). */
export const MEMBER_NO_PATTERN = /^M\d{8}$/;
export const MOBILE_PATTERN = /^1\d{10}$/;

/** What HQ typed into the member look-up, normalised: a member number or a mobile number, or null when it is neither. */
export function memberLookupKey(text: string): { memberNo: string } | { phone: string } | null {
  const trimmed = text.trim().toUpperCase();
  if (MEMBER_NO_PATTERN.test(trimmed)) return { memberNo: trimmed };
  const digits = trimmed.replace(/[\s-]/g, '').replace(/^\+?86(?=1\d{10}$)/, '');
  if (MOBILE_PATTERN.test(digits)) return { phone: digits };
  return null;
}

export const MemberLookupQuery = z
  .object({
    q: z
      .string()
      .max(40)
      .refine((q) => memberLookupKey(q) !== null, { message: 'a member number such as M00000042 or an 11-digit mobile number' }),
  })
  .strict();

export const findMembersForHq = defineEndpoint({
  method: 'GET',
  path: '/api/v1/hq/members',
  summary: 'HQ looks a member up by member number or mobile number (exact match; personal data masked)',
  tag: 'hq',
  auth: 'hq',
  audit: 'read',
  query: MemberLookupQuery,
  response: z.object({ members: z.array(StaffMemberView) }),
});

/** A line of a member's points ledger as HQ sees it: the member's code and words, and the staff's own note and source. */
export const StaffPointsEntryView = PointsEntryView.extend({
  /** Why, in the words of whoever wrote it (a staff note for an adjustment); never shown to the member. */
  note: z.string(),
  source: z.object({ type: z.string(), id: z.string() }),
  /** For an HQ adjustment: the member number of the HQ account that made it. */
  byMemberNo: z.string().optional(),
});
export type StaffPointsEntryView = z.infer<typeof StaffPointsEntryView>;

export const StaffPointsLedger = z.object({
  entries: z.array(StaffPointsEntryView),
  nextCursor: z.string().optional(),
  points: z.object({
    balance: z.number().int(),
    spendable: z.number().int(),
    pending: z.number().int(),
    debt: z.number().int(),
  }),
});
export type StaffPointsLedger = z.infer<typeof StaffPointsLedger>;

export const getMemberLedgerForHq = defineEndpoint({
  method: 'GET',
  path: '/api/v1/hq/members/:memberNo/points',
  summary: "A member's points ledger for HQ, newest first, a page at a time, with staff notes and balances",
  tag: 'hq',
  auth: 'hq',
  audit: 'read',
  params: MemberNoParams,
  query: PointsHistoryQuery,
  response: StaffPointsLedger,
});

/** Most points one adjustment may add or take: larger corrections are several audited steps, never one slip. */
export const MAX_POINTS_ADJUSTMENT = 100_000;

export const PointsAdjustmentRequest = z
  .object({
    /** Signed: positive adds points (spendable at once, valid as earned points are), negative takes spendable points. */
    points: z
      .number()
      .int()
      .min(-MAX_POINTS_ADJUSTMENT)
      .max(MAX_POINTS_ADJUSTMENT)
      .refine((p) => p !== 0, { message: 'an adjustment adds or takes at least one point' }),
    /** Mandatory: why, for the audit log and the ledger (the member sees 积分调整, never this note). */
    reason: z.string().trim().min(4).max(200),
  })
  .strict();
export type PointsAdjustmentRequest = z.infer<typeof PointsAdjustmentRequest>;

export const PointsAdjustmentResult = z.object({
  entry: StaffPointsEntryView,
  points: z.object({ balance: z.number().int(), spendable: z.number().int() }),
  replayed: z.boolean(),
});
export type PointsAdjustmentResult = z.infer<typeof PointsAdjustmentResult>;

export const adjustMemberPoints = defineEndpoint({
  method: 'POST',
  path: '/api/v1/hq/members/:memberNo/points-adjustments',
  summary:
    'HQ adds or takes points with a mandatory reason, audited with the ledger line (send an Idempotency-Key header: a retry adjusts once)',
  tag: 'hq',
  auth: 'hq',
  audit: 'in-transaction',
  params: MemberNoParams,
  body: PointsAdjustmentRequest,
  successStatus: 201,
  response: PointsAdjustmentResult,
});

export const MemberMergeRequest = z
  .object({
    /** The account that goes away: its points, coupons and orders move, its login and member number lead to the other. */
    fromMemberNo: MemberNoParams.shape.memberNo,
    /** The account the person keeps. */
    intoMemberNo: MemberNoParams.shape.memberNo,
    /** Mandatory: why HQ believes both are one person, for the audit log. */
    reason: z.string().trim().min(4).max(200),
  })
  .strict()
  .refine((m) => m.fromMemberNo !== m.intoMemberNo, { message: 'two different accounts', path: ['intoMemberNo'] });
export type MemberMergeRequest = z.infer<typeof MemberMergeRequest>;

export const MemberMergeView = z.object({
  id: z.string(),
  fromMemberNo: z.string(),
  intoMemberNo: z.string(),
  /** `moving` until every step is done (a crash mid-way is finished by the server's job); then `done`. */
  state: z.enum(['moving', 'done']),
  moved: z.object({
    points: z.number().int(),
    debt: z.number().int(),
    coupons: z.number().int(),
    orders: z.number().int(),
  }),
  byMemberNo: z.string(),
  startedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime().optional(),
});
export type MemberMergeView = z.infer<typeof MemberMergeView>;

export const mergeMembers = defineEndpoint({
  method: 'POST',
  path: '/api/v1/hq/member-merges',
  summary:
    "HQ merges two accounts of one person: points (with their expiry), debt, coupons, orders, cards and tier move to the kept account; the other's WeChat login, phone and member number lead there (send an Idempotency-Key header)",
  tag: 'hq',
  auth: 'hq',
  audit: 'in-transaction',
  body: MemberMergeRequest,
  successStatus: 201,
  response: MemberMergeView,
});
