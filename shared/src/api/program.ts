import { z } from 'zod';
import { defineEndpoint } from './endpoint';
import { TierDefinition } from '../tiers';

/** What anyone may read about the brand's loyalty programme before signing in. */
export const ProgramOverview = z.object({
  brandName: z.string(),
  timeZone: z.string(),
  tiers: z.array(TierDefinition),
});
export type ProgramOverview = z.infer<typeof ProgramOverview>;

export const getProgramOverview = defineEndpoint({
  method: 'GET',
  path: '/api/v1/program',
  summary: "The brand's loyalty programme: name, time zone and tier ladder",
  tag: 'programme',
  auth: 'public',
  response: ProgramOverview,
});

export const ReplaceTierLadderRequest = z.object({ tiers: z.array(TierDefinition).min(1).max(10) }).strict();

export const replaceTierLadder = defineEndpoint({
  method: 'PUT',
  path: '/api/v1/hq/tier-ladder',
  summary: 'HQ replaces the tier ladder: names, thresholds, retention and benefits (tiers members hold stay)',
  tag: 'hq',
  auth: 'hq',
  body: ReplaceTierLadderRequest,
  response: ProgramOverview,
});

/**
 * The limits HQ puts on what staff may give away, stored with the programme (`programme_settings`, id
 * `staff-policy`); until HQ saves its own, DEFAULT_STAFF_POLICY applies.
 */
export const StaffPolicy = z
  .object({
    /** One coupon send (a community's members, a segment) reaches at most this many members. */
    maxCouponsPerSend: z.number().int().positive().max(1_000_000),
    /** A group-buy's group price is at least this share of its normal price, and never below `minFen`. */
    groupBuyPriceFloor: z
      .object({
        minPercentOfNormalPrice: z.number().int().min(0).max(99),
        minFen: z.number().int().positive(),
      })
      .strict(),
  })
  .strict();
export type StaffPolicy = z.infer<typeof StaffPolicy>;

export const DEFAULT_STAFF_POLICY: StaffPolicy = {
  maxCouponsPerSend: 5_000,
  groupBuyPriceFloor: { minPercentOfNormalPrice: 30, minFen: 100 },
};

/** The lowest group price the floor allows for an item of `normalPriceFen`. */
export function groupBuyPriceFloorFen(normalPriceFen: number, floor: StaffPolicy['groupBuyPriceFloor']): number {
  return Math.max(floor.minFen, Math.ceil((normalPriceFen * floor.minPercentOfNormalPrice) / 100));
}

export const getStaffPolicy = defineEndpoint({
  method: 'GET',
  path: '/api/v1/staff/staff-policy',
  summary: 'The limits on staff powers: coupons per send, the group-buy price floor',
  tag: 'staff',
  auth: 'manager',
  response: StaffPolicy,
});

export const replaceStaffPolicy = defineEndpoint({
  method: 'PUT',
  path: '/api/v1/hq/staff-policy',
  summary: 'HQ sets the limits on staff powers: coupons per send, the group-buy price floor',
  tag: 'hq',
  auth: 'hq',
  body: StaffPolicy,
  response: StaffPolicy,
});

/**
 * The programme's rules HQ sets, one document with typed defaults (DEFAULT_PROGRAMME_RULES) stored with the
 * programme (`programme_settings`, id `programme-rules`): how points are earned and how long they last, how
 * tiers are held, when members are reminded. The tier ladder and the staff policy have their own endpoints.
 */
/**
 * A campaign that repeats: only on this day of every month within its window (the member day, 会员日), on the brand's
 * calendar. Days 1–28, which every month has.
 */
export const CampaignRecurrence = z
  .object({
    kind: z.literal('monthly'),
    dayOfMonth: z.number().int().min(1, '会员日须在每月 1 到 28 日之间').max(28, '会员日须在每月 1 到 28 日之间'),
  })
  .strict();
export type CampaignRecurrence = z.infer<typeof CampaignRecurrence>;

export const EarningCampaign = z
  .object({
    id: z.string().trim().min(1).max(40),
    name: z.string().trim().min(1).max(40),
    multiplier: z.number().min(1).max(10),
    startsAt: z.iso.datetime({ offset: true }),
    endsAt: z.iso.datetime({ offset: true }),
    tierCodes: z.array(z.string().min(1).max(20)).max(10).optional(),
    regions: z.array(z.string().min(1).max(40)).max(50).optional(),
    channels: z
      .array(z.enum(['store', 'online']))
      .max(2)
      .optional(),
    /** HQ retired it at this instant: it earns nothing for purchases paid from then on (its window is kept). */
    retiredAt: z.iso.datetime({ offset: true }).optional(),
    /** Absent: every day of the window. Monthly: only that day of each month in it (Beijing days). */
    recurrence: CampaignRecurrence.optional(),
  })
  .strict()
  .refine((c) => Date.parse(c.startsAt) < Date.parse(c.endsAt), { message: 'endsAt must be after startsAt', path: ['endsAt'] });
export type EarningCampaign = z.infer<typeof EarningCampaign>;

/** A line rule: a SKU rule beats a category rule for the same line; 0 earns nothing on the line. */
export const LineMultiplierRule = z
  .object({
    match: z.union([
      z.object({ sku: z.string().min(1).max(64) }).strict(),
      z.object({ category: z.string().min(1).max(64) }).strict(),
    ]),
    multiplier: z.number().min(0).max(10),
  })
  .strict();
export type LineMultiplierRule = z.infer<typeof LineMultiplierRule>;

/** The service-ticket rules: how soon a member's ticket gets a first answer, and what staff may compensate with. */
export const ServiceTicketRules = z
  .object({
    /** The first answer is due this many hours after opening for the top `topTiers` tiers of the ladder… */
    topTiers: z.number().int().min(0).max(10),
    topTierHours: z.number().int().min(1).max(168),
    /** …and this many hours for everyone else. */
    otherHours: z.number().int().min(1).max(168),
    /** Most points one compensation may give, by the deciding staff member's role. */
    pointsCap: z.object({ manager: z.number().int().min(0).max(1_000_000), hq: z.number().int().min(0).max(1_000_000) }).strict(),
  })
  .strict();
export type ServiceTicketRules = z.infer<typeof ServiceTicketRules>;

export const DEFAULT_SERVICE_TICKET_RULES: ServiceTicketRules = {
  topTiers: 2,
  topTierHours: 2,
  otherHours: 24,
  pointsCap: { manager: 500, hq: 5000 },
};

export const ProgrammeRules = z
  .object({
    earning: z
      .object({
        /** Points per whole yuan spent before multipliers (1 = ¥1 → 1 point). */
        pointsPerYuan: z.number().positive().max(100),
        /** A SKU rule beats a category rule for the same line. */
        lineMultipliers: z.array(LineMultiplierRule).max(200),
        campaigns: z.array(EarningCampaign).max(50),
        /** How campaign and birthday multipliers combine; the tier multiplier always applies on top. */
        promotionStacking: z.enum(['best', 'multiply']),
        /** Most purchase points a member earns per business day / month: a leaked till key cannot mint millions. */
        dailyCap: z.number().int().positive().max(100_000_000).optional(),
        monthlyCap: z.number().int().positive().max(1_000_000_000).optional(),
      })
      .strict(),
    points: z
      .object({
        /** Points expire this many months after they are earned. */
        validMonths: z.number().int().min(1).max(60),
        /** Purchase points become spendable this many days after payment (the return window); 0 = at once. */
        pendingDays: z.number().int().min(0).max(60),
        /** A refund taking back points already spent: a debt repaid from future points, or a negative balance. */
        refundShortfallPolicy: z.enum(['debt', 'negativeBalance']),
        /** Members are reminded this many days before points expire. */
        expiryReminderDays: z.number().int().min(1).max(90),
      })
      .strict(),
    tiers: z
      .object({
        /** A tier reached or renewed is held this many months. */
        holdMonths: z.number().int().min(1).max(36),
        /** At re-qualification: down one level at most, or straight to the tier the year's figures reach. */
        downgrade: z.enum(['oneLevel', 'recompute']),
      })
      .strict(),
    coupons: z
      .object({
        /** Members are reminded this many days before a coupon expires. */
        expiryReminderDays: z.number().int().min(1).max(30),
      })
      .strict(),
    /** Service tickets: the first-reply SLA by tier and what staff may give as compensation (rules saved before have the defaults). */
    serviceTickets: ServiceTicketRules.default(() => DEFAULT_SERVICE_TICKET_RULES),
  })
  .strict();
export type ProgrammeRules = z.infer<typeof ProgrammeRules>;

export const DEFAULT_PROGRAMME_RULES: ProgrammeRules = {
  earning: {
    pointsPerYuan: 1,
    lineMultipliers: [],
    campaigns: [],
    promotionStacking: 'best',
    // Far above what any shopper buys (¥50,000 a day at the base rate): stops a leaked integration key or a till
    // mistake from minting millions of points, and sends the rest to HQ's attention via `cappedBy`.
    dailyCap: 50_000,
    monthlyCap: 200_000,
  },
  points: { validMonths: 12, pendingDays: 0, refundShortfallPolicy: 'debt', expiryReminderDays: 30 },
  tiers: { holdMonths: 12, downgrade: 'oneLevel' },
  coupons: { expiryReminderDays: 3 },
  serviceTickets: DEFAULT_SERVICE_TICKET_RULES,
};

export const getProgrammeRules = defineEndpoint({
  method: 'GET',
  path: '/api/v1/hq/programme-rules',
  summary: "The programme's rules: earning, points validity, tier holding, reminders",
  tag: 'hq',
  auth: 'hq',
  response: ProgrammeRules,
});

export const replaceProgrammeRules = defineEndpoint({
  method: 'PUT',
  path: '/api/v1/hq/programme-rules',
  summary: "HQ replaces the programme's rules; they apply to the next purchase, reminder and re-qualification",
  tag: 'hq',
  auth: 'hq',
  body: ProgrammeRules,
  response: ProgrammeRules,
});

// ------------------------------------------------------------ earning campaigns and line rules, as data

/** The most campaigns the rules keep (ended and retired ones included; the oldest of those make room). */
export const MAX_EARNING_CAMPAIGNS = 50;
/** The most SKU and category rules. */
export const MAX_LINE_MULTIPLIERS = 200;

/**
 * Where a campaign stands at `now`: `retired` once HQ retired it, else `scheduled` before its window, `running`
 * in it (start inclusive, end exclusive, as earning applies it), `ended` after it. Instants, so the same in
 * every time zone; screens show the window in Beijing time.
 */
export const CAMPAIGN_STATUSES = ['scheduled', 'running', 'ended', 'retired'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

export function campaignStatus(
  campaign: Pick<EarningCampaign, 'startsAt' | 'endsAt' | 'retiredAt'>,
  now: Date | number,
): CampaignStatus {
  const at = typeof now === 'number' ? now : now.getTime();
  if (campaign.retiredAt !== undefined) return 'retired';
  if (at < Date.parse(campaign.startsAt)) return 'scheduled';
  if (at < Date.parse(campaign.endsAt)) return 'running';
  return 'ended';
}

/** What HQ writes of a campaign (the id is the server's); the messages are the words HQ reads. */
export const CampaignInput = z
  .object({
    name: z.string().trim().min(1, '请填写活动名称').max(40, '活动名称最多 40 个字'),
    multiplier: z
      .number({ message: '倍数须是数字' })
      .min(1, '倍数须在 1 到 10 之间')
      .max(10, '倍数须在 1 到 10 之间')
      .refine((n) => Math.round(n * 10) === n * 10, '倍数最多保留 1 位小数'),
    startsAt: z.iso.datetime({ offset: true, message: '请选择开始时间' }),
    endsAt: z.iso.datetime({ offset: true, message: '请选择结束时间' }),
    /** Only members of these tiers (codes of the ladder); absent = every tier. */
    tierCodes: z.array(z.string().min(1).max(20)).min(1).max(10).optional(),
    regions: z.array(z.string().trim().min(1).max(40)).min(1).max(50).optional(),
    channels: z
      .array(z.enum(['store', 'online']))
      .min(1)
      .max(2)
      .optional(),
    /** Only on this day of each month in the window (the member day); absent = every day of it. */
    recurrence: CampaignRecurrence.optional(),
  })
  .strict()
  .refine((c) => Date.parse(c.startsAt) < Date.parse(c.endsAt), { message: '结束时间须晚于开始时间', path: ['endsAt'] });
export type CampaignInput = z.infer<typeof CampaignInput>;

export const CampaignView = z.object({
  id: z.string(),
  name: z.string(),
  multiplier: z.number(),
  startsAt: z.iso.datetime({ offset: true }),
  endsAt: z.iso.datetime({ offset: true }),
  tierCodes: z.array(z.string()).optional(),
  regions: z.array(z.string()).optional(),
  channels: z.array(z.enum(['store', 'online'])).optional(),
  retiredAt: z.iso.datetime({ offset: true }).optional(),
  recurrence: CampaignRecurrence.optional(),
  status: z.enum(CAMPAIGN_STATUSES),
});
export type CampaignView = z.infer<typeof CampaignView>;

export const CampaignList = z.object({
  campaigns: z.array(CampaignView),
  /** How overlapping campaigns (and the birthday multiplier) combine: the largest, or multiplied together. */
  promotionStacking: z.enum(['best', 'multiply']),
  /** The rules' version this list was read from. */
  version: z.number().int().nonnegative(),
});
export type CampaignList = z.infer<typeof CampaignList>;

export const EarningCampaignParams = z.object({ campaignId: z.string().min(1).max(40) }).strict();

export const listEarningCampaigns = defineEndpoint({
  method: 'GET',
  path: '/api/v1/hq/earning-campaigns',
  summary: 'The double-points campaigns, newest start first, each with its status now (scheduled, running, ended, retired)',
  tag: 'hq',
  auth: 'hq',
  response: CampaignList,
});

export const createEarningCampaign = defineEndpoint({
  method: 'POST',
  path: '/api/v1/hq/earning-campaigns',
  summary:
    'HQ adds a double-points campaign (multiplier 1–10, a window ending after it starts and not yet over, tiers of the ladder); it applies to the next purchase paid in its window',
  tag: 'hq',
  auth: 'hq',
  body: CampaignInput,
  successStatus: 201,
  response: CampaignView,
});

export const updateEarningCampaign = defineEndpoint({
  method: 'PUT',
  path: '/api/v1/hq/earning-campaigns/:campaignId',
  summary: 'HQ changes a campaign that has not ended (CAMPAIGN_ENDED otherwise); the rest of the rules stay as they are',
  tag: 'hq',
  auth: 'hq',
  params: EarningCampaignParams,
  body: CampaignInput,
  response: CampaignView,
});

export const retireEarningCampaign = defineEndpoint({
  method: 'POST',
  path: '/api/v1/hq/earning-campaigns/:campaignId/retire',
  summary: 'HQ ends a scheduled or running campaign now: purchases paid from now on earn no extra; the list and history keep it',
  tag: 'hq',
  auth: 'hq',
  params: EarningCampaignParams,
  successStatus: 200,
  response: CampaignView,
});

export const LineMultiplierView = LineMultiplierRule.extend({
  /** The catalogue's name of the SKU, when it is a SKU rule and the product is in the catalogue. */
  productName: z.string().optional(),
});
export type LineMultiplierView = z.infer<typeof LineMultiplierView>;

export const LineMultiplierList = z.object({
  rules: z.array(LineMultiplierView),
  version: z.number().int().nonnegative(),
});
export type LineMultiplierList = z.infer<typeof LineMultiplierList>;

/** A SKU or category rule HQ sets: for a SKU or category that already has one, its multiplier is replaced. */
export const LineMultiplierInput = z
  .object({
    match: z.union([
      z.object({ sku: z.string().trim().min(1, '请填写 SKU').max(64, 'SKU 最多 64 个字符') }).strict(),
      z.object({ category: z.string().trim().min(1, '请填写品类').max(64, '品类最多 64 个字') }).strict(),
    ]),
    multiplier: z.number({ message: '倍数须是数字' }).min(0, '倍数须在 0 到 10 之间').max(10, '倍数须在 0 到 10 之间'),
  })
  .strict();
export type LineMultiplierInput = z.infer<typeof LineMultiplierInput>;

export const LineMultiplierParams = z.object({ kind: z.enum(['sku', 'category']), value: z.string().min(1).max(64) }).strict();

export const listLineMultipliers = defineEndpoint({
  method: 'GET',
  path: '/api/v1/hq/line-multipliers',
  summary: 'The SKU and category points multipliers',
  tag: 'hq',
  auth: 'hq',
  response: LineMultiplierList,
});

export const setLineMultiplier = defineEndpoint({
  method: 'PUT',
  path: '/api/v1/hq/line-multipliers',
  summary:
    'HQ sets the multiplier of a SKU (an active product of the catalogue) or a category (one the catalogue has); it applies to the next purchase',
  tag: 'hq',
  auth: 'hq',
  body: LineMultiplierInput,
  response: LineMultiplierList,
});

export const removeLineMultiplier = defineEndpoint({
  method: 'DELETE',
  path: '/api/v1/hq/line-multipliers/:kind/:value',
  summary: 'HQ removes the multiplier of a SKU or category: its lines earn at the base rate from the next purchase',
  tag: 'hq',
  auth: 'hq',
  params: LineMultiplierParams,
  response: LineMultiplierList,
});

// ------------------------------------------------------------ history of the programme's settings

/** Who saved a version: the staff member's id and role (`system` for the shipped defaults and tools). */
export const SettingAuthor = z.object({ id: z.string(), role: z.string() });

export const SettingVersionSummary = z.object({
  version: z.number().int().positive(),
  savedAt: z.iso.datetime(),
  savedBy: SettingAuthor,
  /**
   * The field paths that changed from the version before (e.g. `earning.pointsPerYuan`,
   * `earning.campaigns[c-1a2b3c].multiplier`; array items by id, code, SKU or category).
   */
  changes: z.array(z.string()),
  /** Among `changes`, the array items (a campaign, a line rule, a tier) added, and those removed, whole. */
  added: z.array(z.string()),
  removed: z.array(z.string()),
});
export type SettingVersionSummary = z.infer<typeof SettingVersionSummary>;

export const SettingHistoryQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(100).default(20),
    /** The `nextBefore` of the previous page: versions older than this one. */
    before: z.coerce.number().int().positive().optional(),
  })
  .strict();

export const SettingHistoryPage = z.object({
  versions: z.array(SettingVersionSummary),
  nextBefore: z.number().int().positive().optional(),
});
export type SettingHistoryPage = z.infer<typeof SettingHistoryPage>;

export const SettingVersionParams = z.object({ version: z.coerce.number().int().positive() }).strict();

export const readProgrammeRulesHistory = defineEndpoint({
  method: 'GET',
  path: '/api/v1/hq/programme-rules/history',
  summary: "Every saved version of the programme's rules, newest first, with who saved it, when and what changed",
  tag: 'hq',
  auth: 'hq',
  query: SettingHistoryQuery,
  response: SettingHistoryPage,
});

export const readProgrammeRulesVersion = defineEndpoint({
  method: 'GET',
  path: '/api/v1/hq/programme-rules/history/:version',
  summary: "One saved version of the programme's rules, whole",
  tag: 'hq',
  auth: 'hq',
  params: SettingVersionParams,
  response: SettingVersionSummary.extend({ rules: ProgrammeRules }),
});

export const readTierLadderHistory = defineEndpoint({
  method: 'GET',
  path: '/api/v1/hq/tier-ladder/history',
  summary: 'Every saved version of the tier ladder, newest first, with who saved it, when and what changed',
  tag: 'hq',
  auth: 'hq',
  query: SettingHistoryQuery,
  response: SettingHistoryPage,
});

export const readTierLadderVersion = defineEndpoint({
  method: 'GET',
  path: '/api/v1/hq/tier-ladder/history/:version',
  summary: 'One saved version of the tier ladder, whole',
  tag: 'hq',
  auth: 'hq',
  params: SettingVersionParams,
  response: SettingVersionSummary.extend({ tiers: z.array(TierDefinition) }),
});
