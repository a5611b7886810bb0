import type { ThrottlerStorage } from '@nestjs/throttler';
import type { Collection } from 'mongodb';
import { type Connection, type Model, Schema } from 'mongoose';
import { retryOnDuplicateKey } from '../../database/duplicate-key';
import { bucketMicros, toThrottlerRecord, type ThrottlerStorageRecord } from './gcra';

/** One caller's budget at one endpoint, shared by every server process on the database. */
export interface RateLimitBucket {
  /** `<throttler>|<METHOD /path> <caller>` */
  _id: string;
  /** The theoretical arrival time (µs since the epoch): see gcra.ts. */
  tat: number;
  /** By then the bucket is full again and the document can go (a TTL index removes it). */
  expiresAt: Date;
}

export const RateLimitBucketSchema = new Schema<RateLimitBucket>(
  { _id: String, tat: Number, expiresAt: Date },
  { collection: 'rate_limit_buckets', versionKey: false },
);
// Created with every model's indexes at start-up (database/unique-indexes.ts).
RateLimitBucketSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });

export const RATE_LIMIT_BUCKET_MODEL = 'RateLimitBucket';

/**
 * Rate-limit budgets in the database, for several server processes over one database, with plain operator updates
 * that every MongoDB and the embedded engine implement alike:
 * 1. `$max` lifts the bucket's TAT to now, creating the bucket if need be, and returns it. That changes no decision
 *    (gcra.ts takes max(TAT, now) anyway) and tells whether a request fits: if not, the refusal costs this one write.
 * 2. `$inc` takes one request only while the TAT still leaves room for it: the check and the take are one atomic
 *    update, so two processes, or two requests racing in one, never both take the last request of a budget.
 * An admitted request costs two round trips; endpoints without a limit never come here. One update pipeline could
 * do both steps, but the embedded engine does not yet evaluate numeric literals beyond the int32 range inside
 * pipeline expressions (microsecond timestamps are).
 */
export class DatabaseThrottlerStorage implements ThrottlerStorage {
  private readonly buckets: Collection<RateLimitBucket>;

  constructor(
    model: Model<RateLimitBucket>,
    private readonly now: () => number = Date.now,
  ) {
    // The driver's collection, typed with the string ids mongoose's own typing does not know of.
    this.buckets = model.collection as unknown as Collection<RateLimitBucket>;
  }

  // As in MemoryThrottlerStorage, `blockDuration` is not used: the bucket refills evenly.
  async increment(
    key: string,
    ttl: number,
    limit: number,
    _blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    const nowMs = this.now();
    const { now, window, interval } = bucketMicros(nowMs, limit, ttl);
    const _id = `${throttlerName}|${key}`;
    const refused = (tat: number) =>
      toThrottlerRecord({ allowed: false, tat, retryAfterMs: (tat + interval - window - now) / 1000 }, nowMs, limit, ttl);
    // Two first requests of a caller may both insert: the loser's E11000 is retried and finds the winner's bucket.
    const lifted = await retryOnDuplicateKey(() =>
      this.buckets.findOneAndUpdate(
        { _id },
        { $max: { tat: now }, $set: { expiresAt: new Date(nowMs + ttl) } },
        { upsert: true, returnDocument: 'after', projection: { tat: 1 } },
      ),
    );
    if (!lifted) throw new Error('the rate-limit bucket upsert returned no document');
    if (lifted.tat + interval - now > window) return refused(lifted.tat);
    const taken = await this.buckets.findOneAndUpdate(
      { _id, tat: { $lte: now + window - interval } },
      { $inc: { tat: interval } },
      { returnDocument: 'after', projection: { tat: 1 } },
    );
    if (taken) return toThrottlerRecord({ allowed: true, tat: taken.tat, retryAfterMs: 0 }, nowMs, limit, ttl);
    // Another request took the last room in between.
    const latest = await this.buckets.findOne({ _id }, { projection: { tat: 1 } });
    return refused(latest?.tat ?? now + window);
  }
}

/** The bucket model on `connection` (registered once). */
export function rateLimitBuckets(connection: Connection): Model<RateLimitBucket> {
  return (
    (connection.models[RATE_LIMIT_BUCKET_MODEL] as Model<RateLimitBucket> | undefined) ??
    connection.model<RateLimitBucket>(RATE_LIMIT_BUCKET_MODEL, RateLimitBucketSchema)
  );
}
