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
