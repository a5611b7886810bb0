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
  })
  .strict()
  .refine((c) => Date.parse(c.startsAt) < Date.parse(c.endsAt), { message: 'endsAt must be after startsAt', path: ['endsAt'] });
export type EarningCampaign = z.infer<typeof EarningCampaign>;

export const ProgrammeRules = z
  .object({
    earning: z
      .object({
        /** Points per whole yuan spent before multipliers (1 = ¥1 → 1 point). */
        pointsPerYuan: z.number().positive().max(100),
        /** A SKU rule beats a category rule for the same line. */
        lineMultipliers: z
          .array(
            z
              .object({
                match: z.union([
                  z.object({ sku: z.string().min(1).max(64) }).strict(),
                  z.object({ category: z.string().min(1).max(64) }).strict(),
                ]),
                multiplier: z.number().min(0).max(10),
              })
              .strict(),
          )
          .max(200),
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
