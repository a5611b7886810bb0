/**
 * Applying an update (operator document, replacement document or pipeline) to one document, with
 * mongod's validation and error codes. The input document is never mutated; `modified` is false when the
 * result is identical to the input (mongod's nModified).
 *
 * An update is compiled once per statement (`compileUpdate`), so that mongod's parse errors (unknown
 * modifiers, array filters missing or unused, a multi-document replacement) are reported even when no
 * document matches, then applied to each matched document.
 *
 * Since MongoDB 5.0 the fields of an operator update are applied in path order (lexicographic, numeric
 * components numerically), whatever their order in the update document; new fields appear in that order.
 *
 * Field names starting with `$` (MongoDB 5.0+): inserts and upserts may store them anywhere; an update
 * of an existing document may not set a top-level one through an operator or a replacement (only a
 * pipeline can, with `$setField`), and `_id` may hold none at any depth.
 */
import type { Document } from '../contracts';
import { commandError } from '../errors';
import { runPipeline } from './aggregate';
import { getPath, isArrayIndex, splitPath } from './paths';
import { parseOperator, type Action, type OperatorContext } from './update-operators';
import {
  arrayUpdateIdentifier,
  compileArrayFilters,
  DocumentWriter,
  expandUpdatePath,
  type ArrayFilterSet,
  type PositionalContext,
} from './update-paths';
import { compareStrings, identicalValues, isDocument, renderValue } from './values';

export interface CompileUpdateOptions {
  arrayFilters?: Document[];
  /** The update may change several documents (mongod refuses a replacement then). */
  multi?: boolean;
}

export interface ApplyOptions {
  /** The `arrayIndex` of the filter match, for the positional `$`. */
  positionalIndex?: number;
  /**
   * True when the update applies to the seed document of an upsert: enables `$setOnInsert`, and the result
   * is validated as an inserted document (top-level `$` field names allowed).
   */
  isUpsertInsert?: boolean;
  now: Date;
}

export interface UpdateOptions extends ApplyOptions {
  arrayFilters?: Document[];
}

export interface CompiledUpdate {
  kind: 'operators' | 'replacement' | 'pipeline';
  apply(doc: Document, options: ApplyOptions): UpdateResult;
}

export interface UpdateResult {
  doc: Document;
  modified: boolean;
}

const OPERATORS = new Set([
  '$set',
  '$unset',
  '$inc',
  '$mul',
  '$min',
  '$max',
  '$rename',
  '$setOnInsert',
  '$currentDate',
  '$push',
  '$addToSet',
  '$pop',
  '$pull',
  '$pullAll',
  '$bit',
]);

const PIPELINE_UPDATE_STAGES = new Set(['$addFields', '$set', '$project', '$unset', '$replaceRoot', '$replaceWith']);

export function isOperatorUpdate(update: unknown): boolean {
  if (!isDocument(update)) return false;
  const first = Object.keys(update)[0];
  return first !== undefined && first.startsWith('$');
}

/** Parses an update (operator document, replacement document or pipeline) once, with mongod's parse errors. */
export function compileUpdate(update: Document | Document[], options: CompileUpdateOptions = {}): CompiledUpdate {
  if (Array.isArray(update)) return compilePipelineUpdate(update, options);
  if (!isDocument(update)) throw commandError('FailedToParse', 'Update argument must be either an object or an array');
  if (isOperatorUpdate(update)) return compileOperatorUpdate(update, options);
  return compileReplacement(update, options);
}

export function applyUpdate(doc: Document, update: Document | Document[], options: UpdateOptions): UpdateResult {
  return compileUpdate(update, { arrayFilters: options.arrayFilters }).apply(doc, options);
}

// ---------------------------------------------------------------- validation

function dollarPrefixedField(name: string): Error {
  return commandError(
    'DollarPrefixedFieldName',
    `The dollar ($) prefixed field '${name}' in '${name}' is not allowed in the context of an update's replacement document. Consider using an aggregation pipeline with $replaceWith.`,
  );
}

/**
 * A replacement of an existing document may not hold update operators or other `$`-prefixed top-level
 * fields (deeper ones are allowed).
 */
export function validateReplacement(doc: Document): void {
  const key = Object.keys(doc).find((k) => k.startsWith('$'));
  if (key !== undefined) throw dollarPrefixedField(key);
}

/**
 * The first `$`-prefixed field name at any depth of `value`. A DBRef (`{ $ref, $id, $db }`, the only
 * `$`-prefixed names mongod accepts there) arrives from the wire as a `DBRef`, not as a document.
 */
function dollarPrefixedFieldIn(value: unknown): string | undefined {
  if (Array.isArray(value)) {
    for (const element of value) {
      const found = dollarPrefixedFieldIn(element);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (!isDocument(value)) return undefined;
  for (const [key, child] of Object.entries(value)) {
    if (key.startsWith('$')) return key;
    const found = dollarPrefixedFieldIn(child);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * What every stored document must satisfy (inserts, upserts and update results): an `_id` that is not an
 * array, a regex or undefined and holds no `$`-prefixed field. Other field names are free since MongoDB 5.0:
 * `$`-prefixed and dotted names are stored as they are, at any level.
 */
export function validateStorableDocument(doc: Document): void {
  const id = doc._id;
  if (Array.isArray(id)) throw commandError('InvalidIdField', "The '_id' value cannot be of type array");
  if (id instanceof RegExp || (id as { _bsontype?: string } | null)?._bsontype === 'BSONRegExp') {
    throw commandError('InvalidIdField', "The '_id' value cannot be of type regex");
  }
  if (id === undefined && '_id' in doc) throw commandError('InvalidIdField', "The '_id' value cannot be of type undefined");
  const dollar = dollarPrefixedFieldIn(id);
  if (dollar !== undefined) {
    throw commandError(
      'DollarPrefixedFieldName',
      `_id fields may not contain '$'-prefixed fields: ${dollar} is not valid for storage.`,
    );
  }
}

function checkIdUnchanged(before: Document, after: Document): void {
  if (before._id !== undefined && !identicalValues(before._id, after._id)) {
    if (after._id === undefined) {
      throw commandError('ImmutableField', "Performing an update on the path '_id' would modify the immutable field '_id'");
    }
    throw commandError(
      'ImmutableField',
      `After applying the update, the (immutable) field '_id' was found to have been altered to _id: ${renderValue(after._id)}`,
    );
  }
}

function finish(before: Document, after: Document): UpdateResult {
  checkIdUnchanged(before, after);
  validateStorableDocument(after);
  return { doc: after, modified: !identicalValues(before, after) };
}

// ---------------------------------------------------------------- replacement and pipeline

function compileReplacement(replacement: Document, options: CompileUpdateOptions): CompiledUpdate {
  if (options.multi) throw commandError('FailedToParse', 'multi update is not supported for replacement-style update');
  if (options.arrayFilters && options.arrayFilters.length > 0) {
    throw commandError('FailedToParse', 'Cannot use array filters with a replacement-style update');
  }
  if (replacement._id !== undefined) validateStorableDocument({ _id: replacement._id });
  return {
    kind: 'replacement',
    apply: (doc, { isUpsertInsert }) => {
      // An upsert inserts the replacement, validated as an insert.
      if (!isUpsertInsert) validateReplacement(replacement);
      // The original _id stays (first) when the replacement has none; otherwise the replacement's order is kept.
      const result =
        replacement._id === undefined && doc._id !== undefined ? { _id: doc._id, ...replacement } : { ...replacement };
      return finish(doc, result);
    },
  };
}

function compilePipelineUpdate(pipeline: Document[], options: CompileUpdateOptions): CompiledUpdate {
  if (options.arrayFilters && options.arrayFilters.length > 0) {
    throw commandError('FailedToParse', 'arrayFilters may not be specified for pipeline-style updates');
  }
  for (const stage of pipeline) {
    const name = isDocument(stage) ? Object.keys(stage)[0] : undefined;
    if (!name || !PIPELINE_UPDATE_STAGES.has(name)) {
      throw commandError('InvalidOptions', `${name ?? 'A non-object stage'} is not allowed to be used within an update`);
    }
  }
  return {
    kind: 'pipeline',
    apply: (doc, { now }) => {
      const [out] = runPipeline([doc], pipeline, {
        now,
        resolveCollection: () => {
          throw commandError('InvalidOptions', 'Update pipelines cannot read other collections');
        },
      });
      if (!out) throw commandError('InternalError', 'The update pipeline produced no document');
      // A pipeline may write top-level `$`-prefixed fields ($replaceWith with $setField).
      const result = out._id === undefined && doc._id !== undefined ? { _id: doc._id, ...out } : out;
      return finish(doc, result);
    },
  };
}

// ---------------------------------------------------------------- operator updates

interface FieldUpdate {
  op: string;
  path: string;
  parts: string[];
  /** For $rename, the destination. */
  to?: string[];
  action: Action;
}

/**
 * Splits and checks an update path. Other `$`-prefixed components are field names (MongoDB 5.0+): whether
 * the update may write them is decided on the document (see checkTopLevelDollarField).
 */
function validateUpdatePath(path: string, op: string, allowPositional: boolean): string[] {
  if (path === '') throw commandError('EmptyFieldName', 'An empty update path is not valid.');
  const parts = splitPath(path);
  let positional = 0;
  for (const [i, part] of parts.entries()) {
    if (part === '')
      throw commandError('EmptyFieldName', `The update path '${path}' contains an empty field name, which is not allowed.`);
    const identifier = arrayUpdateIdentifier(part);
    if (part !== '$' && identifier === undefined) continue;
    if (!allowPositional) throw commandError('BadValue', `The source field for ${op} may not be dynamic: ${path}`);
    if (i === 0) {
      throw commandError(
        'BadValue',
        part === '$'
          ? `Cannot have positional (i.e. '$') element in the first position in path '${path}'`
          : `Cannot have array filter identifier (i.e. '$[<id>]') element in the first position in path '${path}'`,
      );
    }
    if (part === '$' && ++positional > 1)
      throw commandError('BadValue', `Too many positional (i.e. '$') elements found in path '${path}'`);
  }
  return parts;
}

function parseRename(from: string, to: unknown): FieldUpdate {
  if (typeof to !== 'string')
    throw commandError('BadValue', `The 'to' field for $rename must be a string: ${from}: ${renderValue(to)}`);
  const fromParts = validateUpdatePath(from, '$rename', false);
  const toParts = validateUpdatePath(to, '$rename', false);
  if (from === to)
    throw commandError('BadValue', `The source and target field for $rename must differ: ${from}: ${renderValue(to)}`);
  if (isPrefix(fromParts, toParts) || isPrefix(toParts, fromParts)) {
    throw commandError(
      'BadValue',
      `The source and target field for $rename must not be on the same path: ${from}: ${renderValue(to)}`,
    );
  }
  const action: Action = (w, parts) => {
    const value = w.get(parts);
    if (value === undefined) return;
    for (const [label, path] of [
      ['source', parts],
      ['destination', toParts],
    ] as const) {
      if (throughArray(w.root, path)) {
        throw commandError(
          'BadValue',
          `The ${label} field cannot be an array element, '${path.join('.')}' in doc with ${renderValue(w.root)}`,
        );
      }
    }
    w.unset(parts);
    w.set(toParts, value);
  };
  return { op: '$rename', path: from, parts: fromParts, to: toParts, action };
}

function throughArray(doc: Document, parts: string[]): boolean {
  let current: unknown = doc;
  for (const part of parts) {
    if (Array.isArray(current)) return true;
    if (!isDocument(current)) return false;
    current = current[part];
  }
  return false;
}

function isPrefix(a: string[], b: string[]): boolean {
  return a.length <= b.length && a.every((p, i) => p === b[i]);
}

function comparePaths(a: string[], b: string[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (a[i] === b[i]) continue;
    if (isArrayIndex(a[i]) && isArrayIndex(b[i])) return Number(a[i]) - Number(b[i]);
    return compareStrings(a[i], b[i]);
  }
  return a.length - b.length;
}

/** Throws ConflictingUpdateOperators when one path equals or contains another. */
function checkConflicts(paths: string[][], runtime: boolean): void {
  const sorted = [...paths].sort(comparePaths);
  for (let i = 0; i + 1 < sorted.length; i++) {
    if (isPrefix(sorted[i], sorted[i + 1])) {
      const at = sorted[i].join('.');
      throw commandError(
        'ConflictingUpdateOperators',
        runtime
          ? `Update created a conflict at '${at}'`
          : `Updating the path '${sorted[i + 1].join('.')}' would create a conflict at '${at}'`,
      );
    }
  }
}

function parseOperatorUpdate(update: Document): FieldUpdate[] {
  const fields: FieldUpdate[] = [];
  for (const [op, args] of Object.entries(update)) {
    if (!OPERATORS.has(op)) {
      throw commandError(
        'FailedToParse',
        `Unknown modifier: ${op}. Expected a valid update modifier or pipeline-style update specified as an array`,
      );
    }
    if (!isDocument(args)) {
      throw commandError(
        'FailedToParse',
        `Modifiers operate on fields but we found type ${Array.isArray(args) ? 'array' : typeof args} instead. For example: {$mod: {<field>: ...}} not {${op}: ${renderValue(args)}}`,
      );
    }
    for (const [path, arg] of Object.entries(args)) {
      if (op === '$rename') fields.push(parseRename(path, arg));
      else fields.push({ op, path, parts: validateUpdatePath(path, op, true), action: parseOperator(op, path, arg) });
    }
  }
  checkConflicts(
    fields.flatMap((f) => (f.to ? [f.parts, f.to] : [f.parts])),
    false,
  );
  return fields;
}

/** Every `$[<id>]` of the update needs an array filter, and every array filter must be used. */
function checkArrayFilterIdentifiers(fields: FieldUpdate[], arrayFilters: ArrayFilterSet, update: Document): void {
  const used = new Set<string>();
  for (const field of fields) {
    for (const part of field.parts) {
      const id = arrayUpdateIdentifier(part);
      if (!id) continue;
      if (!arrayFilters.has(id))
        throw commandError('BadValue', `No array filter found for identifier '${id}' in path '${field.path}'`);
      used.add(id);
    }
  }
  for (const id of arrayFilters.keys()) {
    if (!used.has(id)) {
      throw commandError(
        'FailedToParse',
        `The array filter for identifier '${id}' was not used in the update ${renderValue(update)}`,
      );
    }
  }
}

/**
 * An update of an existing document may not write a top-level `$`-prefixed field (mongod validates the
 * element the update wrote): setting or changing one, or creating one with a path through it, is refused;
 * removing one, or writing below one that exists, is allowed.
 */
function checkTopLevelDollarField(before: Document, after: Document, parts: string[]): void {
  const top = parts[0];
  if (!top.startsWith('$')) return;
  const was = getPath(before, [top]);
  const now = getPath(after, [top]);
  if (now === undefined || identicalValues(was, now)) return;
  if (parts.length > 1 && was !== undefined) return;
  throw dollarPrefixedField(top);
}

function compileOperatorUpdate(update: Document, options: CompileUpdateOptions): CompiledUpdate {
  const arrayFilters = compileArrayFilters(options.arrayFilters);
  const fields = parseOperatorUpdate(update);
  checkArrayFilterIdentifiers(fields, arrayFilters, update);
  return {
    kind: 'operators',
    apply: (doc, { positionalIndex, isUpsertInsert = false, now }) => {
      const positional: PositionalContext = { positionalIndex, arrayFilters };
      const steps = fields.flatMap((field) => expandUpdatePath(doc, field.parts, positional).map((parts) => ({ field, parts })));
      checkConflicts(
        steps.flatMap((s) => (s.field.to ? [s.parts, s.field.to] : [s.parts])),
        true,
      );
      steps.sort((a, b) => comparePaths(a.field.to ?? a.parts, b.field.to ?? b.parts));

      const writer = new DocumentWriter(doc);
      const ctx: OperatorContext = { now, isUpsertInsert, describe: () => `_id: ${renderValue(doc._id)}` };
      for (const step of steps) step.field.action(writer, step.parts, ctx);
      if (!isUpsertInsert) {
        for (const step of steps) checkTopLevelDollarField(doc, writer.root, step.field.to ?? step.parts);
      }
      return finish(doc, writer.root);
    },
  };
}

// ---------------------------------------------------------------- upserts

/**
 * The document an upsert starts from: the filter's equality conditions (`$and` and single-branch `$or`
 * flattened; other `$or`, `$nor`, `$expr`, ranges, `$in`, `$elemMatch`, regexes contribute nothing).
 * A replacement upsert takes only `_id` from the filter (`idOnly`).
 */
export function upsertSeed(filter: Document, options: { idOnly?: boolean } = {}): Document {
  const seed: Document = {};
  const seen: string[][] = [];
  const put = (path: string, value: unknown): void => {
    const parts = splitPath(path);
    if (options.idOnly && parts[0] !== '_id') return;
    const clash = seen.find((p) => isPrefix(p, parts) || isPrefix(parts, p));
    if (clash) {
      throw commandError(
        'NotSingleValueField',
        clash.length === parts.length
          ? `cannot infer query fields to set, path '${path}' is matched twice`
          : `cannot infer query fields to set, both paths '${path}' and '${clash.join('.')}' are matched`,
      );
    }
    seen.push(parts);
    let current = seed;
    for (const part of parts.slice(0, -1)) {
      if (!isDocument(current[part])) current[part] = {};
      current = current[part] as Document;
    }
    current[parts[parts.length - 1]] = value;
  };
  const collect = (clause: Document): void => {
    for (const [key, value] of Object.entries(clause)) {
      if (key === '$and' || (key === '$or' && Array.isArray(value) && value.length === 1)) {
        for (const branch of value as unknown[]) if (isDocument(branch)) collect(branch);
      } else if (key.startsWith('$')) {
        continue;
      } else if (isOperatorUpdate(value)) {
        if ('$eq' in (value as Document)) put(key, (value as Document).$eq);
      } else if (!(value instanceof RegExp) && (value as { _bsontype?: string } | null)?._bsontype !== 'BSONRegExp') {
        put(key, value);
      }
    }
  };
  collect(filter);
  return seed;
}
