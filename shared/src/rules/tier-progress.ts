import type { TierDefinition, TierLadder } from '../tiers';

/** What counts toward a tier, over the rolling 12-month window. */
export interface QualifyingStats {
  spendFen: number;
  purchaseCount: number;
  pointsEarned: number;
}

export type TierCriterion = keyof QualifyingStats;

const CRITERIA: TierCriterion[] = ['spendFen', 'purchaseCount', 'pointsEarned'];

export interface CriterionProgress {
  criterion: TierCriterion;
  current: number;
  target: number;
  /** How much more is needed; 0 once met. */
  remaining: number;
  /** current / target, capped at 1. */
  ratio: number;
}

export interface TierProgress {
  currentTier: TierDefinition;
  /** The next tier up, absent at the top of the ladder. */
  nextTier?: TierDefinition;
  /** Progress on each criterion the next tier names (empty at the top). */
  criteria: CriterionProgress[];
  /**
   * Overall progress toward the next tier in [0, 1]: the best criterion when any one qualifies,
   * the weakest when all are required; 1 at the top of the ladder.
   */
  ratio: number;
  /** The next tier's highlights the member does not enjoy yet. */
  lockedHighlights: string[];
}

function criteriaOf(tier: TierDefinition): TierCriterion[] {
  return CRITERIA.filter((criterion) => tier.qualification[criterion] !== undefined);
}

function criterionProgress(criterion: TierCriterion, target: number, stats: QualifyingStats): CriterionProgress {
  const current = Math.max(0, stats[criterion]);
  const remaining = Math.max(0, target - current);
  return { criterion, current, target, remaining, ratio: target === 0 ? 1 : Math.min(1, current / target) };
}

/** Whether the stats meet a tier's qualification (a tier with no criteria is open to everyone). */
export function meetsQualification(tier: TierDefinition, stats: QualifyingStats): boolean {
  const criteria = criteriaOf(tier);
  if (criteria.length === 0) return true;
  const met = criteria.map((c) => stats[c] >= (tier.qualification[c] as number));
  return tier.qualification.match === 'all' ? met.every(Boolean) : met.some(Boolean);
}

function ordered(ladder: TierLadder): TierDefinition[] {
  return [...ladder].sort((a, b) => a.rank - b.rank);
}

/** The highest tier the stats qualify for (the entry tier at least). */
export function qualifyingTier(ladder: TierLadder, stats: QualifyingStats): TierDefinition {
  const tiers = ordered(ladder);
  let best = tiers[0];
  for (const tier of tiers) if (meetsQualification(tier, stats)) best = tier;
  return best;
}

/**
 * Progress from the member's current tier (which may be above what the stats qualify for: a tier is held
 * for a year) to the next one. Server and mini-program both call this, so the bar shows what the server computes.
 */
export function computeTierProgress(ladder: TierLadder, currentTierCode: string, stats: QualifyingStats): TierProgress {
  const tiers = ordered(ladder);
  const index = tiers.findIndex((t) => t.code === currentTierCode);
  if (index < 0) throw new RangeError(`unknown tier "${currentTierCode}"`);
  const currentTier = tiers[index];
  const nextTier = tiers[index + 1];
  if (!nextTier) return { currentTier, criteria: [], ratio: 1, lockedHighlights: [] };

  const criteria = criteriaOf(nextTier).map((c) => criterionProgress(c, nextTier.qualification[c] as number, stats));
  const ratios = criteria.map((c) => c.ratio);
  const ratio = ratios.length === 0 ? 1 : nextTier.qualification.match === 'all' ? Math.min(...ratios) : Math.max(...ratios);
  const enjoyed = new Set(currentTier.benefits.highlights);
  const lockedHighlights = nextTier.benefits.highlights.filter((line) => !enjoyed.has(line));
  return { currentTier, nextTier, criteria, ratio, lockedHighlights };
}
