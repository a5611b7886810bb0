/**
 * Members counted by tier, stage, RFM segment and churn level per combination of stores they shop at. A
 * store scope's figures are the sum over the combinations sharing a store with it, so a member of two of a
 * manager's stores is counted once, and HQ's are the sum over all.
 */
export interface DistributionCounts {
  members: number;
  tier: Record<string, number>;
  stage: Record<string, number>;
  segment: Record<string, number>;
  churn: Record<string, number>;
}

export interface StoreCombination extends DistributionCounts {
  stores: string[];
}

export function emptyCounts(): DistributionCounts {
  return { members: 0, tier: {}, stage: {}, segment: {}, churn: {} };
}

function bump(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

export class DistributionRollup {
  private readonly combos: StoreCombination[] = [];
  private readonly index = new Map<string, number>();

  /** Counts a member; returns their combination's number, to add the segment later. */
  add(stores: readonly string[], member: { tier: string; stage: string; churnLevel?: string }): number {
    const sorted = [...stores].sort();
    const key = sorted.join('\u0000');
    let i = this.index.get(key);
    if (i === undefined) {
      i = this.combos.length;
      this.index.set(key, i);
      this.combos.push({ stores: sorted, ...emptyCounts() });
    }
    const combo = this.combos[i];
    combo.members += 1;
    bump(combo.tier, member.tier);
    bump(combo.stage, member.stage);
    if (member.churnLevel) bump(combo.churn, member.churnLevel);
    return i;
  }

  addSegment(combination: number, segment: string): void {
    bump(this.combos[combination].segment, segment);
  }

  result(): StoreCombination[] {
    return this.combos;
  }
}

/** The counts of the combinations `include` accepts (a scope), summed. */
export function sumCombinations(combos: Iterable<StoreCombination>, include: (stores: string[]) => boolean): DistributionCounts {
  const total = emptyCounts();
  const add = (into: Record<string, number>, from: Record<string, number>) => {
    for (const [key, n] of Object.entries(from)) into[key] = (into[key] ?? 0) + n;
  };
  for (const combo of combos) {
    if (!include(combo.stores)) continue;
    total.members += combo.members;
    add(total.tier, combo.tier);
    add(total.stage, combo.stage);
    add(total.segment, combo.segment);
    add(total.churn, combo.churn);
  }
  return total;
}
