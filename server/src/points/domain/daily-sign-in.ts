import { businessDay, daysBetween } from './business-day';

export interface SignInRules {
  /** Points for every daily sign-in (5 by default). */
  dailyPoints: number;
  /** Extra points on reaching a streak length, e.g. day 7 → +20. */
  streakBonuses: Array<{ streakDay: number; points: number }>;
  /** When set, the streak starts over after this many days (a 7-day or 30-day cycle calendar). */
  cycleDays?: number;
}

export const DEFAULT_SIGN_IN_RULES: SignInRules = {
  dailyPoints: 5,
  streakBonuses: [
    { streakDay: 7, points: 20 },
    { streakDay: 30, points: 100 },
  ],
  cycleDays: 30,
};

export interface SignInState {
  /** The last business day the member signed in on (YYYY-MM-DD, brand time zone). */
  lastDay: string;
  streak: number;
}

export type SignInOutcome =
  { kind: 'alreadySignedIn'; state: SignInState } | { kind: 'signedIn'; state: SignInState; points: number; bonusPoints: number };

/** One sign-in per business day; consecutive days grow the streak, a missed day starts it over. */
export function signIn(previous: SignInState | undefined, now: Date, timeZone: string, rules: SignInRules): SignInOutcome {
  const today = businessDay(now, timeZone);
  if (previous && previous.lastDay === today) return { kind: 'alreadySignedIn', state: previous };
  const continues = previous !== undefined && daysBetween(previous.lastDay, today) === 1;
  let streak = continues ? previous.streak + 1 : 1;
  if (rules.cycleDays !== undefined && streak > rules.cycleDays) streak = 1;
  const bonusPoints = rules.streakBonuses.filter((b) => b.streakDay === streak).reduce((sum, b) => sum + b.points, 0);
  return { kind: 'signedIn', state: { lastDay: today, streak }, points: rules.dailyPoints + bonusPoints, bonusPoints };
}
