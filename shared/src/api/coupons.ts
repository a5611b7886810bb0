import { z } from 'zod';
import { instant } from './dates';
import { defineEndpoint } from './endpoint';
import { fen, id } from './purchases';

export const COUPON_KINDS = ['fixed', 'percent', 'threshold', 'gift'] as const;
export type CouponKind = (typeof COUPON_KINDS)[number];

/** What a coupon takes off: ¥20 off, 15% off (at most ¥50), ¥20 off from ¥199, or a SKU at a set price. */
export const CouponBenefit = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('fixed'), amountFen: fen.positive() }).strict(),
  z.object({ kind: z.literal('percent'), percentOff: z.number().int().min(1).max(90), capFen: fen.positive() }).strict(),
  z.object({ kind: z.literal('threshold'), thresholdFen: fen.positive(), amountFen: fen.positive() }).strict(),
  z.object({ kind: z.literal('gift'), sku: id, priceFen: fen }).strict(),
]);
export type CouponBenefit = z.infer<typeof CouponBenefit>;

export const CouponValidity = z.discriminatedUnion('type', [
  z.object({ type: z.literal('window'), from: instant, to: instant }).strict(),
  z.object({ type: z.literal('afterClaim'), days: z.number().int().min(1).max(366) }).strict(),
]);
export type CouponValidity = z.infer<typeof CouponValidity>;

export const NewCouponTemplate = z
  .object({
    name: z.string().trim().min(1).max(30),
    benefit: CouponBenefit,
    validity: CouponValidity,
    totalStock: z.number().int().positive().max(10_000_000),
    perMemberLimit: z.number().int().positive().max(100).default(1),
    /** Who may claim it; absent = everyone. */
    tiers: z.array(z.string().min(1).max(40)).max(10).optional(),
    regions: z.array(z.string().min(1).max(20)).max(50).optional(),
    newMembersOnly: z.boolean().default(false),
    channels: z
      .array(z.enum(['store', 'online']))
      .min(1)
      .default(['store', 'online']),
    /** Exclusive coupons are used alone; stackable ones with others of the same group. */
    stacking: z
      .union([z.object({ mode: z.literal('exclusive') }), z.object({ mode: z.literal('stackable'), group: id })])
      .default({ mode: 'exclusive' }),
    /** Shown in the claim centre for members to tap; otherwise issued only by rules and managers. */
    claimable: z.boolean().default(true),
    /** Exchanged for points in the claim centre rather than claimed for free. */
    pointsPrice: z.number().int().positive().max(10_000_000).optional(),
    /** HQ lets community managers send it (within its stock and per-member limit); HQ may send any template. */
    releasedToManagers: z.boolean().default(false),
  })
  .strict()
  .refine((t) => !(t.releasedToManagers && t.pointsPrice), {
    message: 'a coupon exchanged for points cannot be released to managers to give away',
    path: ['releasedToManagers'],
  })
  .refine((t) => t.validity.type !== 'window' || Date.parse(t.validity.from) < Date.parse(t.validity.to), {
    message: 'the validity window must end after it starts',
    path: ['validity'],
  })
  .refine((t) => t.benefit.kind !== 'threshold' || t.benefit.amountFen < t.benefit.thresholdFen, {
    message: 'the amount off must be below the threshold',
    path: ['benefit'],
  });
export type NewCouponTemplate = z.input<typeof NewCouponTemplate>;

export const CouponTemplateView = z.object({
  id: z.string(),
  name: z.string(),
  benefit: CouponBenefit,
  validity: CouponValidity,
  totalStock: z.number().int(),
  remainingStock: z.number().int(),
  perMemberLimit: z.number().int(),
  channels: z.array(z.enum(['store', 'online'])),
  /** Points it costs; absent for a free coupon. */
  pointsPrice: z.number().int().optional(),
  /** For the signed-in member: how many more they may claim (0 when not eligible or at the limit). */
  remainingForMe: z.number().int().optional(),
  /** For HQ: whether community managers may send it. */
  releasedToManagers: z.boolean().optional(),
});
export type CouponTemplateView = z.infer<typeof CouponTemplateView>;

export const CouponStatus = z.enum(['available', 'used', 'expired']);
export const CouponView = z.object({
  id: z.string(),
  templateId: z.string(),
  name: z.string(),
  benefit: CouponBenefit,
  status: CouponStatus,
  validFrom: z.iso.datetime(),
  validTo: z.iso.datetime(),
  usedAt: z.iso.datetime().optional(),
  orderId: z.string().optional(),
});
export type CouponView = z.infer<typeof CouponView>;

/** What a coupon takes off an order, in fen; 0 when the order does not qualify (under the threshold). */
export function couponDiscountFen(benefit: CouponBenefit, orderTotalFen: number): number {
  switch (benefit.kind) {
    case 'fixed':
      return Math.min(benefit.amountFen, orderTotalFen);
    case 'percent':
      return Math.min(Math.floor((orderTotalFen * benefit.percentOff) / 100), benefit.capFen);
    case 'threshold':
      return orderTotalFen >= benefit.thresholdFen ? benefit.amountFen : 0;
    case 'gift':
      return 0;
  }
}

export const createCouponTemplate = defineEndpoint({
  method: 'POST',
  path: '/api/v1/hq/coupon-templates',
  summary:
    'HQ creates a coupon template: benefit, validity, stock, limits, targeting, channels, stacking (a gift coupon names an active product of the catalogue)',
  tag: 'hq',
  auth: 'hq',
  body: NewCouponTemplate,
  successStatus: 201,
  response: CouponTemplateView,
});

export const CouponTemplateChange = z
  .object({ releasedToManagers: z.boolean().optional() })
  .strict()
  .refine((c) => c.releasedToManagers !== undefined, { message: 'name what to change: releasedToManagers' });
export type CouponTemplateChange = z.infer<typeof CouponTemplateChange>;

export const TemplateParams = z.object({ templateId: z.string().regex(/^[0-9a-f]{24}$/, 'a template id') }).strict();

export const updateCouponTemplate = defineEndpoint({
  method: 'PATCH',
  path: '/api/v1/hq/coupon-templates/:templateId',
  summary: 'HQ changes a coupon template: releases it to community managers to send, or withdraws it',
  tag: 'hq',
  auth: 'hq',
  params: TemplateParams,
  body: CouponTemplateChange,
  response: CouponTemplateView,
});

export const listClaimableCoupons = defineEndpoint({
  method: 'GET',
  path: '/api/v1/coupons/claimable',
  summary: 'The claim centre: coupons the member may claim now',
  tag: 'coupons',
  auth: 'member',
  response: z.object({ templates: z.array(CouponTemplateView) }),
});

export const CouponParams = z.object({ couponId: z.string().regex(/^[0-9a-f]{24}$/, 'a coupon id') }).strict();

export const claimCoupon = defineEndpoint({
  method: 'POST',
  path: '/api/v1/coupons/templates/:templateId/claim',
  rateLimit: { limit: 20, windowSeconds: 60 },
  summary: 'Claim a coupon (send an Idempotency-Key header: a retry claims once)',
  tag: 'coupons',
  auth: 'member',
  params: TemplateParams,
  successStatus: 200,
  response: CouponView.extend({ replayed: z.boolean() }),
});

export const exchangeCoupon = defineEndpoint({
  method: 'POST',
  path: '/api/v1/coupons/templates/:templateId/exchange',
  rateLimit: { limit: 20, windowSeconds: 60 },
  summary: 'Exchange points for a coupon (send an Idempotency-Key header: a retry spends once)',
  tag: 'coupons',
  auth: 'member',
  params: TemplateParams,
  successStatus: 200,
  response: CouponView.extend({ replayed: z.boolean(), pointsSpent: z.number().int() }),
});

export const WalletQuery = z.object({ status: CouponStatus.default('available') }).strict();
export const getWallet = defineEndpoint({
  method: 'GET',
  path: '/api/v1/me/coupons',
  summary: 'The member’s coupons: available, used or expired',
  tag: 'coupons',
  auth: 'member',
  query: WalletQuery,
  response: z.object({ coupons: z.array(CouponView) }),
});

export const CouponToken = z.object({ token: z.string(), expiresAt: z.iso.datetime() });
export const issueCouponToken = defineEndpoint({
  method: 'POST',
  path: '/api/v1/me/coupons/:couponId/token',
  summary: 'A short-lived signed token for the coupon’s QR code (the store scans it)',
  tag: 'coupons',
  auth: 'member',
  params: CouponParams,
  successStatus: 200,
  response: CouponToken,
});

export const RedeemCouponRequest = z
  .object({
    token: z.string().min(20).max(300),
    orderId: id,
    orderTotalFen: fen.positive(),
    channel: z.enum(['store', 'online']),
  })
  .strict();
export const CouponRedemption = z.object({
  couponId: z.string(),
  memberId: z.string(),
  name: z.string(),
  benefit: CouponBenefit,
  discountFen: z.number().int(),
  orderId: z.string(),
  replayed: z.boolean(),
});
export type CouponRedemption = z.infer<typeof CouponRedemption>;

export const redeemCoupon = defineEndpoint({
  method: 'POST',
  path: '/api/v1/coupons/redeem',
  summary: 'A store redeems a scanned coupon against an order (signed integration call; idempotent per order)',
  tag: 'integrations',
  auth: 'integration',
  body: RedeemCouponRequest,
  successStatus: 200,
  response: CouponRedemption,
});
