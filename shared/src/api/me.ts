import { z } from 'zod';
import { defineEndpoint } from './endpoint';
import { TierDefinition } from '../tiers';
import { PaidMembershipCard } from './paid-membership';

export const CriterionProgressView = z.object({
  criterion: z.enum(['spendFen', 'purchaseCount', 'pointsEarned']),
  current: z.number(),
  target: z.number(),
  remaining: z.number(),
  ratio: z.number(),
});

export const MemberHome = z.object({
  memberId: z.string(),
  memberNo: z.string(),
  nickname: z.string().optional(),
  tier: z.object({
    current: TierDefinition,
    next: TierDefinition.optional(),
    heldUntil: z.iso.datetime(),
    criteria: z.array(CriterionProgressView),
    ratio: z.number(),
    lockedHighlights: z.array(z.string()),
  }),
  points: z.object({
    balance: z.number().int(),
    spendable: z.number().int(),
    pending: z.number().int(),
    /** Points expiring in the next 30 days, soonest first. */
    expiringSoon: z.array(z.object({ points: z.number().int(), expiresAt: z.iso.datetime() })),
  }),
  /** Coupons in the wallet that can be used now. */
  coupons: z.object({ available: z.number().int() }),
  /** Rolling 12-month figures the tier is measured on. */
  qualifying: z.object({ spendFen: z.number().int(), purchaseCount: z.number().int(), pointsEarned: z.number().int() }),
  /**
   * The staff role HQ has given the member now ('manager' or 'hq'), absent for members: the card offers the
   * manager's tools by it, including a role granted or taken away since the device signed in.
   */
  staffRole: z.enum(['manager', 'hq']).optional(),
  /** The member's active paid membership (plan, expiry, free delivery, presale access), absent when none. */
  paidMembership: PaidMembershipCard.optional(),
});
export type MemberHome = z.infer<typeof MemberHome>;

export const getMemberHome = defineEndpoint({
  method: 'GET',
  path: '/api/v1/me/home',
  summary: 'The member card: tier and progress to the next, points and what expires soon',
  tag: 'members',
  auth: 'member',
  response: MemberHome,
});
