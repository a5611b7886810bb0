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

/**
 * What a coupon applies to when not the whole order: these products and products of these categories (either). The
 * discount is taken from, and a threshold counted on, the order lines in scope only.
 */
export const CouponScope = z
  .object({
    skus: z.array(id).max(200).default([]),
    categories: z.array(z.string().trim().min(1).max(64)).max(50).default([]),
  })
  .strict()
  .refine((s) => s.skus.length + s.categories.length > 0, {
    message: 'name at least one product or category (leave the scope out for the whole order)',
    path: ['skus'],
  });
export type CouponScope = z.output<typeof CouponScope>;

/** An order line as a till sends it with a coupon limited to products or categories. */
export const CouponOrderLine = z
  .object({
    sku: id,
    quantity: z.number().int().positive().max(100_000),
    unitPriceFen: fen,
  })
  .strict();
export type CouponOrderLine = z.infer<typeof CouponOrderLine>;

/**
 * The part of an order a scoped coupon applies to, in fen: the lines whose product is in the scope or of one of its
 * categories (`categoryOf` gives a product's category as the brand's catalogue has it, never as the till says).
 */
export function scopedSubtotalFen(
  scope: CouponScope,
  lines: readonly CouponOrderLine[],
  categoryOf: (sku: string) => string | undefined,
): number {
  const skus = new Set(scope.skus);
  const categories = new Set(scope.categories);
  return lines
    .filter((line) => {
      const category = categoryOf(line.sku);
      return skus.has(line.sku) || (category !== undefined && categories.has(category));
    })
    .reduce((sum, line) => sum + line.quantity * line.unitPriceFen, 0);
}

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
    /** Only these products or categories (absent: the whole order). Fixed once the template exists. */
    scope: CouponScope.optional(),
  })
  .strict()
  .refine((t) => !(t.scope && t.benefit.kind === 'gift'), {
    message: 'a gift coupon is for its own product: it takes no scope',
    path: ['scope'],
  })
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

/** A coupon's scope as a member reads it: product names and categories, never SKU codes. */
export const CouponScopeWords = z.object({ products: z.array(z.string()), categories: z.array(z.string()) });
export type CouponScopeWords = z.infer<typeof CouponScopeWords>;

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
  /** Only for these products or categories (absent: the whole order). */
  appliesTo: CouponScopeWords.optional(),
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
  /** Only for these products or categories (absent: the whole order). */
  appliesTo: CouponScopeWords.optional(),
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

/**
 * What HQ may change of a template. Name, stock (never below what was already drawn from it), the per-member limit,
 * whether members claim it and whether managers may send it change at any time; the benefit and the validity only
 * while no coupon of it exists (COUPON_TERMS_FIXED otherwise: members hold coupons on those terms).
 */
export const CouponTemplateChange = z
  .object({
    name: z.string().trim().min(1).max(30).optional(),
    totalStock: z.number().int().positive().max(10_000_000).optional(),
    perMemberLimit: z.number().int().positive().max(100).optional(),
    claimable: z.boolean().optional(),
    releasedToManagers: z.boolean().optional(),
    benefit: CouponBenefit.optional(),
    validity: CouponValidity.optional(),
  })
  .strict()
  .refine((c) => Object.values(c).some((v) => v !== undefined), {
    message: 'name what to change: name, totalStock, perMemberLimit, claimable, releasedToManagers, benefit or validity',
  })
  .refine((c) => c.validity?.type !== 'window' || Date.parse(c.validity.from) < Date.parse(c.validity.to), {
    message: 'the validity window must end after it starts',
    path: ['validity'],
  })
  .refine((c) => c.benefit?.kind !== 'threshold' || c.benefit.amountFen < c.benefit.thresholdFen, {
    message: 'the amount off must be below the threshold',
    path: ['benefit'],
  });
export type CouponTemplateChange = z.infer<typeof CouponTemplateChange>;

export const OFFER_STATUSES = ['active', 'retired'] as const;
export type OfferStatus = (typeof OFFER_STATUSES)[number];

/** A template as HQ manages it: its audience switches, status and how much of it went out. */
export const HqCouponTemplateView = CouponTemplateView.extend({
  releasedToManagers: z.boolean(),
  claimable: z.boolean(),
  status: z.enum(OFFER_STATUSES),
  /** Drawn from the stock (claims, exchanges, staff sends): totalStock − remainingStock. */
  issuedCount: z.number().int(),
  /** Coupons of this template in members' wallets, by any route (rewards included), and how many were used. */
  claimedCount: z.number().int(),
  usedCount: z.number().int(),
  createdAt: z.iso.datetime(),
  /** The products (SKUs) and categories it is limited to, as HQ set them. */
  scope: CouponScope.optional(),
});
export type HqCouponTemplateView = z.infer<typeof HqCouponTemplateView>;

export const HqCouponTemplatesQuery = z.object({ status: z.enum(OFFER_STATUSES).optional() }).strict();

export const listHqCouponTemplates = defineEndpoint({
  method: 'GET',
  path: '/api/v1/hq/coupon-templates',
  summary: 'HQ’s coupon templates, newest first (at most 500), with their stock, coupons issued and used, and status',
  tag: 'hq',
  auth: 'hq',
  query: HqCouponTemplatesQuery,
  response: z.object({ templates: z.array(HqCouponTemplateView) }),
});

export const TemplateParams = z.object({ templateId: z.string().regex(/^[0-9a-f]{24}$/, 'a template id') }).strict();

export const createCouponTemplate = defineEndpoint({
  method: 'POST',
  path: '/api/v1/hq/coupon-templates',
  summary:
    'HQ creates a coupon template: benefit, validity, stock, limits, targeting, channels, stacking (a gift coupon names an active product of the catalogue)',
  tag: 'hq',
  auth: 'hq',
  body: NewCouponTemplate,
  successStatus: 201,
  response: HqCouponTemplateView,
});

export const updateCouponTemplate = defineEndpoint({
  method: 'PATCH',
  path: '/api/v1/hq/coupon-templates/:templateId',
  summary:
    'HQ changes a coupon template: name, stock (not below what was issued), per-member limit, claimable, released to community managers; benefit and validity only before any coupon of it exists',
  tag: 'hq',
  auth: 'hq',
  params: TemplateParams,
  body: CouponTemplateChange,
  response: HqCouponTemplateView,
});

export const retireCouponTemplate = defineEndpoint({
  method: 'POST',
  path: '/api/v1/hq/coupon-templates/:templateId/retire',
  summary:
    'HQ retires a coupon template: no new claims, exchanges, staff sends or rule rewards (COUPON_TEMPLATE_RETIRED); coupons already in wallets stay valid',
  tag: 'hq',
  auth: 'hq',
  params: TemplateParams,
  successStatus: 200,
  response: HqCouponTemplateView,
});

export const reactivateCouponTemplate = defineEndpoint({
  method: 'POST',
  path: '/api/v1/hq/coupon-templates/:templateId/reactivate',
  summary: 'HQ brings a retired coupon template back',
  tag: 'hq',
  auth: 'hq',
  params: TemplateParams,
  successStatus: 200,
  response: HqCouponTemplateView,
});

/** A template HQ released to managers, as the manager's send tool lists it. */
export const ReleasedCouponTemplate = z.object({
  id: z.string(),
  name: z.string(),
  benefit: CouponBenefit,
  validity: CouponValidity,
  remainingStock: z.number().int(),
  perMemberLimit: z.number().int(),
});
export type ReleasedCouponTemplate = z.infer<typeof ReleasedCouponTemplate>;

export const listReleasedCouponTemplates = defineEndpoint({
  method: 'GET',
  path: '/api/v1/staff/coupon-templates',
  summary: 'The coupon templates HQ released to community managers that can be sent now: active, in stock, not ended',
  tag: 'staff',
  auth: 'manager',
  response: z.object({ templates: z.array(ReleasedCouponTemplate) }),
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
    /** The order's lines: required for a coupon limited to products or categories, whose discount they decide. */
    lines: z.array(CouponOrderLine).min(1).max(500).optional(),
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
