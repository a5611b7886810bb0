/**
 * Collations (`{ locale, strength, caseLevel, caseFirst, numericOrdering, alternate, maxVariable, backwards }`)
 * as mongod parses them, compared through ICU (Node's `Intl.Collator`, full ICU). `undefined` everywhere
 * means the simple (binary) collation: callers keep their binary fast paths then.
 */
import type { Collation, Document } from '../contracts';
import { commandError, MongoCommandError } from '../errors';
import { compareValuesCollated, isDocument, isNumber, renderValue, toJsNumber, type StringComparator } from './values';

export type { Collation };

const FIELDS = [
  'locale',
  'strength',
  'caseLevel',
  'caseFirst',
  'numericOrdering',
  'alternate',
  'maxVariable',
  'backwards',
  'normalization',
  'version',
];

const cache = new Map<string, Collation | undefined>();

function render(raw: Document): string {
  return renderValue(raw);
}

function booleanField(raw: Document, field: string, fallback: boolean): boolean {
  const value = raw[field];
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean')
    throw commandError(
      'TypeMismatch',
      `BSON field 'collation.${field}' is the wrong type '${typeof value}', expected type 'bool'`,
    );
  return value;
}

function stringField(raw: Document, field: string, allowed: string[], fallback: string): string {
  const value = raw[field];
  if (value === undefined) return fallback;
  if (typeof value !== 'string')
    throw commandError('TypeMismatch', `BSON field 'collation.${field}' is the wrong type, expected type 'string'`);
  if (!allowed.includes(value))
    throw commandError(
      'FailedToParse',
      `Field '${field}' must be one of ${allowed.map((a) => `'${a}'`).join(', ')}. Got: ${value}`,
    );
  return value;
}

/** The ICU locale mongod accepts (`zh`, `zh_Hant`, `en_US`, `de@collation=phonebook`) as a BCP 47 tag, or undefined. */
function icuLocale(locale: string): string | undefined {
  const match = /^([a-z]{2,3})((?:_[A-Za-z0-9]{2,8})*)(?:@collation=([a-z]+))?$/.exec(locale);
  if (!match) return undefined;
  const tag =
    match[1] + match[2].replace(/_/g, '-') + (match[3] ? `-u-co-${match[3] === 'phonebook' ? 'phonebk' : match[3]}` : '');
  try {
    return Intl.Collator.supportedLocalesOf([tag]).length > 0 ? tag : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Parses a `collation` argument as mongod does: undefined for none, `{}` or `{ locale: 'simple' }`;
 * a Collation otherwise. Errors: not a document TypeMismatch 14, unknown field 40415, no locale 40414,
 * unknown locale BadValue 2 (`Field 'locale' is invalid in: …`), strength out of range FailedToParse 9.
 */
export function parseCollation(raw: unknown, where = 'collation'): Collation | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!isDocument(raw)) throw commandError('TypeMismatch', `BSON field '${where}' is the wrong type, expected type 'object'`);
  if (Object.keys(raw).length === 0) return undefined;
  const cacheKey = JSON.stringify(raw);
  if (cache.has(cacheKey)) return cache.get(cacheKey);
  const parsed = parse(raw);
  if (cache.size > 1000) cache.clear();
  cache.set(cacheKey, parsed);
  return parsed;
}

function parse(raw: Document): Collation | undefined {
  for (const field of Object.keys(raw)) {
    if (!FIELDS.includes(field)) throw new MongoCommandError(40415, `BSON field 'collation.${field}' is an unknown field.`);
  }
  if (raw.locale === undefined)
    throw new MongoCommandError(40414, "BSON field 'collation.locale' is missing but a required field");
  if (typeof raw.locale !== 'string')
    throw commandError('TypeMismatch', "BSON field 'collation.locale' is the wrong type, expected type 'string'");
  if (raw.locale === 'simple') {
    if (Object.keys(raw).some((f) => f !== 'locale'))
      throw commandError('BadValue', `Collation with locale 'simple' may not specify other fields, got: ${render(raw)}`);
    return undefined;
  }
  const tag = icuLocale(raw.locale);
  if (!tag) throw commandError('BadValue', `Field 'locale' is invalid in: ${render(raw)}`);
  let strength = 3;
  if (raw.strength !== undefined) {
    if (!isNumber(raw.strength))
      throw commandError('TypeMismatch', "BSON field 'collation.strength' is the wrong type, expected type 'int'");
    strength = toJsNumber(raw.strength);
    if (!Number.isInteger(strength) || strength < 1 || strength > 5)
      throw commandError('FailedToParse', `Field 'strength' must be an integer 1 through 5. Got: ${strength}`);
  }
  const caseLevel = booleanField(raw, 'caseLevel', false);
  const caseFirst = stringField(raw, 'caseFirst', ['upper', 'lower', 'off'], 'off');
  const numericOrdering = booleanField(raw, 'numericOrdering', false);
  const alternate = stringField(raw, 'alternate', ['non-ignorable', 'shifted'], 'non-ignorable');
  const maxVariable = stringField(raw, 'maxVariable', ['punct', 'space'], 'punct');
  const backwards = booleanField(raw, 'backwards', false);
  const normalization = booleanField(raw, 'normalization', false);
  if (raw.version !== undefined && raw.version !== '57.1')
    throw commandError('BadValue', `Field 'version' is invalid in: ${render(raw)}`);
  const sensitivity: Intl.CollatorOptions['sensitivity'] =
    strength === 1 ? (caseLevel ? 'case' : 'base') : strength === 2 ? (caseLevel ? 'variant' : 'accent') : 'variant';
  const collator = new Intl.Collator(tag, {
    usage: 'sort',
    sensitivity,
    numeric: numericOrdering,
    caseFirst: caseFirst === 'off' ? 'false' : (caseFirst as 'upper' | 'lower'),
    ignorePunctuation: alternate === 'shifted',
  });
  const compareStrings: StringComparator =
    strength === 5
      ? // identical: ties broken by code point
        (a, b) => {
          const c = collator.compare(a, b);
          return c !== 0 ? c : a === b ? 0 : a < b ? -1 : 1;
        }
      : (a, b) => collator.compare(a, b);
  const spec: Document = {
    locale: raw.locale,
    caseLevel,
    caseFirst,
    strength,
    numericOrdering,
    alternate,
    maxVariable,
    normalization,
    backwards,
    version: '57.1',
  };
  return {
    spec,
    key: JSON.stringify(spec),
    compareStrings,
    compare: (a, b) => compareValuesCollated(a, b, compareStrings),
  };
}

/** Whether two (possibly simple, i.e. undefined) collations order and equate strings alike. */
export function sameCollation(a: Collation | undefined, b: Collation | undefined): boolean {
  return (a?.key ?? 'simple') === (b?.key ?? 'simple');
}
