/** find, getMore, killCursors, count, distinct, aggregate and explain. */
import type { Document, FindOptions, PlanSummary } from '../contracts';
import { commandError, documentTooLarge, MongoCommandError } from '../errors';
import { runPipeline } from '../query/aggregate';
import { compileFilter } from '../query/filter';
import { getPath } from '../query/paths';
import { compileProjection } from '../query/projection';
import { parseCollation } from '../query/collation';
import { compareValues, isDocument } from '../query/values';
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
  if (command.tailable)
    throw commandError('BadValue', 'tailable cursors need a capped collection, which the embedded engine does not support');
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
  const docs = viewOf(run).find(db, coll, filter, options);
  const output =
    projection && Object.keys(projection).length > 0 ? mapped(docs, projectionFor(projection, filter, run.now)) : docs;
  return run.cursors.open(`${db}.${coll}`, output, batchSize, { singleBatch, transactionId: run.txn?.id });
};

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
  return run.cursors.getMore(id, `${db}.${coll}`, batchSize === 0 ? undefined : batchSize);
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
  return {
    n: viewOf(run).count(db, coll, query, {
      skip: options.skip,
      limit: options.limit,
      hint: options.hint,
      collation: options.collation,
    }),
  };
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
  for (const doc of view.find(db, coll, query, { collation: requested })) {
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
  if (pipeline[0] && '$match' in pipeline[0] && isDocument(pipeline[0].$match) && !('$text' in pipeline[0].$match)) {
    filter = pipeline[0].$match;
    // Parsed as the stage it is: the planner's find would parse it as a query filter ($where differs).
    compileFilter(filter, { restricted: true });
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
  const pushed = coll ? pushDown(stages) : { filter: {}, options: {}, rest: stages };
  const { filter, rest } = pushed;
  const options: FindOptions = { ...pushed.options, collation: collationArg };
  if (explain) {
    const { plan } = coll ? view.explainFind(db, coll, filter, options) : { plan: undefined };
    return {
      explainVersion: '1',
      stages: [{ $cursor: { queryPlanner: queryPlanner(db, coll ?? '$cmd.aggregate', filter, plan) } }, ...rest],
    };
  }
  const source = coll ? view.find(db, coll, filter, options) : [];
  const results = runPipeline(source, rest, {
    now: run.now,
    variables,
    collation: coll ? view.collationOf(db, coll, collationArg) : parseCollation(collationArg),
    resolveCollection: (name) => view.find(db, name, {}),
  });
  if (writesTo) {
    await writeResults(run, writesTo, results);
    return run.cursors.open(`${db}.${coll ?? '$cmd.aggregate'}`, [], 0);
  }
  return run.cursors.open(
    `${db}.${coll ?? '$cmd.aggregate'}`,
    results,
    optionalInteger(cursorSpec ?? {}, 'batchSize', 'aggregate.cursor'),
    {
      transactionId: run.txn?.id,
    },
  );
};

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
