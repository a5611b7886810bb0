/**
 * `find` / `explainFind` / `count` over whatever collection versions a lookup yields (the latest published
 * ones, or a transaction's snapshot plus its own writes). Versions handed out are never mutated, so a
 * lazily consumed result (a cursor across getMore calls) stays stable while writes go on.
 */
import type { Document, FindOptions, PlanSummary, ReadView } from '../contracts';
import { compileFilter } from '../query/filter';
import { compileSort } from '../query/sort';
import { type Collation, parseCollation } from '../query/collation';
import type { CollectionState } from './collection-state';
import { executePlan, type NearAnnotator, type ScanCounters } from './plan-executor';
import { isDocument } from '../query/values';
import { Double } from 'bson';
import { planFind } from './planner';

function* skipAndLimit(docs: Iterable<Document>, skip: number, limit: number): Generator<Document> {
  let skipped = 0;
  let returned = 0;
  for (const doc of docs) {
    if (skipped < skip) {
      skipped++;
      continue;
    }
    yield doc;
    if (limit > 0 && ++returned >= limit) return;
  }
}

/** The query's collation, else the collection's default one; undefined for the simple collation. */
export function queryCollation(coll: CollectionState | undefined, options: FindOptions): Collation | undefined {
  if (options.collation !== undefined && options.collation !== null) return parseCollation(options.collation);
  return parseCollation(coll?.options.collation);
}

/** Sets `path` in a copy of `doc` (objects on the way copied, anything else there replaced by an object). */
function withPath(doc: Document, path: string, value: unknown): Document {
  const parts = path.split('.');
  const root: Document = { ...doc };
  let target = root;
  for (const part of parts.slice(0, -1)) {
    const next = target[part];
    const copy: Document = isDocument(next) ? { ...next } : {};
    target[part] = copy;
    target = copy;
  }
  target[parts[parts.length - 1]] = value;
  return root;
}

function geoNearAnnotator(spec: NonNullable<FindOptions['geoNear']>): NearAnnotator {
  const multiplier = spec.distanceMultiplier ?? 1;
  return (doc, distance, location) => {
    const value = distance * multiplier;
    // Distances are doubles in mongod's output (the canonical form keeps an integral double wrapped).
    let out = withPath(doc, spec.distanceField, Number.isInteger(value) ? new Double(value) : value);
    if (spec.includeLocs) out = withPath(out, spec.includeLocs, location);
    return out;
  };
}

interface Run {
  docs: Iterable<Document>;
  summary: () => PlanSummary;
}

function run(coll: CollectionState | undefined, filter: Document, options: FindOptions): Run {
  const collation = queryCollation(coll, options);
  const matcher = compileFilter(filter, collation ? { collation } : {});
  const plan = planFind(coll, filter ?? {}, options, collation);
  const counters: ScanCounters = { keysExamined: 0, docsExamined: 0 };
  const scores = plan.text ? (options.textScores ?? new WeakMap<Document, number>()) : undefined;
  let docs = executePlan(
    coll,
    plan,
    matcher,
    counters,
    options.geoNear ? geoNearAnnotator(options.geoNear) : undefined,
    scores ? (doc, score) => scores.set(doc, score) : undefined,
  );
  if (plan.sortInMemory && options.sort) {
    const compare = compileSort(options.sort, collation, scores ? (doc) => scores.get(doc) : undefined);
    const sorted = [...docs];
    sorted.sort(compare);
    docs = sorted;
  }
  const skip = Math.max(0, options.skip ?? 0);
  const limit = Math.abs(options.limit ?? 0);
  const summary = (): PlanSummary => ({
    stage: plan.stage,
    ...(plan.index ? { indexName: plan.index.name } : {}),
    keysExamined: counters.keysExamined,
    docsExamined: counters.docsExamined,
    sortInMemory: plan.sortInMemory,
  });
  return { docs: skip > 0 || limit > 0 ? skipAndLimit(docs, skip, limit) : docs, summary };
}

export abstract class CollectionReader implements ReadView {
  /** The collection version reads see (undefined: no such collection). */
  protected abstract lookup(db: string, coll: string): CollectionState | undefined;

  find(db: string, coll: string, filter: Document, options: FindOptions = {}): Iterable<Document> {
    return run(this.lookup(db, coll), filter, options).docs;
  }

  explainFind(db: string, coll: string, filter: Document, options: FindOptions = {}): { docs: Document[]; plan: PlanSummary } {
    const result = run(this.lookup(db, coll), filter, options);
    const docs = [...result.docs];
    return { docs, plan: result.summary() };
  }

  count(db: string, coll: string, filter: Document, options: FindOptions = {}): number {
    const state = this.lookup(db, coll);
    const trivial = !filter || Object.keys(filter).length === 0;
    if (trivial && !options.hint && !options.skip && !options.limit) return state?.count ?? 0;
    const docs = run(state, filter, { ...options, sort: undefined }).docs[Symbol.iterator]();
    let n = 0;
    while (!docs.next().done) n++;
    return n;
  }

  collationOf(db: string, coll: string, collation?: Document): Collation | undefined {
    return queryCollation(this.lookup(db, coll), { collation });
  }

  collectionExists(db: string, coll: string): boolean {
    return this.lookup(db, coll) !== undefined;
  }
}
