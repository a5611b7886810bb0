import { type Collection, type Document, MongoBulkWriteError, MongoServerError, type OptionalUnlessRequiredId } from 'mongodb';

/** The most documents one command carries: well under the 100,000 writes and 48 MB a batch may hold. */
const MAX_BATCH = 256;

interface Pending<T> {
  document: T;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Inserts of one collection made by concurrent requests, sent together: the calls made in one turn of the event
 * loop go out as one unordered `insertMany` when the turn ends (a lone call as a plain `insertOne`, so a quiet
 * server sends exactly what it did before). Each caller still gets its own answer: the insert succeeded, or it was
 * refused with the same error shape `insertOne` gives (`code` 11000 for a unique key taken, so a guard built on a
 * unique index reads its refusal as before). Under load, when requests' inserts fall into the same turn, the
 * database gets one command, one commit and one acknowledgement for many of them.
 *
 * Unordered, so one refused document never stops the others. A failure of the whole command (the connection lost)
 * rejects every caller: as with a lost `insertOne`, some may have been written, which their unique keys settle when
 * they are retried.
 */
export class InsertBatcher<T extends Document> {
  private pending: Array<Pending<T>> = [];
  private scheduled = false;

  constructor(private readonly collection: () => Collection<T>) {}

  insert(document: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ document, resolve, reject });
      if (this.pending.length >= MAX_BATCH) this.flush();
      else if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    const batch = this.pending;
    if (batch.length === 0) return;
    this.pending = [];
    try {
      this.send(batch);
    } catch (error) {
      batch.forEach((p) => p.reject(error));
    }
  }

  private send(batch: Array<Pending<T>>): void {
    const collection = this.collection();
    if (batch.length === 1) {
      const [only] = batch;
      collection.insertOne(only.document as OptionalUnlessRequiredId<T>).then(() => only.resolve(), only.reject);
      return;
    }
    const documents = batch.map((p) => p.document as OptionalUnlessRequiredId<T>);
    collection.insertMany(documents, { ordered: false }).then(
      () => batch.forEach((p) => p.resolve()),
      (error: unknown) => settleEach(batch, error),
    );
  }
}

/** Each caller's own outcome from an unordered bulk insert that failed for some: its write error, or success. */
function settleEach<T>(batch: Array<Pending<T>>, error: unknown): void {
  if (!(error instanceof MongoBulkWriteError) || error.writeConcernError) {
    batch.forEach((p) => p.reject(error));
    return;
  }
  const writeErrors = Array.isArray(error.writeErrors) ? error.writeErrors : [error.writeErrors];
  const byIndex = new Map(writeErrors.map((e) => [e.index, e]));
  batch.forEach((p, index) => {
    const failed = byIndex.get(index);
    if (!failed) return p.resolve();
    const message = failed.errmsg ?? `write error ${failed.code}`;
    p.reject(
      new MongoServerError({
        message,
        errmsg: message,
        code: failed.code,
        ...(failed.errInfo ? { errInfo: failed.errInfo } : {}),
      }),
    );
  });
}
