/** insert, update, delete and findAndModify, with mongod's options, write errors and reply shapes. */
import { ObjectId } from 'bson';
import type { Document, DocumentTooLarge, StorageTransaction } from '../contracts';
import { commandError, documentTooLarge, MongoCommandError } from '../errors';
import { parseCollation } from '../query/collation';
import { compileFilter } from '../query/filter';
import { compileProjection } from '../query/projection';
import { compileUpdate, isOperatorUpdate, upsertSeed, validateStorableDocument, type CompiledUpdate } from '../query/update';
import { isDocument } from '../query/values';
import {
  collectionName,
  documentArray,
  optionalBoolean,
  optionalDocument,
  optionalInteger,
  rejectUnknownFields,
  typeMismatch,
} from './arguments';
import { write, type CommandHandler, type CommandRun } from './command-run';

/** mongod stores `_id` first, generating an ObjectId when the client sent none. */
export function withIdFirst(doc: Document): Document {
  if (doc._id === undefined) return { _id: new ObjectId(), ...doc };
  if (Object.keys(doc)[0] === '_id') return doc;
  const { _id, ...rest } = doc;
  return { _id, ...rest };
}

function writeError(index: number, error: MongoCommandError): Document {
  return { index, code: error.code, errmsg: error.message, ...error.extra };
}

/**
 * Runs each item; outside a transaction a failed item becomes a `writeErrors` entry (ordered: stop there).
 * Inside a transaction any failure aborts it, as in mongod.
 */
function eachItem<T>(run: CommandRun, items: T[], ordered: boolean, perform: (item: T, index: number) => void): Document[] {
  const errors: Document[] = [];
  for (const [index, item] of items.entries()) {
    try {
      perform(item, index);
    } catch (error) {
      if (run.txn || !(error instanceof MongoCommandError)) throw error;
      errors.push(writeError(index, error));
      if (ordered) break;
    }
  }
  return errors;
}

export const insert: CommandHandler = async (run) => {
  const { db, command } = run;
  rejectUnknownFields(command, 'insert', ['documents', 'ordered']);
  const coll = collectionName(command, 'insert');
  const docs = documentArray(command, 'documents', 'insert').map(withIdFirst);
  const ordered = optionalBoolean(command, 'ordered', 'insert') ?? true;
  let n = 0;
  const writeErrors = await write(run, (txn) =>
    eachItem(run, docs, ordered, (doc) => {
      validateStorableDocument(doc);
      txn.insert(db, coll, doc);
      n += 1;
    }),
  );
  return writeErrors.length > 0 ? { n, writeErrors } : { n };
};

interface UpdateSpec {
  q: Document;
  u: Document | Document[];
  multi: boolean;
  upsert: boolean;
  arrayFilters?: Document[];
  hint?: string | Document;
  sort?: Document;
  collation?: Document;
}

/** A `collation` argument validated as mongod does (undefined when absent). */
function collationArgument(raw: unknown): Document | undefined {
  if (raw === undefined) return undefined;
  parseCollation(raw);
  return raw as Document;
}

function parseUpdateSpec(raw: Document): UpdateSpec {
  for (const field of Object.keys(raw)) {
    if (!['q', 'u', 'multi', 'upsert', 'arrayFilters', 'hint', 'collation', 'c', 'sort', 'upsertSupplied'].includes(field)) {
      throw new MongoCommandError(40415, `BSON field 'update.updates.${field}' is an unknown field.`);
    }
  }
  const q = optionalDocument(raw, 'q', 'update.updates') ?? {};
  const u = raw.u;
  if (!isDocument(u) && !Array.isArray(u)) throw typeMismatch('update.updates', 'u', 'object', u);
  const spec: UpdateSpec = {
    q,
    u: u as Document | Document[],
    multi: optionalBoolean(raw, 'multi', 'update.updates') ?? false,
    upsert: optionalBoolean(raw, 'upsert', 'update.updates') ?? false,
  };
  if (raw.arrayFilters !== undefined) spec.arrayFilters = documentArray(raw, 'arrayFilters', 'update.updates');
  if (raw.hint !== undefined) spec.hint = raw.hint as string | Document;
  if (raw.sort !== undefined) spec.sort = optionalDocument(raw, 'sort', 'update.updates');
  if (raw.collation !== undefined) spec.collation = collationArgument(raw.collation);
  return spec;
}

interface AppliedUpdate {
  matched: number;
  modified: number;
  upsertedId?: unknown;
  /** The document before and after, for findAndModify. */
  before?: Document;
  after?: Document;
}

/**
 * The document an upsert inserts when nothing matched: the update applied to the filter's equalities, or
 * the replacement with the filter's `_id` when it has none (its other fields are not copied).
 */
function upsertDocument(q: Document, update: CompiledUpdate, now: Date): Document {
  const seed = upsertSeed(q, { idOnly: update.kind === 'replacement' });
  const { doc } = update.apply(seed, { isUpsertInsert: true, now });
  return withIdFirst(doc);
}

/**
 * How mongod refuses an update whose document would pass the size limit: a replacement the client sent
 * whole is BSONObjectTooLarge; a document the server computed is 17419, or 17420 when an upsert inserts it.
 */
function tooLargeFor(u: UpdateSpec['u'], inserting: boolean): DocumentTooLarge {
  if (!Array.isArray(u) && !isOperatorUpdate(u)) return documentTooLarge.replacement;
  return inserting ? documentTooLarge.upsert : documentTooLarge.update;
}

function applyOne(txn: StorageTransaction, run: CommandRun, coll: string, spec: UpdateSpec): AppliedUpdate {
  // Filter and update are parsed first: their errors are reported whether or not a document matches.
  const collation = txn.collationOf(run.db, coll, spec.collation);
  const filter = compileFilter(spec.q, collation ? { now: run.now, collation } : { now: run.now });
  const update = compileUpdate(spec.u, { arrayFilters: spec.arrayFilters, multi: spec.multi });
  const targets = txn.findAll(run.db, coll, spec.q, {
    hint: spec.hint,
    sort: spec.sort,
    limit: spec.multi ? 0 : 1,
    collation: spec.collation,
  });
  if (targets.length === 0) {
    if (!spec.upsert) return { matched: 0, modified: 0 };
    const doc = upsertDocument(spec.q, update, run.now);
    validateStorableDocument(doc);
    txn.insert(run.db, coll, doc, tooLargeFor(spec.u, true));
    return { matched: 0, modified: 0, upsertedId: doc._id, after: doc };
  }
  let modified = 0;
  let before: Document | undefined;
  let after: Document | undefined;
  for (const doc of targets) {
    const { arrayIndex } = filter.match(doc);
    const result = update.apply(doc, { positionalIndex: arrayIndex, now: run.now });
    before ??= doc;
    after ??= result.doc;
    if (!result.modified) continue;
    txn.replace(run.db, coll, result.doc, tooLargeFor(spec.u, false));
    modified += 1;
  }
  return { matched: targets.length, modified, before, after };
}

export const update: CommandHandler = async (run) => {
  const { command } = run;
  rejectUnknownFields(command, 'update', ['updates', 'ordered']);
  const coll = collectionName(command, 'update');
  const specs = documentArray(command, 'updates', 'update').map(parseUpdateSpec);
  const ordered = optionalBoolean(command, 'ordered', 'update') ?? true;
  let n = 0;
  let nModified = 0;
  const upserted: Document[] = [];
  const writeErrors = await write(run, (txn) =>
    eachItem(run, specs, ordered, (spec, index) => {
      const result = applyOne(txn, run, coll, spec);
      if (result.upsertedId !== undefined) {
        upserted.push({ index, _id: result.upsertedId });
        n += 1;
      } else {
        n += result.matched;
        nModified += result.modified;
      }
    }),
  );
  const reply: Document = { n, nModified };
  if (upserted.length > 0) reply.upserted = upserted;
  if (writeErrors.length > 0) reply.writeErrors = writeErrors;
  return reply;
};

export const remove: CommandHandler = async (run) => {
  const { db, command } = run;
  rejectUnknownFields(command, 'delete', ['deletes', 'ordered']);
  const coll = collectionName(command, 'delete');
  const specs = documentArray(command, 'deletes', 'delete').map((raw) => {
    const limit = optionalInteger(raw, 'limit', 'delete.deletes');
    if (limit !== 0 && limit !== 1)
      throw commandError('FailedToParse', 'The limit field in delete objects must be 0 or 1. Got ' + String(limit));
    return {
      q: optionalDocument(raw, 'q', 'delete.deletes') ?? {},
      limit,
      hint: raw.hint as string | Document | undefined,
      collation: collationArgument(raw.collation),
    };
  });
  const ordered = optionalBoolean(command, 'ordered', 'delete') ?? true;
  let n = 0;
  const writeErrors = await write(run, (txn) =>
    eachItem(run, specs, ordered, (spec) => {
      const targets = txn.findAll(db, coll, spec.q, { limit: spec.limit, hint: spec.hint, collation: spec.collation });
      for (const doc of targets) if (txn.remove(db, coll, doc._id)) n += 1;
    }),
  );
  return writeErrors.length > 0 ? { n, writeErrors } : { n };
};

export const findAndModify: CommandHandler = async (run) => {
  const { db, command } = run;
  const name = Object.keys(command)[0];
  rejectUnknownFields(command, name, [
    'query',
    'sort',
    'remove',
    'update',
    'new',
    'fields',
    'upsert',
    'arrayFilters',
    'hint',
    'collation',
  ]);
  const coll = collectionName(command, name);
  const query = optionalDocument(command, 'query', name) ?? {};
  const sort = optionalDocument(command, 'sort', name);
  const removeDoc = optionalBoolean(command, 'remove', name) ?? false;
  const returnNew = optionalBoolean(command, 'new', name) ?? false;
  const upsert = optionalBoolean(command, 'upsert', name) ?? false;
  const fields = optionalDocument(command, 'fields', name);
  const updateDoc = command.update;
  if (removeDoc && updateDoc !== undefined) throw commandError('FailedToParse', 'Cannot specify both an update and remove=true');
  if (!removeDoc && updateDoc === undefined)
    throw commandError('FailedToParse', 'Either an update or remove=true must be specified');
  if (removeDoc && (upsert || returnNew)) throw commandError('FailedToParse', 'Cannot specify both upsert=true and remove=true');
  if (updateDoc !== undefined && !isDocument(updateDoc) && !Array.isArray(updateDoc))
    throw typeMismatch(name, 'update', 'object', updateDoc);
  const arrayFilters = command.arrayFilters === undefined ? undefined : documentArray(command, 'arrayFilters', name);
  const collation = collationArgument(command.collation);
  const project = fields ? compileProjection(fields, { now: run.now }) : (doc: Document) => doc;

  return write(run, (txn) => {
    if (removeDoc) {
      const [target] = txn.findAll(db, coll, query, {
        sort,
        limit: 1,
        hint: command.hint as string | Document | undefined,
        collation,
      });
      if (!target) return { lastErrorObject: { n: 0 }, value: null };
      txn.remove(db, coll, target._id);
      return { lastErrorObject: { n: 1 }, value: project(target) };
    }
    const result = applyOne(txn, run, coll, {
      q: query,
      u: updateDoc as Document | Document[],
      multi: false,
      upsert,
      arrayFilters,
      sort,
      hint: command.hint as string | Document | undefined,
      collation,
    });
    if (result.upsertedId !== undefined) {
      return {
        lastErrorObject: { n: 1, updatedExisting: false, upserted: result.upsertedId },
        value: returnNew && result.after ? project(result.after) : null,
      };
    }
    if (result.matched === 0) return { lastErrorObject: { n: 0, updatedExisting: false }, value: null };
    const value = returnNew ? result.after : result.before;
    return { lastErrorObject: { n: 1, updatedExisting: true }, value: value ? project(value) : null };
  });
};
