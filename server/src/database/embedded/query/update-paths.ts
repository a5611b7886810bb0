/**
 * Where update operators write: a copy-on-write document (only the containers on changed paths are
 * copied, the input is never mutated) and the resolution of positional paths (`$`, `$[]`, `$[<id>]`)
 * into concrete ones.
 */
import type { Document } from '../contracts';
import { commandError } from '../errors';
import { compileFilter } from './filter';
import { getPath, isArrayIndex } from './paths';
import { cloneValue, isDocument, renderValue } from './values';

type Container = Document | unknown[];

export class DocumentWriter {
  readonly root: Document;
  private readonly owned = new WeakSet<object>();

  constructor(original: Document) {
    this.root = { ...original };
    this.owned.add(this.root);
  }

  get(parts: string[]): unknown {
    return getPath(this.root, parts);
  }

  /** The child container at `key`, copied first if this update has not copied it yet. */
  private ownChild(parent: Container, key: string): unknown {
    const child = (parent as Record<string, unknown>)[key];
    if ((Array.isArray(child) || isDocument(child)) && !this.owned.has(child)) {
      const copy = Array.isArray(child) ? [...child] : { ...child };
      this.owned.add(copy);
      (parent as Record<string, unknown>)[key] = copy;
      return copy;
    }
    return child;
  }

  /** The container holding the last component of `parts`; intermediate documents are created when `create`. */
  private parentOf(parts: string[], create: boolean): Container | undefined {
    let current: Container = this.root;
    for (let i = 0; i < parts.length - 1; i++) {
      const part = parts[i];
      if (Array.isArray(current) && !isArrayIndex(part)) {
        if (!create) return undefined;
        throw cannotCreate(parts[i], parts.slice(0, i), current);
      }
      let child = this.ownChild(current, part);
      if (child === undefined) {
        if (!create) return undefined;
        child = {};
        this.owned.add(child as Document);
        assign(current, part, child);
      } else if (!Array.isArray(child) && !isDocument(child)) {
        if (!create) return undefined;
        throw cannotCreate(parts[i + 1], parts.slice(0, i + 1), child);
      }
      current = child as Container;
    }
    return current;
  }

  set(parts: string[], value: unknown): void {
    const container = this.parentOf(parts, true) as Container;
    const key = parts[parts.length - 1];
    if (Array.isArray(container) && !isArrayIndex(key)) throw cannotCreate(key, parts.slice(0, -1), container);
    assign(container, key, cloneValue(value));
  }

  unset(parts: string[]): void {
    const container = this.parentOf(parts, false);
    if (!container) return;
    const key = parts[parts.length - 1];
    if (Array.isArray(container)) {
      // Unsetting an array element leaves a null in its place, as mongod does.
      if (isArrayIndex(key) && Number(key) < container.length) container[Number(key)] = null;
    } else if (Object.prototype.hasOwnProperty.call(container, key)) {
      delete container[key];
    }
  }
}

function assign(container: Container, key: string, value: unknown): void {
  if (Array.isArray(container)) {
    const index = Number(key);
    while (container.length < index) container.push(null);
    container[index] = value;
  } else {
    container[key] = value;
  }
}

function cannotCreate(field: string, at: string[], element: unknown): Error {
  const name = at.length > 0 ? at[at.length - 1] : '';
  return commandError('PathNotViable', `Cannot create field '${field}' in element {${name}: ${renderValue(element)}}`);
}

// ---------------------------------------------------------------- positional paths

const ARRAY_FILTER_FIELD = '__memberloop_array_element';
const IDENTIFIER = /^\$\[([a-z][a-zA-Z0-9]*)?\]$/;

export type ArrayFilterSet = Map<string, (element: unknown) => boolean>;

function renameIdentifier(filter: Document, id: string): Document {
  const out: Document = {};
  for (const [key, value] of Object.entries(filter)) {
    if (key === '$and' || key === '$or' || key === '$nor') {
      out[key] = Array.isArray(value) ? value.map((v) => (isDocument(v) ? renameIdentifier(v, id) : v)) : value;
    } else if (key === id || key.startsWith(`${id}.`)) {
      out[ARRAY_FILTER_FIELD + key.slice(id.length)] = value;
    } else {
      out[key] = value;
    }
  }
  return out;
}

function identifierOf(filter: Document): string {
  const ids = new Set<string>();
  const collect = (doc: Document): void => {
    for (const [key, value] of Object.entries(doc)) {
      if (key === '$and' || key === '$or' || key === '$nor') {
        if (Array.isArray(value)) for (const v of value) if (isDocument(v)) collect(v);
      } else if (!key.startsWith('$')) ids.add(key.split('.')[0]);
    }
  };
  collect(filter);
  if (ids.size === 0) {
    throw commandError('FailedToParse', 'Cannot use an expression without a top-level field name in arrayFilters');
  }
  if (ids.size !== 1) {
    throw commandError(
      'FailedToParse',
      `Error parsing array filter :: caused by :: Expected a single top-level field name, found ${[...ids].map((i) => `'${i}'`).join(' and ')}`,
    );
  }
  const [id] = ids;
  if (!/^[a-z][a-zA-Z0-9]*$/.test(id)) {
    throw commandError(
      'BadValue',
      `Error parsing array filter :: caused by :: The top-level field name must be an alphanumeric string beginning with a lowercase letter, found '${id}'`,
    );
  }
  return id;
}

export function compileArrayFilters(filters: Document[] | undefined): ArrayFilterSet {
  const out: ArrayFilterSet = new Map();
  for (const filter of filters ?? []) {
    if (!isDocument(filter)) throw commandError('TypeMismatch', 'arrayFilters entries must be objects');
    // mongod parses the filter before looking for its identifier ($where, unknown operators fail first).
    compileFilter(filter, { restricted: true });
    const id = identifierOf(filter);
    if (out.has(id)) throw commandError('FailedToParse', `Found multiple array filters with the same top-level field name ${id}`);
    const compiled = compileFilter(renameIdentifier(filter, id), { restricted: true });
    out.set(id, (element) => compiled.matches({ [ARRAY_FILTER_FIELD]: element }));
  }
  return out;
}

/** The identifier of a `$[<id>]` component, '' for `$[]`, undefined for anything else. */
export function arrayUpdateIdentifier(part: string): string | undefined {
  const m = IDENTIFIER.exec(part);
  return m ? (m[1] ?? '') : undefined;
}

export interface PositionalContext {
  positionalIndex?: number;
  arrayFilters: ArrayFilterSet;
}

/** Every concrete path a (possibly positional) update path addresses in `doc`. */
export function expandUpdatePath(doc: Document, parts: string[], ctx: PositionalContext): string[][] {
  const out: string[][] = [];
  const walk = (value: unknown, i: number, prefix: string[]): void => {
    if (i === parts.length) {
      out.push(prefix);
      return;
    }
    const part = parts[i];
    if (part === '$') {
      if (ctx.positionalIndex === undefined) {
        throw commandError('BadValue', 'The positional operator did not find the match needed from the query.');
      }
      const index = ctx.positionalIndex;
      walk(Array.isArray(value) ? value[index] : undefined, i + 1, [...prefix, String(index)]);
      return;
    }
    const id = arrayUpdateIdentifier(part);
    if (id !== undefined) {
      if (!Array.isArray(value)) {
        throw commandError(
          'BadValue',
          `The path '${prefix.join('.')}' must exist in the document in order to apply array updates.`,
        );
      }
      const accept = id === '' ? () => true : ctx.arrayFilters.get(id);
      if (!accept) throw commandError('BadValue', `No array filter found for identifier '${id}' in path '${parts.join('.')}'`);
      value.forEach((element, k) => {
        if (accept(element)) walk(element, i + 1, [...prefix, String(k)]);
      });
      return;
    }
    walk(getPath(value, [part]), i + 1, [...prefix, part]);
  };
  walk(doc, 0, []);
  return out;
}
