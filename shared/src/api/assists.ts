import { z } from 'zod';
import { instant } from './dates';
import { defineEndpoint } from './endpoint';
import { PersonView } from './profile';

const objectId = z.string().regex(/^[0-9a-f]{24}$/, 'an id');

/** What completing an assist task unlocks: a coupon, points, or both. */
export const AssistReward = z
  .object({
    couponTemplateId: objectId.optional(),
    points: z.number().int().positive().max(100_000).optional(),
  })
  .strict()
  .refine((r) => r.couponTemplateId !== undefined || r.points !== undefined, { message: 'give a coupon, points or both' });

export const NewAssistCampaign = z
  .object({
    title: z.string().trim().min(1).max(30),
    /** Friends who must help, the starter not counted. */
    helpersNeeded: z.number().int().min(1).max(50),
    /** How long a started task stays open. */
    hoursToComplete: z.number().int().min(1).max(168),
    reward: AssistReward,
    startsAt: instant,
    endsAt: instant,
  })
  .strict()
  .refine((c) => Date.parse(c.startsAt) < Date.parse(c.endsAt), {
    message: 'the campaign must end after it starts',
    path: ['endsAt'],
  });
export type NewAssistCampaign = z.input<typeof NewAssistCampaign>;

export const AssistCampaignView = z.object({
  id: z.string(),
  title: z.string(),
  helpersNeeded: z.number().int(),
  hoursToComplete: z.number().int(),
  reward: z.object({ couponName: z.string().optional(), points: z.number().int().optional() }),
  startsAt: z.iso.datetime(),
  endsAt: z.iso.datetime(),
});
export type AssistCampaignView = z.infer<typeof AssistCampaignView>;

export const AssistTaskView = z.object({
  id: z.string(),
  campaignId: z.string(),
  title: z.string(),
  /** @deprecated words for a screen: read `starter`. */
  starterName: z.string(),
  starter: PersonView,
  helpersNeeded: z.number().int(),
  /** Each helper: `name` is kept for older clients; screens read nickname, avatarUrl and gone. */
  helpers: z.array(
    z.object({
      name: z.string(),
      nickname: z.string().nullable(),
      avatarUrl: z.string().optional(),
      gone: z.boolean(),
      helpedAt: z.iso.datetime(),
    }),
  ),
  deadline: z.iso.datetime(),
  /** open: collecting help; completed: the reward is issued; expired: the deadline passed first. */
  status: z.enum(['open', 'completed', 'expired']),
  /** For the caller: their own task, or whether they already helped. */
  mine: z.boolean(),
  helpedByMe: z.boolean(),
  reward: AssistCampaignView.shape.reward,
});
export type AssistTaskView = z.infer<typeof AssistTaskView>;

export const createAssistCampaign = defineEndpoint({
  method: 'POST',
  path: '/api/v1/hq/assist-campaigns',
  summary: 'HQ starts a friend-assist campaign (好友助力): N friends help within H hours to unlock a reward',
  tag: 'hq',
  auth: 'hq',
  body: NewAssistCampaign,
  successStatus: 201,
  response: AssistCampaignView,
});

export const listAssistCampaigns = defineEndpoint({
  method: 'GET',
  path: '/api/v1/assist-campaigns',
  summary: 'Friend-assist campaigns running now',
  tag: 'engagement',
  auth: 'member',
  response: z.object({ campaigns: z.array(AssistCampaignView) }),
});

export const CampaignParams = z.object({ campaignId: objectId }).strict();
export const AssistTaskParams = z.object({ taskId: objectId }).strict();

export const startAssistTask = defineEndpoint({
  method: 'POST',
  path: '/api/v1/assist-campaigns/:campaignId/tasks',
  rateLimit: { limit: 20, windowSeconds: 60 },
  summary: 'Start my assist task in a campaign (one per member; starting again returns it)',
  tag: 'engagement',
  auth: 'member',
  params: CampaignParams,
  successStatus: 200,
  response: AssistTaskView,
});

export const getAssistTask = defineEndpoint({
  method: 'GET',
  path: '/api/v1/assists/:taskId',
  summary: 'An assist task as a shared card opens it: who helped, how many more, the deadline',
  tag: 'engagement',
  auth: 'member',
  params: AssistTaskParams,
  response: AssistTaskView,
});

export const helpAssistTask = defineEndpoint({
  method: 'POST',
  path: '/api/v1/assists/:taskId/help',
  rateLimit: { limit: 20, windowSeconds: 60 },
  summary: 'Help a friend’s task (once per friend and task)',
  tag: 'engagement',
  auth: 'member',
  params: AssistTaskParams,
  successStatus: 200,
  response: AssistTaskView,
});

export const listMyAssistTasks = defineEndpoint({
  method: 'GET',
  path: '/api/v1/me/assists',
  summary: 'My assist tasks',
  tag: 'engagement',
  auth: 'member',
  response: z.object({ tasks: z.array(AssistTaskView) }),
});
