import { z } from 'zod';
import { defineEndpoint } from './endpoint';

export const MemberTasks = z.object({
  /** The business month (YYYY-MM) the progress counts in. */
  month: z.string(),
  tasks: z.array(
    z.object({
      code: z.string(),
      title: z.string(),
      target: z.number().int(),
      progress: z.number().int(),
      completed: z.boolean(),
      bonusPoints: z.number().int(),
      badge: z.object({ code: z.string(), name: z.string() }),
    }),
  ),
  badges: z.array(
    z.object({ code: z.string(), name: z.string(), timesEarned: z.number().int(), firstEarnedAt: z.iso.datetime() }),
  ),
});
export type MemberTasks = z.infer<typeof MemberTasks>;

export const getMyTasks = defineEndpoint({
  method: 'GET',
  path: '/api/v1/me/tasks',
  summary: 'This month’s tasks with the member’s progress, and the badges they hold',
  tag: 'members',
  auth: 'member',
  response: MemberTasks,
});
