import { z } from 'zod';
import { defineEndpoint } from './endpoint';

export const GiftView = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  pointsCost: z.number().int(),
  stock: z.number().int(),
  perMemberLimit: z.number().int(),
  /** How many more of this gift the signed-in member may still redeem. */
  remainingForMe: z.number().int().optional(),
});
export type GiftView = z.infer<typeof GiftView>;

export const listGifts = defineEndpoint({
  method: 'GET',
  path: '/api/v1/gifts',
  summary: 'The redemption catalogue',
  tag: 'points',
  auth: 'member',
  response: z.object({ gifts: z.array(GiftView) }),
});

export const RedeemGiftParams = z.object({ giftId: z.string().regex(/^[0-9a-f]{24}$/, 'a gift id') }).strict();

export const Redemption = z.object({
  redemptionId: z.string(),
  giftId: z.string(),
  pointsSpent: z.number().int(),
  balance: z.number().int(),
  replayed: z.boolean(),
});
export type Redemption = z.infer<typeof Redemption>;

export const redeemGift = defineEndpoint({
  method: 'POST',
  path: '/api/v1/gifts/:giftId/redeem',
  rateLimit: { limit: 20, windowSeconds: 60 },
  summary: 'Redeem a gift for points (send an Idempotency-Key header: a retry redeems once)',
  tag: 'points',
  auth: 'member',
  params: RedeemGiftParams,
  successStatus: 200,
  response: Redemption,
});

const giftFields = {
  name: z.string().trim().min(1).max(40),
  description: z.string().trim().max(500),
  pointsCost: z.number().int().positive().max(10_000_000),
  /** What is left to redeem; redemptions take from it. */
  stock: z.number().int().nonnegative().max(10_000_000),
  perMemberLimit: z.number().int().positive().max(1000),
};

export const NewGift = z
  .object({
    ...giftFields,
    description: giftFields.description.default(''),
    perMemberLimit: giftFields.perMemberLimit.default(1),
  })
  .strict();
export type NewGift = z.input<typeof NewGift>;

/** What HQ may change of a gift: each field optional, at least one. A points cost applies to later redemptions. */
export const GiftChange = z
  .object({
    name: giftFields.name.optional(),
    description: giftFields.description.optional(),
    pointsCost: giftFields.pointsCost.optional(),
    stock: giftFields.stock.optional(),
    perMemberLimit: giftFields.perMemberLimit.optional(),
  })
  .strict()
  .refine((c) => Object.values(c).some((v) => v !== undefined), {
    message: 'name what to change: name, description, pointsCost, stock or perMemberLimit',
  });
export type GiftChange = z.infer<typeof GiftChange>;

export const GIFT_STATUSES = ['active', 'retired'] as const;

/** A gift as HQ manages it: its status and how many were redeemed. */
export const HqGiftView = GiftView.extend({
  status: z.enum(GIFT_STATUSES),
  redeemedCount: z.number().int(),
  createdAt: z.iso.datetime(),
});
export type HqGiftView = z.infer<typeof HqGiftView>;

export const createGift = defineEndpoint({
  method: 'POST',
  path: '/api/v1/hq/gifts',
  summary: 'HQ adds a gift to the redemption catalogue',
  tag: 'hq',
  auth: 'hq',
  body: NewGift,
  response: HqGiftView,
});

export const listHqGifts = defineEndpoint({
  method: 'GET',
  path: '/api/v1/hq/gifts',
  summary: 'HQ’s gift catalogue, newest first (at most 500), retired gifts included, with how many were redeemed',
  tag: 'hq',
  auth: 'hq',
  query: z.object({ status: z.enum(GIFT_STATUSES).optional() }).strict(),
  response: z.object({ gifts: z.array(HqGiftView) }),
});

export const updateGift = defineEndpoint({
  method: 'PATCH',
  path: '/api/v1/hq/gifts/:giftId',
  summary: 'HQ changes a gift: name, description, points cost, stock left, per-member limit',
  tag: 'hq',
  auth: 'hq',
  params: RedeemGiftParams,
  body: GiftChange,
  response: HqGiftView,
});

export const retireGift = defineEndpoint({
  method: 'POST',
  path: '/api/v1/hq/gifts/:giftId/retire',
  summary: 'HQ retires a gift: members no longer see it and cannot redeem it (GIFT_RETIRED); past redemptions stay',
  tag: 'hq',
  auth: 'hq',
  params: RedeemGiftParams,
  successStatus: 200,
  response: HqGiftView,
});

export const reactivateGift = defineEndpoint({
  method: 'POST',
  path: '/api/v1/hq/gifts/:giftId/reactivate',
  summary: 'HQ brings a retired gift back to the catalogue',
  tag: 'hq',
  auth: 'hq',
  params: RedeemGiftParams,
  successStatus: 200,
  response: HqGiftView,
});
