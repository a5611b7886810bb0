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
