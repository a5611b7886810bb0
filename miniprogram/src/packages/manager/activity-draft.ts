import { brandClockText, brandDay, brandMoment, brandWallClock } from '@memberloop/shared';
import type { ActivityChanges, NewActivity, StaffActivityView } from '@memberloop/shared';
import { brandTimeZone } from '../../services/brand-time-zone';

/** What the activity form holds: text as typed, dates and times as the pickers give them (brand's time zone). */
export interface ActivityDraft {
  title: string;
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

export const TITLE_MAX = 40;
export const DESCRIPTION_MAX = 2000;
export const PLACE_MAX = 200;
export const CAPACITY_MAX = 10_000;
export const POINTS_MAX = 100_000;
/** The server's limit on an activity's length. */
const MAX_ACTIVITY_MS = 31 * 86_400_000;
const HOUR_MS = 3_600_000;
const HTTPS_URL = /^https:\/\/[^\s/$.?#][^\s]*$/i;

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

function wholeNumber(text: string): number | undefined {
  return /^\d{1,9}$/.test(text.trim()) ? Number(text.trim()) : undefined;
}

/** Why the form cannot be saved yet (what to fix, in the manager's words), or undefined when it can. */
export function draftProblem(draft: ActivityDraft, now: Date): string | undefined {
  const title = draft.title.trim();
  if (!title) return '请填写活动标题';
  if (Array.from(title).length > TITLE_MAX) return `标题最多 ${TITLE_MAX} 个字`;
  if (!HTTPS_URL.test(draft.coverImageUrl.trim())) return '请填写以 https:// 开头的封面图片链接';
  if (Array.from(draft.description.trim()).length > DESCRIPTION_MAX) return `活动介绍最多 ${DESCRIPTION_MAX} 个字`;
  const start = momentOf(draft.startDate, draft.startTime);
  const end = momentOf(draft.endDate, draft.endTime);
  const deadline = momentOf(draft.deadlineDate, draft.deadlineTime);
  if (!start || !end || !deadline) return '请选择开始、结束和报名截止时间';
  if (end <= start) return '结束时间要晚于开始时间';
  if (end.getTime() - start.getTime() > MAX_ACTIVITY_MS) return '一场活动最长 31 天';
  if (end <= now) return '结束时间已经过了，请重新选择';
  if (deadline > end) return '报名截止不能晚于活动结束';
  const place = draft.place.trim();
  const liveUrl = draft.liveUrl.trim();
  if (!place && !liveUrl) return '请填写活动地点或直播链接';
  if (Array.from(place).length > PLACE_MAX) return `地点最多 ${PLACE_MAX} 个字`;
  if (liveUrl && !HTTPS_URL.test(liveUrl)) return '直播链接需以 https:// 开头';
  const capacity = wholeNumber(draft.capacity);
  if (capacity === undefined || capacity < 1 || capacity > CAPACITY_MAX) return `名额请填 1 到 ${CAPACITY_MAX} 之间的整数`;
  const points = wholeNumber(draft.pointsReward);
  if (points === undefined || points > POINTS_MAX) return `签到积分请填 0 到 ${POINTS_MAX} 之间的整数`;
  return undefined;
}

/** The new activity a valid form describes (check draftProblem first). */
export function newActivityOf(draft: ActivityDraft): NewActivity & { signUpDeadline: string } {
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
