const MINUTE_MS = 60_000;

/** A group has the deal's time limit to fill from when it opens, but never outlives the deal itself. */
export function groupDeadline(openedAt: Date, timeLimitMinutes: number, dealEndsAt: Date): Date {
  return new Date(Math.min(openedAt.getTime() + timeLimitMinutes * MINUTE_MS, dealEndsAt.getTime()));
}

export interface GroupState {
  status: 'open' | 'succeeded' | 'failed';
  deadline: Date;
}

/**
 * The status to show at `now`: an open group whose deadline has passed has failed even before the minute job
 * records it (no join can get in after the deadline either).
 */
export function groupStatusAt(group: GroupState, now: Date): GroupState['status'] {
  if (group.status === 'open' && group.deadline.getTime() <= now.getTime()) return 'failed';
  return group.status;
}
