/**
 * The rules an experiment's configuration and life follow, as small pure checks: each returns the stable error
 * code of the first rule broken, or null.
 */

export type ExperimentStatus = 'draft' | 'running' | 'promoted';

export type ExperimentProblem =
  | 'EXPERIMENT_VARIANT_COUNT'
  | 'EXPERIMENT_SIZES_NOT_100'
  | 'EXPERIMENT_NOT_EDITABLE'
  | 'EXPERIMENT_NOT_RUNNING'
  | 'EXPERIMENT_WINDOW_OPEN'
  | 'EXPERIMENT_ALREADY_PROMOTED';

export const MIN_VARIANTS = 2;
export const MAX_VARIANTS = 4;

/** 2–4 variants, and the variants' sizes plus control's add up to exactly 100 %. */
export function configurationProblem(variantSizes: readonly number[], controlPercent: number): ExperimentProblem | null {
  if (variantSizes.length < MIN_VARIANTS || variantSizes.length > MAX_VARIANTS) return 'EXPERIMENT_VARIANT_COUNT';
  // Sizes are whole percents: integer arithmetic, no float drift.
  const total = variantSizes.reduce((sum, size) => sum + size, controlPercent);
  return total === 100 ? null : 'EXPERIMENT_SIZES_NOT_100';
}

/** Variants, sizes and audience change only while the experiment is a draft: once members are assigned they are fixed. */
export function editProblem(status: ExperimentStatus): ExperimentProblem | null {
  return status === 'draft' ? null : 'EXPERIMENT_NOT_EDITABLE';
}

/**
 * Rewards are sent only while the experiment runs and its window is open: a member reached later would have less of
 * the window to respond in than the others (members new to the segment then belong to the rest of the segment).
 */
export function sendProblem(status: ExperimentStatus, windowEndsAt: Date | undefined, now: Date): ExperimentProblem | null {
  if (status !== 'running' || !windowEndsAt) return 'EXPERIMENT_NOT_RUNNING';
  return now.getTime() < windowEndsAt.getTime() ? null : 'EXPERIMENT_NOT_RUNNING';
}

/** When the attribution window of an experiment started at `startedAt` closes. */
export function windowEndOf(startedAt: Date, attributionDays: number): Date {
  return new Date(startedAt.getTime() + attributionDays * 86_400_000);
}

/** A winner is promoted once, and only after the attribution window has closed (its results are final then). */
export function promoteProblem(status: ExperimentStatus, windowEndsAt: Date | undefined, now: Date): ExperimentProblem | null {
  if (status === 'promoted') return 'EXPERIMENT_ALREADY_PROMOTED';
  if (status !== 'running' || !windowEndsAt) return 'EXPERIMENT_NOT_RUNNING';
  return now.getTime() < windowEndsAt.getTime() ? 'EXPERIMENT_WINDOW_OPEN' : null;
}
