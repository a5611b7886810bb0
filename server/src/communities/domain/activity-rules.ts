import type { ErrorCode } from '@memberloop/shared';

/** Check-in opens this long before the start (people arrive early) and closes at the end. */
export const CHECK_IN_OPENS_BEFORE_START_MS = 60 * 60_000;
/** The longest an activity may run. */
export const MAX_ACTIVITY_MS = 31 * 86_400_000;

export interface ActivitySchedule {
  startsAt: Date;
  endsAt: Date;
  signUpDeadline: Date;
  place?: string;
  liveUrl?: string;
}

export interface ActivityState extends ActivitySchedule {
  status: 'draft' | 'published' | 'cancelled';
  capacity: number;
  confirmedCount: number;
}

export interface Refusal {
  code: ErrorCode;
  message: string;
}

/** What is wrong with an activity's schedule and venue, or null: a manager fixes these before saving. */
export function scheduleProblem(schedule: ActivitySchedule, now: Date): string | null {
  if (schedule.endsAt <= schedule.startsAt) return 'the activity must end after it starts';
  if (schedule.endsAt.getTime() - schedule.startsAt.getTime() > MAX_ACTIVITY_MS) return 'an activity lasts at most 31 days';
  if (schedule.endsAt <= now) return 'the activity would already be over';
  if (schedule.signUpDeadline > schedule.endsAt) return 'the sign-up deadline must not be after the end';
  if (!schedule.place && !schedule.liveUrl) return 'give a place, a live link, or both';
  return null;
}

/** Why a sign-up is not taken now (tier aside), or null when it is. */
export function signUpRefusal(activity: ActivityState, now: Date): Refusal | null {
  if (activity.status === 'cancelled') return { code: 'ACTIVITY_CLOSED', message: 'This activity was cancelled.' };
  if (activity.status !== 'published') return { code: 'ACTIVITY_CLOSED', message: 'This activity is not open for sign-up.' };
  if (now >= activity.endsAt) return { code: 'ACTIVITY_CLOSED', message: 'This activity is over.' };
  if (now > activity.signUpDeadline) return { code: 'ACTIVITY_CLOSED', message: 'Sign-up for this activity has closed.' };
  return null;
}

/** A member may cancel until the activity starts (then the seat can still go to someone on the waitlist). */
export function cancellationRefusal(activity: ActivityState, now: Date): Refusal | null {
  if (activity.status === 'cancelled') return { code: 'ACTIVITY_CLOSED', message: 'This activity was cancelled.' };
  if (now >= activity.startsAt)
    return { code: 'ACTIVITY_CLOSED', message: 'The activity has started: it can no longer be cancelled.' };
  return null;
}

/** Whether members can check in at `now`: from an hour before the start until the end, if it is on. */
export function checkInRefusal(activity: ActivityState, now: Date): Refusal | null {
  if (activity.status !== 'published') return { code: 'ACTIVITY_CLOSED', message: 'This activity is not taking place.' };
  if (now.getTime() < activity.startsAt.getTime() - CHECK_IN_OPENS_BEFORE_START_MS)
    return { code: 'ACTIVITY_CLOSED', message: 'Check-in opens an hour before the activity starts.' };
  if (now >= activity.endsAt) return { code: 'ACTIVITY_CLOSED', message: 'This activity is over: check-in has closed.' };
  return null;
}

export function seatsLeft(activity: Pick<ActivityState, 'capacity' | 'confirmedCount'>): number {
  return Math.max(0, activity.capacity - activity.confirmedCount);
}

/** The member's tier reaches the activity's minimum (by rank in the brand's ladder). */
export function tierAllows(memberRank: number, minimumRank: number | undefined): boolean {
  return minimumRank === undefined || memberRank >= minimumRank;
}

/** A share with four decimals, or null when there is nothing to divide by. */
export function rate(part: number, whole: number): number | null {
  if (whole <= 0) return null;
  return Math.round((part / whole) * 10_000) / 10_000;
}
