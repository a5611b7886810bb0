/**
 * Runs a plan over one (immutable) collection version: walks the index ranges or the records, fetches
 * each candidate once, and keeps those the full filter matches. Counts keys and documents examined.
 */
import type { Document } from '../contracts';
import type { CompiledFilter } from '../query/filter';
import type { CollectionState, DocumentEntry } from './collection-state';
import type { IndexKey } from './key-order';
import type { Plan } from './planner';
import { EARTH_RADIUS_METERS, nearestOf, nearRects } from '../query/geo';
import { coverRects, SPHERE_DOMAIN } from '../query/geo/cells';
import { cellIntervals, geoBounds, type NearPlan } from './geo-planning';
import { geoValues } from './ordered-index';
import { textScan, type TextScoreSink } from './text-planning';

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
      const doc = entry.doc;
      if (filter.matches(doc)) yield doc;
    }
  }
}

/** What a near scan reports with each document (the `$geoNear` stage's distance and location). */
export type NearAnnotator = (doc: Document, distance: number, location: unknown) => Document;

/** The farthest a near query can look: half the earth's circumference, or the 2d domain's far corner. */
function nearLimit(near: NearPlan): number {
  const { metric, query, geoField } = near;
  if (metric.kind === 'sphere') return Math.PI * metric.scale;
  const d = geoField.domain;
  return Math.hypot(
    Math.max(Math.abs(query.x - d.minX), Math.abs(query.x - d.maxX)),
    Math.max(Math.abs(query.y - d.minY), Math.abs(query.y - d.maxY)),
  );
}

/** The first ring's radius: about 1 km on the earth, 1/4096 of a 2d domain. */
function firstRadius(near: NearPlan): number {
  const { metric, geoField } = near;
  if (metric.kind === 'sphere') return (1000 / EARTH_RADIUS_METERS) * metric.scale;
  return (geoField.domain.maxX - geoField.domain.minX) / 4096;
}

/**
 * `$near`: scans rings of growing radius (each ring's cells, then the documents whose distance falls in
 * it, sorted by distance), so the nearest documents come first after examining a bounded neighbourhood,
 * and a limit stops the scan early.
 */
function* nearScan(coll: CollectionState, plan: Plan, filter: CompiledFilter, counters: ScanCounters, annotate?: NearAnnotator) {
  const index = plan.index;
  const near = plan.near;
  if (!index || !near) return;
  const { query, metric, geoField } = near;
  const limit = Math.min(nearLimit(near), query.maxDistance);
  const compare = index.compare;
  const ridAt = index.fields.length;
  const domain = geoField.type === '2d' ? geoField.domain : SPHERE_DOMAIN;
  let inner = -1; // distances <= inner were emitted by earlier rings
  let radius = Math.max(firstRadius(near), query.minDistance);
  for (;;) {
    const outer = Math.min(radius, limit);
    const perField = [...(plan.nearFields ?? index.fields.map(() => null))];
    perField[geoField.position] = cellIntervals(coverRects(domain, nearRects(query, metric, outer)), index.geoCoarse);
    const bounds = geoBounds(index, perField);
    const seen = new Set<number>();
    const ring: Array<{ doc: Document; distance: number; location: unknown }> = [];
    const reused: Array<IndexKey | undefined> = [];
    for (const range of bounds.ranges) {
      for (const pair of index.tree.entries(range.start, reused)) {
        const key = pair[0] as IndexKey;
        if (compare(key, range.end) > 0) break;
        counters.keysExamined++;
        const rid = key[ridAt] as number;
        if (seen.has(rid)) continue;
        seen.add(rid);
        const entry = coll.records.get(rid);
        if (!entry) continue;
        counters.docsExamined++;
        const doc = entry.doc;
        let best: { distance: number; location: unknown } | undefined;
        for (const value of geoValues(doc, geoField.parts)) {
          const found = nearestOf(value, query, metric);
          if (found && (!best || found.distance < best.distance)) best = found;
        }
        if (!best || best.distance <= inner || best.distance > outer || best.distance < query.minDistance) continue;
        if (filter.matches(doc)) ring.push({ doc, ...best });
      }
    }
    ring.sort((a, b) => a.distance - b.distance);
    for (const r of ring) yield annotate ? annotate(r.doc, r.distance, r.location) : r.doc;
    if (outer >= limit) return;
    inner = outer;
    radius = outer * (ring.length === 0 ? 4 : 2);
  }
}

export function executePlan(
  coll: CollectionState | undefined,
  plan: Plan,
  filter: CompiledFilter,
  counters: ScanCounters,
  annotate?: NearAnnotator,
  textScores?: TextScoreSink,
): Iterable<Document> {
  if (!coll || plan.stage === 'EOF') return [];
  if (plan.text && plan.index) return textScan(coll, plan.index, plan.text, filter, counters, textScores);
  if (plan.near) return nearScan(coll, plan, filter, counters, annotate);
  return plan.stage === 'COLLSCAN'
    ? collectionScan(coll, plan.reverse, filter, counters)
    : indexScan(coll, plan, filter, counters);
}
