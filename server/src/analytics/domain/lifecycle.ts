import type { LifecycleStage, MemberStage } from '@memberloop/shared';
import { monthsBefore } from './calendar';

/**
 * Lifecycle stages over a window W (3 months by default, 6 or 12 likewise), on business days:
 *   - "within the last W months" means on or after the same calendar day W months ago (that day included,
 *     so a purchase exactly W months ago, or a first purchase on the window's first day, is in the window);
 *   - active: a purchase in the window; new when the first purchase is in it too; one-time with one purchase
 *     in the window, repeat with two or more;
 *   - silent: the last purchase before the window but within 2W (4–6 months ago);
 *   - sleeping: the last purchase before 2W but within 4W (7–12 months ago);
 *   - lost: the last purchase before 4W (more than 12 months ago).
 */
export interface LifecycleBoundaries {
  /** First day of the active window. */
  activeFrom: number;
  /** First day on which a last purchase still makes a member silent rather than sleeping. */
  silentFrom: number;
  /** First day on which a last purchase still makes a member sleeping rather than lost. */
  sleepingFrom: number;
}

export function lifecycleBoundaries(asOfDay: number, windowMonths: number): LifecycleBoundaries {
  return {
    activeFrom: monthsBefore(asOfDay, windowMonths),
    silentFrom: monthsBefore(asOfDay, windowMonths * 2),
    sleepingFrom: monthsBefore(asOfDay, windowMonths * 4),
  };
}

/** What the stage is decided on: the first and last purchase days and the purchases in the active window. */
export interface LifecycleFacts {
  firstDay: number;
  lastDay: number;
  purchasesInWindow: number;
}

export function lifecycleStageOf(facts: LifecycleFacts | null, bounds: LifecycleBoundaries): MemberStage {
  if (!facts) return 'prospect';
  if (facts.lastDay >= bounds.activeFrom) {
    const isNew = facts.firstDay >= bounds.activeFrom;
    const repeat = facts.purchasesInWindow >= 2;
    if (isNew) return repeat ? 'new-repeat' : 'new-one-time';
    return repeat ? 'old-repeat' : 'old-one-time';
  }
  if (facts.lastDay >= bounds.silentFrom) return 'silent';
  if (facts.lastDay >= bounds.sleepingFrom) return 'sleeping';
  return 'lost';
}

/** The stage of a member from the business days of their purchases (any order; none = never bought). */
export function lifecycleStage(purchaseDays: readonly number[], asOfDay: number, windowMonths: number): MemberStage {
  const bounds = lifecycleBoundaries(asOfDay, windowMonths);
  const days = purchaseDays.filter((d) => d <= asOfDay);
  if (days.length === 0) return 'prospect';
  return lifecycleStageOf(
    {
      firstDay: Math.min(...days),
      lastDay: Math.max(...days),
      purchasesInWindow: days.filter((d) => d >= bounds.activeFrom).length,
    },
    bounds,
  );
}

export function isActiveStage(stage: MemberStage): stage is Extract<LifecycleStage, `${string}-${'one-time' | 'repeat'}`> {
  return stage === 'new-one-time' || stage === 'new-repeat' || stage === 'old-one-time' || stage === 'old-repeat';
}
