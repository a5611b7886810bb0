/**
 * Whether a query implies an index's partialFilterExpression: only then does the partial index hold every
 * document the query can match. Decided per condition of the partial filter: the query must contain the
 * same condition, or one whose key intervals lie inside it (`{ a: { $gt: 10 } }` implies `{ a: { $gt: 5 } }`,
 * any non-null equality implies `{ a: { $exists: true } }`). Anything else is treated as not implied.
 */
import type { Document } from '../contracts';
import { compareValues, isDocument, typeBracket } from '../query/values';
import { MAX_EDGE, MIN_EDGE } from './key-order';
import { type Interval, isSubset } from './intervals';
import { collectConditions, eachOperatorIntervals, type FieldConditions, isOperatorObject } from './predicates';

/** Every key but null (missing fields index as null). */
const EXISTS: Interval[] = [
  { lo: MIN_EDGE, loInclusive: true, hi: null, hiInclusive: false },
  { lo: null, loInclusive: false, hi: MAX_EDGE, hiInclusive: true },
];

function requiredIntervals(condition: unknown): Interval[][] | null {
  if (isOperatorObject(condition)) {
    const ops = Object.keys(condition);
    if (ops.length === 1 && ops[0] === '$exists') return condition.$exists === true ? [EXISTS] : null;
    if (ops.some((op) => !['$eq', '$in', '$gt', '$gte', '$lt', '$lte'].includes(op))) return null;
  }
  const each = eachOperatorIntervals(condition);
  return each.length > 0 ? each : null;
}

function conditionImplied(required: unknown, present: unknown[]): boolean {
  if (present.some((p) => typeBracket(p) === typeBracket(required) && compareValues(p, required) === 0)) return true;
  const needs = requiredIntervals(required);
  if (!needs) return false;
  return needs.every((need) => present.some((p) => eachOperatorIntervals(p).some((has) => isSubset(has, need))));
}

export function impliesPartialFilter(query: FieldConditions, partialFilter: Document): boolean {
  if (!isDocument(partialFilter)) return false;
  for (const key of Object.keys(partialFilter)) if (key.startsWith('$') && key !== '$and') return false;
  for (const [field, required] of collectConditions(partialFilter)) {
    const present = query.get(field);
    if (!present || !required.every((r) => conditionImplied(r, present))) return false;
  }
  return true;
}
