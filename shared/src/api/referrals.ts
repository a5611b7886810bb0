import { z } from 'zod';
import { defineEndpoint } from './endpoint';
import { PersonView } from './profile';
import { fen } from './purchases';

/** Invitation codes: 8 characters without look-alikes (0/O, 1/I/L), so a code read aloud is typed right. */
export const INVITE_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const InviteCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[2-9A-HJKMNP-Z]{8}$/, 'an 8-character invitation code');

const objectId = z.string().regex(/^[0-9a-f]{24}$/, 'an id');

/** What one side of a referral gets: points, a coupon, and on the first purchase a multiple of its points. */
export const ReferralReward = z
  .object({
    points: z.number().int().positive().max(100_000).optional(),
    couponTemplateId: objectId.optional(),
    /** First purchase only: the purchase's points are paid this many times in all (2 = double points). */
    purchasePointsMultiplier: z.number().int().min(2).max(10).optional(),
  })
  .strict();
export type ReferralReward = z.infer<typeof ReferralReward>;

export const ReferralProgramme = z
  .object({
    enabled: z.boolean(),
    onRegistration: z.object({ referrer: ReferralReward.optional(), friend: ReferralReward.optional() }).strict(),
    onFirstPurchase: z
      .object({
        referrer: ReferralReward.optional(),
        friend: ReferralReward.optional(),
        /** The friend's first purchase counts from this amount (after refunds). */
        minAmountFen: fen.default(1),
      })
      .strict(),
    /** Referrals a member may make per business day and month; more are bound but pay nothing. */
    caps: z.object({ perDay: z.number().int().min(1).max(1000), perMonth: z.number().int().min(1).max(10_000) }).strict(),
    /** The first-purchase reward waits this long, until the purchase can no longer be returned. */
    refundWindowDays: z.number().int().min(0).max(90),
  })
  .strict()
  .refine((p) => p.caps.perDay <= p.caps.perMonth, { message: 'the daily cap cannot exceed the monthly cap', path: ['caps'] })
  .refine(
    (p) =>
      p.onRegistration.referrer?.purchasePointsMultiplier === undefined &&
      p.onRegistration.friend?.purchasePointsMultiplier === undefined,
    { message: 'a points multiplier applies to the first purchase only', path: ['onRegistration'] },
  );
export type ReferralProgramme = z.infer<typeof ReferralProgramme>;

export const REFERRAL_STATUSES = ['registered', 'purchased', 'rewarded', 'void', 'over-cap'] as const;

export const Invitation = z.object({
  /** The friend as the referrer may see them: a nickname, never a phone or id. */
  friendName: z.string(),
  friendAvatarUrl: z.string().optional(),
  /** The friend's nickname and avatar, or that they left; `friendName` is kept for older clients. */
  friend: PersonView,
  joinedAt: z.iso.datetime(),
  /**
   * registered: joined, no qualifying purchase yet; purchased: waiting for the return window; rewarded: done;
   * void: the qualifying purchase was refunded; over-cap: beyond the day's or month's referral cap, no rewards.
   */
  status: z.enum(REFERRAL_STATUSES),
  pointsEarned: z.number().int(),
  couponsEarned: z.number().int(),
});
export type Invitation = z.infer<typeof Invitation>;

/** One side's reward as a member may read it: the coupon only as "a coupon" (its template id stays HQ's). */
export const ReferralRewardView = z.object({
  points: z.number().int().optional(),
  purchasePointsMultiplier: z.number().int().optional(),
  coupon: z.boolean(),
});
export type ReferralRewardView = z.infer<typeof ReferralRewardView>;

/**
 * The programme as the invite page and the poster word it (the app says it; the server sends only figures): who
 * gets what on joining and on the first purchase, from what amount, and how long the first purchase's rewards wait
 * (its return window).
 */
export const ReferralProgrammeView = z.object({
  enabled: z.boolean(),
  onRegistration: z.object({ referrer: ReferralRewardView.optional(), friend: ReferralRewardView.optional() }),
  onFirstPurchase: z.object({
    referrer: ReferralRewardView.optional(),
    friend: ReferralRewardView.optional(),
    minAmountFen: z.number().int(),
  }),
  refundWindowDays: z.number().int(),
});
export type ReferralProgrammeView = z.infer<typeof ReferralProgrammeView>;

export const MyReferral = z.object({
  code: z.string(),
  /** The mini-program page a shared card opens. */
  sharePath: z.string(),
  /** The scene string inside this member's mini-program code. */
  qrScene: z.string(),
  invitations: z.array(Invitation),
  totals: z.object({ friends: z.number().int(), points: z.number().int(), coupons: z.number().int() }),
  /** Who invited this member, when someone did. */
  invitedBy: z.string().optional(),
  /** The inviter's nickname and avatar, when someone invited this member. */
  inviter: PersonView.optional(),
  programme: ReferralProgrammeView,
});
export type MyReferral = z.infer<typeof MyReferral>;

export const getMyReferral = defineEndpoint({
  method: 'GET',
  path: '/api/v1/me/referral',
  summary: 'My invitation code and share path, the friends I invited and what they earned me',
  tag: 'referrals',
  auth: 'member',
  response: MyReferral,
});

export const ReferralQrCode = z.object({ contentType: z.string(), imageBase64: z.string(), scene: z.string() });
export const getMyReferralQrCode = defineEndpoint({
  method: 'GET',
  path: '/api/v1/me/referral/qrcode',
  rateLimit: { limit: 10, windowSeconds: 60 },
  summary: 'My mini-program code (小程序码) for the invitation poster, from WeChat getwxacodeunlimit',
  tag: 'referrals',
  auth: 'member',
  response: ReferralQrCode,
});

export const getReferralProgramme = defineEndpoint({
  method: 'GET',
  path: '/api/v1/hq/referral-programme',
  summary: 'The referral programme: rewards, caps and the return window',
  tag: 'hq',
  auth: 'hq',
  response: ReferralProgramme,
});

export const replaceReferralProgramme = defineEndpoint({
  method: 'PUT',
  path: '/api/v1/hq/referral-programme',
  summary: 'HQ changes the referral rewards (referrals already made keep the rules they were made under)',
  tag: 'hq',
  auth: 'hq',
  body: ReferralProgramme,
  response: ReferralProgramme,
});
