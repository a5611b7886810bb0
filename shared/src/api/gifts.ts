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

export const NewGift = z
  .object({
    name: z.string().trim().min(1).max(40),
    description: z.string().trim().max(500).default(''),
    pointsCost: z.number().int().positive().max(10_000_000),
    stock: z.number().int().nonnegative().max(10_000_000),
    perMemberLimit: z.number().int().positive().max(1000).default(1),
  })
  .strict();

export const createGift = defineEndpoint({
  method: 'POST',
  path: '/api/v1/hq/gifts',
  summary: 'HQ adds a gift to the redemption catalogue',
  tag: 'hq',
  auth: 'hq',
  body: NewGift,
  response: GiftView,
});
