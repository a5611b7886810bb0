import { z } from 'zod';
import { defineEndpoint } from './endpoint';

/**
 * Region benefit packs (地区会员礼包): HQ attaches benefits to tiers for members of some regions, e.g. 港澳会员礼包 for
 * members in 香港 / 澳门 from 金卡 up: coupon templates issued once per tier reached (at the upgrade, and to the
 * members already holding the tier when the pack is published), an extra points multiplier on purchases in those
 * regions, and the lines members read on their card. A published pack's terms are fixed (members were granted by
 * them): HQ withdraws it and publishes a new one.
 */

export const REGION_PACK_NAME_MAX = 20;
export const REGION_PACK_REGIONS_MAX = 20;
export const REGION_PACK_REGION_MAX = 20;
export const REGION_PACK_TEMPLATES_MAX = 5;
export const REGION_PACK_HIGHLIGHTS_MAX = 6;
export const REGION_PACK_HIGHLIGHT_MAX = 40;
/** The extra points multiplier on purchases in the pack's regions (1 = none). */
export const REGION_PACK_MULTIPLIER_MAX = 3;

const objectId = (what: string) => z.string().regex(/^[0-9a-f]{24}$/, what);

export const RegionPackInput = z
  .object({
    name: z.string().trim().min(1, 'a name').max(REGION_PACK_NAME_MAX),
    /** Member regions as members set them on their profile (香港, 澳门, 华南…); at least one. */
    regions: z
      .array(z.string().trim().min(1, 'a region is not empty').max(REGION_PACK_REGION_MAX))
      .min(1, 'at least one region')
      .max(REGION_PACK_REGIONS_MAX)
      .refine((regions) => new Set(regions).size === regions.length, 'each region once'),
    /** The lowest tier the pack is for: it applies to this tier and every tier above it on the ladder. */
    minTierCode: z.string().regex(/^[a-z][a-z0-9_]{0,31}$/, 'a tier code'),
    /** Coupon templates HQ released, one coupon of each per tier reached. */
    couponTemplateIds: z
      .array(objectId('a coupon template id'))
      .max(REGION_PACK_TEMPLATES_MAX)
      .refine((ids) => new Set(ids).size === ids.length, 'each template once')
      .default([]),
    /** × on the points of purchases in the pack's regions, on top of the tier's (1–3, 2 decimals; absent: none). */
    pointsMultiplier: z
      .number()
      .gt(1, 'above 1 (leave it out for none)')
      .max(REGION_PACK_MULTIPLIER_MAX)
      .refine((m) => Math.abs(Math.round(m * 100) - m * 100) < 1e-9, 'at most 2 decimals')
      .optional(),
    /** What members read on their card, one line per benefit. */
    highlights: z
      .array(z.string().trim().min(1, 'a line is not empty').max(REGION_PACK_HIGHLIGHT_MAX))
      .min(1, 'at least one line members read')
      .max(REGION_PACK_HIGHLIGHTS_MAX),
  })
  .strict();
export type RegionPackInput = z.input<typeof RegionPackInput>;
export type RegionPackDefinition = z.output<typeof RegionPackInput>;

export const REGION_PACK_STATUSES = ['draft', 'published', 'withdrawn'] as const;
export type RegionPackStatus = (typeof REGION_PACK_STATUSES)[number];

export const RegionPackView = z.object({
  id: z.string(),
  name: z.string(),
  regions: z.array(z.string()),
  minTierCode: z.string(),
  /** The tier's name on today's ladder (its code when the ladder no longer has it). */
  minTierName: z.string(),
  couponTemplates: z.array(z.object({ id: z.string(), name: z.string() })),
  pointsMultiplier: z.number().optional(),
  highlights: z.array(z.string()),
  status: z.enum(REGION_PACK_STATUSES),
  publishedAt: z.iso.datetime().optional(),
  withdrawnAt: z.iso.datetime().optional(),
  /** When the members already holding a tier of the pack at publication had all been granted it. */
  backfilledAt: z.iso.datetime().optional(),
  /** Grants so far (one per member and tier reached). */
  grantedCount: z.number().int(),
  createdAt: z.iso.datetime(),
});
export type RegionPackView = z.infer<typeof RegionPackView>;

export const RegionPackParams = z.object({ packId: objectId('a pack id') }).strict();

export const listRegionPacks = defineEndpoint({
  method: 'GET',
  path: '/api/v1/hq/region-benefits',
  summary: 'Region benefit packs, newest first, with how many members were granted each',
  tag: 'hq',
  auth: 'hq',
  response: z.object({ packs: z.array(RegionPackView) }),
});

export const createRegionPack = defineEndpoint({
  method: 'POST',
  path: '/api/v1/hq/region-benefits',
  summary:
    'HQ drafts a region benefit pack (regions, lowest tier, coupon templates HQ released, extra multiplier, highlights); unknown tier REGION_PACK_UNKNOWN_TIER, unknown or unreleased template REGION_PACK_UNKNOWN_TEMPLATE',
  tag: 'hq',
  auth: 'hq',
  body: RegionPackInput,
  successStatus: 201,
  response: RegionPackView,
});

export const updateRegionPack = defineEndpoint({
  method: 'PUT',
  path: '/api/v1/hq/region-benefits/:packId',
  summary: 'HQ changes a draft pack (a published or withdrawn one is REGION_PACK_NOT_EDITABLE)',
  tag: 'hq',
  auth: 'hq',
  params: RegionPackParams,
  body: RegionPackInput,
  response: RegionPackView,
});

export const publishRegionPack = defineEndpoint({
  method: 'POST',
  path: '/api/v1/hq/region-benefits/:packId/publish',
  summary:
    'HQ publishes a draft pack: members reaching one of its tiers get its coupons at the upgrade, and the members already holding one get them from the next run of the backfill job (once per member, pack and tier)',
  tag: 'hq',
  auth: 'hq',
  params: RegionPackParams,
  successStatus: 200,
  response: RegionPackView,
});

export const withdrawRegionPack = defineEndpoint({
  method: 'POST',
  path: '/api/v1/hq/region-benefits/:packId/withdraw',
  summary: 'HQ withdraws a published pack: no more grants, members no longer see it (coupons already issued stay)',
  tag: 'hq',
  auth: 'hq',
  params: RegionPackParams,
  successStatus: 200,
  response: RegionPackView,
});

/** A pack of the member's region, as the member card shows it. */
export const MemberRegionPack = z.object({
  id: z.string(),
  name: z.string(),
  highlights: z.array(z.string()),
  /** The lowest tier it is for, by name. */
  minTierName: z.string(),
  /** The member holds one of its tiers. */
  unlocked: z.boolean(),
  pointsMultiplier: z.number().optional(),
  /** Names of the coupons it brings. */
  couponNames: z.array(z.string()),
  /** The pack's coupons for the member's current tier were issued. */
  couponsGranted: z.boolean(),
});
export type MemberRegionPack = z.infer<typeof MemberRegionPack>;

export const MyRegionBenefits = z.object({
  /** The member's region (none: no pack applies, the card suggests setting it). */
  region: z.string().optional(),
  /** Published packs of the member's region: those the member holds first, then those a higher tier unlocks. */
  packs: z.array(MemberRegionPack),
});
export type MyRegionBenefits = z.infer<typeof MyRegionBenefits>;

export const getMyRegionBenefits = defineEndpoint({
  method: 'GET',
  path: '/api/v1/me/region-benefits',
  summary: "The region benefit packs of the member's region: what their tier holds and what a higher tier unlocks",
  tag: 'tiers',
  auth: 'member',
  response: MyRegionBenefits,
});
