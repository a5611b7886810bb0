import { z } from 'zod';
import { FESTIVAL_PRESETS } from '../rules/festivals';
import { defineEndpoint } from './endpoint';
import { CAMPAIGN_STATUSES, CampaignRecurrence } from './program';

/**
 * The festival calendar (节日营销日历): HQ's campaigns on Beijing days. A campaign is either a points multiplier (the
 * programme's earning campaign, written through its own endpoints) or a coupon pack (券包) defined here: 1–5 coupon
 * templates sent once per member per occurrence, at its start, to the targeted members who agreed to marketing and
 * were not contacted too recently. A monthly member day (会员日) is one definition with an occurrence each month.
 */

const objectId = z.string().regex(/^[0-9a-f]{24}$/, '券模板编号不正确');

/** The most coupon templates in one pack. */
export const MAX_PACK_TEMPLATES = 5;

/** Each member's birthday month (生日月): sent in each month of the window to the members born in that month. */
export const BirthdayMonthRecurrence = z.object({ kind: z.literal('birthday-month') }).strict();

/**
 * A member-day pack: sent on this day of every month in its window (1–28, a day every month has); or a birthday-month
 * pack: each member whose birthday falls in the Beijing month gets it once that month (occurrence `birthday:YYYY-MM`).
 */
export const PackRecurrence = z.discriminatedUnion('kind', [CampaignRecurrence, BirthdayMonthRecurrence]);
export type PackRecurrence = z.infer<typeof PackRecurrence>;

/** What HQ writes of a coupon pack; the messages are the words HQ reads. */
export const CouponPackInput = z
  .object({
    name: z.string().trim().min(1, '请填写活动名称').max(40, '活动名称最多 40 个字'),
    /** The preset HQ started from, kept to label the calendar. */
    preset: z.enum(FESTIVAL_PRESETS).optional(),
    templateIds: z
      .array(objectId)
      .min(1, '请至少选择 1 张券')
      .max(MAX_PACK_TEMPLATES, `一个券包最多 ${MAX_PACK_TEMPLATES} 张券`)
      .refine((ids) => new Set(ids).size === ids.length, '同一张券不能重复选择'),
    startsAt: z.iso.datetime({ offset: true, message: '请选择开始时间' }),
    endsAt: z.iso.datetime({ offset: true, message: '请选择结束时间' }),
    recurrence: PackRecurrence.optional(),
    /** Only members of these tiers (codes of the ladder); absent = every tier. */
    tierCodes: z.array(z.string().min(1).max(20)).min(1).max(10).optional(),
    /** Only members of these regions; absent = every region. */
    regions: z.array(z.string().trim().min(1).max(40)).min(1).max(50).optional(),
  })
  .strict()
  .refine((c) => Date.parse(c.startsAt) < Date.parse(c.endsAt), { message: '结束时间须晚于开始时间', path: ['endsAt'] });
export type CouponPackInput = z.infer<typeof CouponPackInput>;

export const PackSendCounts = z.object({
  /** Members who got the pack. */
  sent: z.number().int().nonnegative(),
  /** Members left out: no marketing consent. */
  noConsent: z.number().int().nonnegative(),
  /** Members left out: contacted too recently (the frequency cap). */
  contactedRecently: z.number().int().nonnegative(),
  /** Members whose coupons could not all be issued (stock ran out, template retired). */
  undelivered: z.number().int().nonnegative(),
});
export type PackSendCounts = z.infer<typeof PackSendCounts>;

export const PackOccurrenceView = z.object({
  /** The Beijing day it starts (YYYY-MM-DD) for a member day, `birthday:YYYY-MM` for a birthday month, `once` otherwise. */
  key: z.string(),
  startsAt: z.iso.datetime({ offset: true }),
  endsAt: z.iso.datetime({ offset: true }),
  counts: PackSendCounts,
});
export type PackOccurrenceView = z.infer<typeof PackOccurrenceView>;

export const CouponPackView = z.object({
  id: z.string(),
  name: z.string(),
  preset: z.enum(FESTIVAL_PRESETS).optional(),
  templates: z.array(z.object({ id: z.string(), name: z.string() })),
  startsAt: z.iso.datetime({ offset: true }),
  endsAt: z.iso.datetime({ offset: true }),
  recurrence: PackRecurrence.optional(),
  tierCodes: z.array(z.string()).optional(),
  regions: z.array(z.string()).optional(),
  retiredAt: z.iso.datetime({ offset: true }).optional(),
  status: z.enum(CAMPAIGN_STATUSES),
  /** Every occurrence (at most the first 24), with what its send did so far. */
  occurrences: z.array(PackOccurrenceView),
});
export type CouponPackView = z.infer<typeof CouponPackView>;

export const CouponPackList = z.object({ packs: z.array(CouponPackView) });
export type CouponPackList = z.infer<typeof CouponPackList>;

export const CouponPackParams = z.object({ packId: z.string().regex(/^[0-9a-f]{24}$/, 'an id') }).strict();

/** One campaign on the grid: a multiplier's window, or one occurrence of a coupon pack. */
export const CalendarEntry = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('multiplier'),
    id: z.string(),
    name: z.string(),
    multiplier: z.number(),
    startsAt: z.iso.datetime({ offset: true }),
    endsAt: z.iso.datetime({ offset: true }),
    status: z.enum(CAMPAIGN_STATUSES),
  }),
  z.object({
    kind: z.literal('coupon-pack'),
    id: z.string(),
    name: z.string(),
    occurrence: z.string(),
    /** A birthday-month pack: the month's members born in it get it (a line for the month, not a day's campaign). */
    birthdayMonth: z.literal(true).optional(),
    templateCount: z.number().int(),
    startsAt: z.iso.datetime({ offset: true }),
    endsAt: z.iso.datetime({ offset: true }),
    status: z.enum(CAMPAIGN_STATUSES),
  }),
]);
export type CalendarEntry = z.infer<typeof CalendarEntry>;

export const CalendarMonthQuery = z.object({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式为 YYYY-MM') }).strict();

export const CalendarMonth = z.object({
  month: z.string(),
  /** The brand's time zone the grid's days are in (Asia/Shanghai). */
  timeZone: z.string(),
  /** How overlapping multipliers (and the birthday month's) combine: the largest, or multiplied together. */
  promotionStacking: z.enum(['best', 'multiply']),
  /** Each tier's birthday-month multiplier: every member's birthday month is a campaign of its own. */
  birthdayMultipliers: z.array(z.object({ tierCode: z.string(), tierName: z.string(), multiplier: z.number() })),
  entries: z.array(CalendarEntry),
});
export type CalendarMonth = z.infer<typeof CalendarMonth>;

const codeList = z
  .string()
  .max(1000)
  .transform((s) =>
    s
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean),
  );

export const ReachQuery = z
  .object({
    kind: z.enum(['multiplier', 'coupon-pack']),
    /** Comma-separated tier codes; absent = every tier. */
    tierCodes: codeList.optional(),
    /** Comma-separated regions; absent = every region. */
    regions: codeList.optional(),
    /** A birthday-month pack: count only the members whose birthday is in the coming month. */
    recurrence: z.enum(['birthday-month']).optional(),
  })
  .strict();
export type ReachQuery = z.infer<typeof ReachQuery>;

export const CampaignReach = z.object({
  /** Active members the targeting (tiers, regions) takes in. */
  targeted: z.number().int().nonnegative(),
  /** Of them, those who agreed to marketing. */
  withConsent: z.number().int().nonnegative(),
  /**
   * Members the campaign reaches: everyone targeted for a multiplier (it applies when they buy), those with consent
   * for a coupon pack (the frequency cap is applied at the send, so a few may still be left out then).
   */
  reach: z.number().int().nonnegative(),
  /** A birthday-month preview: the brand month (YYYY-MM) counted, the next to come; the counts are its members'. */
  birthdayMonth: z.string().optional(),
});
export type CampaignReach = z.infer<typeof CampaignReach>;

export const OverlapPolicy = z.object({ promotionStacking: z.enum(['best', 'multiply']) }).strict();
export type OverlapPolicy = z.infer<typeof OverlapPolicy>;

export const readFestivalCalendar = defineEndpoint({
  method: 'GET',
  path: '/api/v1/hq/festival-calendar',
  summary: "A month of HQ's calendar in Beijing days: multiplier campaigns, coupon-pack occurrences, the overlap policy",
  tag: 'hq',
  auth: 'hq',
  query: CalendarMonthQuery,
  response: CalendarMonth,
});

export const listCouponPacks = defineEndpoint({
  method: 'GET',
  path: '/api/v1/hq/festival-calendar/coupon-packs',
  summary: 'The calendar coupon packs, newest start first, with their occurrences and what each send did',
  tag: 'hq',
  auth: 'hq',
  response: CouponPackList,
});

export const createCouponPack = defineEndpoint({
  method: 'POST',
  path: '/api/v1/hq/festival-calendar/coupon-packs',
  summary:
    'HQ schedules a coupon pack (1–5 active templates, a window not yet over, optionally monthly on a member day); each occurrence is sent once at its start',
  tag: 'hq',
  auth: 'hq',
  body: CouponPackInput,
  successStatus: 201,
  response: CouponPackView,
});

export const retireCouponPack = defineEndpoint({
  method: 'POST',
  path: '/api/v1/hq/festival-calendar/coupon-packs/:packId/retire',
  summary: 'HQ stops a scheduled or running coupon pack: no occurrence is sent from now on (coupons sent stay valid)',
  tag: 'hq',
  auth: 'hq',
  params: CouponPackParams,
  successStatus: 200,
  response: CouponPackView,
});

export const previewCampaignReach = defineEndpoint({
  method: 'GET',
  path: '/api/v1/hq/festival-calendar/reach',
  summary: 'How many members a campaign with this targeting reaches now (consent counted for coupon packs)',
  tag: 'hq',
  auth: 'hq',
  query: ReachQuery,
  response: CampaignReach,
});

export const setOverlapPolicy = defineEndpoint({
  method: 'PUT',
  path: '/api/v1/hq/festival-calendar/overlap-policy',
  summary: 'HQ decides whether overlapping multipliers stack (multiply) or the largest applies (best)',
  tag: 'hq',
  auth: 'hq',
  body: OverlapPolicy,
  response: OverlapPolicy,
});
