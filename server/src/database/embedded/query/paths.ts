/**
 * Dotted paths through documents and arrays, with mongod's three readings of them:
 *  - `getPath`: the one value an update or projection addresses (numeric components index arrays);
 *  - `visitQueryPath`: every value a query predicate considers (arrays on the way are traversed);
 *  - `indexKeys` / `sortKeyValues`: the keys an index or a sort derives (missing → null, multikey).
 */
import type { Document } from '../contracts';
import { commandError } from '../errors';
import { compareValues, isDocument } from './values';

export function splitPath(path: string): string[] {
  return path.split('.');
}

/** A path component that addresses an array element ("0", "12"; not "01" nor "-1"). */
export function isArrayIndex(part: string): boolean {
  return /^(0|[1-9]\d*)$/.test(part);
}

/** The value at `path`, or undefined; arrays are only entered through numeric components. */
export function getPath(doc: unknown, path: string | string[]): unknown {
  const parts = typeof path === 'string' ? splitPath(path) : path;
  let current: unknown = doc;
  for (const part of parts) {
    if (Array.isArray(current)) {
      if (!isArrayIndex(part)) return undefined;
      current = current[Number(part)];
    } else if (isDocument(current)) {
      current = Object.prototype.hasOwnProperty.call(current, part) ? current[part] : undefined;
    } else {
      return undefined;
    }
  }
  return current;
}

export function hasPath(doc: unknown, path: string | string[]): boolean {
  return getPath(doc, path) !== undefined;
}

/**
 * Called with every value a query predicate on the path considers; `undefined` stands for "missing".
 * `arrayIndex` is the element position in the first array the path went through (for the positional `$`).
 * Return true from `visit` to stop: the result is then true.
 */
export type PathVisitor = (value: unknown, arrayIndex: number | undefined) => boolean;

export function visitQueryPath(doc: unknown, parts: string[], visit: PathVisitor, expandLeafArrays = true): boolean {
  return walkQuery(doc, parts, 0, undefined, visit, expandLeafArrays);
}

function walkQuery(
  value: unknown,
  parts: string[],
  i: number,
  arrayIndex: number | undefined,
  visit: PathVisitor,
  expandLeaf: boolean,
): boolean {
  if (i === parts.length) {
    if (visit(value, arrayIndex)) return true;
    if (expandLeaf && Array.isArray(value)) {
      for (let k = 0; k < value.length; k++) if (visit(value[k], arrayIndex ?? k)) return true;
    }
    return false;
  }
  const part = parts[i];
  if (isDocument(value)) {
    const next = Object.prototype.hasOwnProperty.call(value, part) ? value[part] : undefined;
    return walkQuery(next, parts, i + 1, arrayIndex, visit, expandLeaf);
  }
  if (!Array.isArray(value)) return visit(undefined, arrayIndex);

  let reachedAny = false;
  if (isArrayIndex(part) && Number(part) < value.length) {
    reachedAny = true;
    if (walkQuery(value[Number(part)], parts, i + 1, arrayIndex, visit, expandLeaf)) return true;
  }
  for (let k = 0; k < value.length; k++) {
    const element = value[k];
    // Arrays nested directly in arrays are not traversed by dotted paths.
    if (!isDocument(element)) continue;
    reachedAny = true;
    const next = Object.prototype.hasOwnProperty.call(element, part) ? element[part] : undefined;
    if (walkQuery(next, parts, i + 1, arrayIndex ?? k, visit, expandLeaf)) return true;
  }
  return reachedAny ? false : visit(undefined, arrayIndex);
}

// ---------------------------------------------------------------- index and sort keys

interface PathKeys {
  values: unknown[];
  /** The paths of the arrays met on the way (they make the index multikey). */
  arrayPaths: Set<string>;
  /** True when no value exists on the path at all (sparse indexes skip such documents). */
  missing: boolean;
}

function pushUnique(values: unknown[], v: unknown): void {
  if (!values.some((x) => compareValues(x, v) === 0)) values.push(v);
}

/** Key values of one path, as mongod's key generator derives them: missing → null, an empty array → undefined. */
export function pathKeys(doc: unknown, path: string): PathKeys {
  const parts = splitPath(path);
  const out: PathKeys = { values: [], arrayPaths: new Set(), missing: true };
  const walk = (value: unknown, i: number): void => {
    if (i === parts.length) {
      if (value === undefined) return pushUnique(out.values, null);
      out.missing = false;
      if (!Array.isArray(value)) return pushUnique(out.values, value);
      out.arrayPaths.add(parts.slice(0, i).join('.'));
      if (value.length === 0) return pushUnique(out.values, undefined);
      for (const element of value) pushUnique(out.values, element);
      return;
    }
    const part = parts[i];
    if (isDocument(value)) return walk(Object.prototype.hasOwnProperty.call(value, part) ? value[part] : undefined, i + 1);
    if (!Array.isArray(value)) return pushUnique(out.values, null);
    if (isArrayIndex(part)) return walk(value[Number(part)], i + 1);
    out.arrayPaths.add(parts.slice(0, i).join('.'));
    if (value.length === 0) return pushUnique(out.values, null);
    for (const element of value) {
      if (isDocument(element)) walk(Object.prototype.hasOwnProperty.call(element, part) ? element[part] : undefined, i + 1);
      else pushUnique(out.values, null);
    }
  };
  walk(doc, 0);
  return out;
}

/** The values a sort on `path` considers (an array contributes its elements; missing is null). */
export function sortKeyValues(doc: unknown, path: string): unknown[] {
  return pathKeys(doc, path).values;
}

function sharesArray(a: Set<string>, b: Set<string>): boolean {
  for (const p of a) for (const q of b) if (p !== q && !p.startsWith(`${q}.`) && !q.startsWith(`${p}.`)) return false;
  return true;
}

/**
 * Every key tuple `doc` produces for an index with `keyPattern` (one per combination of array elements),
 * or null when the index is sparse and every key field is missing.
 * Throws CannotIndexParallelArrays (171) when two key fields go through different arrays.
 */
export function indexKeys(doc: Document, keyPattern: Document, options: { sparse?: boolean } = {}): unknown[][] | null {
  const fields = Object.keys(keyPattern);
  const perField = fields.map((f) => pathKeys(doc, f));
  if (options.sparse && perField.every((k) => k.missing)) return null;
  const multikey = perField.map((k, i) => ({ field: fields[i], arrays: k.arrayPaths })).filter((k) => k.arrays.size > 0);
  for (let i = 0; i < multikey.length; i++) {
    for (let j = i + 1; j < multikey.length; j++) {
      if (!sharesArray(multikey[i].arrays, multikey[j].arrays)) {
        throw commandError(
          'CannotIndexParallelArrays',
          `cannot index parallel arrays [${multikey[j].field}] [${multikey[i].field}]`,
        );
      }
    }
  }
  let tuples: unknown[][] = [[]];
  for (const keys of perField) {
    const next: unknown[][] = [];
    for (const tuple of tuples) for (const v of keys.values) next.push([...tuple, v]);
    tuples = next;
  }
  return tuples;
}
