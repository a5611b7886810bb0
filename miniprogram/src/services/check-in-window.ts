import type { ActivityView } from '@memberloop/shared';

/** Check-in opens this long before the start (as the server has it: people arrive early) and closes at the end. */
export const CHECK_IN_OPENS_BEFORE_START_MS = 60 * 60_000;

/** Whether an activity takes check-ins at `now`: not yet (with when it opens), open, or closed. */
export function checkInPhase(
  activity: Pick<ActivityView, 'status' | 'startsAt' | 'endsAt'>,
  now: number,
): { phase: 'not-yet'; opensAt: string } | { phase: 'open' } | { phase: 'closed' } {
  if (activity.status !== 'published' || now >= Date.parse(activity.endsAt)) return { phase: 'closed' };
  const opensAt = Date.parse(activity.startsAt) - CHECK_IN_OPENS_BEFORE_START_MS;
  return now < opensAt ? { phase: 'not-yet', opensAt: new Date(opensAt).toISOString() } : { phase: 'open' };
}
