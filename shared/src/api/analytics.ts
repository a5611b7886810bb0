import { z } from 'zod';
import { calendarDay } from './dates';
import { defineEndpoint } from './endpoint';
import { id } from './purchases';
import { MemberNoParams } from './profile';

/**
 * CRM analytics: RFM scores and segments, lifecycle stages and their contact policies, churn risk and
 * win-back rules, period metrics, stage migration, recommendations, and the manager / HQ dashboards.
 */

/** The lifecycle stages of a member who has bought (over a 3-month window by default). */
export const LIFECYCLE_STAGES = [
  'new-one-time',
  'new-repeat',
  'old-one-time',
  'old-repeat',
  'silent',
  'sleeping',
  'lost',
] as const;
export type LifecycleStage = (typeof LIFECYCLE_STAGES)[number];
/** Every member is in one of these: a lifecycle stage, or `prospect` (registered, never bought). */
export const MEMBER_STAGES = [...LIFECYCLE_STAGES, 'prospect'] as const;
export type MemberStage = (typeof MEMBER_STAGES)[number];

export const RFM_SEGMENTS = [
  'champions',
  'loyal',
  'potential-loyalists',
  'new',
  'promising',
  'need-attention',
  'about-to-sleep',
  'at-risk',
  'cant-lose-them',
  'hibernating',
  'lost',
] as const;
export type RfmSegment = (typeof RFM_SEGMENTS)[number];

/** How big an incentive a win-back rule gives, and the most a stage's contact policy allows. */
export const INCENTIVE_LEVELS = ['small', 'medium', 'big'] as const;
export type IncentiveLevel = (typeof INCENTIVE_LEVELS)[number];
/** regular: any rule; limited: spaced out (minDaysBetweenContacts); big-sales-only: only rules marked as a big sale. */
export const CONTACT_MODES = ['regular', 'limited', 'big-sales-only'] as const;
export type ContactMode = (typeof CONTACT_MODES)[number];

export const StageContactPolicy = z
  .object({
    contact: z.enum(CONTACT_MODES),
    maxIncentive: z.enum(INCENTIVE_LEVELS),
    /** No second win-back contact sooner than this after the last one (any rule). */
    minDaysBetweenContacts: z.number().int().min(0).max(365),
  })
  .strict();
export type StageContactPolicy = z.infer<typeof StageContactPolicy>;

const segmentRow = z.array(z.enum(RFM_SEGMENTS)).length(5);

export const AnalyticsSettings = z
  .object({
    rfm: z
      .object({
        /** Score bins: 5 = quintiles. Scores are mapped onto 1–5 for the segment grid. */
        bins: z.number().int().min(2).max(10),
        /** Frequency and monetary count purchases of this many months back; null = the whole history. */
        lookbackMonths: z.number().int().min(1).max(120).nullable(),
        /** Segment by recency (rows: R = 5 first, down to R = 1) and the rounded mean of F and M (columns 1–5). */
        segmentGrid: z.array(segmentRow).length(5),
      })
      .strict(),
    lifecycle: z
      .object({
        /** The active window; silent ends at twice it and sleeping at four times it (3 → 6 → 12 months). */
        windowMonths: z.union([z.literal(3), z.literal(6), z.literal(12)]),
        contactPolicies: z.object(
          Object.fromEntries(MEMBER_STAGES.map((s) => [s, StageContactPolicy])) as {
            [K in MemberStage]: typeof StageContactPolicy;
          },
        ),
      })
      .strict(),
    churn: z
      .object({
        /** The purchase interval assumed for one-time buyers. */
        defaultIntervalDays: z.number().int().min(1).max(730),
        /** Time since the last purchase (or the last interval) this many times the usual interval = full interval risk. */
        intervalRatioForFullRisk: z.number().min(1.1).max(20),
        /** A fall of the recent basket by this share of the earlier average = full basket risk. */
        basketDropForFullRisk: z.number().min(0.05).max(1),
        /** Weight of the interval signal (the basket signal gets the rest). */
        intervalWeight: z.number().min(0).max(1),
        mediumFrom: z.number().int().min(1).max(100),
        highFrom: z.number().int().min(1).max(100),
      })
      .strict()
      .refine((c) => c.mediumFrom < c.highFrom, { message: 'mediumFrom must be below highFrom', path: ['highFrom'] }),
    recommendations: z
      .object({
        /** Purchases of this many months back make the baskets. */
        lookbackMonths: z.number().int().min(1).max(60),
        /** Members who bought both, at least: rarer pairs are noise. */
        minCoPurchases: z.number().int().min(1).max(1000),
        /** Similar items kept per item. */
        neighbours: z.number().int().min(1).max(100),
        /** Picks kept per member. */
        picks: z.number().int().min(1).max(50),
      })
      .strict(),
  })
  .strict();
export type AnalyticsSettings = z.infer<typeof AnalyticsSettings>;

const day = calendarDay;
const rate = z.number().min(0).max(1).nullable();

export const RfmView = z.object({
  recencyDays: z.number().int(),
  frequency: z.number().int(),
  monetaryFen: z.number().int(),
  r: z.number().int(),
  f: z.number().int(),
  m: z.number().int(),
  segment: z.enum(RFM_SEGMENTS),
});
export type RfmView = z.infer<typeof RfmView>;

export const ChurnRiskView = z.object({
  score: z.number().int().min(0).max(100),
  level: z.enum(['low', 'medium', 'high']),
  /** Time since the last purchase (or the last interval) over the member's usual interval. */
  intervalRatio: z.number(),
  /** Recent baskets against earlier ones: -0.3 = 30 % smaller. Null with a single purchase. */
  basketChange: z.number().nullable(),
});
export type ChurnRiskView = z.infer<typeof ChurnRiskView>;

export const MemberAnalyticsView = z.object({
  memberNo: z.string(),
  asOf: z.iso.datetime(),
  stage: z.enum(MEMBER_STAGES),
  contactPolicy: StageContactPolicy,
  orders: z.number().int(),
  netFen: z.number().int(),
  firstPurchaseAt: z.iso.datetime().optional(),
  lastPurchaseAt: z.iso.datetime().optional(),
  rfm: RfmView.nullable(),
  churn: ChurnRiskView.nullable(),
});
export type MemberAnalyticsView = z.infer<typeof MemberAnalyticsView>;

export const getMemberAnalytics = defineEndpoint({
  method: 'GET',
  path: '/api/v1/staff/analytics/members/:memberNo',
  summary: 'A member’s lifecycle stage and contact policy, RFM scores and segment, and churn risk (managers: their stores)',
  tag: 'analytics',
  auth: 'manager',
  // A member's purchase behaviour: staff reads of it are audited.
  audit: 'read',
  params: MemberNoParams,
  response: MemberAnalyticsView,
});

/** Whose figures: HQ may narrow to one store; a manager sees their stores, or one of them. */
const ScopeQuery = { storeCode: id.optional() };

/** A period of business days, both included, of at most two years. */
function checkPeriod(period: { from: string; to: string }, ctx: z.RefinementCtx): void {
  if (period.from > period.to) ctx.addIssue({ code: 'custom', path: ['to'], message: 'from must not be after to' });
  else if (Date.parse(period.to) - Date.parse(period.from) > 731 * 86_400_000)
    ctx.addIssue({ code: 'custom', path: ['to'], message: 'a period of at most two years' });
}

export const DashboardQuery = z
  .object({ from: day, to: day, granularity: z.enum(['day', 'week']).default('day'), ...ScopeQuery })
  .strict()
  .superRefine(checkPeriod);
export type DashboardQuery = z.infer<typeof DashboardQuery>;

const Count = z.object({ key: z.string(), count: z.number().int() });
export const DashboardView = z.object({
  /** When the distributions were computed (the last recompute). */
  asOf: z.iso.datetime().nullable(),
  stores: z.union([z.literal('all'), z.array(z.string())]),
  members: z.number().int(),
  membersByTier: z.array(Count),
  membersByStage: z.array(Count),
  membersBySegment: z.array(Count),
  membersByChurnRisk: z.array(Count),
  purchases: z.array(z.object({ period: day, orders: z.number().int(), netFen: z.number().int() })),
});
export type DashboardView = z.infer<typeof DashboardView>;

export const getAnalyticsDashboard = defineEndpoint({
  method: 'GET',
  path: '/api/v1/staff/analytics/dashboard',
  summary: 'Members by tier, lifecycle stage, RFM segment and churn risk; purchases per day or week (managers: their stores)',
  tag: 'analytics',
  auth: 'manager',
  query: DashboardQuery,
  response: DashboardView,
});

export const exportAnalyticsDashboard = defineEndpoint({
  method: 'GET',
  path: '/api/v1/staff/analytics/dashboard.csv',
  summary: 'The dashboard as a CSV file (text/csv, UTF-8 with BOM): one row per figure',
  tag: 'analytics',
  auth: 'manager',
  query: DashboardQuery,
  response: z.string(),
});

export const MetricsQuery = z
  .object({ from: day, to: day, retentionDays: z.coerce.number().int().min(1).max(365).default(30), ...ScopeQuery })
  .strict()
  .superRefine(checkPeriod);
export type MetricsQuery = z.infer<typeof MetricsQuery>;

export const MetricSet = z.object({
  /** Members who bought in the period (net of fully refunded orders). */
  customers: z.number().int(),
  repeatCustomers: z.number().int(),
  repeatPurchaseRate: rate,
  revenueFen: z.number().int(),
  /** Net revenue per customer who bought in the period. */
  arpuFen: z.number().int().nullable(),
  /** Of each day's customers in the period, those who bought again within `days` days. */
  retention: z.object({ days: z.number().int(), customerDays: z.number().int(), retained: z.number().int(), rate }),
  /** Sleeping members contacted by win-back rules in the period who redeemed the win-back coupon. */
  wakeUp: z.object({ contacted: z.number().int(), responded: z.number().int(), rate }),
  /** Lost members contacted by win-back rules in the period who redeemed the win-back coupon. */
  reactivation: z.object({ contacted: z.number().int(), responded: z.number().int(), rate }),
  /** Points redeemed in the period over points earned in it. */
  pointsRedemption: z.object({ earned: z.number().int(), redeemed: z.number().int(), rate }),
  /** Customers whose first purchase fell in the period, and their net spend to date per head. */
  lifetimeValue: z.object({ customers: z.number().int(), averageFen: z.number().int().nullable() }),
});
export type MetricSet = z.infer<typeof MetricSet>;

const Breakdown = z.array(z.object({ key: z.string(), metrics: MetricSet }));
export const MetricsView = z.object({
  from: day,
  to: day,
  stores: z.union([z.literal('all'), z.array(z.string())]),
  overall: MetricSet,
  /** Purchase figures count the purchases made at the store ('online' for the shop); member figures the store's members. */
  byStore: Breakdown,
  byRegion: Breakdown,
  byTier: Breakdown,
});
export type MetricsView = z.infer<typeof MetricsView>;

export const getAnalyticsMetrics = defineEndpoint({
  method: 'GET',
  path: '/api/v1/staff/analytics/metrics',
  summary:
    'Repeat-purchase rate, ARPU, N-day retention, wake-up and reactivation rates, points redemption rate and lifetime value over a period, overall and by store, region and tier',
  tag: 'analytics',
  auth: 'manager',
  query: MetricsQuery,
  response: MetricsView,
});

export const MigrationQuery = z
  .object({ from: day, to: day, ...ScopeQuery })
  .strict()
  .superRefine((q, ctx) => {
    if (q.from > q.to) ctx.addIssue({ code: 'custom', path: ['to'], message: 'from must not be after to' });
  });
export const StageMigrationView = z.object({
  /** The snapshot days used: the latest on or before each requested day. */
  from: day.nullable(),
  to: day.nullable(),
  members: z.number().int(),
  /** Members in `from` stage on the first day and `to` stage on the second; `absent` = not a member then. */
  matrix: z.array(
    z.object({ from: z.enum([...MEMBER_STAGES, 'absent']), to: z.enum([...MEMBER_STAGES, 'absent']), count: z.number().int() }),
  ),
});
export type StageMigrationView = z.infer<typeof StageMigrationView>;

export const getStageMigration = defineEndpoint({
  method: 'GET',
  path: '/api/v1/staff/analytics/stage-migration',
  summary: 'How many members moved from each lifecycle stage to each other between two days',
  tag: 'analytics',
  auth: 'manager',
  query: MigrationQuery,
  response: StageMigrationView,
});

export const ChurnRiskQuery = z
  .object({
    level: z.enum(['medium', 'high']).default('high'),
    limit: z.coerce.number().int().min(1).max(500).default(50),
    ...ScopeQuery,
  })
  .strict();
export const ChurnRiskList = z.object({
  members: z.array(
    z.object({
      memberNo: z.string(),
      stage: z.enum(MEMBER_STAGES),
      segment: z.enum(RFM_SEGMENTS).nullable(),
      churn: ChurnRiskView,
      lastPurchaseAt: z.iso.datetime(),
    }),
  ),
});
export type ChurnRiskList = z.infer<typeof ChurnRiskList>;

export const listChurnRisks = defineEndpoint({
  method: 'GET',
  path: '/api/v1/staff/analytics/churn-risks',
  summary: 'Members whose churn risk is at least medium or high, riskiest first (managers: their stores)',
  tag: 'analytics',
  auth: 'manager',
  audit: 'read',
  query: ChurnRiskQuery,
  response: ChurnRiskList,
});

export const AnalyticsSettingsView = AnalyticsSettings;

export const getAnalyticsSettings = defineEndpoint({
  method: 'GET',
  path: '/api/v1/hq/analytics/settings',
  summary: 'RFM bins and segment grid, lifecycle window and contact policies, churn and recommendation settings',
  tag: 'hq',
  auth: 'hq',
  response: AnalyticsSettingsView,
});

export const updateAnalyticsSettings = defineEndpoint({
  method: 'PUT',
  path: '/api/v1/hq/analytics/settings',
  summary: 'HQ replaces the analytics settings; they apply from the next recompute',
  tag: 'hq',
  auth: 'hq',
  body: AnalyticsSettings,
  response: AnalyticsSettingsView,
});

/** A win-back rule fires when all of its conditions hold. */
export const WinbackCondition = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('no-purchase-for-days'), days: z.number().int().min(1).max(3650) }).strict(),
  z.object({ kind: z.literal('stage-in'), stages: z.array(z.enum(LIFECYCLE_STAGES)).min(1) }).strict(),
  z.object({ kind: z.literal('segment-in'), segments: z.array(z.enum(RFM_SEGMENTS)).min(1) }).strict(),
  z.object({ kind: z.literal('churn-risk-at-least'), score: z.number().int().min(1).max(100) }).strict(),
]);
export type WinbackCondition = z.infer<typeof WinbackCondition>;

export const WinbackRuleInput = z
  .object({
    name: z.string().trim().min(1).max(40),
    active: z.boolean().default(true),
    conditions: z.array(WinbackCondition).min(1).max(10),
    couponTemplateId: z.string().regex(/^[0-9a-f]{24}$/, 'a coupon template id'),
    /** How big the coupon is, checked against each stage's contact policy. */
    incentive: z.enum(INCENTIVE_LEVELS),
    /** A big-sale campaign: the only kind that may contact lost members under the default policy. */
    bigSale: z.boolean().default(false),
    /** A member gets this rule's coupon at most once per business day, month, or ever. */
    repeat: z.enum(['day', 'month', 'once']).default('month'),
  })
  .strict();
export type WinbackRuleInput = z.input<typeof WinbackRuleInput>;

export const WinbackRuleView = z.object({
  id: z.string(),
  name: z.string(),
  active: z.boolean(),
  conditions: z.array(WinbackCondition),
  couponTemplateId: z.string(),
  incentive: z.enum(INCENTIVE_LEVELS),
  bigSale: z.boolean(),
  repeat: z.enum(['day', 'month', 'once']),
  updatedAt: z.iso.datetime(),
});
export type WinbackRuleView = z.infer<typeof WinbackRuleView>;

export const RuleParams = z.object({ ruleId: z.string().regex(/^[0-9a-f]{24}$/, 'a rule id') }).strict();

export const listWinbackRules = defineEndpoint({
  method: 'GET',
  path: '/api/v1/hq/analytics/winback-rules',
  summary: 'The churn win-back automation rules',
  tag: 'hq',
  auth: 'hq',
  response: z.object({ rules: z.array(WinbackRuleView) }),
});

export const createWinbackRule = defineEndpoint({
  method: 'POST',
  path: '/api/v1/hq/analytics/winback-rules',
  summary: 'HQ adds a win-back rule, e.g. no purchase in 30 days → a coupon of a template',
  tag: 'hq',
  auth: 'hq',
  body: WinbackRuleInput,
  successStatus: 201,
  response: WinbackRuleView,
});

export const updateWinbackRule = defineEndpoint({
  method: 'PUT',
  path: '/api/v1/hq/analytics/winback-rules/:ruleId',
  summary: 'HQ changes, pauses or resumes a win-back rule',
  tag: 'hq',
  auth: 'hq',
  params: RuleParams,
  body: WinbackRuleInput,
  response: WinbackRuleView,
});

export const WINBACK_EXCLUSIONS = [
  'no-marketing-consent',
  'incentive-above-stage-policy',
  'stage-contacted-in-big-sales-only',
  'contacted-recently',
  'already-issued',
] as const;
export type WinbackExclusion = (typeof WINBACK_EXCLUSIONS)[number];

export const WinbackRunQuery = z.object({ limit: z.coerce.number().int().min(0).max(1000).default(100) }).strict();
export const WinbackDryRun = z.object({
  ruleId: z.string(),
  asOf: z.iso.datetime(),
  /** The period in the coupons' issue keys `winback:<ruleId>:<memberId>:<period>`. */
  period: z.string(),
  candidates: z.number().int(),
  wouldContact: z.number().int(),
  excluded: z.array(z.object({ reason: z.enum(WINBACK_EXCLUSIONS), count: z.number().int() })),
  /** Up to `limit` members of each list, with why. */
  contacts: z.array(z.object({ memberNo: z.string(), stage: z.enum(MEMBER_STAGES), why: z.string() })),
  exclusions: z.array(z.object({ memberNo: z.string(), stage: z.enum(MEMBER_STAGES), reason: z.enum(WINBACK_EXCLUSIONS) })),
});
export type WinbackDryRun = z.infer<typeof WinbackDryRun>;

export const dryRunWinbackRule = defineEndpoint({
  method: 'POST',
  path: '/api/v1/hq/analytics/winback-rules/:ruleId/dry-run',
  summary: 'Who the rule would contact now and why, and who it leaves out (consent, contact policy, already issued)',
  tag: 'hq',
  auth: 'hq',
  params: RuleParams,
  query: WinbackRunQuery,
  successStatus: 200,
  response: WinbackDryRun,
});

export const WinbackRunResult = z.object({
  ruleId: z.string(),
  period: z.string(),
  candidates: z.number().int(),
  /** Coupons issued by this run. */
  issued: z.number().int(),
  excluded: z.array(z.object({ reason: z.enum(WINBACK_EXCLUSIONS), count: z.number().int() })),
});
export type WinbackRunResult = z.infer<typeof WinbackRunResult>;

export const runWinbackRule = defineEndpoint({
  method: 'POST',
  path: '/api/v1/hq/analytics/winback-rules/:ruleId/run',
  summary: 'Runs the rule now (the daily job runs every active rule): one coupon per member and period, ever',
  tag: 'hq',
  auth: 'hq',
  params: RuleParams,
  successStatus: 200,
  response: WinbackRunResult,
});

/**
 * A pick, as the product catalogue shows it: only active catalogue products are recommended, so a member always
 * reads a name (never a SKU code), with its picture when the catalogue has one, and its price.
 */
export const Recommendation = z.object({
  /** The product's code: for links and keys, not for the member to read. */
  sku: z.string(),
  name: z.string(),
  category: z.string(),
  imageUrl: z.string().optional(),
  priceFen: z.number().int(),
  score: z.number(),
  reason: z.enum(['also-bought', 'popular']),
  /** The SKU of the member's purchase that suggests it most. */
  becauseOf: z.string().optional(),
  /** That purchase's name in the catalogue (absent when the catalogue does not know it). */
  becauseOfName: z.string().optional(),
});
export type Recommendation = z.infer<typeof Recommendation>;

export const MyRecommendations = z.object({
  /** False when the member has not consented to personalisation (or has no history): best-sellers then. */
  personalised: z.boolean(),
  generatedAt: z.iso.datetime().nullable(),
  items: z.array(Recommendation),
});
export type MyRecommendations = z.infer<typeof MyRecommendations>;

export const getMyRecommendations = defineEndpoint({
  method: 'GET',
  path: '/api/v1/me/recommendations',
  summary:
    'Picks for the member from what members with similar purchases bought (best-sellers without personalisation consent): products of the catalogue, with their names, pictures and prices',
  tag: 'members',
  auth: 'member',
  response: MyRecommendations,
});

export const SkuParams = z.object({ sku: id }).strict();
export const AlsoBoughtView = z.object({
  sku: z.string(),
  /** Active products of the catalogue only, with what a member reads of them (never a bare code). */
  items: z.array(
    z.object({
      sku: z.string(),
      name: z.string(),
      category: z.string(),
      imageUrl: z.string().optional(),
      priceFen: z.number().int(),
      score: z.number(),
      together: z.number().int(),
    }),
  ),
});
export type AlsoBoughtView = z.infer<typeof AlsoBoughtView>;

export const getAlsoBought = defineEndpoint({
  method: 'GET',
  path: '/api/v1/products/:sku/also-bought',
  summary:
    'Members who bought this also bought: similar items by co-purchase (cosine, so best-sellers do not dominate), products of the catalogue with their names, pictures and prices',
  tag: 'members',
  auth: 'member',
  params: SkuParams,
  response: AlsoBoughtView,
});

/** Who a segment coupon goes to: members matching every list given (RFM segments, lifecycle stages, tiers). */
export const SegmentAudience = z
  .object({
    segments: z.array(z.enum(RFM_SEGMENTS)).min(1).max(RFM_SEGMENTS.length).optional(),
    stages: z.array(z.enum(MEMBER_STAGES)).min(1).max(MEMBER_STAGES.length).optional(),
    tiers: z.array(z.string().trim().min(1).max(40)).min(1).max(10).optional(),
  })
  .strict()
  .refine((a) => a.segments || a.stages || a.tiers, { message: 'name segments, stages or tiers' });
export type SegmentAudience = z.infer<typeof SegmentAudience>;

export const SegmentCouponSendRequest = z
  .object({
    templateId: z.string().regex(/^[0-9a-f]{24}$/, 'a template id'),
    audience: SegmentAudience,
    /** Count who would get it without issuing anything. */
    dryRun: z.boolean().default(false),
  })
  .strict();

export const SegmentCouponSendResult = z.object({
  sendId: z.string().optional(),
  /** Members in the audience (within the caller's stores) who agreed to marketing. */
  matched: z.number().int(),
  /** Left out because they have not agreed to marketing. */
  withoutConsent: z.number().int(),
  issued: z.number().int(),
  dryRun: z.boolean(),
  replayed: z.boolean(),
});
export type SegmentCouponSendResult = z.infer<typeof SegmentCouponSendResult>;

export const sendSegmentCoupon = defineEndpoint({
  method: 'POST',
  path: '/api/v1/staff/analytics/coupon-sends',
  summary:
    'Give a coupon to an RFM segment, lifecycle stage or tier within your stores (members who agreed to marketing; send an Idempotency-Key)',
  tag: 'staff',
  auth: 'manager',
  body: SegmentCouponSendRequest,
  successStatus: 200,
  response: SegmentCouponSendResult,
});

/** A full analytics recompute: HQ's (started from the dashboard) or the nightly one. */
export const RECOMPUTE_STATUSES = ['queued', 'running', 'done', 'failed'] as const;
export type RecomputeStatus = (typeof RECOMPUTE_STATUSES)[number];
/** profiles: each member's profile and stage (pass 1); rescoring: the new RFM model applied (pass 2). */
export const RECOMPUTE_PHASES = ['profiles', 'rescoring'] as const;
export type RecomputePhase = (typeof RECOMPUTE_PHASES)[number];

export const RecomputeSummary = z.object({
  asOfDay: day,
  members: z.number().int(),
  buyers: z.number().int(),
  purchases: z.number().int(),
  profilesWritten: z.number().int(),
  profilesRemoved: z.number().int(),
  rescored: z.number().int(),
  ms: z.number().int(),
});
export type RecomputeSummary = z.infer<typeof RecomputeSummary>;

export const AnalyticsRecomputeView = z.object({
  id: z.string(),
  trigger: z.enum(['hq', 'schedule']),
  status: z.enum(RECOMPUTE_STATUSES),
  phase: z.enum(RECOMPUTE_PHASES).nullable(),
  /** Members passed in the current phase, of `total` (the active members when the run started; exact when done). */
  processed: z.number().int().min(0),
  total: z.number().int().min(0),
  startedAt: z.iso.datetime(),
  /** The last progress written: a running run whose lease lapsed without news is reported failed ('interrupted'). */
  updatedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime().nullable(),
  summary: RecomputeSummary.nullable(),
  /** Why it failed, short (English, for the log; the screen words it in Chinese). */
  failure: z.string().nullable(),
});
export type AnalyticsRecomputeView = z.infer<typeof AnalyticsRecomputeView>;

export const AnalyticsRecomputeStart = z.object({
  /** False when a recompute was already queued or running: `run` is that one, no second run was started. */
  started: z.boolean(),
  run: AnalyticsRecomputeView,
});
export type AnalyticsRecomputeStart = z.infer<typeof AnalyticsRecomputeStart>;

export const startAnalyticsRecompute = defineEndpoint({
  method: 'POST',
  path: '/api/v1/hq/analytics/recomputes',
  summary:
    'HQ recomputes every member’s profile, RFM scores and the dashboard figures now, in the background; while one runs (HQ’s or the nightly one) it is returned instead of a second',
  tag: 'hq',
  auth: 'hq',
  successStatus: 202,
  response: AnalyticsRecomputeStart,
});

export const getLatestAnalyticsRecompute = defineEndpoint({
  method: 'GET',
  path: '/api/v1/hq/analytics/recomputes/latest',
  summary: 'The latest full recompute (HQ’s or the nightly one): status, phase, members processed of the total, times, summary',
  tag: 'hq',
  auth: 'hq',
  response: z.object({ run: AnalyticsRecomputeView.nullable() }),
});
