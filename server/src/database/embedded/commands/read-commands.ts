/** find, getMore, killCursors, count, distinct, aggregate and explain. */
import type { Document, FindOptions, PlanSummary } from '../contracts';
import { commandError, documentTooLarge, MongoCommandError } from '../errors';
import { isTextScoreMeta, runPipeline, textScoreValue } from '../query/aggregate';
import { noTextScore } from '../query/sort';
import { DocumentWriter } from '../query/update-paths';
import { findText } from '../query/text';
import { compileFilter } from '../query/filter';
import { getPath } from '../query/paths';
import { compileProjection } from '../query/projection';
import { parseCollation } from '../query/collation';
import { bsonTypeName, compareValues, isDocument, isNumber, toJsNumber } from '../query/values';
import {
  collectionName,
  documentArray,
  optionalBoolean,
  optionalDocument,
  optionalInteger,
  rejectUnknownFields,
  toBigInt,
  typeMismatch,
} from './arguments';
import { viewOf, write, type CommandHandler, type CommandRun } from './command-run';
import { limited, timeLimitOf } from './time-limit';
import { withIdFirst } from './write-commands';

/** The command's `collation` argument, validated as mongod does (undefined when absent). */
function collationArgument(command: Document): Document | undefined {
  const raw = command.collation;
  if (raw === undefined) return undefined;
  parseCollation(raw);
  return raw as Document;
}

function findOptions(command: Document, name: string): FindOptions {
  const limit = optionalInteger(command, 'limit', name);
  const skip = optionalInteger(command, 'skip', name);
  if (skip !== undefined && skip < 0) throw commandError('BadValue', 'skip value must be non-negative');
  const hint = command.hint;
  if (hint !== undefined && typeof hint !== 'string' && !isDocument(hint)) throw typeMismatch(name, 'hint', 'object', hint);
  return {
    sort: optionalDocument(command, 'sort', name),
    skip,
    limit: limit === undefined ? undefined : Math.abs(limit),
    hint: hint as string | Document | undefined,
    collation: collationArgument(command),
  };
}

function* mapped(docs: Iterable<Document>, map: (doc: Document) => Document): Iterable<Document> {
  for (const doc of docs) yield map(doc);
}

export const find: CommandHandler = async (run) => {
  const { db, command } = run;
  rejectUnknownFields(command, 'find', [
    'filter',
    'sort',
    'projection',
    'skip',
    'limit',
    'batchSize',
    'singleBatch',
    'hint',
    'collation',
    'allowDiskUse',
    'noCursorTimeout',
    'allowPartialResults',
    'returnKey',
    'showRecordId',
    'tailable',
    'awaitData',
    'min',
    'max',
    'readOnce',
    'oplogReplay',
  ]);
  const coll = collectionName(command, 'find');
  if (command.tailable) throw commandError('BadValue', 'tailable cursors are not supported by the embedded engine');
  for (const option of ['returnKey', 'showRecordId', 'min', 'max', 'oplogReplay']) {
    const value = command[option];
    if (value !== undefined && value !== false && !(isDocument(value) && Object.keys(value).length === 0)) {
      throw commandError('BadValue', `find option '${option}' is not supported by the embedded engine`);
    }
  }
  const filter = optionalDocument(command, 'filter', 'find') ?? {};
  const options = findOptions(command, 'find');
  const projection = optionalDocument(command, 'projection', 'find');
  const batchSize = optionalInteger(command, 'batchSize', 'find');
  if (batchSize !== undefined && batchSize < 0) throw commandError('BadValue', 'batchSize value must be non-negative');
  const rawLimit = optionalInteger(command, 'limit', 'find');
  const singleBatch = (optionalBoolean(command, 'singleBatch', 'find') ?? false) || (rawLimit !== undefined && rawLimit < 0);
  const timeLimit = timeLimitOf(command);
  const textScores = new WeakMap<Document, number>();
  const docs = limited(viewOf(run).find(db, coll, filter, { ...options, textScores }), timeLimit);
  const output =
    projection && Object.keys(projection).length > 0
      ? mapped(
          docs,
          withTextScores(projection, filter, textScores, (rest) => projectionFor(rest, filter, run.now)),
        )
      : docs;
  return run.cursors.open(`${db}.${coll}`, output, batchSize, {
    singleBatch,
    transactionId: run.txn?.id,
    sessionKey: run.sessionKey,
    timeLimit,
  });
};

/**
 * A find projection's `{ $meta: 'textScore' }` fields: the rest projects the document (a projection of
 * meta fields only keeps it whole, as mongod's), then each is set to the document's score.
 */
function withTextScores(
  projection: Document,
  filter: Document,
  scores: WeakMap<Document, number>,
  compile: (rest: Document) => (doc: Document) => Document,
): (doc: Document) => Document {
  const metaFields = Object.keys(projection).filter((k) => isTextScoreMeta(projection[k]));
  if (metaFields.length === 0) return compile(projection);
  if (findText(filter) === undefined) noTextScore();
  const rest = Object.fromEntries(Object.entries(projection).filter(([k]) => !metaFields.includes(k)));
  const project = Object.keys(rest).length > 0 ? compile(rest) : (doc: Document) => doc;
  return (doc) => {
    const writer = new DocumentWriter(project(doc));
    for (const field of metaFields) writer.set(field.split('.'), textScoreValue(scores.get(doc) ?? 0));
    return writer.root;
  };
}

/** The find projection; `field.$` needs the position the filter matched. */
function projectionFor(projection: Document, filter: Document, now: Date): (doc: Document) => Document {
  const project = compileProjection(projection, { now });
  if (!Object.keys(projection).some((k) => k.endsWith('.$'))) return (doc) => project(doc);
  // Positional projection: computed per document from the filter match.
  const compiled = compileFilter(filter, { now });
  return (doc) => project(doc, compiled.match(doc).arrayIndex);
}

export const getMore: CommandHandler = async (run) => {
  const { db, command } = run;
  rejectUnknownFields(command, 'getMore', ['collection', 'batchSize', 'maxTimeMS', 'term', 'lastKnownCommittedOpTime']);
  const id = toBigInt(command.getMore, 'getMore', 'getMore');
  const coll = collectionName(command, 'collection');
  const batchSize = optionalInteger(command, 'batchSize', 'getMore');
  return run.cursors.getMore(id, `${db}.${coll}`, batchSize === 0 ? undefined : batchSize, run.sessionKey);
};

export const killCursors: CommandHandler = async (run) => {
  const { command } = run;
  collectionName(command, 'killCursors');
  const raw = command.cursors;
  if (!Array.isArray(raw)) throw typeMismatch('killCursors', 'cursors', 'array', raw);
  return run.cursors.kill(raw.map((id) => toBigInt(id, 'cursors', 'killCursors')));
};

export const count: CommandHandler = async (run) => {
  const { db, command } = run;
  rejectUnknownFields(command, 'count', ['query', 'limit', 'skip', 'hint', 'collation', 'fields']);
  const coll = collectionName(command, 'count');
  const query = optionalDocument(command, 'query', 'count') ?? {};
  const options = findOptions(command, 'count');
  const timeLimit = timeLimitOf(command);
  const n = viewOf(run).count(db, coll, query, {
    skip: options.skip,
    limit: options.limit,
    hint: options.hint,
    collation: options.collation,
  });
  timeLimit?.check();
  return { n };
};

export const distinct: CommandHandler = async (run) => {
  const { db, command } = run;
  rejectUnknownFields(command, 'distinct', ['key', 'query', 'collation', 'hint']);
  const coll = collectionName(command, 'distinct');
  const key = command.key;
  if (typeof key !== 'string') throw typeMismatch('distinct', 'key', 'string', key);
  const query = optionalDocument(command, 'query', 'distinct') ?? {};
  const view = viewOf(run);
  const requested = collationArgument(command);
  const compare = view.collationOf(db, coll, requested)?.compare ?? compareValues;
  const values: unknown[] = [];
  for (const doc of limited(view.find(db, coll, query, { collation: requested }), timeLimitOf(command))) {
    const found = getPath(doc, key);
    for (const value of Array.isArray(found) ? found.flat() : [found]) {
      if (value === undefined) continue;
      // Under a collation, values it equates are one value: the first one met stands for them.
      if (!values.some((v) => compare(v, value) === 0)) values.push(value);
    }
  }
  values.sort(compare);
  return { values };
};

/** The leading stages the planner can do with an index: $match, then $sort / $skip / $limit. */
function pushDown(pipeline: Document[]): { filter: Document; options: FindOptions; rest: Document[] } {
  let i = 0;
  let filter: Document = {};
  const options: FindOptions = {};
  if (pipeline[0] && '$match' in pipeline[0] && isDocument(pipeline[0].$match)) {
    filter = pipeline[0].$match;
    // Parsed as the stage it is: the planner's find would parse it as a query filter ($where differs).
    // A leading `$text` is the collection's text search (the only place a pipeline accepts it).
    if (findText(filter) === undefined) compileFilter(filter, { restricted: true });
    i = 1;
  }
  if (pipeline[i] && '$sort' in pipeline[i] && isDocument(pipeline[i].$sort)) {
    options.sort = pipeline[i].$sort as Document;
    i += 1;
    // $sort followed by $limit (with an optional $skip between) is a top-k the planner can stop early for.
    if (pipeline[i] && '$skip' in pipeline[i] && typeof pipeline[i].$skip === 'number') {
      options.skip = pipeline[i].$skip as number;
      i += 1;
    }
    if (pipeline[i] && '$limit' in pipeline[i] && typeof pipeline[i].$limit === 'number') {
      options.limit = pipeline[i].$limit as number;
      i += 1;
    } else if (options.skip !== undefined) {
      i -= 1;
      delete options.skip;
    }
  }
  return { filter, options, rest: pipeline.slice(i) };
}

export const aggregate: CommandHandler = async (run) => {
  const { db, command } = run;
  rejectUnknownFields(command, 'aggregate', [
    'pipeline',
    'cursor',
    'explain',
    'allowDiskUse',
    'hint',
    'collation',
    'let',
    'fromMongos',
    'needsMerge',
  ]);
  const pipeline = documentArray(command, 'pipeline', 'aggregate');
  const target = command.aggregate;
  const coll = target === 1 || (typeof target === 'number' && target === 1) ? undefined : collectionName(command, 'aggregate');
  const cursorSpec = optionalDocument(command, 'cursor', 'aggregate');
  const explain = optionalBoolean(command, 'explain', 'aggregate') ?? false;
  if (!cursorSpec && !explain)
    throw commandError('FailedToParse', "The 'cursor' option is required, except for aggregate with the explain argument");
  const variables = optionalDocument(command, 'let', 'aggregate');
  const view = viewOf(run);

  const last = pipeline[pipeline.length - 1];
  const writesTo = last && ('$out' in last || '$merge' in last) ? last : undefined;
  const stages = writesTo ? pipeline.slice(0, -1) : pipeline;
  for (const stage of stages) {
    if ('$out' in stage || '$merge' in stage)
      throw new MongoCommandError(40601, '$out and $merge can only be the final stage in the pipeline');
  }

  const collationArg = collationArgument(command);
  const geoNear = coll && stages[0] && '$geoNear' in stages[0] ? geoNearSource(run, coll, stages) : undefined;
  const pushed = geoNear ?? (coll ? pushDown(stages) : { filter: {}, options: {}, rest: stages });
  const { filter, rest } = pushed;
  const textScores = findText(filter) === undefined ? undefined : new WeakMap<Document, number>();
  const options: FindOptions = { ...pushed.options, collation: collationArg, ...(textScores ? { textScores } : {}) };
  if (explain) {
    const { plan } = coll ? view.explainFind(db, coll, filter, options) : { plan: undefined };
    return {
      explainVersion: '1',
      stages: [{ $cursor: { queryPlanner: queryPlanner(db, coll ?? '$cmd.aggregate', filter, plan) } }, ...rest],
    };
  }
  const timeLimit = timeLimitOf(command);
  const source = limited(coll ? view.find(db, coll, filter, options) : [], timeLimit);
  const results = runPipeline(source, rest, {
    now: run.now,
    ...(timeLimit ? { checkTime: () => timeLimit.check() } : {}),
    variables,
    ...(textScores ? { textScores } : {}),
    collation: coll ? view.collationOf(db, coll, collationArg) : parseCollation(collationArg),
    resolveCollection: (name) => view.find(db, name, {}),
  });
  if (writesTo) {
    await writeResults(run, writesTo, results);
    return run.cursors.open(`${db}.${coll ?? '$cmd.aggregate'}`, [], 0);
  }
  return run.cursors.open(
    `${db}.${coll ?? '$cmd.aggregate'}`,
    limited(results, timeLimit),
    optionalInteger(cursorSpec ?? {}, 'batchSize', 'aggregate.cursor'),
    { transactionId: run.txn?.id, sessionKey: run.sessionKey, timeLimit },
  );
};

const GEO_NEAR_FIELDS = new Set([
  'near',
  'distanceField',
  'spherical',
  'maxDistance',
  'minDistance',
  'query',
  'includeLocs',
  'distanceMultiplier',
  'key',
  'collation',
  'uniqueDocs',
]);

function geoNearNumber(spec: Document, field: string): number | undefined {
  const value = spec[field];
  if (value === undefined) return undefined;
  if (!isNumber(value))
    throw commandError(
      'TypeMismatch',
      `$geoNear parameter '${field}' must be of numeric type but found type: ${bsonTypeName(value)}`,
    );
  return toJsNumber(value);
}

/** The geo field `$geoNear` runs on without `key`: the only 2d index, else the only 2dsphere index (mongod's rule). */
function geoNearKey(run: CommandRun, coll: string): string {
  const ns = `${run.db}.${coll}`;
  const indexes = run.storage.listIndexes(run.db, coll);
  for (const type of ['2d', '2dsphere']) {
    const fields = indexes.flatMap((spec) => Object.keys(spec.key).filter((f) => spec.key[f] === type));
    if (fields.length > 1)
      throw commandError('IndexNotFound', `There is more than one ${type} index on ${ns}; unsure which to use for $geoNear`);
    if (fields.length === 1) return fields[0];
  }
  throw commandError('IndexNotFound', '$geoNear requires a 2d or 2dsphere index, but none were found');
}

/**
 * `$geoNear` as the first stage: the collection read as a `$near` / `$nearSphere` query (its `query`
 * ANDed in) whose documents carry their distance; a `$limit` right after it stops the scan early.
 */
function geoNearSource(
  run: CommandRun,
  coll: string,
  stages: Document[],
): { filter: Document; options: FindOptions; rest: Document[] } {
  const spec = stages[0].$geoNear;
  if (!isDocument(spec)) throw commandError('FailedToParse', '$geoNear argument must be an object');
  for (const field of Object.keys(spec)) {
    if (!GEO_NEAR_FIELDS.has(field)) throw commandError('BadValue', `Unknown argument to $geoNear: ${field}`);
  }
  if (spec.collation !== undefined) {
    throw new MongoCommandError(
      40227,
      "$geoNear does not accept the 'collation' parameter. Instead, specify a collation for the entire aggregation command.",
    );
  }
  const near = spec.near;
  if (!Array.isArray(near) && !isDocument(near))
    throw new MongoCommandError(16605, "$geoNear requires a 'near' option as an Array");
  const distanceField = spec.distanceField;
  if (typeof distanceField !== 'string')
    throw new MongoCommandError(16606, "$geoNear requires a 'distanceField' option as a String");
  const includeLocs = spec.includeLocs;
  if (includeLocs !== undefined && typeof includeLocs !== 'string') {
    throw new MongoCommandError(16607, "$geoNear requires that 'includeLocs' option is a String");
  }
  const query = spec.query === undefined ? {} : spec.query;
  if (!isDocument(query)) throw commandError('TypeMismatch', "$geoNear parameter 'query' must be of type object");
  compileFilter(query, { restricted: true });
  if (spec.key !== undefined && typeof spec.key !== 'string') {
    throw commandError(
      'TypeMismatch',
      `$geoNear parameter 'key' must be of type string but found type: ${bsonTypeName(spec.key)}`,
    );
  }
  if (spec.key === '') throw commandError('BadValue', "$geoNear parameter 'key' cannot be the empty string");
  // A missing collection has no index to complain about: it yields nothing, as any aggregation on it.
  const exists = viewOf(run).collectionExists(run.db, coll);
  const key = (spec.key as string | undefined) ?? (exists ? geoNearKey(run, coll) : 'location');
  const maxDistance = geoNearNumber(spec, 'maxDistance');
  const minDistance = geoNearNumber(spec, 'minDistance');
  const distanceMultiplier = geoNearNumber(spec, 'distanceMultiplier');
  if (distanceMultiplier !== undefined && distanceMultiplier < 0) {
    throw commandError('BadValue', "'distanceMultiplier' must be nonnegative");
  }
  const geoJson = isDocument(near) && 'type' in near;
  const op = geoJson || spec.spherical === true ? '$nearSphere' : '$near';
  const bounds: Document = {
    ...(maxDistance === undefined ? {} : { $maxDistance: maxDistance }),
    ...(minDistance === undefined ? {} : { $minDistance: minDistance }),
  };
  const condition = geoJson ? { [op]: { $geometry: near, ...bounds } } : { [op]: near, ...bounds };
  const filter: Document = Object.keys(query).length > 0 ? { $and: [{ [key]: condition }, query] } : { [key]: condition };
  const options: FindOptions = {
    geoNear: {
      distanceField,
      ...(includeLocs ? { includeLocs } : {}),
      ...(distanceMultiplier === undefined ? {} : { distanceMultiplier }),
    },
  };
  let i = 1;
  if (stages[1] && '$limit' in stages[1] && isNumber(stages[1].$limit) && toJsNumber(stages[1].$limit) > 0) {
    options.limit = toJsNumber(stages[1].$limit);
    i = 2;
  }
  return { filter, options, rest: stages.slice(i) };
}

/** $out replaces the target collection's documents; $merge folds the results into it. */
async function writeResults(run: CommandRun, stage: Document, results: Document[]): Promise<void> {
  const { db } = run;
  if ('$out' in stage) {
    const spec = stage.$out;
    const target = typeof spec === 'string' ? spec : isDocument(spec) && typeof spec.coll === 'string' ? spec.coll : undefined;
    if (!target) throw commandError('BadValue', '$out needs a collection name');
    if (isDocument(spec) && spec.db !== undefined && spec.db !== db)
      throw commandError('BadValue', '$out to another database is not supported');
    if (run.txn) throw new MongoCommandError(263, '$out is not allowed in a transaction');
    await write(run, (txn) => {
      for (const old of txn.findAll(db, target, {})) txn.remove(db, target, old._id);
      for (const doc of results) txn.insert(db, target, withIdFirst(doc));
    });
    return;
  }
  const spec = stage.$merge;
  const into = typeof spec === 'string' ? spec : isDocument(spec) ? spec.into : undefined;
  const target = typeof into === 'string' ? into : isDocument(into) && typeof into.coll === 'string' ? into.coll : undefined;
  if (!target) throw commandError('BadValue', '$merge needs an "into" collection');
  const options = isDocument(spec) ? spec : {};
  const on = options.on === undefined ? ['_id'] : Array.isArray(options.on) ? (options.on as string[]) : [String(options.on)];
  const whenMatched = options.whenMatched ?? 'merge';
  const whenNotMatched = options.whenNotMatched ?? 'insert';
  if (typeof whenMatched !== 'string' || !['merge', 'replace', 'keepExisting', 'fail'].includes(whenMatched)) {
    throw commandError('BadValue', `$merge whenMatched ${JSON.stringify(whenMatched)} is not supported by the embedded engine`);
  }
  await write(run, (txn) => {
    for (const raw of results) {
      const doc = withIdFirst(raw);
      const match = Object.fromEntries(on.map((field) => [field, getPath(doc, field) ?? null]));
      const [existing] = txn.findAll(db, target, match, { limit: 1 });
      if (!existing) {
        if (whenNotMatched === 'insert') txn.insert(db, target, doc);
        else if (whenNotMatched === 'fail')
          throw new MongoCommandError(13113, '$merge could not find a matching document in the target collection');
        continue;
      }
      if (whenMatched === 'fail')
        throw new MongoCommandError(11000, `E11000 duplicate key error: $merge found a match for ${JSON.stringify(match)}`);
      if (whenMatched === 'keepExisting') continue;
      // Refused over the size limit as mongod's own writes would: a replacement whole, a merge as an update.
      if (whenMatched === 'replace') txn.replace(db, target, { ...doc, _id: existing._id }, documentTooLarge.replacement);
      else txn.replace(db, target, { ...existing, ...doc, _id: existing._id });
    }
  });
}

function planStages(plan: PlanSummary | undefined, filter: Document): Document {
  if (!plan) return { stage: 'EOF' };
  if (plan.stage === 'GEO_NEAR_2D' || plan.stage === 'GEO_NEAR_2DSPHERE') {
    const near = { stage: plan.stage, indexName: plan.indexName, keysExamined: plan.keysExamined };
    return plan.sortInMemory ? { stage: 'SORT', inputStage: near } : near;
  }
  if (plan.stage === 'TEXT') {
    const ixscan = { stage: 'IXSCAN', indexName: plan.indexName, keysExamined: plan.keysExamined };
    const text = { stage: 'TEXT_MATCH', indexName: plan.indexName, inputStage: { stage: 'TEXT_OR', inputStage: ixscan } };
    return plan.sortInMemory ? { stage: 'SORT', inputStage: text } : text;
  }
  if (plan.stage === 'IXSCAN') {
    const ixscan = { stage: 'IXSCAN', indexName: plan.indexName, keysExamined: plan.keysExamined };
    const fetch = { stage: 'FETCH', filter, inputStage: ixscan };
    return plan.sortInMemory ? { stage: 'SORT', inputStage: fetch } : fetch;
  }
  const base = { stage: plan.stage, ...(plan.indexName ? { indexName: plan.indexName } : {}), filter };
  return plan.sortInMemory ? { stage: 'SORT', inputStage: base } : base;
}

function queryPlanner(db: string, coll: string, filter: Document, plan: PlanSummary | undefined): Document {
  return { namespace: `${db}.${coll}`, parsedQuery: filter, winningPlan: planStages(plan, filter), rejectedPlans: [] };
}

/** explain of find, count, distinct, aggregate, update, delete and findAndModify: the plan the planner chose. */
export const explain: CommandHandler = async (run) => {
  const { db, command } = run;
  const inner = optionalDocument(command, 'explain', 'explain');
  if (!inner) throw typeMismatch('explain', 'explain', 'object', command.explain);
  const name = Object.keys(inner)[0];
  const verbosity = command.verbosity ?? 'allPlansExecution';
  if (name === 'aggregate') return aggregate({ ...run, command: { ...inner, explain: true } });
  const coll = collectionName(inner, name);
  let filter: Document = {};
  let options: FindOptions = {};
  if (name === 'find') {
    filter = optionalDocument(inner, 'filter', 'find') ?? {};
    options = findOptions(inner, 'find');
  } else if (name === 'count' || name === 'distinct') {
    filter = optionalDocument(inner, 'query', name) ?? {};
  } else if (name === 'update') {
    const [first] = documentArray(inner, 'updates', 'update');
    filter = optionalDocument(first ?? {}, 'q', 'update') ?? {};
  } else if (name === 'delete') {
    const [first] = documentArray(inner, 'deletes', 'delete');
    filter = optionalDocument(first ?? {}, 'q', 'delete') ?? {};
  } else if (name === 'findAndModify' || name === 'findandmodify') {
    filter = optionalDocument(inner, 'query', name) ?? {};
    options = { sort: optionalDocument(inner, 'sort', name), limit: 1 };
  } else {
    throw commandError('CommandNotFound', `explain of ${name} is not supported`);
  }
  const { docs, plan } = viewOf(run).explainFind(db, coll, filter, options);
  const reply: Document = { explainVersion: '1', queryPlanner: queryPlanner(db, coll, filter, plan), command: inner };
  if (verbosity !== 'queryPlanner') {
    reply.executionStats = {
      executionSuccess: true,
      nReturned: docs.length,
      totalKeysExamined: plan.keysExamined,
      totalDocsExamined: plan.docsExamined,
      executionStages: planStages(plan, filter),
    };
  }
  return reply;
};
