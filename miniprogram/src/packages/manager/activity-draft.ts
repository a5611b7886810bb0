import { activityCoverUrlOf, brandClockText, brandDay, brandMoment, brandWallClock, NewActivity } from '@memberloop/shared';
import type { ActivityChanges, StaffActivityView } from '@memberloop/shared';
import { brandTimeZone } from '../../services/brand-time-zone';
import { checkContract } from '../../services/contract-check';
import { ACTIVITY_FIELD_FAULTS, ACTIVITY_FORM_TEXT } from './activity-form-text';

/** What the activity form holds: text as typed, dates and times as the pickers give them (brand's time zone). */
export interface ActivityDraft {
  title: string;
  /** The cover saved with the activity (an uploaded cover, or an older activity's https link); '' for none yet. */
  coverImageUrl: string;
  description: string;
  startDate: string;
  startTime: string;
  endDate: string;
  endTime: string;
  place: string;
  liveUrl: string;
  capacity: string;
  /** '' = every member may sign up. */
  minTierCode: string;
  deadlineDate: string;
  deadlineTime: string;
  pointsReward: string;
}

export { DESCRIPTION_MAX, PLACE_MAX, TITLE_MAX } from './activity-form-text';
/** The server's limit on an activity's length. */
const MAX_ACTIVITY_MS = 31 * 86_400_000;
const HOUR_MS = 3_600_000;

const MINUTE_MS = 60_000;

/**
 * A moment as the pickers show it: "2026-11-22" and "14:30" on the brand's clock, so a manager travelling with
 * their phone still schedules in the time the members read.
 */
export function brandParts(date: Date): { date: string; time: string } {
  return { date: brandDay(date, brandTimeZone()), time: brandClockText(date, brandTimeZone()) };
}

/** The moment the pickers' date and time name on the brand's clock, or undefined when they are not both set. */
export function momentOf(date: string, time: string): Date | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !/^\d{2}:\d{2}$/.test(time)) return undefined;
  return brandMoment(date, time, brandTimeZone());
}

/**
 * A new activity's form: starting at the next half hour at least 15 minutes away (a manager posting for today
 * adjusts less), two hours long, sign-up open until the start, 30 seats.
 */
export function defaultDraft(now: Date): ActivityDraft {
  const soonest = Math.floor((now.getTime() + 15 * MINUTE_MS) / MINUTE_MS) * MINUTE_MS;
  const minute = brandWallClock(soonest, brandTimeZone()).minute;
  const start = new Date(soonest + ((minute <= 30 ? 30 : 60) - minute) * MINUTE_MS);
  const end = new Date(start.getTime() + 2 * HOUR_MS);
  const s = brandParts(start);
  const e = brandParts(end);
  return {
    title: '',
    coverImageUrl: '',
    description: '',
    startDate: s.date,
    startTime: s.time,
    endDate: e.date,
    endTime: e.time,
    place: '',
    liveUrl: '',
    capacity: '30',
    minTierCode: '',
    deadlineDate: s.date,
    deadlineTime: s.time,
    pointsReward: '0',
  };
}

/** The form filled with an activity being edited. */
export function draftOf(activity: StaffActivityView): ActivityDraft {
  const s = brandParts(new Date(activity.startsAt));
  const e = brandParts(new Date(activity.endsAt));
  const d = brandParts(new Date(activity.signUpDeadline));
  return {
    title: activity.title,
    coverImageUrl: activity.coverImageUrl,
    description: activity.description,
    startDate: s.date,
    startTime: s.time,
    endDate: e.date,
    endTime: e.time,
    place: activity.place ?? '',
    liveUrl: activity.liveUrl ?? '',
    capacity: String(activity.capacity),
    minTierCode: activity.minTier?.code ?? '',
    deadlineDate: d.date,
    deadlineTime: d.time,
    pointsReward: String(activity.pointsReward),
  };
}

/** The cover a picked photo will have once uploaded: any cover URL passes the contract's check meanwhile. */
const PICKED_COVER = activityCoverUrlOf('0'.repeat(32));

/** What the form would send, as the contract reads it (times left out while a picker is unset). */
function candidateOf(draft: ActivityDraft, coverPicked: boolean): Record<string, unknown> {
  const place = draft.place.trim();
  const liveUrl = draft.liveUrl.trim();
  const at = (date: string, time: string) => momentOf(date, time)?.toISOString();
  return {
    title: draft.title,
    coverImageUrl: coverPicked ? PICKED_COVER : draft.coverImageUrl.trim(),
    description: draft.description,
    startsAt: at(draft.startDate, draft.startTime),
    endsAt: at(draft.endDate, draft.endTime),
    ...(place ? { place } : {}),
    ...(liveUrl ? { liveUrl } : {}),
    capacity: Number(draft.capacity.trim() || Number.NaN),
    ...(draft.minTierCode ? { minTierCode: draft.minTierCode } : {}),
    signUpDeadline: at(draft.deadlineDate, draft.deadlineTime),
    pointsReward: Number(draft.pointsReward.trim() || 0),
  };
}

/**
 * Why the form cannot be saved yet (what to fix, naming the field), or undefined when it can: first each field as
 * the server's contract (NewActivity) checks it, then the schedule as the server's rules do. `coverPicked`: a photo
 * is picked and will be uploaded on saving.
 */
export function draftProblem(draft: ActivityDraft, now: Date, coverPicked = false): string | undefined {
  const checked = checkContract(NewActivity, candidateOf(draft, coverPicked), ACTIVITY_FIELD_FAULTS);
  if (!checked.ok) return checked.first;
  const start = momentOf(draft.startDate, draft.startTime)!;
  const end = momentOf(draft.endDate, draft.endTime)!;
  const deadline = momentOf(draft.deadlineDate, draft.deadlineTime)!;
  if (end <= start) return ACTIVITY_FORM_TEXT.endBeforeStart;
  if (end.getTime() - start.getTime() > MAX_ACTIVITY_MS) return ACTIVITY_FORM_TEXT.tooLong;
  if (end <= now) return ACTIVITY_FORM_TEXT.alreadyOver;
  if (deadline > end) return ACTIVITY_FORM_TEXT.deadlineAfterEnd;
  if (!draft.place.trim() && !draft.liveUrl.trim()) return ACTIVITY_FORM_TEXT.noPlace;
  return undefined;
}

/** The new activity a valid form describes (check draftProblem first). */
export function newActivityOf(
  draft: ActivityDraft,
): NewActivity & { signUpDeadline: string; description: string; pointsReward: number } {
  const place = draft.place.trim();
  const liveUrl = draft.liveUrl.trim();
  return {
    title: draft.title.trim(),
    coverImageUrl: draft.coverImageUrl.trim(),
    description: draft.description.trim(),
    startsAt: momentOf(draft.startDate, draft.startTime)!.toISOString(),
    endsAt: momentOf(draft.endDate, draft.endTime)!.toISOString(),
    ...(place ? { place } : {}),
    ...(liveUrl ? { liveUrl } : {}),
    capacity: Number(draft.capacity.trim()),
    ...(draft.minTierCode ? { minTierCode: draft.minTierCode } : {}),
    signUpDeadline: momentOf(draft.deadlineDate, draft.deadlineTime)!.toISOString(),
    pointsReward: Number(draft.pointsReward.trim()),
  };
}

/**
 * What an edit changes, field by field (the server keeps what is absent; null clears the place, the live link or
 * the tier restriction). Times compare by the minute, as the pickers show them. Empty when nothing changed.
 */
export function activityChangesOf(original: StaffActivityView, draft: ActivityDraft): Partial<ActivityChanges> {
  const next = newActivityOf(draft);
  const before = newActivityOf(draftOf(original));
  const changes: Partial<ActivityChanges> = {};
  const same = <K extends keyof NewActivity>(key: K) => next[key] === before[key];
  for (const key of [
    'title',
    'coverImageUrl',
    'description',
    'startsAt',
    'endsAt',
    'capacity',
    'signUpDeadline',
    'pointsReward',
  ] as const) {
    if (!same(key)) Object.assign(changes, { [key]: next[key] });
  }
  for (const key of ['place', 'liveUrl', 'minTierCode'] as const) {
    if (!same(key)) Object.assign(changes, { [key]: next[key] ?? null });
  }
  return changes;
}
