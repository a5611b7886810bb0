import type { RfmSegment } from '@memberloop/shared';
import type { RfmScores } from './rfm-scoring';

/** A score of 1 … bins on the grid's 1 … 5 scale (identity for quintiles). */
export function toFivePointScale(score: number, bins: number): number {
  if (bins === 5) return score;
  return Math.min(5, Math.max(1, Math.ceil((score * 5) / bins)));
}

/**
 * The named segment of a member's scores: the grid's row is R (row 0 = R 5), its column the mean of F and M
 * rounded half up (the usual "FM" score), both on the 1 … 5 scale.
 */
export function rfmSegment(scores: RfmScores, bins: number, grid: readonly (readonly RfmSegment[])[]): RfmSegment {
  const r = toFivePointScale(scores.r, bins);
  const fm = Math.floor((toFivePointScale(scores.f, bins) + toFivePointScale(scores.m, bins)) / 2 + 0.5);
  return grid[5 - r][fm - 1];
}
