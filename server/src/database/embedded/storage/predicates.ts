/**
 * What a filter says about single fields, in the form the planner needs: the conditions on each field
 * (top level and inside `$and`), and the index key intervals a condition allows. Conditions the planner
 * cannot turn into intervals (`$ne`, `$regex`, `$exists`, `$or`, …) just do not narrow a scan; the full
 * filter still decides which documents match.
 */
import type { Document } from '../contracts';
import { bsonTypeName, isDocument, typeBracket } from '../query/values';
import { edgeAfter, edgeBefore } from './key-order';
import { intersect, type Interval, isPoint, point, points } from './intervals';

/** Conditions per dotted field path: each the filter's value for that field (a value or an operator object). */
export type FieldConditions = Map<string, unknown[]>;

export function collectConditions(filter: Document, into: FieldConditions = new Map()): FieldConditions {
  for (const key of Object.keys(filter)) {
    const value = filter[key];
    if (key === '$and' && Array.isArray(value)) {
      for (const branch of value) if (isDocument(branch)) collectConditions(branch, into);
    } else if (!key.startsWith('$')) {
      const list = into.get(key);
      if (list) list.push(value);
      else into.set(key, [value]);
    }
  }
  return into;
}

export function isOperatorObject(value: unknown): value is Document {
  if (!isDocument(value)) return false;
  for (const key in value) return key.startsWith('$');
  return false;
}

function isRegex(value: unknown): boolean {
  return bsonTypeName(value) === 'regex';
}

/** Keys an equality with `value` can meet: an array also matches documents holding its first element. */
function equalityIntervals(value: unknown): Interval[] | null {
  if (isRegex(value)) return null;
  if (value === null || value === undefined) return points([undefined, null]);
  if (Array.isArray(value)) return points([value.length > 0 ? value[0] : undefined, value]);
  return [point(value)];
}

const UNRANGEABLE_BRACKETS = new Set([typeBracket(null), typeBracket(undefined), typeBracket([]), -1, 127]);

function rangeIntervals(op: string, operand: unknown): Interval[] | null {
  if (isRegex(operand) || UNRANGEABLE_BRACKETS.has(typeBracket(operand))) return null;
  switch (op) {
    case '$gt':
    case '$gte':
      return [{ lo: operand, loInclusive: op === '$gte', hi: edgeAfter(operand), hiInclusive: false }];
    default:
      return [{ lo: edgeBefore(operand), loInclusive: false, hi: operand, hiInclusive: op === '$lte' }];
  }
}

function operatorIntervals(op: string, operand: unknown): Interval[] | null {
  switch (op) {
    case '$eq':
      return equalityIntervals(operand);
    case '$in': {
      if (!Array.isArray(operand)) return null;
      const values: unknown[] = [];
      for (const element of operand) {
        const keys = equalityIntervals(element);
        if (!keys) return null;
        for (const k of keys) values.push(k.lo);
      }
      return points(values);
    }
    case '$gt':
    case '$gte':
    case '$lt':
    case '$lte':
      return rangeIntervals(op, operand);
    default:
      return null;
  }
}

/** The intervals of one operator of `condition` (for partial-index implication, where each must hold alone). */
export function eachOperatorIntervals(condition: unknown): Interval[][] {
  if (!isOperatorObject(condition)) {
    const keys = equalityIntervals(condition);
    return keys ? [keys] : [];
  }
  const out: Interval[][] = [];
  for (const op of Object.keys(condition)) {
    const keys = operatorIntervals(op, condition[op]);
    if (keys) out.push(keys);
  }
  return out;
}

/**
 * Key intervals all `conditions` on one field allow, or null when none of them narrows the field.
 * On a multikey field different conditions may be met by different array elements, so their intervals
 * must not be intersected: one condition's intervals (preferably points) are used alone.
 */
export function fieldIntervals(conditions: unknown[], multikey: boolean): Interval[] | null {
  const candidates: Interval[][] = [];
  for (const condition of conditions) candidates.push(...eachOperatorIntervals(condition));
  if (candidates.length === 0) return null;
  if (multikey) return candidates.find((c) => c.every(isPoint)) ?? candidates[0];
  return candidates.reduce((acc, next) => intersect(acc, next));
}
