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

export const PointsEntryView = z.object({
  id: z.string(),
  kind: z.enum(['earn', 'burn', 'expire', 'adjust', 'clawback']),
  points: z.number().int(),
  reason: z.string(),
  occurredAt: z.iso.datetime(),
  balanceAfter: z.number().int(),
});

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

export const PointsHistory = z.object({ entries: z.array(PointsEntryView), nextCursor: z.string().optional() });
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
