/**
 * The data commands behind the wire layer: dispatch, logical sessions, multi-document transactions and
 * retryable-write dedupe, over the storage engine and the query language.
 */
import type {
  ClientConnection,
  CommandContext,
  CommandService,
  CommandServiceOptions,
  Document,
  StorageEngine,
  StorageTransaction,
} from '../contracts';
import { commandError, ErrorCode, MongoCommandError } from '../errors';
import { toBigInt } from './arguments';
import * as catalog from './catalog-commands';
import type { CommandHandler, CommandRun } from './command-run';
import { CursorRegistry } from './cursors';
import * as reads from './read-commands';
import { sessionKey, SessionRegistry, type Session } from './sessions';
import * as writes from './write-commands';

const HANDLERS: Record<string, CommandHandler> = {
  insert: writes.insert,
  update: writes.update,
  delete: writes.remove,
  findAndModify: writes.findAndModify,
  findandmodify: writes.findAndModify,
  find: reads.find,
  getMore: reads.getMore,
  killCursors: reads.killCursors,
  count: reads.count,
  distinct: reads.distinct,
  aggregate: reads.aggregate,
  explain: reads.explain,
  create: catalog.create,
  drop: catalog.drop,
  dropDatabase: catalog.dropDatabase,
  listCollections: catalog.listCollections,
  listDatabases: catalog.listDatabases,
  collMod: catalog.collMod,
  createIndexes: catalog.createIndexes,
  listIndexes: catalog.listIndexes,
  dropIndexes: catalog.dropIndexes,
  collStats: catalog.collStats,
  dbStats: catalog.dbStats,
  validate: catalog.validate,
};

const RETRYABLE = new Set(['insert', 'update', 'delete', 'findAndModify', 'findandmodify']);
const SESSION_COMMANDS = new Set([
  'endSessions',
  'killSessions',
  'commitTransaction',
  'abortTransaction',
  'refreshSessions',
  'killAllSessions',
]);
/** Commands mongod refuses inside a transaction. */
const NOT_IN_TRANSACTION = new Set([
  'count',
  'listCollections',
  'listDatabases',
  'drop',
  'dropDatabase',
  'collMod',
  'dropIndexes',
  'explain',
  'collStats',
  'dbStats',
  'validate',
]);

const REAP_INTERVAL_MS = 5_000;

export class DataCommandService implements CommandService {
  private readonly now: () => Date;
  private readonly cursors: CursorRegistry;
  private readonly sessions: SessionRegistry;
  private readonly reaper: NodeJS.Timeout;

  constructor(
    private readonly storage: StorageEngine,
    options: CommandServiceOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.cursors = new CursorRegistry(this.now, options.cursorTimeoutMs ?? 10 * 60_000);
    this.sessions = new SessionRegistry(
      this.now,
      options.sessionTimeoutMs ?? 30 * 60_000,
      options.transactionLifetimeMs ?? 60_000,
      (txn) => this.cursors.closeForTransaction(txn.id),
    );
    this.reaper = setInterval(() => {
      this.cursors.reapIdle();
      this.sessions.reap();
    }, REAP_INTERVAL_MS);
    this.reaper.unref();
  }

  handles(commandName: string): boolean {
    return commandName in HANDLERS || SESSION_COMMANDS.has(commandName);
  }

  async run(ctx: CommandContext): Promise<Document> {
    const { command } = ctx;
    const name = Object.keys(command)[0];
    if (name === 'endSessions' || name === 'killSessions') return this.endSessions(command[name]);
    if (name === 'refreshSessions') return {};
    if (name === 'killAllSessions') {
      this.sessions.abortAll();
      return {};
    }
    const key = sessionKey(command.lsid);
    const session = key ? this.sessions.touch(key) : undefined;
    const txnNumber = command.txnNumber === undefined ? undefined : toBigInt(command.txnNumber, 'txnNumber', name);

    if (command.autocommit !== undefined) {
      if (command.autocommit !== false) throw commandError('InvalidOptions', 'autocommit must be false when given');
      if (!session || txnNumber === undefined)
        throw commandError('InvalidOptions', 'a transaction needs a session id (lsid) and a txnNumber');
      return this.inTransaction(ctx, name, session, txnNumber);
    }
    if (name === 'commitTransaction' || name === 'abortTransaction') {
      throw commandError('InvalidOptions', `${name} must be run within a transaction (autocommit: false)`);
    }
    if (session && txnNumber !== undefined && RETRYABLE.has(name)) return this.retryable(ctx, name, session, txnNumber);
    return HANDLERS[name](this.runFor(ctx, name));
  }

  connectionClosed(_connection: ClientConnection): void {
    // Cursors and sessions outlive connections in mongod: a driver may continue them on another one.
  }

  async close(): Promise<void> {
    clearInterval(this.reaper);
    this.sessions.abortAll();
  }

  private runFor(ctx: CommandContext, name: string, txn?: StorageTransaction): CommandRun {
    return {
      db: ctx.db,
      name,
      command: ctx.command,
      storage: this.storage,
      txn,
      cursors: this.cursors,
      now: this.now(),
      sessionKey: sessionKey(ctx.command.lsid),
    };
  }

  /** A retried write with the same lsid + txnNumber returns the first reply instead of writing again. */
  private retryable(ctx: CommandContext, name: string, session: Session, txnNumber: bigint): Promise<Document> {
    this.sessions.advance(session, txnNumber);
    const statement = String(ctx.command.stmtId ?? (Array.isArray(ctx.command.stmtIds) ? ctx.command.stmtIds[0] : 0));
    const recorded = session.retryReplies.get(statement);
    if (recorded) return recorded;
    const reply = HANDLERS[name](this.runFor(ctx, name));
    session.retryReplies.set(statement, reply);
    // A failed attempt is not a result: the retry must run it again.
    reply.catch(() => session.retryReplies.delete(statement));
    return reply;
  }

  private async inTransaction(ctx: CommandContext, name: string, session: Session, txnNumber: bigint): Promise<Document> {
    const { command } = ctx;
    if (command.startTransaction === true) {
      this.sessions.advance(session, txnNumber);
      if (session.transaction?.txnNumber === txnNumber) {
        throw new MongoCommandError(
          ErrorCode.ConflictingOperationInProgress,
          `Transaction with txnNumber ${txnNumber} has already been started on this session.`,
        );
      }
      if (!(name in HANDLERS) || name === 'getMore' || name === 'killCursors') {
        throw commandError('OperationNotSupportedInTransaction', `Cannot start a transaction with '${name}'.`);
      }
      session.transaction = {
        txn: this.storage.beginTransaction(),
        txnNumber,
        startedAt: this.now().getTime(),
        outcome: 'active',
      };
    } else if (session.txnNumber !== txnNumber || session.transaction?.txnNumber !== txnNumber) {
      if (session.txnNumber !== undefined && txnNumber < session.txnNumber) {
        throw new MongoCommandError(
          ErrorCode.TransactionTooOld,
          `txnNumber ${txnNumber} is less than last txnNumber ${session.txnNumber} seen in this session`,
        );
      }
      throw noSuchTransaction(txnNumber);
    }
    const current = session.transaction as NonNullable<Session['transaction']>;

    if (name === 'commitTransaction') {
      if (current.outcome === 'committed') return {};
      if (current.outcome === 'aborted') throw noSuchTransaction(txnNumber);
      try {
        await current.txn.commit();
        this.sessions.endTransaction(session, 'committed');
        return {};
      } catch (error) {
        this.sessions.endTransaction(session, 'aborted');
        throw error;
      }
    }
    if (name === 'abortTransaction') {
      if (current.outcome === 'committed')
        throw new MongoCommandError(ErrorCode.TransactionCommitted, 'Transaction has been committed.');
      if (current.outcome === 'aborted') throw noSuchTransaction(txnNumber);
      this.sessions.endTransaction(session, 'aborted');
      return {};
    }
    if (current.outcome !== 'active' || current.txn.state !== 'active') throw noSuchTransaction(txnNumber);
    if (NOT_IN_TRANSACTION.has(name) || !(name in HANDLERS)) {
      this.sessions.endTransaction(session, 'aborted');
      throw new MongoCommandError(
        ErrorCode.OperationNotSupportedInTransaction,
        `Cannot run '${name}' in a multi-document transaction.`,
      );
    }
    try {
      return await HANDLERS[name](this.runFor(ctx, name, current.txn));
    } catch (error) {
      // Any error inside a transaction aborts it, as in mongod.
      this.sessions.endTransaction(session, 'aborted');
      throw error;
    }
  }

  private endSessions(ids: unknown): Document {
    if (!Array.isArray(ids)) throw commandError('TypeMismatch', 'endSessions takes an array of session ids');
    for (const lsid of ids) {
      const key = sessionKey(lsid);
      if (!key) continue;
      this.sessions.end(key);
      // Ending a session kills its cursors, as in mongod (the driver's client.close() ends its sessions).
      this.cursors.closeForSession(key);
    }
    return {};
  }
}

function noSuchTransaction(txnNumber: bigint): MongoCommandError {
  return new MongoCommandError(
    ErrorCode.NoSuchTransaction,
    `Transaction with txnNumber ${txnNumber} has been aborted or was never started.`,
    {
      labels: ['TransientTransactionError'],
    },
  );
}
