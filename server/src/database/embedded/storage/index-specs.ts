/**
 * Index specifications as createIndexes receives them: validation with mongod's codes, the default
 * name, and the comparisons that decide "already exists" versus IndexOptionsConflict / IndexKeySpecsConflict.
 */
import { parseCollation } from '../query/collation';
import type { Document, IndexSpec } from '../contracts';
import { commandError, MongoCommandError } from '../errors';
import { compileFilter } from '../query/filter';
import { textLanguage, validateTextWeight } from '../query/text';
import { compareValues, isDocument, isNumber, renderValue, toJsNumber } from '../query/values';

/** Options accepted and echoed back by listIndexes; `background` and `v: 1` are accepted and have no effect. */
const ACCEPTED_OPTIONS = new Set([
  'v',
  'key',
  'name',
  'unique',
  'sparse',
  'partialFilterExpression',
  'expireAfterSeconds',
  'background',
  'collation',
  'hidden',
  'ns',
  '2dsphereIndexVersion',
  'coarsestIndexedLevel',
  'finestIndexedLevel',
  'bits',
  'min',
  'max',
  'weights',
  'default_language',
  'language_override',
  'textIndexVersion',
]);
/** Options that make no difference to what the index holds, so they never conflict. */
const IRRELEVANT_OPTIONS = new Set(['v', 'name', 'background', 'ns']);
const MAX_EXPIRE_AFTER_SECONDS = 2147483647;

export function defaultIndexName(key: Document): string {
  return Object.entries(key)
    .map(([field, direction]) => `${field}_${typeof direction === 'string' ? direction : renderValue(direction)}`)
    .join('_');
}

function validateKey(key: unknown): Document {
  if (!isDocument(key) || Object.keys(key).length === 0) {
    throw commandError('CannotCreateIndex', 'Index keys cannot be an empty field');
  }
  for (const [field, direction] of Object.entries(key)) {
    const wildcardText = (field === '$**' || field.endsWith('.$**')) && direction === 'text';
    if (!wildcardText && (field === '' || field.startsWith('$') || field.split('.').some((part) => part === ''))) {
      throw commandError('CannotCreateIndex', `Index key contains an illegal field name: '${field}'`);
    }
    if (typeof direction === 'string') {
      if (GEO_TYPES.has(direction) || direction === 'text' || direction === 'hashed') continue;
      if (KNOWN_PLUGINS.has(direction)) {
        throw commandError('CannotCreateIndex', `Index type '${direction}' is not supported by the embedded database`);
      }
      throw commandError('CannotCreateIndex', `Unknown index plugin '${direction}'`);
    }
    if (!isNumber(direction) || toJsNumber(direction) === 0 || Number.isNaN(toJsNumber(direction))) {
      throw commandError(
        'CannotCreateIndex',
        `Values in the index key pattern must be 1 or -1, found ${renderValue(direction)} for '${field}'`,
      );
    }
  }
  const plugins = new Set(Object.values(key).filter((d): d is string => typeof d === 'string'));
  if (plugins.size > 1) throw commandError('CannotCreateIndex', "Can't use more than one index plugin for a single index.");
  if (plugins.has('2d')) {
    const fields = Object.keys(key);
    const twoD = fields.filter((f) => key[f] === '2d');
    if (twoD.length > 1) throw new MongoCommandError(16800, "can't have 2 geo fields");
    if (key[fields[0]] !== '2d') throw new MongoCommandError(16801, '2d has to be first in index');
  }
  return key;
}

const GEO_TYPES = new Set(['2dsphere', '2d']);
const KNOWN_PLUGINS = new Set(['geoHaystack', 'columnstore', 'wildcard']);

/** The options of 2dsphere / 2d indexes, validated as mongod does; a 2dsphere index records its version (3). */
function validateGeoOptions(spec: IndexSpec): void {
  const types = new Set(Object.values(spec.key));
  if (types.has('2dsphere')) {
    if (spec['2dsphereIndexVersion'] === undefined) spec['2dsphereIndexVersion'] = 3;
    const version = spec['2dsphereIndexVersion'];
    if (!isNumber(version) || ![1, 2, 3].includes(toJsNumber(version))) {
      throw commandError(
        'CannotCreateIndex',
        `unsupported geo index version { 2dsphereIndexVersion : ${renderValue(version)} }, only support versions: [1,2,3]`,
      );
    }
  }
  if (types.has('2d')) {
    if (spec.bits !== undefined) {
      const bits = isNumber(spec.bits) ? toJsNumber(spec.bits) : NaN;
      if (!(bits >= 1 && bits <= 32)) throw new MongoCommandError(13028, 'bits in geo index must be between 1 and 32');
    }
    for (const bound of ['min', 'max'] as const) {
      if (spec[bound] !== undefined && !isNumber(spec[bound])) {
        throw commandError('TypeMismatch', `geo index option '${bound}' must be a number`);
      }
    }
    const min = spec.min === undefined ? -180 : toJsNumber(spec.min);
    const max = spec.max === undefined ? 180 : toJsNumber(spec.max);
    if (!(min < max) || !Number.isFinite(max - min)) {
      throw new MongoCommandError(13067, 'region for hash must be valid and have positive area');
    }
  }
}

function validateExpireAfterSeconds(spec: Document): void {
  const value = spec.expireAfterSeconds;
  if (value === undefined) return;
  const seconds = isNumber(value) ? toJsNumber(value) : NaN;
  if (!(seconds >= 0 && seconds <= MAX_EXPIRE_AFTER_SECONDS)) {
    throw commandError(
      'CannotCreateIndex',
      `TTL index 'expireAfterSeconds' option must be within an acceptable range, found ${renderValue(value)}`,
    );
  }
  const fields = Object.keys(spec.key as Document);
  if (fields.length > 1)
    throw commandError('CannotCreateIndex', 'TTL indexes are single-field indexes, compound indexes do not support TTL');
  if (fields[0] === '_id')
    throw commandError('CannotCreateIndex', "The field 'expireAfterSeconds' is not valid for an _id index specification");
}

/** The spec as stored and listed: `{ v: 2, key, name, …options }`. */
export function normalizeIndexSpec(raw: unknown): IndexSpec {
  if (!isDocument(raw)) throw commandError('TypeMismatch', "Each element of the 'indexes' array must be an object");
  for (const option of Object.keys(raw)) {
    if (!ACCEPTED_OPTIONS.has(option)) {
      throw commandError(
        'InvalidIndexSpecificationOption',
        `The field '${option}' is not valid for an index specification. Specification: ${renderValue(raw)}`,
      );
    }
  }
  const rawKey = validateKey(raw.key);
  const name = raw.name === undefined ? defaultIndexName(rawKey) : raw.name;
  const text = isTextKey(rawKey) ? normalizeTextKey(rawKey, raw) : undefined;
  const key = text ? text.key : rawKey;
  if (typeof name !== 'string' || name === '')
    throw commandError('CannotCreateIndex', 'The index name must be a non-empty string');
  if (name === '*') throw commandError('BadValue', "The index name '*' is not valid");
  const spec: IndexSpec = { v: 2, key, name };
  for (const [option, value] of Object.entries(raw)) {
    if (option === 'v' || option === 'key' || option === 'name' || option === 'ns') continue;
    if (text && TEXT_OPTIONS.has(option)) continue;
    spec[option] = value;
  }
  if (text) Object.assign(spec, text.options);
  else {
    for (const option of TEXT_OPTIONS) {
      if (raw[option] !== undefined)
        throw commandError('CannotCreateIndex', `the field '${option}' is only valid for text indexes`);
    }
  }
  validateHashedKey(spec);
  if (spec.partialFilterExpression !== undefined) {
    if (!isDocument(spec.partialFilterExpression))
      throw commandError('TypeMismatch', 'partialFilterExpression must be an object');
    compileFilter(spec.partialFilterExpression, { restricted: true });
    if (spec.sparse) throw commandError('CannotCreateIndex', 'cannot mix "partialFilterExpression" and "sparse" options');
  }
  if (spec.collation !== undefined) {
    // mongod stores the full collation document, and none for the simple collation.
    const collation = parseCollation(spec.collation);
    if (collation) spec.collation = collation.spec;
    else delete spec.collation;
  }
  validateExpireAfterSeconds(spec);
  validateGeoOptions(spec);
  if (isIdKey(key) && (spec.unique === false || spec.sparse || spec.partialFilterExpression || spec.hidden)) {
    throw commandError('InvalidIndexSpecificationOption', `The options of an _id index cannot be changed: ${renderValue(raw)}`);
  }
  return spec;
}

export function isIdKey(key: Document): boolean {
  const fields = Object.keys(key);
  return fields.length === 1 && fields[0] === '_id' && toJsNumber(key._id) === 1;
}

export function sameKeyPattern(a: Document, b: Document): boolean {
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && compareValues(a[k], b[k]) === 0);
}

function relevantOptions(spec: IndexSpec): Document {
  const out: Document = {};
  for (const [option, value] of Object.entries(spec)) {
    if (IRRELEVANT_OPTIONS.has(option) || option === 'key') continue;
    // false and absent mean the same for the boolean options.
    if (value === false) continue;
    out[option] = value;
  }
  return out;
}

export function sameOptions(a: IndexSpec, b: IndexSpec): boolean {
  const oa = relevantOptions(a);
  const ob = relevantOptions(b);
  const ka = Object.keys(oa).sort();
  const kb = Object.keys(ob).sort();
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && compareValues(oa[k], ob[k]) === 0);
}

/**
 * How `requested` relates to the existing indexes: 'exists' (identical, nothing to do) or 'new'.
 * Throws IndexKeySpecsConflict / IndexOptionsConflict like mongod.
 */
export function classifyIndexRequest(requested: IndexSpec, existing: readonly IndexSpec[]): 'exists' | 'new' {
  const show = (spec: IndexSpec) => renderValue({ ...spec });
  for (const current of existing) {
    // Text indexes with other weights or languages are other indexes (one text index per collection: 67 below).
    const sameKey =
      (sameKeyPattern(current.key, requested.key) && sameTextOptions(current, requested)) ||
      (isIdKey(current.key) && isIdKey(requested.key));
    if (current.name === requested.name) {
      if (!sameKey) {
        throw commandError(
          'IndexKeySpecsConflict',
          `An existing index has the same name as the requested index. When index names are not specified, they are auto generated and can cause conflicts. Please refer to our documentation. Requested index: ${show(requested)}, existing index: ${show(current)}`,
        );
      }
      if (isIdKey(current.key) || sameOptions(current, requested)) return 'exists';
      throw commandError(
        'IndexOptionsConflict',
        `An equivalent index already exists with the same name but different options. Requested index: ${show(requested)}, existing index: ${show(current)}`,
      );
    }
    // An index is identified by its key pattern, partial filter and collation: the same key under another collation is another index.
    if (
      sameKey &&
      compareValues(current.partialFilterExpression, requested.partialFilterExpression) === 0 &&
      compareValues(current.collation, requested.collation) === 0
    ) {
      if (sameOptions(current, requested))
        throw commandError('IndexOptionsConflict', `Index already exists with a different name: ${current.name}`);
      throw commandError(
        'IndexOptionsConflict',
        `An equivalent index already exists with a different name and options. Requested index: ${show(requested)}, existing index: ${show(current)}`,
      );
    }
  }
  if (isTextIndexSpec(requested)) {
    const other = existing.find(isTextIndexSpec);
    if (other)
      throw commandError(
        'CannotCreateIndex',
        `only one text index per collection allowed, found existing text index "${other.name}"`,
      );
  }
  return 'new';
}

const TEXT_OPTIONS = new Set(['weights', 'default_language', 'language_override', 'textIndexVersion']);

function isTextKey(key: Document): boolean {
  return Object.values(key).some((d) => d === 'text');
}

/**
 * mongod's text spec normalisation (fts_spec.cpp fixSpec): the text fields (and any other field named in
 * `weights`) become `weights`, the key `{ …prefix, _fts: 'text', _ftsx: 1, …suffix }`; the language
 * options default to english / 'language', textIndexVersion to 3. A spec already in that form (as
 * listIndexes returns it) normalises to itself.
 */
function normalizeTextKey(key: Document, raw: Document): { key: Document; options: Document } {
  const weights: Document = {};
  const prefix: Document = {};
  const suffix: Document = {};
  let seenText = false;
  let afterText = false;
  for (const [field, direction] of Object.entries(key)) {
    if (direction === 'text') {
      if (afterText) throw commandError('CannotCreateIndex', 'text index fields must be contiguous');
      seenText = true;
      if (field !== '_fts') weights[field] = 1;
      continue;
    }
    if (field === '_ftsx') continue;
    if (seenText) {
      afterText = true;
      suffix[field] = direction;
    } else prefix[field] = direction;
  }
  for (const [field, direction] of [...Object.entries(prefix), ...Object.entries(suffix)]) {
    if (typeof direction === 'string')
      throw commandError(
        'CannotCreateIndex',
        `text index can only be compounded with ascending / descending fields, not '${field}'`,
      );
  }
  if (raw.weights !== undefined) {
    if (!isDocument(raw.weights)) throw commandError('CannotCreateIndex', 'weights must be an object');
    for (const [field, weight] of Object.entries(raw.weights)) weights[field] = validateTextWeight(field, weight);
  }
  if (Object.keys(weights).length === 0) throw commandError('CannotCreateIndex', 'text index needs at least one text field');
  for (const option of ['default_language', 'language_override'] as const) {
    if (raw[option] !== undefined && typeof raw[option] !== 'string')
      throw commandError('CannotCreateIndex', `${option} must be a string`);
  }
  const defaultLanguage = (raw.default_language as string | undefined) ?? 'english';
  try {
    textLanguage(defaultLanguage);
  } catch {
    throw commandError('CannotCreateIndex', `default_language unsupported: ${defaultLanguage}`);
  }
  const version =
    raw.textIndexVersion === undefined ? 3 : isNumber(raw.textIndexVersion) ? toJsNumber(raw.textIndexVersion) : NaN;
  if (version !== 3)
    throw commandError(
      'CannotCreateIndex',
      `currently only textIndexVersion 3 is supported, not ${renderValue(raw.textIndexVersion)}`,
    );
  // Weights listed in field order, as mongod stores them.
  const sorted = Object.fromEntries(Object.entries(weights).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return {
    key: { ...prefix, _fts: 'text', _ftsx: 1, ...suffix },
    options: {
      weights: sorted,
      default_language: defaultLanguage,
      language_override: (raw.language_override as string | undefined) ?? 'language',
      textIndexVersion: 3,
    },
  };
}

/** Hashed indexes: one hashed field, no unique (mongod's 16764 / 31046 / CannotCreateIndex). */
function validateHashedKey(spec: IndexSpec): void {
  const hashed = Object.keys(spec.key).filter((f) => spec.key[f] === 'hashed');
  if (hashed.length === 0) return;
  if (hashed.length > 1)
    throw new MongoCommandError(
      31303,
      "A maximum of one index field is allowed to be hashed but found 2 for 'key' " + renderValue(spec.key),
    );
  if (spec.unique)
    throw commandError('CannotCreateIndex', 'Currently hashed indexes cannot guarantee uniqueness. Use a regular index.');
}

export function isTextIndexSpec(spec: IndexSpec): boolean {
  return spec.key._fts === 'text';
}

function sameTextOptions(a: IndexSpec, b: IndexSpec): boolean {
  return [...TEXT_OPTIONS].every((option) => compareValues(a[option], b[option]) === 0);
}
