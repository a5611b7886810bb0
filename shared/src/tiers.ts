import { z } from 'zod';

/**
 * A tier of a brand's ladder (普通, 银卡, 金卡, 黑钻 by default). The number of tiers, their names and
 * thresholds are configuration; the ladder is ordered by `rank` (0 = entry tier).
 */
export const TierQualification = z.object({
  /** Rolling 12-month spend in fen. */
  spendFen: z.number().int().nonnegative().optional(),
  /** Rolling 12-month number of purchases. */
  purchaseCount: z.number().int().nonnegative().optional(),
  /** Rolling 12-month points earned. */
  pointsEarned: z.number().int().nonnegative().optional(),
  /** Whether any one criterion qualifies, or all of the configured ones must be met. */
  match: z.enum(['any', 'all']).default('any'),
});
export type TierQualification = z.infer<typeof TierQualification>;

export const TierBenefits = z.object({
  pointsMultiplier: z.number().positive().max(100),
  birthdayMultiplier: z.number().positive().max(100),
  /** Hours before everyone else that members of this tier may buy limited items. */
  earlyAccessHours: z.number().int().nonnegative(),
  /** Member price as a percentage off, 0 for none. */
  discountPercent: z.number().min(0).max(90),
  /** What members read about the tier, one line per benefit. */
  highlights: z.array(z.string().min(1)).default([]),
  /** Coupon templates issued to a member when they reach the tier (the upgrade gift bundle). */
  couponTemplateIds: z
    .array(z.string().regex(/^[0-9a-f]{24}$/, 'a coupon template id'))
    .max(10)
    .optional(),
});
export type TierBenefits = z.infer<typeof TierBenefits>;

export const TierDefinition = z.object({
  code: z.string().regex(/^[a-z][a-z0-9_]{0,31}$/),
  name: z.string().min(1).max(20),
  rank: z.number().int().nonnegative(),
  qualification: TierQualification,
  /**
   * What keeps the tier at the yearly re-qualification (保级), when it differs from what reaches it
   * (e.g. 黑钻 keeps its tier only with ≥ ¥50,000 or ≥ 12 purchases in the year). Defaults to `qualification`.
   */
  retention: TierQualification.optional(),
  benefits: TierBenefits,
});
export type TierDefinition = z.infer<typeof TierDefinition>;

export const TierLadder = z
  .array(TierDefinition)
  .min(1)
  .superRefine((tiers, ctx) => {
    const ranks = tiers.map((t) => t.rank);
    ranks.forEach((rank, i) => {
      if (rank !== i) ctx.addIssue({ code: 'custom', path: [i, 'rank'], message: 'ranks must be 0, 1, 2, … in order' });
    });
    const codes = new Set(tiers.map((t) => t.code));
    if (codes.size !== tiers.length) ctx.addIssue({ code: 'custom', message: 'tier codes must be unique' });
  });
export type TierLadder = z.infer<typeof TierLadder>;
