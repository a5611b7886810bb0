import { z } from 'zod';
import { SegmentAudience } from './analytics';
import { defineEndpoint } from './endpoint';

const objectId = z.string().regex(/^[0-9a-f]{24}$/, 'an id');

/** What a variant gives each member of its arm: a coupon of a template, points, or only a message. */
export const ExperimentReward = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('coupon'), templateId: objectId }).strict(),
  z.object({ kind: z.literal('points'), points: z.number().int().min(1).max(100_000) }).strict(),
  z.object({ kind: z.literal('message') }).strict(),
]);
export type ExperimentReward = z.infer<typeof ExperimentReward>;

export const ExperimentVariantInput = z
  .object({
    /** HQ's name for the variant (e.g. 满199减20券). */
    name: z.string().trim().min(1).max(20),
    /** Share of the experiment's members, in whole percent. */
    percent: z.number().int().min(1).max(99),
    reward: ExperimentReward,
    /** The line the member reads in the message that goes with it (at most 20 characters, WeChat's limit). */
    message: z.string().trim().min(1).max(20),
  })
  .strict();
export type ExperimentVariantInput = z.infer<typeof ExperimentVariantInput>;

/**
 * An A/B test on a segment: 2–4 variants plus a control group that gets nothing, the sizes (control included)
 * adding up to 100 (EXPERIMENT_VARIANT_COUNT, EXPERIMENT_SIZES_NOT_100 otherwise; the count is checked by the
 * server so the code is stable), over `samplePercent` of the segment (the rest is what a winner is promoted to).
 */
export const ExperimentInput = z
  .object({
    name: z.string().trim().min(1).max(30),
    audience: SegmentAudience,
    samplePercent: z.number().int().min(1).max(100).default(100),
    variants: z.array(ExperimentVariantInput).min(1).max(10),
    controlPercent: z.number().int().min(1).max(98),
    /** Days after the start in which purchases and redemptions count for the results. */
    attributionDays: z.number().int().min(1).max(90),
  })
  .strict();
export type ExperimentInput = z.input<typeof ExperimentInput>;

export const EXPERIMENT_STATUSES = ['draft', 'running', 'promoted'] as const;
export type ExperimentStatus = (typeof EXPERIMENT_STATUSES)[number];

export const ExperimentVariantView = ExperimentVariantInput.extend({
  /** A, B, C, D in the order HQ listed them. */
  key: z.string(),
});
export type ExperimentVariantView = z.infer<typeof ExperimentVariantView>;

export const PROMOTION_TARGETS = ['rest', 'control'] as const;
export type PromotionTarget = (typeof PROMOTION_TARGETS)[number];

export const ExperimentView = z.object({
  id: z.string(),
  name: z.string(),
  audience: SegmentAudience,
  samplePercent: z.number().int(),
  variants: z.array(ExperimentVariantView),
  controlPercent: z.number().int(),
  attributionDays: z.number().int(),
  status: z.enum(EXPERIMENT_STATUSES),
  createdAt: z.string(),
  startedAt: z.string().optional(),
  windowEndsAt: z.string().optional(),
  promotion: z
    .object({
      variant: z.string(),
      target: z.enum(PROMOTION_TARGETS),
      at: z.string(),
      sent: z.number().int(),
      finished: z.boolean(),
    })
    .optional(),
});
export type ExperimentView = z.infer<typeof ExperimentView>;

export const ExperimentParams = z.object({ experimentId: objectId }).strict();

/** Why a member of the segment was left out of the experiment (in every arm alike, control included). */
export const EXPERIMENT_EXCLUSIONS = ['no-marketing-consent', 'contacted-recently'] as const;
export type ExperimentExclusion = (typeof EXPERIMENT_EXCLUSIONS)[number];

export const ExperimentSendResult = z.object({
  /** Members of the sample assigned to an arm (this run and earlier ones). */
  assigned: z.number().int(),
  /** Variant members whose reward went out (ever: a rerun pays nobody twice). */
  sent: z.number().int(),
  /** Control members: recorded, given nothing. */
  control: z.number().int(),
  excluded: z.array(z.object({ reason: z.enum(EXPERIMENT_EXCLUSIONS), count: z.number().int() })),
  /** Variant members whose reward could not be given (coupon out of stock, template ended). */
  undelivered: z.number().int(),
});
export type ExperimentSendResult = z.infer<typeof ExperimentSendResult>;

export const IntervalView = z.object({ difference: z.number(), low: z.number(), high: z.number(), significant: z.boolean() });

export const ExperimentArmResult = z.object({
  /** `control` or the variant's key. */
  arm: z.string(),
  name: z.string(),
  /** Members analysed (assigned and eligible: intention to treat, whether or not the reward reached them). */
  members: z.number().int(),
  /** Rewards or messages that went out (reach). */
  sent: z.number().int(),
  /** Coupons used / members who spent points in the window; null for a message-only variant and control. */
  redeemed: z.number().int().nullable(),
  redemptionRate: z.number().nullable(),
  /** Members who bought in the window. */
  converted: z.number().int(),
  conversionRate: z.number(),
  /** Net spend (after refunds) in the window per member, fen. */
  revenuePerMemberFen: z.number(),
  /** Conversion rate minus control's, with the two-proportion z-test's 95 % interval and p-value. */
  conversionVsControl: IntervalView.extend({ pValue: z.number() }).nullable(),
  /** Revenue per member minus control's (fen), with a Welch 95 % interval: the incremental revenue per member. */
  revenueVsControl: IntervalView.nullable(),
});
export type ExperimentArmResult = z.infer<typeof ExperimentArmResult>;

export const ExperimentResults = z.object({
  experimentId: z.string(),
  asOf: z.string(),
  windowEndsAt: z.string().optional(),
  windowClosed: z.boolean(),
  arms: z.array(ExperimentArmResult),
  /** The variant with the largest significant incremental revenue (else conversion lift), or null when none is. */
  best: z.string().nullable(),
});
export type ExperimentResults = z.infer<typeof ExperimentResults>;

export const PromoteExperimentInput = z
  .object({
    variant: z.string().regex(/^[A-D]$/, 'a variant key A–D'),
    /** The rest of the segment (not sampled) or, after the window, the control group. */
    target: z.enum(PROMOTION_TARGETS),
  })
  .strict();
export type PromoteExperimentInput = z.infer<typeof PromoteExperimentInput>;

export const listExperiments = defineEndpoint({
  method: 'GET',
  path: '/api/v1/hq/campaign-experiments',
  summary: "HQ's A/B-tested campaigns, newest first",
  tag: 'hq',
  auth: 'hq',
  response: z.object({ experiments: z.array(ExperimentView) }),
});

export const createExperiment = defineEndpoint({
  method: 'POST',
  path: '/api/v1/hq/campaign-experiments',
  summary:
    'HQ drafts an A/B test on a segment (EXPERIMENT_VARIANT_COUNT, EXPERIMENT_SIZES_NOT_100, COUPON_TEMPLATE_RETIRED for a retired or unknown template)',
  tag: 'hq',
  auth: 'hq',
  body: ExperimentInput,
  successStatus: 201,
  response: ExperimentView,
});

export const getExperiment = defineEndpoint({
  method: 'GET',
  path: '/api/v1/hq/campaign-experiments/:experimentId',
  summary: 'One A/B test',
  tag: 'hq',
  auth: 'hq',
  params: ExperimentParams,
  response: ExperimentView,
});

export const updateExperiment = defineEndpoint({
  method: 'PUT',
  path: '/api/v1/hq/campaign-experiments/:experimentId',
  summary: 'HQ changes a draft (EXPERIMENT_NOT_EDITABLE once it started: its members are assigned)',
  tag: 'hq',
  auth: 'hq',
  params: ExperimentParams,
  body: ExperimentInput,
  response: ExperimentView,
});

export const startExperiment = defineEndpoint({
  method: 'POST',
  path: '/api/v1/hq/campaign-experiments/:experimentId/start',
  summary: 'HQ starts a draft: the attribution window opens, members are assigned and sent their variant (once each)',
  tag: 'hq',
  auth: 'hq',
  params: ExperimentParams,
  successStatus: 200,
  response: z.object({ experiment: ExperimentView, send: ExperimentSendResult }),
});

export const sendExperiment = defineEndpoint({
  method: 'POST',
  path: '/api/v1/hq/campaign-experiments/:experimentId/send',
  summary: 'Runs the send again (members new to the segment, a send cut short): stable assignment, one reward per member ever',
  tag: 'hq',
  auth: 'hq',
  params: ExperimentParams,
  successStatus: 200,
  response: ExperimentSendResult,
});

export const getExperimentResults = defineEndpoint({
  method: 'GET',
  path: '/api/v1/hq/campaign-experiments/:experimentId/results',
  summary:
    'Per arm over the attribution window: reach, redemption, conversion and incremental revenue vs control, 95 % intervals',
  tag: 'hq',
  auth: 'hq',
  params: ExperimentParams,
  response: ExperimentResults,
});

export const promoteExperimentWinner = defineEndpoint({
  method: 'POST',
  path: '/api/v1/hq/campaign-experiments/:experimentId/promote',
  summary:
    'HQ sends the chosen variant to the rest of the segment or to control, once, after the window (EXPERIMENT_WINDOW_OPEN, EXPERIMENT_ALREADY_PROMOTED)',
  tag: 'hq',
  auth: 'hq',
  params: ExperimentParams,
  body: PromoteExperimentInput,
  successStatus: 200,
  response: ExperimentView,
});
