/** create, drop, dropDatabase, listCollections, listDatabases, collMod, index commands and statistics. */
import type { Document, IndexSpec } from '../contracts';
import { commandError, ErrorCode, MongoCommandError } from '../errors';
import { compileFilter } from '../query/filter';
import { isDocument } from '../query/values';
import { collectionName, documentArray, optionalBoolean, optionalDocument, rejectUnknownFields, typeMismatch } from './arguments';
import type { CommandHandler, CommandRun } from './command-run';

const CREATE_OPTIONS = [
  'validator',
  'validationLevel',
  'validationAction',
  'collation',
  'capped',
  'size',
  'max',
  'timeseries',
  'viewOn',
  'pipeline',
  'clusteredIndex',
  'expireAfterSeconds',
  'storageEngine',
  'indexOptionDefaults',
  'changeStreamPreAndPostImages',
  'encryptedFields',
];

function notInTransaction(run: CommandRun): void {
  if (run.txn)
    throw new MongoCommandError(
      ErrorCode.OperationNotSupportedInTransaction,
      `Cannot run '${run.name}' in a multi-document transaction.`,
    );
}

export const create: CommandHandler = async (run) => {
  const { db, command } = run;
  rejectUnknownFields(command, 'create', CREATE_OPTIONS);
  const coll = collectionName(command, 'create');
  const options = Object.fromEntries(Object.entries(command).filter(([k]) => CREATE_OPTIONS.includes(k)));
  if (run.txn) {
    // mongod allows creating a collection inside a transaction; it comes into being at commit.
    if (run.txn.collectionExists(db, coll))
      throw new MongoCommandError(ErrorCode.NamespaceExists, `Collection ${db}.${coll} already exists.`);
    throw new MongoCommandError(
      ErrorCode.OperationNotSupportedInTransaction,
      'Create the collection before the transaction: explicit create inside a transaction is not supported by the embedded engine.',
    );
  }
  await run.storage.createCollection(db, coll, options);
  return {};
};

export const drop: CommandHandler = async (run) => {
  notInTransaction(run);
  const { db, command } = run;
  const coll = collectionName(command, 'drop');
  const nIndexesWas = run.storage.collectionExists(db, coll) ? run.storage.listIndexes(db, coll).length : 0;
  const existed = await run.storage.dropCollection(db, coll);
  // mongod 7 answers ok for a missing collection.
  return existed ? { nIndexesWas, ns: `${db}.${coll}` } : {};
};

export const dropDatabase: CommandHandler = async (run) => {
  notInTransaction(run);
  await run.storage.dropDatabase(run.db);
  return { dropped: run.db };
};

export const listCollections: CommandHandler = async (run) => {
  notInTransaction(run);
  const { db, command } = run;
  rejectUnknownFields(command, 'listCollections', ['filter', 'nameOnly', 'authorizedCollections', 'cursor']);
  const filter = optionalDocument(command, 'filter', 'listCollections');
  const nameOnly = optionalBoolean(command, 'nameOnly', 'listCollections') ?? false;
  const matcher = compileFilter(filter ?? {}, { now: run.now });
  const infos = run.storage.listCollections(db).filter((info) => matcher.matches(info as unknown as Document));
  const docs = nameOnly ? infos.map((i) => ({ name: i.name, type: i.type })) : (infos as unknown as Document[]);
  const cursor = optionalDocument(command, 'cursor', 'listCollections');
  return run.cursors.open(`${db}.$cmd.listCollections`, docs, cursor?.batchSize as number | undefined);
};

export const listDatabases: CommandHandler = async (run) => {
  notInTransaction(run);
  const { command } = run;
  rejectUnknownFields(command, 'listDatabases', ['filter', 'nameOnly', 'authorizedDatabases']);
  const filter = optionalDocument(command, 'filter', 'listDatabases');
  const matcher = compileFilter(filter ?? {}, { now: run.now });
  const databases = run.storage.listDatabases().filter((d) => matcher.matches(d));
  if (optionalBoolean(command, 'nameOnly', 'listDatabases')) return { databases: databases.map((d) => ({ name: d.name })) };
  return { databases, totalSize: databases.reduce((sum, d) => sum + d.sizeOnDisk, 0), totalSizeMb: 0 };
};

export const collMod: CommandHandler = async (run) => {
  notInTransaction(run);
  const { db, command } = run;
  const coll = collectionName(command, 'collMod');
  const options = Object.fromEntries(
    Object.entries(command)
      .slice(1)
      .filter(
        ([k]) =>
          ![
            'writeConcern',
            'comment',
            '$db',
            'lsid',
            '$clusterTime',
            '$readPreference',
            'apiVersion',
            'apiStrict',
            'apiDeprecationErrors',
            'txnNumber',
          ].includes(k),
      ),
  );
  return run.storage.collMod(db, coll, options);
};

export const createIndexes: CommandHandler = async (run) => {
  const { db, command } = run;
  rejectUnknownFields(command, 'createIndexes', ['indexes', 'commitQuorum', 'ignoreUnknownIndexOptions']);
  const coll = collectionName(command, 'createIndexes');
  const specs = documentArray(command, 'indexes', 'createIndexes');
  if (specs.length === 0) throw commandError('BadValue', 'Must specify at least one index to create');
  for (const spec of specs) {
    if (!isDocument(spec.key)) throw typeMismatch('createIndexes', 'indexes.key', 'object', spec.key);
    if (typeof spec.name !== 'string') throw typeMismatch('createIndexes', 'indexes.name', 'string', spec.name);
  }
  if (run.txn && run.storage.collectionExists(db, coll)) {
    throw new MongoCommandError(
      ErrorCode.OperationNotSupportedInTransaction,
      'Cannot create new indexes on existing collection in a multi-document transaction.',
    );
  }
  notInTransaction(run);
  return run.storage.createIndexes(
    db,
    coll,
    specs.map((s) => ({ v: 2, ...s }) as IndexSpec),
  );
};

export const listIndexes: CommandHandler = async (run) => {
  const { db, command } = run;
  const coll = collectionName(command, 'listIndexes');
  const cursor = optionalDocument(command, 'cursor', 'listIndexes');
  return run.cursors.open(
    `${db}.${coll}`,
    run.storage.listIndexes(db, coll) as unknown as Document[],
    cursor?.batchSize as number | undefined,
  );
};

export const dropIndexes: CommandHandler = async (run) => {
  notInTransaction(run);
  const { db, command } = run;
  const coll = collectionName(command, 'dropIndexes');
  const index = command.index;
  if (typeof index !== 'string' && !Array.isArray(index) && !isDocument(index))
    throw typeMismatch('dropIndexes', 'index', 'string', index);
  return run.storage.dropIndexes(db, coll, index as string | string[] | Document);
};

/** collStats' `capped` (and for a capped collection `max` and `maxSize`), from the collection's options. */
function cappedStats(run: Parameters<CommandHandler>[0], db: string, coll: string): Document {
  const info = run.storage.listCollections(db).find((c) => c.name === coll);
  const options = (info?.options ?? {}) as Document;
  if (!options.capped) return { capped: false };
  return { capped: true, max: options.max ?? 0, maxSize: options.size };
}

export const collStats: CommandHandler = async (run) => {
  const { db, command } = run;
  const coll = collectionName(command, 'collStats');
  if (!run.storage.collectionExists(db, coll))
    throw new MongoCommandError(ErrorCode.NamespaceNotFound, `Collection [${db}.${coll}] not found.`);
  const stats = run.storage.stats(db, coll);
  return {
    ns: `${db}.${coll}`,
    count: stats.count,
    size: stats.size,
    avgObjSize: stats.count ? Math.round(stats.size / stats.count) : 0,
    storageSize: stats.size,
    nindexes: stats.nindexes,
    totalIndexSize: 0,
    indexSizes: {},
    ...cappedStats(run, db, coll),
  };
};

export const dbStats: CommandHandler = async (run) => {
  const stats = run.storage.stats(run.db);
  return {
    db: run.db,
    collections: run.storage.listCollections(run.db).length,
    views: 0,
    objects: stats.count,
    dataSize: stats.size,
    storageSize: stats.size,
    indexes: stats.nindexes,
    indexSize: 0,
  };
};

export const validate: CommandHandler = async (run) => {
  const { db, command } = run;
  const coll = collectionName(command, 'validate');
  if (!run.storage.collectionExists(db, coll))
    throw new MongoCommandError(ErrorCode.NamespaceNotFound, `Collection '${db}.${coll}' does not exist to validate.`);
  return { ns: `${db}.${coll}`, nrecords: run.storage.stats(db, coll).count, valid: true, warnings: [], errors: [] };
};
