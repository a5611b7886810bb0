/**
 * Aggregation expressions: evaluated natively on canonical values (native-expression.ts: field paths,
 * comparisons, arithmetic, logic, sets, conversions, ... with mongod's types and order), and for the other
 * operators by mingo on their whole sub-expression.
 *
 * mingo computes on plain JS values, so canonical values cross over converted: int32 / double / long /
 * decimal become JS numbers (long beyond 2^53 and decimal lose precision) and results come back through
 * `canonicalize` (integral results in int32 range become int32, others double). `$$NOW` is bound to the
 * caller's clock by rewriting it into a literal before mingo sees the expression.
 */
import { Aggregator } from 'mingo';
import type { Document } from '../contracts';
import { MongoCommandError, commandError, javascriptDisabled } from '../errors';
import type { Collation } from './collation';
import { compileNative, NamedCommandError, type Evaluator } from './native-expression';
import { canonicalize, isNumber, isPlainObject, toJsNumber } from './values';

export interface ExpressionContext {
  now: Date;
  /** User variables (`$$name`), e.g. a `$lookup`'s `let`. */
  variables?: Document;
  /** Comparisons and set operators compare strings under it (undefined: simple). */
  collation?: Collation;
}

/** A canonical value as mingo computes with it. */
export function toPlainJs(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(toPlainJs);
  switch ((value as { _bsontype?: string })._bsontype) {
    case 'Double':
    case 'Int32':
    case 'Long':
    case 'Decimal128':
      return toJsNumber(value);
    case 'BSONRegExp': {
      const r = value as { pattern: string; options: string };
      return new RegExp(r.pattern, r.options.replace(/[^ims]/g, ''));
    }
    case 'BSONSymbol':
      return (value as { value: string }).value;
    default:
      break;
  }
  if (!isPlainObject(value)) return value;
  const out: Document = {};
  for (const key of Object.keys(value)) out[key] = toPlainJs(value[key]);
  return out;
}

/** Binds `$$NOW` (mingo would read the system clock) by replacing it with a literal of the given date. */
export function bindNow(expr: unknown, now: Date): unknown {
  if (typeof expr === 'string') {
    if (expr === '$$NOW') return { $literal: now };
    if (expr.startsWith('$$NOW.')) throw commandError('BadValue', `Invalid variable path: ${expr}`);
    return expr;
  }
  if (Array.isArray(expr)) return expr.map((e) => bindNow(e, now));
  if (!isPlainObject(expr)) return expr;
  const out: Document = {};
  for (const key of Object.keys(expr)) out[key] = key === '$literal' ? expr[key] : bindNow(expr[key], now);
  return out;
}

/**
 * mingo's own errors become BadValue with its message; ours pass through. mingo refuses scripts when it
 * meets them (scriptEnabled is off): `$function` / `$accumulator` then fail as on a mongod without a script
 * engine, and `$where` (in a `$facet` sub-pipeline) as mongod refuses it in any `$match` stage.
 */
export function asCommandError(error: unknown): MongoCommandError {
  if (error instanceof MongoCommandError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (/^\$(function|accumulator) requires 'scriptEnabled'/.test(message)) return javascriptDisabled.run();
  const unknown = /^accumulator '(\$[^']*)' is not registered/.exec(message);
  if (unknown) return new NamedCommandError(168, 'InvalidPipelineOperator', `Unrecognized expression '${unknown[1]}'`);
  if (/^\$where (operator )?requires 'scriptEnabled'/.test(message))
    return commandError('BadValue', '$where is not allowed in this context');
  return commandError('BadValue', message);
}

export function mingoOptions(context: ExpressionContext): Record<string, unknown> {
  return {
    variables: context.variables ? (toPlainJs(context.variables) as Document) : undefined,
    scriptEnabled: false,
  };
}

const RESULT = '__memberloop_expression_result';

/** Compiles an expression once; the returned function evaluates it against a (canonical) document. */
export function compileExpression(expr: unknown, context: ExpressionContext): (doc: Document) => unknown {
  const evaluate = compileNative(expr, { ...context, fallback: (sub) => compileMingoExpression(sub, context) });
  return (doc) => {
    try {
      return evaluate(doc);
    } catch (error) {
      throw asCommandError(error);
    }
  };
}

/**
 * An expression mingo evaluates (on plain JS values; the result made canonical). Inside a native `$let`,
 * `$map`, `$filter` or `$reduce` it sees their variables (an aggregator is built for each such evaluation).
 */
function compileMingoExpression(expr: unknown, context: ExpressionContext): Evaluator {
  const stages = [{ $replaceWith: { [RESULT]: bindNow(toPlainJs(expr), context.now) } }];
  const aggregator = new Aggregator(stages, mingoOptions(context));
  return (doc, vars) => {
    const scoped = vars && Object.keys(vars).length > 0;
    const run = scoped
      ? new Aggregator(stages, mingoOptions({ ...context, variables: { ...context.variables, ...vars } }))
      : aggregator;
    const [out] = run.run([toPlainJs(doc) as Document]);
    return canonicalize(out?.[RESULT]);
  };
}

export function evaluateExpression(expr: unknown, doc: Document, context: ExpressionContext): unknown {
  return compileExpression(expr, context)(doc);
}

/** mongod's truthiness for `$expr`, `$cond`, …: false, null, missing and zero are false; all else is true. */
export function isTruthy(value: unknown): boolean {
  if (value === false || value === null || value === undefined) return false;
  return !(isNumber(value) && toJsNumber(value) === 0);
}
