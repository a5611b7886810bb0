/**
 * Runs a plan over one (immutable) collection version: walks the index ranges or the records, fetches
 * each candidate once, and keeps those the full filter matches. Counts keys and documents examined.
 */
import type { Document } from '../contracts';
import type { CompiledFilter } from '../query/filter';
import type { CollectionState, DocumentEntry } from './collection-state';
import type { IndexKey } from './key-order';
import type { Plan } from './planner';

export interface ScanCounters {
  keysExamined: number;
  docsExamined: number;
}

function* collectionScan(coll: CollectionState, reverse: boolean, filter: CompiledFilter, counters: ScanCounters) {
  const reused: Array<number | DocumentEntry> = [];
  const entries = reverse ? coll.records.entriesReversed(undefined, reused) : coll.records.entries(undefined, reused);
  for (const pair of entries) {
    counters.docsExamined++;
    const doc = (pair[1] as DocumentEntry).doc;
    if (filter.matches(doc)) yield doc;
  }
}

function* indexScan(coll: CollectionState, plan: Plan, filter: CompiledFilter, counters: ScanCounters) {
  const index = plan.index;
  const bounds = plan.bounds;
  if (!index || !bounds) return;
  const compare = index.compare;
  const ridAt = index.fields.length;
  const seen = index.multikey ? new Set<number>() : undefined;
  const reused: Array<IndexKey | undefined> = [];
  const ranges = plan.reverse ? [...bounds.ranges].reverse() : bounds.ranges;
  for (const range of ranges) {
    const entries = plan.reverse ? index.tree.entriesReversed(range.end, reused) : index.tree.entries(range.start, reused);
    for (const pair of entries) {
      const key = pair[0] as IndexKey;
      if (plan.reverse ? compare(key, range.start) < 0 : compare(key, range.end) > 0) break;
      counters.keysExamined++;
      const rid = key[ridAt] as number;
      if (seen) {
        if (seen.has(rid)) continue;
        seen.add(rid);
      }
      const entry = coll.records.get(rid);
      if (!entry) continue;
      counters.docsExamined++;
      if (filter.matches(entry.doc)) yield entry.doc;
    }
  }
}

export function executePlan(
  coll: CollectionState | undefined,
  plan: Plan,
  filter: CompiledFilter,
  counters: ScanCounters,
): Iterable<Document> {
  if (!coll || plan.stage === 'EOF') return [];
  return plan.stage === 'COLLSCAN'
    ? collectionScan(coll, plan.reverse, filter, counters)
    : indexScan(coll, plan, filter, counters);
}
