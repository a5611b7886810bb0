/**
 * Aggregation pipelines. The stages documents flow through unchanged or reshaped ($match, $sort, $skip,
 * $limit, $count, $unwind, $project, $addFields/$set, $unset, $replaceRoot/$replaceWith, $lookup) run
 * here on canonical values, so stored types survive them exactly, as do $group, $bucket, $sortByCount
 * (group.ts), $facet, $unionWith and the common $setWindowFields (window.ts). The other stages that compute
 * new documents ($bucketAuto, $densify, $fill, $graphLookup, …) run in mingo on plain JS values (see
 * expression.ts for what that conversion loses). Stages that write or read server state are the commands
 * layer's and are rejected here.
 */
import { Aggregator } from 'mingo';
import { Double, Long } from 'bson';
import type { Document } from '../contracts';
import { commandError, MongoCommandError } from '../errors';
import { asCommandError, bindNow, compileExpression, mingoOptions, toPlainJs, type ExpressionContext } from './expression';
import type { Collation } from './collation';
import { compileFilter } from './filter';
import { nativeBucket, nativeGroup, nativeSortByCount } from './group';
import { getPath, splitPath } from './paths';
import { compileProjection } from './projection';
import { compileSort, noTextScore } from './sort';
import { nativeSetWindowFields } from './window';
import { DocumentWriter } from './update-paths';
import { canonicalize, isDocument, isNumber, renderValue, toJsNumber } from './values';

export interface PipelineContext extends ExpressionContext {
  /** The documents of another collection of the same database ($lookup, $unionWith, $graphLookup). */
  resolveCollection(name: string): Iterable<Document>;
  /** The pipeline's collation ($match, $sort, $group keys); undefined: simple. */
  collation?: Collation;
  /** The textScore of each document a leading `$text` `$match` produced (`{ $meta: 'textScore' }`). */
  textScores?: WeakMap<Document, number>;
  /** Called between stages: throws when the command's time limit (maxTimeMS) is spent. */
  checkTime?: () => void;
}

/** Stages that map each document to one document: its textScore follows it. */
const ONE_TO_ONE = new Set(['$project', '$addFields', '$set', '$unset', '$replaceRoot', '$replaceWith', '$lookup']);

/** A score as mongod returns it: a double (an integral one kept wrapped in the canonical form). */
export function textScoreValue(score: number): unknown {
  return Number.isInteger(score) ? new Double(score) : score;
}

export function isTextScoreMeta(value: unknown): boolean {
  return isDocument(value) && Object.keys(value).length === 1 && value.$meta === 'textScore';
}

/**
 * `$project` / `$addFields` / `$set` fields `{ $meta: 'textScore' }` (top level): the other fields are the
 * stage proper, then each meta field is set to the document's score.
 */
function withTextScoreFields(name: string, spec: unknown, context: PipelineContext): Stage | undefined {
  if (!['$project', '$addFields', '$set'].includes(name) || !isDocument(spec)) return undefined;
  const metaFields = Object.keys(spec).filter((k) => isTextScoreMeta(spec[k]));
  if (metaFields.length === 0) return undefined;
  const scores = context.textScores;
  if (!scores) noTextScore();
  const rest = Object.fromEntries(Object.entries(spec).filter(([k]) => !metaFields.includes(k)));
  // A $project of meta fields only is an inclusion projection (its _id and the scores).
  const inner =
    Object.keys(rest).length > 0
      ? compileStage({ [name]: rest }, context)
      : name === '$project'
        ? compileStage({ $project: { _id: 1 } }, context)
        : (docs: Document[]) => docs;
  return (docs) =>
    inner(docs).map((out, i) => {
      const score = scores.get(docs[i]);
      let doc = out;
      for (const field of metaFields) {
        const writer = new DocumentWriter(doc);
        writer.set(splitPath(field), textScoreValue(score ?? 0));
        doc = writer.root;
      }
      return doc;
    });
}

type Stage = (docs: Document[]) => Document[];

const COMMAND_LAYER_STAGES = new Set([
  '$out',
  '$merge',
  '$collStats',
  '$indexStats',
  '$currentOp',
  '$changeStream',
  '$listSessions',
  '$listLocalSessions',
  '$planCacheStats',
]);
const UNSUPPORTED_STAGES = new Set([
  '$search',
  '$searchMeta',
  '$vectorSearch',
  '$listSearchIndexes',
  '$changeStreamSplitLargeEvent',
]);
const MINGO_STAGES = new Set([
  '$group',
  '$facet',
  '$bucket',
  '$bucketAuto',
  '$sortByCount',
  '$sample',
  '$redact',
  '$setWindowFields',
  '$densify',
  '$fill',
  '$graphLookup',
  '$unionWith',
  '$documents',
]);

export function runPipeline(input: Iterable<Document>, pipeline: Document[], context: PipelineContext): Document[] {
  if (!Array.isArray(pipeline)) throw commandError('TypeMismatch', "'pipeline' option must be specified as an array");
  const stages = pipeline.map((stage) => compileStage(stage, context));
  const scores = context.textScores;
  let docs = [...input];
  stages.forEach((stage, i) => {
    context.checkTime?.();
    const before = docs;
    docs = stage(docs);
    if (scores && ONE_TO_ONE.has(Object.keys(pipeline[i])[0]) && docs.length === before.length) {
      docs.forEach((doc, k) => {
        const score = scores.get(before[k]);
        if (score !== undefined) scores.set(doc, score);
      });
    }
  });
  context.checkTime?.();
  return docs;
}

function compileStage(stage: unknown, context: PipelineContext): Stage {
  if (!isDocument(stage) || Object.keys(stage).length !== 1) {
    throw commandError('Location40323', 'A pipeline stage specification object must contain exactly one field.');
  }
  const [name, spec] = Object.entries(stage)[0];
  if (COMMAND_LAYER_STAGES.has(name))
    throw commandError('BadValue', `${name} is handled by the command, not inside the pipeline`);
  if (UNSUPPORTED_STAGES.has(name)) throw commandError('BadValue', `${name} is not supported by the embedded database`);
  const scored = withTextScoreFields(name, spec, context);
  if (scored) return scored;
  switch (name) {
    case '$geoNear':
      // The command reads a leading $geoNear from the collection's geo index; anywhere else it is refused.
      throw commandError('Location40602', '$geoNear is only valid as the first stage in a pipeline.');
    case '$match': {
      if (!isDocument(spec)) throw commandError('Location15959', 'the match filter must be an expression in an object');
      if ('$text' in spec) throw new MongoCommandError(17313, '$match with $text is only allowed as the first pipeline stage');
      const filter = compileFilter(spec, { ...context, restricted: true });
      return (docs) => docs.filter((d) => filter.matches(d));
    }
    case '$sort': {
      if (!isDocument(spec) || Object.keys(spec).length === 0)
        throw commandError('Location15976', '$sort stage must have at least one sort key');
      const scores = context.textScores;
      const compare = compileSort(spec, context.collation, scores ? (d) => scores.get(d) : undefined);
      return (docs) => [...docs].sort(compare);
    }
    case '$skip': {
      const n = nonNegativeInteger(spec, '$skip');
      return (docs) => docs.slice(n);
    }
    case '$limit': {
      const n = nonNegativeInteger(spec, '$limit');
      if (n === 0) throw commandError('Location15958', 'the limit must be positive');
      return (docs) => docs.slice(0, n);
    }
    case '$count':
      return countStage(spec);
    case '$unwind':
      return unwindStage(spec);
    case '$project': {
      if (!isDocument(spec) || Object.keys(spec).length === 0)
        throw commandError('Location51272', '$project requires at least one output field');
      const project = compileProjection(spec, { ...context, aggregation: true });
      return (docs) => docs.map((d) => project(d));
    }
    case '$unset': {
      const fields = typeof spec === 'string' ? [spec] : spec;
      if (!Array.isArray(fields) || fields.length === 0 || !fields.every((f) => typeof f === 'string')) {
        throw commandError('Location31002', '$unset specification must be a string or an array of strings');
      }
      const project = compileProjection(Object.fromEntries(fields.map((f) => [f, 0])), { ...context, aggregation: true });
      return (docs) => docs.map((d) => project(d));
    }
    case '$addFields':
    case '$set':
      return addFieldsStage(spec, context);
    case '$replaceRoot':
    case '$replaceWith':
      return replaceRootStage(name === '$replaceRoot' ? (isDocument(spec) ? spec.newRoot : undefined) : spec, context);
    case '$lookup':
      return lookupStage(spec, context);
    default: {
      const native = nativeStage(name, spec, context);
      if (native) return native;
      if (name === '$group' && context.collation) return collatedGroup(spec, context, context.collation);
      if (MINGO_STAGES.has(name)) {
        refuseNestedGeoNear(name, spec);
        return mingoStage(name, spec, context);
      }
      throw commandError('Location40324', `Unrecognized pipeline stage name: '${name}'`);
    }
  }
}

/** Stages mongod refuses inside a `$facet` sub-pipeline. */
const NOT_IN_FACET = new Set([
  '$facet',
  '$out',
  '$merge',
  '$geoNear',
  '$indexStats',
  '$collStats',
  '$changeStream',
  '$search',
  '$searchMeta',
  '$vectorSearch',
  '$currentOp',
  '$listSessions',
  '$listLocalSessions',
  '$planCacheStats',
]);

/** `$facet`: each sub-pipeline runs natively over the same input; one document holds their results. */
function facetStage(spec: unknown, context: PipelineContext): Stage {
  if (!isDocument(spec) || Object.keys(spec).length === 0)
    throw new MongoCommandError(40169, `the $facet specification must be a non-empty object, but found: ${renderValue(spec)}`);
  const facets = Object.entries(spec).map(([name, pipeline]) => {
    if (!Array.isArray(pipeline))
      throw new MongoCommandError(40170, `arguments to $facet must be arrays, ${name} is type ${typeof pipeline}`);
    for (const stage of pipeline) {
      const stageName = isDocument(stage) ? Object.keys(stage)[0] : undefined;
      if (stageName && NOT_IN_FACET.has(stageName))
        throw new MongoCommandError(40600, `${stageName} is not allowed to be used within a $facet stage`);
    }
    return { name, stages: pipeline as Document[] };
  });
  // Compiled once, so a malformed sub-pipeline fails even with no input.
  for (const facet of facets) facet.stages.forEach((stage) => compileStage(stage, context));
  return (docs) => [Object.fromEntries(facets.map((f) => [f.name, runPipeline(docs, f.stages, context)]))];
}

/** `$unionWith`: the input, then the other collection's documents through the (native) sub-pipeline. */
function unionWithStage(spec: unknown, context: PipelineContext): Stage {
  const coll = typeof spec === 'string' ? spec : isDocument(spec) ? spec.coll : undefined;
  const pipeline = isDocument(spec) ? (spec.pipeline ?? []) : [];
  if (typeof coll !== 'string' || !Array.isArray(pipeline))
    throw commandError(
      'FailedToParse',
      `the $unionWith stage specification must be an object or string, but found ${renderValue(spec)}`,
    );
  if (hasGeoNear(pipeline)) throw commandError('Location40602', '$geoNear is only valid as the first stage in a pipeline.');
  return (docs) => [...docs, ...runPipeline(context.resolveCollection(coll), pipeline as Document[], context)];
}

/** `$group`, `$sortByCount` and `$bucket` on canonical values (group.ts); undefined: mingo runs the stage. */
function nativeStage(name: string, spec: unknown, context: PipelineContext): Stage | undefined {
  const compile = (expr: unknown) => compileExpression(expr, context);
  switch (name) {
    case '$group':
      return nativeGroup(spec, compile, context.collation);
    case '$sortByCount':
      return nativeSortByCount(spec, compile, context.collation);
    case '$bucket':
      return nativeBucket(spec, compile, context.collation);
    case '$facet':
      return facetStage(spec, context);
    case '$unionWith':
      return unionWithStage(spec, context);
    case '$setWindowFields':
      return nativeSetWindowFields(spec, compile, context.collation);
    default:
      return undefined;
  }
}

function nonNegativeInteger(spec: unknown, stage: string): number {
  const n = isNumber(spec) ? toJsNumber(spec) : NaN;
  if (!Number.isInteger(n) || n < 0) throw commandError('BadValue', `invalid argument to ${stage} stage: ${renderValue(spec)}`);
  return n;
}

function countStage(spec: unknown): Stage {
  if (typeof spec !== 'string' || spec === '') throw commandError('Location40156', 'the count field must be a non-empty string');
  if (spec.startsWith('$')) throw commandError('Location40158', 'the count field cannot be a $-prefixed path');
  if (spec.includes('.')) throw commandError('Location40160', "the count field cannot contain '.'");
  return (docs) => (docs.length === 0 ? [] : [{ [spec]: docs.length }]);
}

function unwindStage(spec: unknown): Stage {
  const options = typeof spec === 'string' ? { path: spec } : isDocument(spec) ? spec : undefined;
  const path = options?.path;
  if (typeof path !== 'string' || !path.startsWith('$'))
    throw commandError('Location28812', 'no path specified to $unwind stage');
  const parts = splitPath(path.slice(1));
  const indexField = options?.includeArrayIndex;
  const preserve = options?.preserveNullAndEmptyArrays === true;
  const withIndex = (doc: Document, value: unknown, index: number | null, replace: boolean): Document => {
    const writer = new DocumentWriter(doc);
    // An empty array preserved by preserveNullAndEmptyArrays leaves the field out, as mongod does.
    if (replace) {
      if (value === undefined) writer.unset(parts);
      else writer.set(parts, value);
    }
    if (typeof indexField === 'string') writer.set(splitPath(indexField), index === null ? null : Long.fromNumber(index));
    return writer.root;
  };
  return (docs) =>
    docs.flatMap((doc) => {
      const value = getPath(doc, parts);
      if (Array.isArray(value) && value.length > 0) return value.map((element, i) => withIndex(doc, element, i, true));
      if (value === undefined || value === null || Array.isArray(value))
        return preserve ? [withIndex(doc, undefined, null, Array.isArray(value))] : [];
      return [withIndex(doc, value, null, false)];
    });
}

/** Nested field documents of `$addFields` are paths, not values (`{a: {b: 1}}` sets `a.b`). */
function addFieldsEntries(spec: Document, prefix: string[], out: Array<[string[], unknown]>): void {
  for (const [key, value] of Object.entries(spec)) {
    const parts = [...prefix, ...splitPath(key)];
    if (isDocument(value) && Object.keys(value).length > 0 && !Object.keys(value)[0].startsWith('$'))
      addFieldsEntries(value, parts, out);
    else out.push([parts, value]);
  }
}

function addFieldsStage(spec: unknown, context: ExpressionContext): Stage {
  if (!isDocument(spec)) throw commandError('Location40272', '$addFields specification stage must be an object');
  const entries: Array<[string[], unknown]> = [];
  addFieldsEntries(spec, [], entries);
  const fields = entries.map(([parts, expr]) => ({ parts, evaluate: compileExpression(expr, context) }));
  return (docs) =>
    docs.map((doc) => {
      const writer = new DocumentWriter(doc);
      for (const { parts, evaluate } of fields) {
        const value = evaluate(doc);
        if (value === undefined) writer.unset(parts);
        else writer.set(parts, value);
      }
      return writer.root;
    });
}

function replaceRootStage(expr: unknown, context: ExpressionContext): Stage {
  if (expr === undefined) throw commandError('Location40231', 'no newRoot specified for the $replaceRoot stage');
  const evaluate = compileExpression(expr, context);
  return (docs) =>
    docs.map((doc) => {
      const root = evaluate(doc);
      if (!isDocument(root)) {
        throw commandError(
          'Location40228',
          `'replacement document' must evaluate to an object, but resulting value was: ${renderValue(root)}`,
        );
      }
      return root;
    });
}

function lookupStage(spec: unknown, context: PipelineContext): Stage {
  if (!isDocument(spec)) throw commandError('Location40319', 'the $lookup stage specification must be an object');
  const { from, as, localField, foreignField, pipeline } = spec;
  const letSpec = spec.let ?? {};
  if (typeof as !== 'string') throw commandError('FailedToParse', "$lookup requires the 'as' field");
  if (typeof from !== 'string') throw commandError('FailedToParse', "$lookup requires a 'from' collection name");
  const byEquality = localField !== undefined || foreignField !== undefined;
  if (byEquality && (typeof localField !== 'string' || typeof foreignField !== 'string')) {
    throw commandError('FailedToParse', "$lookup requires both 'localField' and 'foreignField' to be strings");
  }
  if (!byEquality && !Array.isArray(pipeline))
    throw commandError('FailedToParse', "$lookup requires either 'pipeline' or 'localField' and 'foreignField'");
  if (pipeline !== undefined && !Array.isArray(pipeline))
    throw commandError('FailedToParse', "$lookup argument 'pipeline' must be an array");
  if (!isDocument(letSpec)) throw commandError('FailedToParse', "$lookup argument 'let' must be an object");
  const letValues = Object.entries(letSpec).map(([name, expr]) => ({ name, evaluate: compileExpression(expr, context) }));
  const asParts = splitPath(as);

  return (docs) => {
    const foreign = [...context.resolveCollection(from)];
    return docs.map((doc) => {
      let matches = foreign;
      if (byEquality) {
        const values = getLocalValues(doc, localField as string) ?? [null];
        const filter = compileFilter({ [foreignField as string]: { $in: values } }, { collation: context.collation });
        matches = foreign.filter((f) => filter.matches(f));
      }
      if (Array.isArray(pipeline)) {
        const variables: Document = { ...context.variables };
        for (const { name, evaluate } of letValues) variables[name] = evaluate(doc);
        matches = runPipeline(matches, pipeline as Document[], { ...context, variables });
      }
      const writer = new DocumentWriter(doc);
      writer.set(asParts, matches);
      return writer.root;
    });
  };
}

/** localField through arrays of documents ("items.sku" on an array of items) collects every value. */
function getLocalValues(doc: Document, path: string): unknown[] | undefined {
  const values: unknown[] = [];
  const walk = (value: unknown, parts: string[]): void => {
    if (parts.length === 0) {
      if (Array.isArray(value)) values.push(...value);
      else if (value !== undefined) values.push(value);
      return;
    }
    if (Array.isArray(value)) for (const e of value) walk(e, parts);
    else if (isDocument(value)) walk(value[parts[0]], parts.slice(1));
  };
  walk(doc, splitPath(path));
  return values.length > 0 ? values : undefined;
}

const GROUP_KEY = '__memberloop_collated_group_key';

/**
 * `$group` under a collation: group keys the collation equates are one group, whose `_id` is the first key
 * met (as mongod's hash grouping on collation keys gives). Each document is tagged with its group's
 * representative key, then mingo groups by that tag. Accumulators ($min, $max, $addToSet) still compare binary.
 */
function collatedGroup(spec: unknown, context: PipelineContext, collation: Collation): Stage {
  if (!isDocument(spec) || !('_id' in spec)) return mingoStage('$group', spec, context);
  const keyOf = compileExpression(spec._id, context);
  const grouped = mingoStage('$group', { ...spec, _id: `$${GROUP_KEY}` }, context);
  return (docs) => {
    const representatives: unknown[] = []; // sorted under the collation
    const tagged = docs.map((doc) => {
      const key = keyOf(doc) ?? null;
      let lo = 0;
      let hi = representatives.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        const c = collation.compare(representatives[mid], key);
        if (c === 0) return { ...doc, [GROUP_KEY]: representatives[mid] };
        if (c < 0) lo = mid + 1;
        else hi = mid;
      }
      representatives.splice(lo, 0, key);
      return { ...doc, [GROUP_KEY]: key };
    });
    return grouped(tagged);
  };
}

function mingoStage(name: string, spec: unknown, context: PipelineContext): Stage {
  const options = {
    ...mingoOptions(context),
    collectionResolver: (collection: string) => [...context.resolveCollection(collection)].map((d) => toPlainJs(d) as Document),
  };
  let aggregator: Aggregator;
  try {
    aggregator = new Aggregator([{ [name]: bindNow(toPlainJs(spec), context.now) }], options);
  } catch (error) {
    throw asCommandError(error);
  }
  return (docs) => {
    try {
      return aggregator.run(docs.map((d) => toPlainJs(d) as Document)).map((d) => canonicalize(d) as Document);
    } catch (error) {
      throw asCommandError(error);
    }
  };
}

function hasGeoNear(pipeline: unknown): boolean {
  return Array.isArray(pipeline) && pipeline.some((stage) => isDocument(stage) && '$geoNear' in stage);
}

/** mongod's refusals of `$geoNear` in the sub-pipelines mingo would run (it does not know the stage). */
function refuseNestedGeoNear(name: string, spec: unknown): void {
  if (name === '$facet' && isDocument(spec) && Object.values(spec).some(hasGeoNear)) {
    throw commandError('Location40600', '$geoNear is not allowed to be used within a $facet stage');
  }
  if (name === '$unionWith' && isDocument(spec) && hasGeoNear(spec.pipeline)) {
    throw commandError('Location40602', '$geoNear is only valid as the first stage in a pipeline.');
  }
}
