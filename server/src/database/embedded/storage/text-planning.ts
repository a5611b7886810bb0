/**
 * How `$text` runs: always through the collection's text index (mongod's TEXT stage; without one it is
 * IndexNotFound 27). The prefix fields of a compound text index must be pinned by equality predicates;
 * each query term is looked up as `[…prefix, term]`, the scores of a document's matched terms are summed
 * (its textScore), then the document is checked for phrases, negations and case / diacritic sensitivity
 * and against the rest of the filter.
 */
import type { Document } from '../contracts';
import { commandError, MongoCommandError } from '../errors';
import type { CompiledFilter } from '../query/filter';
import { matchesTextQuery, parseTextQuery, type TextQuery } from '../query/text';
import type { CollectionState } from './collection-state';
import { isPoint } from './intervals';
import { HIGH, type IndexKey, LOW } from './key-order';
import type { OrderedIndex } from './ordered-index';
import { type FieldConditions, fieldIntervals } from './predicates';

export interface TextPlan {
  query: TextQuery;
  /** The equality values of the prefix fields: one tuple per combination (`$eq` only: one). */
  prefixes: unknown[][];
}

/** The text plan of a filter holding `$text`, on the collection's text index. */
export function planText(
  indexes: readonly OrderedIndex[],
  ns: string,
  operand: unknown,
  conditions: FieldConditions,
): { index: OrderedIndex; text: TextPlan } {
  const index = indexes.find((i) => i.text !== undefined);
  if (!index || !index.text) throw new MongoCommandError(27, 'text index required for $text query');
  const query = parseTextQuery(operand, index.text.defaultLanguage);
  const ftsAt = index.fields.indexOf('_fts');
  const prefixValues: unknown[][] = [];
  for (const field of index.fields.slice(0, ftsAt)) {
    const c = conditions.get(field);
    const intervals = c ? fieldIntervals(c, false) : null;
    // mongod's own prefix condition is a single equality; null / missing (two points) is one too here.
    if (!intervals || intervals.length === 0 || !intervals.every(isPoint)) {
      throw commandError(
        'BadValue',
        `error processing query: ns=${ns} planner returned error :: caused by :: failed to use text index to satisfy $text query (if text index is compound, are equality predicates given for all prefix fields?)`,
      );
    }
    prefixValues.push(intervals.map((iv) => iv.lo));
  }
  let prefixes: unknown[][] = [[]];
  for (const values of prefixValues) prefixes = prefixes.flatMap((p) => values.map((v) => [...p, v]));
  return { index, text: { query, prefixes } };
}

/** Receives each document's textScore as the scan yields it. */
export type TextScoreSink = (doc: Document, score: number) => void;

export function* textScan(
  coll: CollectionState,
  index: OrderedIndex,
  plan: TextPlan,
  filter: CompiledFilter,
  counters: { keysExamined: number; docsExamined: number },
  sink?: TextScoreSink,
): Generator<Document> {
  const spec = index.text;
  if (!spec) return;
  const width = index.fields.length + 1;
  const compare = index.compare;
  const reused: Array<IndexKey | undefined> = [];
  const emit = (rid: number, score: number): Document | undefined => {
    const entry = coll.records.get(rid);
    if (!entry) return undefined;
    counters.docsExamined++;
    const doc = entry.doc;
    if (!matchesTextQuery(doc, spec, plan.query) || !filter.matches(doc)) return undefined;
    sink?.(doc, score);
    return doc;
  };
  if (plan.prefixes.length === 1 && plan.query.terms.length === 1) {
    // One term: each key is one document with its whole score, so documents stream out (a limit stops early).
    const prefix = plan.prefixes[0];
    const term = plan.query.terms[0];
    const start: IndexKey = [...prefix, term, ...Array.from({ length: width - prefix.length - 1 }, () => LOW)];
    const end: IndexKey = [...prefix, term, ...Array.from({ length: width - prefix.length - 1 }, () => HIGH)];
    for (const pair of index.tree.entries(start, reused)) {
      const key = pair[0] as IndexKey;
      if (compare(key, end) > 0) break;
      counters.keysExamined++;
      const doc = emit(key[width - 1] as number, key[prefix.length + 1] as number);
      if (doc) yield doc;
    }
    return;
  }
  const scores = new Map<number, number>();
  for (const prefix of plan.prefixes) {
    for (const term of plan.query.terms) {
      const start: IndexKey = [...prefix, term, ...Array.from({ length: width - prefix.length - 1 }, () => LOW)];
      const end: IndexKey = [...prefix, term, ...Array.from({ length: width - prefix.length - 1 }, () => HIGH)];
      for (const pair of index.tree.entries(start, reused)) {
        const key = pair[0] as IndexKey;
        if (compare(key, end) > 0) break;
        counters.keysExamined++;
        const rid = key[width - 1] as number;
        scores.set(rid, (scores.get(rid) ?? 0) + (key[prefix.length + 1] as number));
      }
    }
  }
  for (const [rid, score] of scores) {
    const doc = emit(rid, score);
    if (doc) yield doc;
  }
}
