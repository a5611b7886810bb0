/**
 * What the native expression evaluator (native-expression.ts) shares with its operator families
 * (date-expressions.ts, string-expressions.ts, math-expressions.ts): the evaluator types, the compiler seam
 * each operator is compiled through, and small helpers with mongod's conventions.
 */
import { Double } from 'bson';
import type { Document } from '../contracts';
import { MongoCommandError } from '../errors';
import type { Collation } from './collation';
import { bsonTypeName, isPlainObject } from './values';

/** Variables bound by `$let`, `$map`, `$filter` and `$reduce` while they evaluate their body. */
export type Variables = Record<string, unknown> | undefined;

/** Evaluates against the document (and the variables in scope); undefined is "missing". */
export type Evaluator = (doc: Document, vars?: Variables) => unknown;

/** The compiler an operator compiles its arguments with. */
export interface ExpressionCompiler {
  readonly compare: (a: unknown, b: unknown) => number;
  readonly context: { now: Date; collation?: Collation };
  compile(expr: unknown): Evaluator;
  /** The operand as an argument list of `min`..`max` arguments (16020 otherwise), each compiled. */
  args(operand: unknown, name: string, min: number, max?: number): Evaluator[];
  /** Compiles `expr` with the variables `names` in scope (as `$let` / `$map` / `$filter` / `$reduce` bind them). */
  within(names: string[], expr: unknown): Evaluator;
}

export type OperatorCompiler = (operand: unknown, c: ExpressionCompiler, name: string) => Evaluator;

/** A mongod error whose code name errors.ts does not register. */
export class NamedCommandError extends MongoCommandError {
  constructor(code: number, codeName: string, message: string) {
    super(code, message);
    Object.defineProperty(this, 'codeName', { value: codeName });
  }
}

export class ConversionFailure extends NamedCommandError {
  constructor(message: string) {
    super(241, 'ConversionFailure', message);
  }
}

/** mongod's FailedToParse (9). */
export function failedToParse(message: string): MongoCommandError {
  return new NamedCommandError(9, 'FailedToParse', message);
}

/** A double in canonical form (integral doubles stay wrapped so they remain doubles in BSON). */
export function doubleValue(n: number): unknown {
  return Number.isInteger(n) || Object.is(n, -0) ? new Double(n) : n;
}

/** null, missing or the BSON undefined: what mongod calls "nullish". */
export function isNullish(v: unknown): boolean {
  return v === undefined || v === null || bsonTypeName(v) === 'undefined';
}

export function argumentList(operand: unknown): unknown[] {
  return Array.isArray(operand) ? operand : [operand];
}

export function arity(name: string, args: unknown[], min: number, max = min): void {
  if (args.length < min || args.length > max) {
    const expected = min === max ? `exactly ${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`;
    throw new MongoCommandError(16020, `Expression ${name} takes ${expected} arguments. ${args.length} were passed in.`);
  }
}

/**
 * An operator taking an object of named arguments: checks the operand is an object (`notObject`), that every
 * key is known (`unknown`) and the required ones present (`missing`); returns the compiled arguments (absent
 * optional ones are undefined).
 */
export function namedArguments(
  operand: unknown,
  c: ExpressionCompiler,
  spec: {
    required: string[];
    optional: string[];
    notObject: () => MongoCommandError;
    unknown: (key: string) => MongoCommandError;
    missing: (key: string) => MongoCommandError;
  },
): Record<string, Evaluator | undefined> {
  if (!isPlainObject(operand)) throw spec.notObject();
  const raw: Document = operand;
  for (const key of Object.keys(raw)) if (!spec.required.includes(key) && !spec.optional.includes(key)) throw spec.unknown(key);
  for (const key of spec.required) if (!(key in raw)) throw spec.missing(key);
  const out: Record<string, Evaluator | undefined> = {};
  for (const key of [...spec.required, ...spec.optional]) out[key] = key in raw ? c.compile(raw[key]) : undefined;
  return out;
}
