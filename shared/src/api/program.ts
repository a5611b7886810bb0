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
