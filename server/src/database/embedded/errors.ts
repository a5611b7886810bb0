/**
 * Errors the embedded engine reports, with mongod's numeric codes and code names, so that the
 * official driver (and mongoose) classify them exactly as they would a real server's.
 */
export const ErrorCode = {
  InternalError: 1,
  BadValue: 2,
  NoSuchKey: 4,
  FailedToParse: 9,
  TypeMismatch: 14,
  InvalidLength: 16,
  IllegalOperation: 20,
  NamespaceNotFound: 26,
  IndexNotFound: 27,
  PathNotViable: 28,
  ConflictingUpdateOperators: 40,
  CursorNotFound: 43,
  NamespaceExists: 48,
  DollarPrefixedFieldName: 52,
  InvalidIdField: 53,
  NotSingleValueField: 54,
  CommandNotFound: 59,
  ImmutableField: 66,
  InvalidOptions: 72,
  InvalidNamespace: 73,
  IndexOptionsConflict: 85,
  IndexKeySpecsConflict: 86,
  OperationFailed: 96,
  WriteConflict: 112,
  NoSuchTransaction: 251,
  TransactionCommitted: 256,
  TransactionTooOld: 225,
  InvalidIndexSpecificationOption: 197,
  IncompleteTransactionHistory: 217,
  OperationNotSupportedInTransaction: 263,
  ConflictingOperationInProgress: 117,
  DuplicateKey: 11000,
  Location40324: 40324,
  NotImplemented: 238,
  DocumentValidationFailure: 121,
  ExceededMemoryLimit: 146,
  CannotCreateIndex: 67,
  IndexAlreadyExists: 68,
  OutOfDiskSpace: 14031,
  NotWritablePrimary: 10107,
  Unauthorized: 13,
  InvalidBSON: 22,
  BSONObjectTooLarge: 10334,
  UnknownError: 8,
  CannotIndexParallelArrays: 171,
  EmptyFieldName: 56,
  Location17419: 17419,
  Location17420: 17420,
  Location15958: 15958,
  Location15959: 15959,
  Location15976: 15976,
  Location28812: 28812,
  Location31002: 31002,
  Location40156: 40156,
  Location40158: 40158,
  Location40160: 40160,
  Location40228: 40228,
  Location40231: 40231,
  Location40272: 40272,
  Location40319: 40319,
  Location40323: 40323,
  Location51272: 51272,
  Location6108304: 6108304,
  Location31264: 31264,
  NoQueryExecutionPlans: 291,
  Location40600: 40600,
  Location40602: 40602,
} as const;

export type ErrorCodeName = keyof typeof ErrorCode;

const codeNames = new Map<number, string>(Object.entries(ErrorCode).map(([name, code]) => [code, name]));

/** The extra fields mongod puts beside code/errmsg (keyPattern, keyValue, errInfo, ...). */
export type ErrorExtra = Record<string, unknown>;

/**
 * A command failure. The wire layer turns it into `{ ok: 0, errmsg, code, codeName, errorLabels?, ...extra }`;
 * inside write commands the command layer turns it into a `writeErrors[]` entry instead.
 */
export class MongoCommandError extends Error {
  readonly code: number;
  readonly codeName: string;
  readonly errorLabels: string[];
  readonly extra: ErrorExtra;

  constructor(code: number, message: string, options: { labels?: string[]; extra?: ErrorExtra } = {}) {
    super(message);
    this.name = 'MongoCommandError';
    this.code = code;
    // mongod names an assertion code without a registered name `Location<code>`.
    this.codeName = codeNames.get(code) ?? `Location${code}`;
    this.errorLabels = options.labels ?? [];
    this.extra = options.extra ?? {};
  }

  /** The reply document mongod sends for this failure. */
  toReply(): Record<string, unknown> {
    const reply: Record<string, unknown> = { ok: 0, errmsg: this.message, code: this.code, codeName: this.codeName };
    if (this.errorLabels.length > 0) reply.errorLabels = [...this.errorLabels];
    return { ...reply, ...this.extra };
  }
}

export function commandError(code: ErrorCodeName, message: string, extra?: ErrorExtra): MongoCommandError {
  return new MongoCommandError(ErrorCode[code], message, { extra });
}

/** mongod's limit on a stored document's BSON size (BSONObjMaxUserSize). */
export const MAX_DOCUMENT_BYTES = 16 * 1024 * 1024;

/**
 * The refusals of a document over MAX_DOCUMENT_BYTES, by where the document came from, with mongod's codes:
 * a document the client sent whole (insert, replacement) is BSONObjectTooLarge; one the server computed from
 * an update is 17419, or 17420 when the update inserts it (upsert).
 */
export const documentTooLarge = {
  insert: (size: number): MongoCommandError =>
    new MongoCommandError(
      ErrorCode.BSONObjectTooLarge,
      `object to insert too large. size in bytes: ${size}, max size: ${MAX_DOCUMENT_BYTES}`,
    ),
  replacement: (size: number): MongoCommandError =>
    new MongoCommandError(
      ErrorCode.BSONObjectTooLarge,
      `replacement document too large. size in bytes: ${size}, max size: ${MAX_DOCUMENT_BYTES}`,
    ),
  update: (): MongoCommandError =>
    new MongoCommandError(ErrorCode.Location17419, `Resulting document after update is larger than ${MAX_DOCUMENT_BYTES}`),
  upsert: (): MongoCommandError =>
    new MongoCommandError(ErrorCode.Location17420, `Document to upsert is larger than ${MAX_DOCUMENT_BYTES}`),
};

/**
 * Server-side JavaScript is disabled, as on a mongod started with `security.javascriptEnabled: false`:
 * `$where` in a query filter fails when parsed, `$function` and `$accumulator` when they run.
 */
export const javascriptDisabled = {
  where: (): MongoCommandError => new MongoCommandError(ErrorCode.Location6108304, 'no globalScriptEngine in $where parsing'),
  run: (): MongoCommandError =>
    new MongoCommandError(ErrorCode.Location31264, 'Cannot run server-side javascript without the javascript engine enabled'),
};

/** WriteConflict as mongod reports it inside a transaction: the driver's withTransaction retries on the label. */
export function writeConflict(message = 'Write conflict during plan execution and yielding is disabled.'): MongoCommandError {
  return new MongoCommandError(ErrorCode.WriteConflict, message, { labels: ['TransientTransactionError'] });
}

/** E11000 with keyPattern/keyValue exactly as mongod reports them. */
export function duplicateKeyError(
  ns: string,
  indexName: string,
  keyPattern: Record<string, unknown>,
  keyValue: Record<string, unknown>,
  renderKey: (v: unknown) => string,
): MongoCommandError {
  const shown = Object.entries(keyValue)
    .map(([k, v]) => `${k}: ${renderKey(v)}`)
    .join(', ');
  return new MongoCommandError(
    ErrorCode.DuplicateKey,
    `E11000 duplicate key error collection: ${ns} index: ${indexName} dup key: { ${shown} }`,
    { extra: { keyPattern, keyValue } },
  );
}
