import { z } from 'zod';
import { defineEndpoint } from './endpoint';

export const SignInResult = z.object({
  /** False when the member had already signed in today: nothing was added. */
  signedIn: z.boolean(),
  day: z.string(),
  streak: z.number().int(),
  pointsEarned: z.number().int(),
  bonusPoints: z.number().int(),
  balance: z.number().int(),
});
export type SignInResult = z.infer<typeof SignInResult>;

export const dailySignIn = defineEndpoint({
  method: 'POST',
  path: '/api/v1/me/sign-in',
  rateLimit: { limit: 10, windowSeconds: 60 },
  summary: 'Daily sign-in: points once per day, more on streak days',
  tag: 'points',
  auth: 'member',
  successStatus: 200,
  response: SignInResult,
});

export const SignInCalendar = z.object({
  streak: z.number().int(),
  signedInToday: z.boolean(),
  /** Days signed in this month (YYYY-MM-DD, brand time zone). */
  daysThisMonth: z.array(z.string()),
  dailyPoints: z.number().int(),
  streakBonuses: z.array(z.object({ streakDay: z.number().int(), points: z.number().int() })),
});
export type SignInCalendar = z.infer<typeof SignInCalendar>;

export const getSignInCalendar = defineEndpoint({
  method: 'GET',
  path: '/api/v1/me/sign-in',
  summary: "The member's sign-in calendar and streak",
  tag: 'points',
  auth: 'member',
  response: SignInCalendar,
});

/**
 * Why points moved, as a stable code: the server sends the code and the app says it in the member's words (the
 * mini-program's points text). Derived from where an entry's points came from or went to (its source and kind),
 * so entries written before codes existed have one too; `other` for anything the server cannot place.
 */
export const POINTS_REASONS = [
  /** Points a purchase earned (params: channel, orderNo). */
  'purchase',
  /** Points a refund took back (params: orderNo when known). */
  'refund',
  /** Points that had paid for a refunded order, given back. */
  'refund-return',
  /** A later earning paying off points a refund could not take back at the time. */
  'debt-repayment',
  /** Points that reached the end of their validity. */
  'expiry',
  /** Daily sign-in (params: streakDays on a streak day's bonus). */
  'sign-in',
  /** A gift redeemed (params: name). */
  'gift-redemption',
  /** A coupon exchanged for points (params: name). */
  'coupon-exchange',
  /** The inviter's reward for a friend who joined or bought. */
  'referral-reward',
  /** The invited friend's welcome gift on joining. */
  'referral-welcome',
  /** The invited friend's extra on their first purchase, paid when its return window has passed. */
  'referral-first-purchase',
  /** A monthly task completed (params: name). */
  'task',
  /** A review of a purchase. */
  'review',
  /** A post approved (params: postKind). */
  'post',
  /** Checked in at a community activity (params: name). */
  'activity-check-in',
  /** A friend assist completed (params: name of the campaign). */
  'assist',
  /** Points paying at the till. */
  'checkout-hold',
  /** Points held at the till and given back (the payment was cancelled or timed out). */
  'checkout-release',
  /** HQ merged two accounts of the member: the points moved from one to the other. */
  'account-merge',
  /**
   * A staff adjustment. The member sees only that it is one: the staff's own reason is kept in the ledger for
   * staff and is never sent to the member (it is written for colleagues, not as a message).
   */
  'adjustment',
  'other',
] as const;
export type PointsReason = (typeof POINTS_REASONS)[number];

/** What the member may read about an entry besides its code: names they already see elsewhere, never ids or store codes. */
export const PointsReasonParams = z.object({
  /** purchase: in a store or online. */
  channel: z.enum(['store', 'online']).optional(),
  /** purchase, refund: the order's number, as on the receipt. */
  orderNo: z.string().optional(),
  /** The gift, coupon, task, activity or assist campaign, by the name the member saw it under. */
  name: z.string().optional(),
  /** sign-in: the streak that earned a bonus. */
  streakDays: z.number().int().optional(),
  /** post: a review or a show-off. */
  postKind: z.enum(['review', 'show']).optional(),
  /**
   * purchase: paid in another currency, as the earning recorded it: the ISO code, the order's amount in its smallest
   * unit (cents, yen…) and the rate it was converted at (yuan per unit, as text: "0.9123").
   */
  fx: z.object({ currency: z.string(), amountMinor: z.number().int(), rate: z.string() }).optional(),
});
export type PointsReasonParams = z.infer<typeof PointsReasonParams>;

export const PointsEntryView = z.object({
  id: z.string(),
  kind: z.enum(['earn', 'burn', 'expire', 'adjust', 'clawback']),
  points: z.number().int(),
  /** Why: a code for the app to word (never words of the server's). */
  code: z.enum(POINTS_REASONS),
  params: PointsReasonParams,
  occurredAt: z.iso.datetime(),
  balanceAfter: z.number().int(),
});
export type PointsEntryView = z.infer<typeof PointsEntryView>;

/**
 * Points promised to the member that have not arrived yet. Today: the invited friend's first-purchase extra
 * ('referral-first-purchase'), before the first purchase (what it will be and how long after the purchase it
 * arrives) and after it (how many points, and when).
 */
export const PendingPointsView = z.object({
  code: z.enum(POINTS_REASONS),
  /** How many, once known. */
  points: z.number().int().optional(),
  /** The first purchase's points are paid this many times in all (2 = double), before the purchase. */
  purchasePointsMultiplier: z.number().int().optional(),
  /** When they arrive, once known. */
  dueAt: z.iso.datetime().optional(),
  /** Days between the purchase and their arrival (the return window). */
  waitDays: z.number().int(),
});
export type PendingPointsView = z.infer<typeof PendingPointsView>;

export const PointsHistoryQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(100).default(20),
    /** The `nextCursor` of the previous page. */
    cursor: z
      .string()
      .regex(/^[0-9a-f]{24}$/)
      .optional(),
  })
  .strict();

export const PointsHistory = z.object({
  entries: z.array(PointsEntryView),
  nextCursor: z.string().optional(),
  /** On the first page: points on their way to the member (none when nothing is pending). */
  pending: z.array(PendingPointsView).optional(),
});
export type PointsHistory = z.infer<typeof PointsHistory>;

export const getPointsHistory = defineEndpoint({
  method: 'GET',
  path: '/api/v1/me/points/history',
  summary: "The member's points statement, newest first, a page at a time",
  tag: 'points',
  auth: 'member',
  query: PointsHistoryQuery,
  response: PointsHistory,
});
