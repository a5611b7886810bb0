import { z } from 'zod';
import { instant } from './dates';
import { defineEndpoint } from './endpoint';
import { fen, id, MemberReferenceInput } from './purchases';

/**
 * Paid membership (付费会员 / 黑卡): HQ defines plans a member buys for a month or a year; while the subscription is
 * active its benefits apply (an extra points multiplier on purchases, a monthly coupon pack, free delivery, early
 * access to presales). The payment itself happens in WeChat Pay: the brand's integration confirms it here, signed
 * like a purchase. What a member bought keeps the plan's terms at purchase: HQ's later edits change only new sales.
 */

export const PAID_PLAN_TERMS = ['monthly', 'annual'] as const;
export type PaidPlanTerm = (typeof PAID_PLAN_TERMS)[number];

/** The extra points multiplier a plan may give on top of the tier's and the campaigns' (1 = none). */
export const PAID_PLAN_MULTIPLIER_MIN = 1;
export const PAID_PLAN_MULTIPLIER_MAX = 3;
export const PAID_PLAN_NAME_MAX = 20;
/** Different coupon templates in a plan's monthly pack, and coupons of one template per month. */
export const PAID_PLAN_PACK_TEMPLATES_MAX = 5;
export const PAID_PLAN_PACK_COUNT_MAX = 10;

/**
 * The programme's paid-membership rules: a refund within the cooling-off period after a payment is accepted; a
 * member may pay the next term from `renewalWindowDays` before the current one ends; the renewal reminder goes out
 * `reminderDays` before the end.
 */
export const PAID_MEMBERSHIP_RULES = { coolingOffDays: 7, renewalWindowDays: 7, reminderDays: 7 } as const;

const objectId = (what: string) => z.string().regex(/^[0-9a-f]{24}$/, what);

export const PaidPlanName = z
  .string()
  .trim()
  .min(1, '名称不能为空')
  .max(PAID_PLAN_NAME_MAX, `名称最多 ${PAID_PLAN_NAME_MAX} 个字`);

export const CouponPackItem = z
  .object({
    templateId: objectId('a coupon template id'),
    count: z.number().int().min(1).max(PAID_PLAN_PACK_COUNT_MAX),
  })
  .strict();
export type CouponPackItem = z.infer<typeof CouponPackItem>;

export const PaidPlanBenefits = z
  .object({
    /** × on the purchase points earned while the membership is active, on top of the tier's (1–3, 2 decimals). */
    pointsMultiplier: z
      .number()
      .min(PAID_PLAN_MULTIPLIER_MIN)
      .max(PAID_PLAN_MULTIPLIER_MAX)
      .refine((m) => Math.abs(Math.round(m * 100) - m * 100) < 1e-9, { message: 'at most 2 decimals' }),
    /** Issued once per member in every month of membership. */
    couponPack: z
      .array(CouponPackItem)
      .max(PAID_PLAN_PACK_TEMPLATES_MAX)
      .refine((items) => new Set(items.map((i) => i.templateId)).size === items.length, {
        message: 'name each coupon template once (with its count)',
      }),
    freeDelivery: z.boolean(),
    presaleAccess: z.boolean(),
  })
  .strict();
export type PaidPlanBenefits = z.infer<typeof PaidPlanBenefits>;

export const PAID_PLAN_STATUSES = ['active', 'retired'] as const;

export const PaidPlanView = z.object({
  id: z.string(),
  name: z.string(),
  priceFen: z.number().int(),
  term: z.enum(PAID_PLAN_TERMS),
  benefits: PaidPlanBenefits,
  /** A retired plan is sold no more; subscriptions bought before keep their terms to the end. */
  status: z.enum(PAID_PLAN_STATUSES),
  updatedAt: z.iso.datetime(),
});
export type PaidPlanView = z.infer<typeof PaidPlanView>;

export const NewPaidPlan = z
  .object({ name: PaidPlanName, priceFen: fen.positive(), term: z.enum(PAID_PLAN_TERMS), benefits: PaidPlanBenefits })
  .strict();
export type NewPaidPlan = z.input<typeof NewPaidPlan>;

export const PaidPlanChanges = z
  .object({
    name: PaidPlanName.optional(),
    priceFen: fen.positive().optional(),
    term: z.enum(PAID_PLAN_TERMS).optional(),
    benefits: PaidPlanBenefits.optional(),
  })
  .strict()
  .refine((c) => Object.keys(c).length > 0, { message: '请至少修改一项' });
export type PaidPlanChanges = z.input<typeof PaidPlanChanges>;

export const PaidPlanParams = z.object({ planId: objectId('a plan id') }).strict();
export const PaidPlanList = z.object({ plans: z.array(PaidPlanView) });
export type PaidPlanList = z.infer<typeof PaidPlanList>;

export const listPaidPlans = defineEndpoint({
  method: 'GET',
  path: '/api/v1/hq/paid-plans',
  summary: 'HQ’s paid membership plans, active first then retired, newest first',
  tag: 'hq',
  auth: 'hq',
  response: PaidPlanList,
});

export const createPaidPlan = defineEndpoint({
  method: 'POST',
  path: '/api/v1/hq/paid-plans',
  summary: 'HQ adds a paid membership plan (the coupon pack names active coupon templates)',
  tag: 'hq',
  auth: 'hq',
  audit: 'in-transaction',
  body: NewPaidPlan,
  successStatus: 201,
  response: PaidPlanView,
});

export const updatePaidPlan = defineEndpoint({
  method: 'PATCH',
  path: '/api/v1/hq/paid-plans/:planId',
  summary: 'HQ changes a plan for new sales; what members already bought keeps its terms',
  tag: 'hq',
  auth: 'hq',
  audit: 'in-transaction',
  params: PaidPlanParams,
  body: PaidPlanChanges,
  response: PaidPlanView,
});

export const retirePaidPlan = defineEndpoint({
  method: 'POST',
  path: '/api/v1/hq/paid-plans/:planId/retire',
  summary: 'HQ stops selling a plan (no new purchase or renewal); subscriptions run to their end',
  tag: 'hq',
  auth: 'hq',
  audit: 'in-transaction',
  params: PaidPlanParams,
  successStatus: 200,
  response: PaidPlanView,
});

/** A subscription as its member sees it: the terms at purchase, not the plan as HQ has it now. */
export const PAID_SUBSCRIPTION_STATUSES = ['active', 'lapsed', 'refunded'] as const;
export type PaidSubscriptionStatus = (typeof PAID_SUBSCRIPTION_STATUSES)[number];

export const PaidSubscriptionView = z.object({
  id: z.string(),
  planId: z.string(),
  planName: z.string(),
  term: z.enum(PAID_PLAN_TERMS),
  priceFen: z.number().int(),
  benefits: PaidPlanBenefits.omit({ couponPack: true }).extend({
    /** The monthly pack with each template's coupon name. */
    couponPack: z.array(z.object({ name: z.string(), count: z.number().int() })),
  }),
  status: z.enum(PAID_SUBSCRIPTION_STATUSES),
  startedAt: z.iso.datetime(),
  endsAt: z.iso.datetime(),
  /** The member may pay the next term now (from 7 days before the end). */
  renewable: z.boolean(),
});
export type PaidSubscriptionView = z.infer<typeof PaidSubscriptionView>;

export const MemberPaidMembership = z.object({
  /** The member's current or latest subscription. */
  subscription: PaidSubscriptionView.optional(),
  /** The plans on sale. */
  plans: z.array(PaidPlanView.omit({ status: true, updatedAt: true })),
});
export type MemberPaidMembership = z.infer<typeof MemberPaidMembership>;

export const getMyPaidMembership = defineEndpoint({
  method: 'GET',
  path: '/api/v1/me/paid-membership',
  summary: 'The member’s paid membership (plan, status, expiry, benefits) and the plans on sale',
  tag: 'members',
  auth: 'member',
  response: MemberPaidMembership,
});

export const SubscriptionParams = z.object({ subscriptionId: objectId('a subscription id') }).strict();

export const getMySubscription = defineEndpoint({
  method: 'GET',
  path: '/api/v1/me/paid-membership/subscriptions/:subscriptionId',
  summary: 'One of the member’s own subscriptions (another member’s is NOT_FOUND)',
  tag: 'members',
  auth: 'member',
  params: SubscriptionParams,
  response: PaidSubscriptionView,
});

/** What the member card shows of an active paid membership. */
export const PaidMembershipCard = z.object({
  planName: z.string(),
  endsAt: z.iso.datetime(),
  pointsMultiplier: z.number(),
  freeDelivery: z.boolean(),
  presaleAccess: z.boolean(),
});
export type PaidMembershipCard = z.infer<typeof PaidMembershipCard>;

export const PaidMembershipPayment = z
  .object({
    /** The payment's id in the brand's system (WeChat Pay transaction): a retry with it answers the first result. */
    paymentId: id,
    member: MemberReferenceInput,
    planId: objectId('a plan id'),
    /** What the member paid: must equal the plan's price. */
    amountFen: fen,
    /** When the member paid: within the last 24 hours and not ahead of the server clock (PURCHASE_DATE_OUT_OF_RANGE). */
    paidAt: instant,
  })
  .strict();
export type PaidMembershipPayment = z.infer<typeof PaidMembershipPayment>;

export const PaidMembershipPaymentResult = z.object({
  paymentId: z.string(),
  subscriptionId: z.string(),
  memberId: z.string(),
  /** `subscribed`: a new membership; `renewed`: the term added after the current one. */
  outcome: z.enum(['subscribed', 'renewed']),
  /** The term this payment bought. */
  termStartsAt: z.iso.datetime(),
  termEndsAt: z.iso.datetime(),
  replayed: z.boolean(),
});
export type PaidMembershipPaymentResult = z.infer<typeof PaidMembershipPaymentResult>;

export const confirmPaidMembershipPayment = defineEndpoint({
  method: 'POST',
  path: '/api/v1/paid-membership/payments',
  summary:
    'The integration confirms a member paid for a plan (signed; idempotent on paymentId): a new subscription, or a renewal within 7 days of the end',
  tag: 'integrations',
  auth: 'integration',
  body: PaidMembershipPayment,
  successStatus: 200,
  response: PaidMembershipPaymentResult,
});

export const PaidMembershipRefund = z.object({ refundId: id, paymentId: id, refundedAt: instant }).strict();
export type PaidMembershipRefund = z.infer<typeof PaidMembershipRefund>;

export const PaidMembershipRefundResult = z.object({
  refundId: z.string(),
  paymentId: z.string(),
  subscriptionId: z.string(),
  /** The subscription's status and end after the refund (a refunded renewal leaves the current term running). */
  status: z.enum(PAID_SUBSCRIPTION_STATUSES),
  endsAt: z.iso.datetime(),
  /** Unused coupons of the monthly packs taken back. */
  couponsVoided: z.number().int(),
  replayed: z.boolean(),
});
export type PaidMembershipRefundResult = z.infer<typeof PaidMembershipRefundResult>;

export const refundPaidMembershipPayment = defineEndpoint({
  method: 'POST',
  path: '/api/v1/paid-membership/refunds',
  summary:
    'The integration confirms a membership payment was refunded within the 7-day cooling-off period (signed; idempotent on refundId)',
  tag: 'integrations',
  auth: 'integration',
  body: PaidMembershipRefund,
  successStatus: 200,
  response: PaidMembershipRefundResult,
});
