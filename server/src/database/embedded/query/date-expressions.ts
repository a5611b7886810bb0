/**
 * The date expression operators, evaluated natively with mongod's semantics (its expression and timelib
 * code): `$year … $isoDayOfWeek` (with `{ date, timezone }`), `$dateToString`, `$dateFromString`,
 * `$dateToParts`, `$dateFromParts`, `$dateAdd`, `$dateSubtract`, `$dateDiff`, `$dateTrunc`. Time zones by
 * Olson identifier or UTC offset (time-zones.ts); null or missing inputs give null; wrong types give mongod's
 * error codes. Dates, Timestamps and ObjectIds are accepted where mongod coerces to a date.
 */
import { Long } from 'bson';
import { MongoCommandError } from '../errors';
import {
  ConversionFailure,
  failedToParse,
  isNullish,
  namedArguments,
  type Evaluator,
  type OperatorCompiler,
} from './expression-support';
import {
  DAYS_OF_WEEK,
  dateAdd,
  dateDiff,
  dateTrunc,
  daysFromCivil,
  daysFromIsoWeek,
  daysInMonth,
  fromWall,
  isoWeekOf,
  partsOf,
  TIME_UNITS,
  timeZoneNamed,
  utcZone,
  weekOf,
  type DateParts,
  type TimeUnit,
  type TimeZone,
} from './time-zones';
import { bsonTypeName, isNumber, isPlainObject, renderValue, toJsNumber } from './values';
import type { Document } from '../contracts';

const MS_PER_DAY = 86400000;

/** Whether mongod can coerce the value to a date (Date, Timestamp, ObjectId). */
export function coercibleToDate(v: unknown): boolean {
  return v instanceof Date || bsonTypeName(v) === 'timestamp' || bsonTypeName(v) === 'objectId';
}

/** mongod's coerceToDate: milliseconds of a Date, a Timestamp's seconds, an ObjectId's creation second; 16006 otherwise. */
export function coerceToDate(v: unknown): number {
  if (v instanceof Date) return v.getTime();
  const type = bsonTypeName(v);
  if (type === 'timestamp') return (v as { high: number }).high * 1000;
  if (type === 'objectId') return (v as { getTimestamp(): Date }).getTimestamp().getTime();
  throw new MongoCommandError(16006, `can't convert from BSON type ${type} to Date`);
}

/** An integral number (int, long, integral double or decimal) as mongod's integral64Bit, else undefined. */
export function integral64(v: unknown): number | undefined {
  if (!isNumber(v)) return undefined;
  const type = bsonTypeName(v);
  if (type === 'long') return Number((v as Long).toBigInt());
  const n = toJsNumber(v);
  if (!Number.isInteger(n) || Math.abs(n) > 9.223372036854776e18) return undefined;
  return n;
}

/** The zone named by a `timezone` argument: UTC when absent, null (undefined here) when nullish, 40517 when not a string. */
function zoneOf(timezone: Evaluator | undefined, doc: Document, vars: Record<string, unknown> | undefined): TimeZone | undefined {
  if (!timezone) return utcZone();
  const id = timezone(doc, vars);
  if (isNullish(id)) return undefined;
  if (typeof id !== 'string') throw new MongoCommandError(40517, `timezone must evaluate to a string, found ${bsonTypeName(id)}`);
  return timeZoneNamed(id);
}

/** An error raised inside a parameter's parsing, with mongod's added context (same code). */
function withContext<T>(context: string, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof MongoCommandError) {
      const wrapped = new MongoCommandError(error.code, `${context} :: caused by :: ${error.message}`);
      const codeName = (error as { codeName?: string }).codeName;
      if (codeName) Object.defineProperty(wrapped, 'codeName', { value: codeName });
      throw wrapped;
    }
    throw error;
  }
}

function parseUnit(v: unknown, name: string): TimeUnit {
  if (typeof v !== 'string')
    throw new MongoCommandError(5439013, `${name} requires 'unit' to be a string, but got ${bsonTypeName(v)}`);
  return withContext(`${name} parameter 'unit' value parsing failed`, () => {
    if (!(TIME_UNITS as readonly string[]).includes(v)) throw failedToParse(`unknown time unit value: ${v}`);
    return v as TimeUnit;
  });
}

function parseStartOfWeek(v: unknown, name: string): number {
  if (typeof v !== 'string')
    throw new MongoCommandError(5439015, `${name} requires 'startOfWeek' to be a string, but got ${bsonTypeName(v)}`);
  const day = DAYS_OF_WEEK[v.toLowerCase()];
  if (day === undefined)
    throw new MongoCommandError(5439016, `${name} parameter 'startOfWeek' value cannot be recognized as a day of a week: ${v}`);
  return day;
}

// ---------------------------------------------------------------- formatting

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const TO_STRING_SPECIFIERS = 'bBdGHjLmMSwuUVYzZ';
const FROM_STRING_SPECIFIERS = 'bBdGHjLmMSuVYzZ';

/** 18535 / 18536 as mongod's format check. */
function validateFormat(format: string, allowed: string): void {
  for (let i = 0; i < format.length; i++) {
    if (format[i] !== '%') continue;
    i++;
    if (i === format.length) throw new MongoCommandError(18535, "Unmatched '%' at end of format string");
    if (format[i] !== '%' && !allowed.includes(format[i]))
      throw new MongoCommandError(18536, `Invalid format character '%${format[i]}' in format string`);
  }
}

function padded(n: number, width: number): string {
  if (n < 0 || n > 9999)
    throw new MongoCommandError(
      18537,
      `Could not convert date to string: date component was outside the supported range of 0-9999: ${n}`,
    );
  return String(n).padStart(width, '0');
}

export const ISO_FORMAT_Z = '%Y-%m-%dT%H:%M:%S.%LZ';
const ISO_FORMAT = '%Y-%m-%dT%H:%M:%S.%L';

/** A date rendered with a (validated) `$dateToString` format in the zone. */
export function formatDate(ms: number, format: string, zone: TimeZone): string {
  const p = partsOf(ms, zone);
  let out = '';
  for (let i = 0; i < format.length; i++) {
    const ch = format[i];
    if (ch !== '%') {
      out += ch;
      continue;
    }
    const spec = format[++i];
    switch (spec) {
      case '%':
        out += '%';
        break;
      case 'Y':
        out += padded(p.year, 4);
        break;
      case 'm':
        out += padded(p.month, 2);
        break;
      case 'd':
        out += padded(p.day, 2);
        break;
      case 'H':
        out += padded(p.hour, 2);
        break;
      case 'M':
        out += padded(p.minute, 2);
        break;
      case 'S':
        out += padded(p.second, 2);
        break;
      case 'L':
        out += padded(p.millisecond, 3);
        break;
      case 'j':
        out += padded(p.dayOfYear, 3);
        break;
      case 'w':
        out += padded(p.dayOfWeek, 1);
        break;
      case 'u':
        out += padded(p.isoDayOfWeek, 1);
        break;
      case 'U':
        out += padded(weekOf(p), 2);
        break;
      case 'G':
        out += padded(isoWeekOf(p).isoWeekYear, 4);
        break;
      case 'V':
        out += padded(isoWeekOf(p).isoWeek, 2);
        break;
      case 'b':
        out += MONTHS[p.month - 1].slice(0, 3);
        break;
      case 'B':
        out += MONTHS[p.month - 1];
        break;
      case 'z': {
        const minutes = Math.trunc(p.offset / 60000);
        const abs = Math.abs(minutes);
        out += `${minutes < 0 ? '-' : '+'}${padded(Math.floor(abs / 60), 2)}${padded(abs % 60, 2)}`;
        break;
      }
      case 'Z':
        out += String(Math.trunc(p.offset / 60000));
        break;
      default:
        throw new MongoCommandError(18536, `Invalid format character '%${spec}' in format string`);
    }
  }
  return out;
}

/** How `$toString` / `$convert` render a date. */
export function dateToIsoString(ms: number): string {
  return formatDate(ms, ISO_FORMAT_Z, utcZone());
}

// ---------------------------------------------------------------- parsing

interface ParsedDate {
  year?: number;
  month?: number;
  day?: number;
  dayOfYear?: number;
  isoWeekYear?: number;
  isoWeek?: number;
  isoDayOfWeek?: number;
  hour?: number;
  minute?: number;
  second?: number;
  millisecond?: number;
  /** Offset written in the string, in ms. */
  offset?: number;
  /** 'offset' for a numeric offset, 'abbreviation' for Z / UTC / GMT. */
  zoneType?: 'offset' | 'abbreviation';
  zoneText?: string;
}

function parseFailure(text: string, detail: string): ConversionFailure {
  return new ConversionFailure(`Error parsing date string '${text}'; ${detail}`);
}

/** A zone written in a date string: Z, UTC, GMT, ±HH, ±HHMM, ±HH:MM. */
function parseZoneText(zone: string): Pick<ParsedDate, 'offset' | 'zoneType' | 'zoneText'> | undefined {
  if (/^(Z|z|UTC|GMT)$/.test(zone)) return { offset: 0, zoneType: 'abbreviation', zoneText: zone.toUpperCase() };
  const m = /^([+-])(\d{1,2})(?::?(\d{2}))?$/.exec(zone);
  if (!m) return undefined;
  const sign = m[1] === '+' ? 1 : -1;
  return { offset: sign * (Number(m[2]) * 3600000 + Number(m[3] ?? '0') * 60000), zoneType: 'offset' };
}

const ISO_PATTERN =
  /^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:T|t|\s+)(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|z|UTC|GMT|[+-]\d{1,2}(?::?\d{2})?)?\s*$/;
const SLASH_PATTERN = /^\s*(\d{4})\/(\d{1,2})\/(\d{1,2})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?\s*$/;

/** The date and time forms accepted without a format: ISO 8601 (`2017-02-08`, `2017-02-08T12:10:40.787Z`, `… +08:00`) and `2017/02/08 12:10`. */
function parseFree(text: string): ParsedDate {
  const m = ISO_PATTERN.exec(text) ?? SLASH_PATTERN.exec(text);
  if (!m) throw parseFailure(text, 'the string is not a date/time this engine can read (ISO 8601 forms)');
  const fraction = m[7] ?? '';
  const parsed: ParsedDate = {
    year: Number(m[1]),
    month: Number(m[2]),
    day: Number(m[3]),
    hour: m[4] === undefined ? undefined : Number(m[4]),
    minute: m[5] === undefined ? undefined : Number(m[5]),
    second: m[4] === undefined ? undefined : Number(m[6] ?? '0'),
    millisecond: fraction === '' ? 0 : Math.floor(Number(`0.${fraction}`) * 1000 + 1e-6),
  };
  if (m[8]) Object.assign(parsed, parseZoneText(m[8]));
  return parsed;
}

function digits(text: string, at: number, max: number): { value: number; next: number } | undefined {
  let end = at;
  while (end < text.length && end - at < max && text[end] >= '0' && text[end] <= '9') end++;
  if (end === at) return undefined;
  return { value: Number(text.slice(at, end)), next: end };
}

/** A string read with a `$dateFromString` format (validated). */
function parseWithFormat(text: string, format: string): ParsedDate {
  const parsed: ParsedDate = {};
  let at = 0;
  const fail = (what: string): never => {
    throw parseFailure(text, `${at}: ${what}`);
  };
  for (let i = 0; i < format.length; i++) {
    const ch = format[i];
    if (ch !== '%' || format[i + 1] === '%') {
      if (ch === '%') i++;
      if (text[at] !== ch) fail(`The separation symbol ([;:/.,-]) could not be found`);
      at++;
      continue;
    }
    const spec = format[++i];
    const number = (max: number, field: keyof ParsedDate, what: string) => {
      const d = digits(text, at, max);
      if (!d) return fail(what);
      (parsed as Record<string, number>)[field] = d.value;
      at = d.next;
    };
    switch (spec) {
      case 'Y':
        number(4, 'year', 'A four digit year could not be found');
        break;
      case 'm':
        number(2, 'month', 'A two digit month could not be found');
        break;
      case 'd':
        number(2, 'day', 'A two digit day could not be found');
        break;
      case 'H':
        number(2, 'hour', 'A two digit hour could not be found');
        break;
      case 'M':
        number(2, 'minute', 'A two digit minute could not be found');
        break;
      case 'S':
        number(2, 'second', 'A two digit second could not be found');
        break;
      case 'L': {
        const d = digits(text, at, 3);
        if (!d) return fail('A three digit millisecond could not be found');
        parsed.millisecond = Number(text.slice(at, d.next).padEnd(3, '0'));
        at = d.next;
        break;
      }
      case 'j':
        number(3, 'dayOfYear', 'A three digit day-of-year could not be found');
        break;
      case 'G':
        number(4, 'isoWeekYear', 'A four digit ISO year could not be found');
        break;
      case 'V':
        number(2, 'isoWeek', 'A two digit ISO week could not be found');
        break;
      case 'u':
        number(1, 'isoDayOfWeek', 'A single digit day of week could not be found');
        break;
      case 'b':
      case 'B': {
        const rest = text.slice(at).toLowerCase();
        const index = MONTHS.findIndex((name) =>
          rest.startsWith(spec === 'B' ? name.toLowerCase() : name.slice(0, 3).toLowerCase()),
        );
        if (index < 0) fail('A textual month could not be found');
        parsed.month = index + 1;
        at += spec === 'B' ? MONTHS[index].length : 3;
        break;
      }
      case 'z': {
        const m = /^(Z|[+-]\d{2}(?::?\d{2})?)/.exec(text.slice(at));
        if (!m) fail('The timezone could not be found in the database');
        Object.assign(parsed, parseZoneText(m![1]));
        at += m![1].length;
        break;
      }
      case 'Z': {
        const m = /^([+-])(\d+)/.exec(text.slice(at));
        if (!m) fail('The timezone could not be found in the database');
        parsed.offset = (m![1] === '+' ? 1 : -1) * Number(m![2]) * 60000;
        parsed.zoneType = 'offset';
        at += m![0].length;
        break;
      }
      default:
        fail(`Invalid format character '%${spec}'`);
    }
  }
  if (at < text.length) fail('Trailing data');
  return parsed;
}

/** mongod's TimeZoneDatabase::fromString: a date string (with an optional format) read in the zone. */
export function parseDateString(text: string, zone: TimeZone, format?: string): number {
  const p = format === undefined ? parseFree(text) : parseWithFormat(text, format);
  if (p.hour === undefined && p.minute === undefined && p.second === undefined) {
    p.hour = 0;
    p.minute = 0;
    p.second = 0;
    p.millisecond = 0;
  }
  let days: number | undefined;
  if (p.isoWeekYear !== undefined && p.isoWeek !== undefined)
    days = daysFromIsoWeek(p.isoWeekYear, p.isoWeek, p.isoDayOfWeek ?? 1);
  else if (p.year !== undefined && p.dayOfYear !== undefined && p.month === undefined)
    days = daysFromCivil(p.year, 1, 1) + p.dayOfYear - 1;
  else if (p.year !== undefined && p.month !== undefined && p.day !== undefined) {
    if (p.month < 1 || p.month > 12 || p.day < 1 || p.day > daysInMonth(p.year, p.month))
      throw parseFailure(text, 'The parsed date was invalid');
    days = daysFromCivil(p.year, p.month, p.day);
  }
  if (days === undefined || p.hour === undefined || p.minute === undefined || p.second === undefined)
    throw new ConversionFailure(`an incomplete date/time string has been found, with elements missing: "${text}"`);
  if (p.hour > 24 || p.minute > 59 || p.second > 60) throw parseFailure(text, 'The parsed time was invalid');
  if (!zone.isUtc && p.zoneType === 'offset')
    throw new ConversionFailure('you cannot pass in a date/time string with GMT offset together with a timezone argument');
  if (!zone.isUtc && p.zoneType === 'abbreviation')
    throw new ConversionFailure(
      `you cannot pass in a date/time string with time zone information ('${p.zoneText}') together with a timezone argument`,
    );
  const wall = days * MS_PER_DAY + p.hour * 3600000 + p.minute * 60000 + p.second * 1000 + (p.millisecond ?? 0);
  if (p.offset !== undefined) return wall - p.offset;
  return fromWall(wall, zone);
}

// ---------------------------------------------------------------- the operators

type DateField = (p: DateParts) => unknown;

/** `$year` & co: a date expression, `[date]`, or `{ date, timezone }`. */
function extraction(field: DateField): OperatorCompiler {
  return (operand, c, name) => {
    let date: Evaluator;
    let timezone: Evaluator | undefined;
    if (isPlainObject(operand) && !Object.keys(operand)[0]?.startsWith('$')) {
      for (const key of Object.keys(operand))
        if (key !== 'date' && key !== 'timezone') throw new MongoCommandError(40535, `unrecognized option to ${name}: "${key}"`);
      if (!('date' in operand))
        throw new MongoCommandError(40539, `missing 'date' argument to ${name}, provided: ${renderValue(operand)}`);
      date = c.compile(operand.date);
      timezone = 'timezone' in operand ? c.compile(operand.timezone) : undefined;
    } else [date] = c.args(operand, name, 1);
    return (doc, vars) => {
      const v = date(doc, vars);
      if (isNullish(v)) return null;
      const ms = coerceToDate(v);
      const zone = zoneOf(timezone, doc, vars);
      if (!zone) return null;
      return field(partsOf(ms, zone));
    };
  };
}

/**
 * The `format` argument of $dateToString / $dateFromString as evaluated for one document: undefined when not given,
 * null-ish as it came, else a string whose specifiers the operator knows (mongod's `code` when it is not a string).
 */
function evaluatedFormat(
  format: Evaluator | undefined,
  doc: Document,
  vars: Record<string, unknown> | undefined,
  code: number,
  operator: string,
  allowed: string,
): unknown {
  if (!format) return undefined;
  const value = format(doc, vars);
  if (isNullish(value)) return value;
  if (typeof value !== 'string')
    throw new MongoCommandError(
      code,
      `${operator} requires that 'format' be a string, found: ${bsonTypeName(value)} with value ${renderValue(value)}`,
    );
  validateFormat(value, allowed);
  return value;
}

const dateToString: OperatorCompiler = (operand, c) => {
  const a = namedArguments(operand, c, {
    required: ['date'],
    optional: ['format', 'timezone', 'onNull'],
    notObject: () => new MongoCommandError(18629, '$dateToString only supports an object as its argument'),
    unknown: (k) => new MongoCommandError(18534, `Unrecognized argument to $dateToString: ${k}`),
    missing: () => new MongoCommandError(18628, "Missing 'date' parameter to $dateToString"),
  });
  if (isPlainObject(operand) && typeof operand.format === 'string') validateFormat(operand.format, TO_STRING_SPECIFIERS);
  return (doc, vars) => {
    const date = a.date!(doc, vars);
    const format = evaluatedFormat(a.format, doc, vars, 18533, '$dateToString', TO_STRING_SPECIFIERS);
    const zone = zoneOf(a.timezone, doc, vars);
    if (isNullish(date)) return a.onNull ? a.onNull(doc, vars) : null;
    if (!zone) return null;
    if (a.format && isNullish(format)) return null;
    const ms = coerceToDate(date);
    return formatDate(ms, a.format ? (format as string) : zone.isUtc ? ISO_FORMAT_Z : ISO_FORMAT, zone);
  };
};

const dateFromString: OperatorCompiler = (operand, c) => {
  const a = namedArguments(operand, c, {
    required: ['dateString'],
    optional: ['format', 'timezone', 'onError', 'onNull'],
    notObject: () =>
      new MongoCommandError(40540, `$dateFromString only supports an object as an argument, found: ${bsonTypeName(operand)}`),
    unknown: (k) => new MongoCommandError(40541, `Unrecognized argument to $dateFromString: ${k}`),
    missing: () => new MongoCommandError(40542, "Missing 'dateString' parameter to $dateFromString"),
  });
  if (isPlainObject(operand) && typeof operand.format === 'string') validateFormat(operand.format, FROM_STRING_SPECIFIERS);
  return (doc, vars) => {
    const text = a.dateString!(doc, vars);
    const format = evaluatedFormat(a.format, doc, vars, 40684, '$dateFromString', FROM_STRING_SPECIFIERS);
    const zone = zoneOf(a.timezone, doc, vars);
    if (isNullish(text)) return a.onNull ? a.onNull(doc, vars) : null;
    try {
      if (typeof text !== 'string')
        throw new ConversionFailure(
          `$dateFromString requires that 'dateString' be a string, found: ${bsonTypeName(text)} with value ${renderValue(text)}`,
        );
      if (!zone) return null;
      if (a.format && isNullish(format)) return null;
      return new Date(parseDateString(text, zone, a.format ? (format as string) : undefined));
    } catch (error) {
      if (error instanceof ConversionFailure && a.onError) return a.onError(doc, vars);
      throw error;
    }
  };
};

const dateToParts: OperatorCompiler = (operand, c) => {
  const a = namedArguments(operand, c, {
    required: ['date'],
    optional: ['timezone', 'iso8601'],
    notObject: () => new MongoCommandError(40524, '$dateToParts only supports an object as its argument'),
    unknown: (k) => new MongoCommandError(40520, `Unrecognized argument to $dateToParts: ${k}`),
    missing: () => new MongoCommandError(40522, "Missing 'date' parameter to $dateToParts"),
  });
  return (doc, vars) => {
    const date = a.date!(doc, vars);
    const zone = zoneOf(a.timezone, doc, vars);
    if (!zone) return null;
    let iso = false;
    if (a.iso8601) {
      const flag = a.iso8601(doc, vars);
      if (isNullish(flag)) return null;
      if (typeof flag !== 'boolean')
        throw new MongoCommandError(40521, `iso8601 must evaluate to a bool, found ${bsonTypeName(flag)}`);
      iso = flag;
    }
    if (isNullish(date)) return null;
    const p = partsOf(coerceToDate(date), zone);
    if (iso) {
      const w = isoWeekOf(p);
      return {
        isoWeekYear: w.isoWeekYear,
        isoWeek: w.isoWeek,
        isoDayOfWeek: p.isoDayOfWeek,
        hour: p.hour,
        minute: p.minute,
        second: p.second,
        millisecond: p.millisecond,
      };
    }
    return {
      year: p.year,
      month: p.month,
      day: p.day,
      hour: p.hour,
      minute: p.minute,
      second: p.second,
      millisecond: p.millisecond,
    };
  };
};

const NATURAL_PARTS = ['year', 'month', 'day'];
const ISO_PARTS = ['isoWeekYear', 'isoWeek', 'isoDayOfWeek'];
const TIME_PARTS = ['hour', 'minute', 'second', 'millisecond'];

const dateFromParts: OperatorCompiler = (operand, c) => {
  const a = namedArguments(operand, c, {
    required: [],
    optional: [...NATURAL_PARTS, ...ISO_PARTS, ...TIME_PARTS, 'timezone'],
    notObject: () => new MongoCommandError(40519, '$dateFromParts only supports an object as its argument'),
    unknown: (k) => new MongoCommandError(40518, `Unrecognized argument to $dateFromParts: ${k}`),
    missing: () => new MongoCommandError(40516, "$dateFromParts requires either 'year' or 'isoWeekYear' to be present"),
  });
  const natural = NATURAL_PARTS.some((k) => a[k]);
  const iso = ISO_PARTS.some((k) => a[k]);
  if (natural && iso) throw new MongoCommandError(40489, '$dateFromParts does not allow mixing natural dates with ISO dates');
  if (!a.year && !a.isoWeekYear)
    throw new MongoCommandError(40516, "$dateFromParts requires either 'year' or 'isoWeekYear' to be present");
  /** undefined when nullish (the result is null then). */
  const part = (doc: Document, vars: Record<string, unknown> | undefined, key: string, fallback: number, bounded: boolean) => {
    const evaluate = a[key];
    if (!evaluate) return fallback;
    const v = evaluate(doc, vars);
    if (isNullish(v)) return undefined;
    const n = integral64(v);
    if (n === undefined)
      throw new MongoCommandError(
        40515,
        `'${key}' must evaluate to an integer, found ${bsonTypeName(v)} with value ${renderValue(v)}`,
      );
    if (bounded && (n < -32768 || n > 32767))
      throw new MongoCommandError(
        31034,
        `'${key}' must evaluate to a value in the range [-32768, 32767]; value ${n} is not in range`,
      );
    return n;
  };
  return (doc, vars) => {
    const hour = part(doc, vars, 'hour', 0, true);
    const minute = part(doc, vars, 'minute', 0, true);
    const second = part(doc, vars, 'second', 0, false);
    const millisecond = part(doc, vars, 'millisecond', 0, false);
    if (hour === undefined || minute === undefined || second === undefined || millisecond === undefined) return null;
    const zone = zoneOf(a.timezone, doc, vars);
    if (!zone) return null;
    let days: number;
    if (a.year) {
      const year = part(doc, vars, 'year', 1970, false);
      const month = part(doc, vars, 'month', 1, true);
      const day = part(doc, vars, 'day', 1, true);
      if (year === undefined || month === undefined || day === undefined) return null;
      if (year < 1 || year > 9999)
        throw new MongoCommandError(40523, `'year' must evaluate to an integer in the range 1 to 9999, found ${year}`);
      const months = year * 12 + month - 1;
      const y = Math.floor(months / 12);
      days = daysFromCivil(y, months - y * 12 + 1, 1) + day - 1;
    } else {
      const isoWeekYear = part(doc, vars, 'isoWeekYear', 1970, false);
      const isoWeek = part(doc, vars, 'isoWeek', 1, true);
      const isoDayOfWeek = part(doc, vars, 'isoDayOfWeek', 1, true);
      if (isoWeekYear === undefined || isoWeek === undefined || isoDayOfWeek === undefined) return null;
      if (isoWeekYear < 1 || isoWeekYear > 9999)
        throw new MongoCommandError(
          31095,
          `'isoWeekYear' must evaluate to an integer in the range 1 to 9999, found ${isoWeekYear}`,
        );
      days = daysFromIsoWeek(isoWeekYear, isoWeek, isoDayOfWeek);
    }
    const wall = days * MS_PER_DAY + hour * 3600000 + minute * 60000 + second * 1000 + millisecond;
    return new Date(fromWall(wall, zone));
  };
};

function dateArithmetic(sign: 1 | -1): OperatorCompiler {
  return (operand, c, name) => {
    const a = namedArguments(operand, c, {
      required: ['startDate', 'unit', 'amount'],
      optional: ['timezone'],
      notObject: () => new MongoCommandError(5166400, `${name} expects an object as its argument`),
      unknown: (k) =>
        new MongoCommandError(
          5166401,
          `Unrecognized argument to ${name}: ${k}. Expected arguments are startDate, unit, amount, and optionally timezone.`,
        ),
      missing: () => new MongoCommandError(5166402, `${name} requires startDate, unit, and amount to be present`),
    });
    return (doc, vars) => {
      const start = a.startDate!(doc, vars);
      if (isNullish(start)) return null;
      const unitValue = a.unit!(doc, vars);
      if (isNullish(unitValue)) return null;
      const unit = parseUnit(unitValue, name);
      const amountValue = a.amount!(doc, vars);
      if (isNullish(amountValue)) return null;
      const zone = zoneOf(a.timezone, doc, vars);
      if (!zone) return null;
      if (!coercibleToDate(start)) throw new MongoCommandError(5166403, `${name} requires startDate to be convertible to a date`);
      const amount = integral64(amountValue);
      if (amount === undefined) throw new MongoCommandError(5166405, `${name} expects integer amount of time units`);
      const result = dateAdd(coerceToDate(start), unit, sign * amount, zone);
      if (!Number.isFinite(result) || Math.abs(result) > 8.64e15) throw new MongoCommandError(5166406, 'dateAdd overflowed');
      return new Date(result);
    };
  };
}

const dateDiffOperator: OperatorCompiler = (operand, c) => {
  const a = namedArguments(operand, c, {
    required: ['startDate', 'endDate', 'unit'],
    optional: ['timezone', 'startOfWeek'],
    notObject: () => new MongoCommandError(5166301, '$dateDiff only supports an object as its argument'),
    unknown: (k) => new MongoCommandError(5166302, `Unrecognized argument to $dateDiff: ${k}`),
    missing: (k) =>
      new MongoCommandError(
        k === 'startDate' ? 5166303 : k === 'endDate' ? 5166304 : 5166305,
        `Missing '${k}' parameter to $dateDiff`,
      ),
  });
  const convert = (v: unknown, parameter: string): number => {
    if (!coercibleToDate(v))
      throw new MongoCommandError(5166307, `$dateDiff requires '${parameter}' to be a date, but got ${bsonTypeName(v)}`);
    return coerceToDate(v);
  };
  return (doc, vars) => {
    const start = a.startDate!(doc, vars);
    if (isNullish(start)) return null;
    const end = a.endDate!(doc, vars);
    if (isNullish(end)) return null;
    const unitValue = a.unit!(doc, vars);
    if (isNullish(unitValue)) return null;
    const unit = parseUnit(unitValue, '$dateDiff');
    let startOfWeek = 7;
    if (unit === 'week' && a.startOfWeek) {
      const v = a.startOfWeek(doc, vars);
      if (isNullish(v)) return null;
      startOfWeek = parseStartOfWeek(v, '$dateDiff');
    }
    const zone = withContext("$dateDiff parameter 'timezone' value parsing failed", () => zoneOf(a.timezone, doc, vars));
    if (!zone) return null;
    return Long.fromNumber(dateDiff(convert(start, 'startDate'), convert(end, 'endDate'), unit, zone, startOfWeek));
  };
};

const dateTruncOperator: OperatorCompiler = (operand, c) => {
  const a = namedArguments(operand, c, {
    required: ['date', 'unit'],
    optional: ['binSize', 'timezone', 'startOfWeek'],
    notObject: () => new MongoCommandError(5439007, '$dateTrunc only supports an object as its argument'),
    unknown: (k) =>
      new MongoCommandError(
        5439008,
        `Unrecognized argument to $dateTrunc: ${k}. Expected arguments are date, unit, and optionally, binSize, timezone, startOfWeek`,
      ),
    missing: (k) => new MongoCommandError(k === 'date' ? 5439009 : 5439010, `Missing '${k}' parameter to $dateTrunc`),
  });
  return (doc, vars) => {
    const date = a.date!(doc, vars);
    if (isNullish(date)) return null;
    let binSize = 1;
    if (a.binSize) {
      const v = a.binSize(doc, vars);
      if (isNullish(v)) return null;
      const n = integral64(v);
      if (n === undefined)
        throw new MongoCommandError(
          5439017,
          `$dateTrunc requires 'binSize' to be a 64-bit integer, but got value '${renderValue(v)}' of type ${bsonTypeName(v)}`,
        );
      if (n <= 0) throw new MongoCommandError(5439018, `$dateTrunc requires 'binSize' to be greater than 0, but got value ${n}`);
      binSize = n;
    }
    const unitValue = a.unit!(doc, vars);
    if (isNullish(unitValue)) return null;
    const unit = parseUnit(unitValue, '$dateTrunc');
    let startOfWeek = 7;
    if (unit === 'week' && a.startOfWeek) {
      const v = a.startOfWeek(doc, vars);
      if (isNullish(v)) return null;
      startOfWeek = parseStartOfWeek(v, '$dateTrunc');
    }
    const zone = withContext("$dateTrunc parameter 'timezone' value parsing failed", () => zoneOf(a.timezone, doc, vars));
    if (!zone) return null;
    if (!coercibleToDate(date))
      throw new MongoCommandError(5166307, `$dateTrunc requires 'date' to be a date, but got ${bsonTypeName(date)}`);
    if (!['day', 'week', 'month', 'quarter', 'year'].includes(unit) || binSize <= 100_000_000_000)
      return new Date(dateTrunc(coerceToDate(date), unit, binSize, zone, startOfWeek));
    throw new MongoCommandError(5439006, 'dateTrunc unsupported binSize value');
  };
};

export const DATE_OPERATORS: Record<string, OperatorCompiler> = {
  $year: extraction((p) => p.year),
  $month: extraction((p) => p.month),
  $dayOfMonth: extraction((p) => p.day),
  $hour: extraction((p) => p.hour),
  $minute: extraction((p) => p.minute),
  $second: extraction((p) => p.second),
  $millisecond: extraction((p) => p.millisecond),
  $dayOfWeek: extraction((p) => p.dayOfWeek),
  $dayOfYear: extraction((p) => p.dayOfYear),
  $week: extraction(weekOf),
  $isoWeek: extraction((p) => isoWeekOf(p).isoWeek),
  // mongod answers $isoWeekYear as a long (TimeZone::isoYear is a long long).
  $isoWeekYear: extraction((p) => Long.fromNumber(isoWeekOf(p).isoWeekYear)),
  $isoDayOfWeek: extraction((p) => p.isoDayOfWeek),
  $dateToString: dateToString,
  $dateFromString: dateFromString,
  $dateToParts: dateToParts,
  $dateFromParts: dateFromParts,
  $dateAdd: dateArithmetic(1),
  $dateSubtract: dateArithmetic(-1),
  $dateDiff: dateDiffOperator,
  $dateTrunc: dateTruncOperator,
};
