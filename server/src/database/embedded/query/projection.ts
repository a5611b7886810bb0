/**
 * Projections of `find` (and the `$project` stage): inclusion or exclusion, `_id` included unless
 * excluded, the find-only operators `$slice`, `$elemMatch` and `field.$`, and aggregation expressions
 * for computed fields (MongoDB 4.4+). Included fields keep the document's order; computed fields follow.
 */
import type { Document } from '../contracts';
import { commandError } from '../errors';
import { compileExpression, type ExpressionContext } from './expression';
import { compileFilter } from './filter';
import { splitPath } from './paths';
import { isDocument, isNumber, toJsNumber } from './values';

export interface ProjectionOptions extends Partial<ExpressionContext> {
  /** `$project` reads `$slice` / `$elemMatch` as expression operators and has no positional `$`. */
  aggregation?: boolean;
}

export type Projector = (doc: Document, positionalIndex?: number) => Document;

type Field =
  | { kind: 'include' }
  | { kind: 'exclude' }
  | { kind: 'compute'; evaluate: (doc: Document) => unknown }
  | { kind: 'slice'; skip: number; limit?: number }
  | { kind: 'elemMatch'; test: (element: unknown) => boolean }
  | { kind: 'positional' };

interface Node {
  field?: Field;
  children: Map<string, Node>;
  /** Whether this node or one below computes a value (set once compiled: projecting runs per document). */
  computes?: boolean;
}

function flatten(spec: Document, prefix: string, out: Array<[string, unknown]>): void {
  for (const [key, value] of Object.entries(spec)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (key.startsWith('$') && !(prefix && key === '$'))
      throw commandError('BadValue', `FieldPath field names may not start with '$'. Given: ${path}`);
    if (isDocument(value) && Object.keys(value).length > 0 && !Object.keys(value)[0].startsWith('$')) flatten(value, path, out);
    else out.push([path, value]);
  }
}

function parseField(path: string, value: unknown, options: ProjectionOptions): Field {
  if (typeof value === 'boolean' || isNumber(value)) {
    return (typeof value === 'boolean' ? value : toJsNumber(value) !== 0) ? { kind: 'include' } : { kind: 'exclude' };
  }
  if (!options.aggregation && isDocument(value)) {
    if ('$slice' in value && Object.keys(value).length === 1) return parseSlice(path, value.$slice);
    if ('$elemMatch' in value && Object.keys(value).length === 1) {
      if (!isDocument(value.$elemMatch)) throw commandError('BadValue', 'elemMatch: Invalid argument, object required.');
      const filter = compileFilter(
        { element: { $elemMatch: value.$elemMatch } },
        { now: options.now, variables: options.variables },
      );
      return { kind: 'elemMatch', test: (e) => filter.matches({ element: [e] }) };
    }
  }
  const evaluate = compileExpression(value, {
    now: options.now ?? new Date(),
    variables: options.variables,
    collation: options.collation,
  });
  return { kind: 'compute', evaluate };
}

function parseSlice(path: string, arg: unknown): Field {
  if (isNumber(arg)) {
    const n = Math.trunc(toJsNumber(arg));
    return n >= 0 ? { kind: 'slice', skip: 0, limit: n } : { kind: 'slice', skip: n };
  }
  if (Array.isArray(arg) && arg.length === 2 && arg.every(isNumber)) {
    const limit = toJsNumber(arg[1]);
    if (limit <= 0) throw commandError('BadValue', `$slice limit must be positive for field ${path}`);
    return { kind: 'slice', skip: Math.trunc(toJsNumber(arg[0])), limit };
  }
  throw commandError('BadValue', `$slice only supports numbers and [skip, limit] arrays for field ${path}`);
}

function insert(root: Node, parts: string[], field: Field, path: string): void {
  let node = root;
  for (const part of parts) {
    if (node.field) throw commandError('BadValue', `Path collision at ${path}`);
    let child = node.children.get(part);
    if (!child) {
      child = { children: new Map() };
      node.children.set(part, child);
    }
    node = child;
  }
  if (node.field || node.children.size > 0) throw commandError('BadValue', `Path collision at ${path}`);
  node.field = field;
}

export function compileProjection(projection: Document | undefined | null, options: ProjectionOptions = {}): Projector {
  if (projection === undefined || projection === null || Object.keys(projection).length === 0) return (doc) => doc;
  if (!isDocument(projection)) throw commandError('TypeMismatch', 'projection must be an object');
  const entries: Array<[string, unknown]> = [];
  flatten(projection, '', entries);
  const root: Node = { children: new Map() };
  let inclusion = false;
  let exclusion = false;
  let excludeId = false;
  let includeId = false;
  for (const [rawPath, value] of entries) {
    const positional = !options.aggregation && rawPath.endsWith('.$');
    const path = positional ? rawPath.slice(0, -2) : rawPath;
    const field: Field = positional ? { kind: 'positional' } : parseField(path, value, options);
    if (path === '_id' && (field.kind === 'include' || field.kind === 'exclude')) {
      excludeId = field.kind === 'exclude';
      includeId = !excludeId;
      if (excludeId) continue;
    } else if (field.kind === 'exclude') {
      if (inclusion) throw commandError('BadValue', `Cannot do exclusion on field ${path} in inclusion projection`);
      exclusion = true;
    } else if (field.kind !== 'slice') {
      if (exclusion) throw commandError('BadValue', `Cannot do inclusion on field ${path} in exclusion projection`);
      inclusion = true;
    }
    insert(root, splitPath(path), field, path);
  }
  // `{ _id: 1 }` alone is an inclusion projection: the _id only, as in mongod.
  if (includeId && !exclusion) inclusion = true;
  if (!inclusion) {
    if (excludeId) insert(root, ['_id'], { kind: 'exclude' }, '_id');
    markComputing(root);
    return (doc, positionalIndex) => project(doc, root, doc, false, positionalIndex) as Document;
  }
  if (!excludeId && !root.children.has('_id'))
    root.children = new Map([['_id', { field: { kind: 'include' }, children: new Map() }], ...root.children]);
  markComputing(root);
  return (doc, positionalIndex) => project(doc, root, doc, true, positionalIndex) as Document;
}

function sliceArray(items: unknown[], field: Extract<Field, { kind: 'slice' }>): unknown[] {
  const start = field.skip >= 0 ? field.skip : Math.max(0, items.length + field.skip);
  return field.limit === undefined ? items.slice(start) : items.slice(start, start + field.limit);
}

/** The value a leaf field produces, or undefined to leave it out. */
function leafValue(value: unknown, field: Field, root: Document, positionalIndex: number | undefined): unknown {
  switch (field.kind) {
    case 'include':
      return value;
    case 'exclude':
      return undefined;
    case 'compute':
      return field.evaluate(root);
    case 'slice':
      return Array.isArray(value) ? sliceArray(value, field) : value;
    case 'elemMatch': {
      if (!Array.isArray(value)) return undefined;
      const found = value.find(field.test);
      return found === undefined ? undefined : [found];
    }
    case 'positional':
      if (!Array.isArray(value)) return value;
      if (positionalIndex === undefined || positionalIndex >= value.length) {
        throw commandError(
          'BadValue',
          "Executor error during find command :: caused by :: positional operator '.$' couldn't find a matching element in the array",
        );
      }
      return [value[positionalIndex]];
  }
}

function project(value: unknown, node: Node, root: Document, inclusion: boolean, positionalIndex: number | undefined): unknown {
  if (Array.isArray(value)) {
    const items = value.map((e) =>
      isDocument(e) || Array.isArray(e) ? project(e, node, root, inclusion, positionalIndex) : inclusion ? undefined : e,
    );
    return items.filter((e) => e !== undefined);
  }
  if (!isDocument(value)) return inclusion ? undefined : value;
  const out: Document = {};
  for (const key of Object.keys(value)) {
    const v = value[key];
    const child = node.children.get(key);
    if (!child) {
      if (!inclusion) out[key] = v;
      continue;
    }
    const projected = child.field
      ? leafValue(v, child.field, root, positionalIndex)
      : project(v, child, root, inclusion, positionalIndex);
    if (projected !== undefined && !(child.field?.kind === 'compute')) out[key] = projected;
  }
  if (node.computes) addComputed(out, node, root, value);
  return out;
}

/** Computed fields are written whether or not the document had them. */
function addComputed(out: Document, node: Node, root: Document, source: Document): void {
  for (const [key, child] of node.children) {
    if (child.field?.kind === 'compute') {
      const v = child.field.evaluate(root);
      if (v !== undefined) out[key] = v;
      else delete out[key];
    } else if (!child.field && child.computes && !isDocument(source[key]) && !Array.isArray(source[key])) {
      const nested: Document = {};
      addComputed(nested, child, root, {});
      out[key] = nested;
    }
  }
}

function markComputing(node: Node): boolean {
  let computes = node.field?.kind === 'compute';
  for (const child of node.children.values()) if (markComputing(child)) computes = true;
  node.computes = computes;
  return computes;
}
