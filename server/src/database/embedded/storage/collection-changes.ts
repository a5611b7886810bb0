/**
 * Catalog changes as pure steps from one collection version to the next, shared by the live catalog
 * commands and by recovery (which replays the journaled ChangeOps).
 */
import type { Document, IndexSpec } from '../contracts';
import { commandError } from '../errors';
import { isDocument, isNumber, renderValue, toJsNumber } from '../query/values';
import type { CollectionState } from './collection-state';
import { sameKeyPattern } from './index-specs';

export function withIndexes(state: CollectionState, specs: IndexSpec[]): CollectionState {
  const next = state.clone();
  for (const spec of specs) next.addIndex(spec);
  return next;
}

const VALIDATION_OPTIONS = new Set(['validator', 'validationLevel', 'validationAction']);
/** Fields of collMod's `index` option that may change. */
const INDEX_CHANGES = new Set(['expireAfterSeconds', 'hidden']);

function findModifiedIndex(state: CollectionState, target: Document) {
  const index =
    typeof target.name === 'string'
      ? state.findIndex(target.name)
      : isDocument(target.keyPattern)
        ? state.indexes.find((i) => sameKeyPattern(i.spec.key, target.keyPattern as Document))
        : undefined;
  if (!index)
    throw commandError('IndexNotFound', `cannot find index ${renderValue(target.name ?? target.keyPattern)} for ns ${state.ns}`);
  return index;
}

function modifyIndex(state: CollectionState, target: unknown, reply: Document): void {
  if (!isDocument(target))
    throw commandError('TypeMismatch', "BSON field 'collMod.index' is the wrong type, expected type 'object'");
  const index = findModifiedIndex(state, target);
  const spec: IndexSpec = { ...index.spec };
  for (const [field, value] of Object.entries(target)) {
    if (field === 'name' || field === 'keyPattern') continue;
    if (!INDEX_CHANGES.has(field))
      throw commandError('InvalidOptions', `collMod cannot change the index option '${field}' in the embedded database`);
    if (field === 'expireAfterSeconds') {
      if (spec.expireAfterSeconds === undefined) throw commandError('InvalidOptions', 'no expireAfterSeconds field to update');
      if (!isNumber(value) || toJsNumber(value) < 0)
        throw commandError('InvalidOptions', 'expireAfterSeconds must be a non-negative number');
    }
    if (field === 'hidden' && index.name === '_id_') throw commandError('BadValue', "can't hide _id index");
    reply[`${field}_old`] = spec[field] ?? false;
    reply[`${field}_new`] = value;
    spec[field] = value;
  }
  state.indexes = state.indexes.map((i) => (i === index ? index.withSpec(spec) : i));
}

/** collMod: validator options and index `expireAfterSeconds` / `hidden`. Returns the new version and mongod's reply fields. */
export function withCollMod(state: CollectionState, options: Document): { state: CollectionState; reply: Document } {
  const next = state.clone();
  const reply: Document = {};
  const collOptions: Document = { ...state.options };
  for (const [option, value] of Object.entries(options)) {
    if (VALIDATION_OPTIONS.has(option)) collOptions[option] = value;
    else if (option === 'index') modifyIndex(next, value, reply);
    else throw commandError('InvalidOptions', `collMod option '${option}' is not supported by the embedded database`);
  }
  next.options = collOptions;
  return { state: next, reply };
}
