import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { ERROR_STATUS, type ErrorCode } from '@memberloop/shared';
import type { Model, Types } from 'mongoose';
import type { Clock } from '../clock/clock';
import { AppError } from '../errors/app-error';
import type { IdempotentRequest, StoredAnswer } from './idempotent-request.schema';

/** Who sent a keyed request, to which endpoint, under which key: unique together. */
export interface KeyedRequestScope {
  caller: string;
  endpoint: string;
  key: string;
}

export interface IdempotencyTiming {
  /** How long a running request holds its key without renewing; after this a crashed holder's copy takes over. */
  leaseMs: number;
  /** How often a running request renews its hold. */
  renewMs: number;
  /** How long a copy waits for the running one's answer before it is told IDEMPOTENCY_KEY_IN_PROGRESS. */
  waitMs: number;
  /** How often a waiting copy looks again (a copy in this process is woken at once). */
  pollMs: number;
  /** How long an answer is kept for retries. */
  retentionMs: number;
}

export const DEFAULT_IDEMPOTENCY_TIMING: IdempotencyTiming = {
  leaseMs: 30_000,
  renewMs: 10_000,
  waitMs: 3_000,
  pollMs: 100,
  retentionMs: 24 * 60 * 60_000,
};

type Entered = { kind: 'run'; id: Types.ObjectId; owner: string } | { kind: 'replay'; answer: StoredAnswer };
type Step = Entered | { kind: 'busy'; id: Types.ObjectId };

/** Requests running in this process, by record id: copies waiting here are woken when they finish. */
const runningHere = new Map<string, Promise<void>>();

/**
 * Keyed requests, as Stripe's Idempotency-Key works: the first copy of a request runs and its answer (success or
 * expected error) is kept; a copy arriving while it runs waits briefly for that answer or is told to retry; every
 * later copy gets the kept answer; the same key with another request is refused. Unexpected failures keep nothing,
 * so a retry runs again (every keyed service is itself idempotent by key, so running again never doubles an effect).
 */
export class IdempotentRequests {
  private readonly logger = new Logger('IdempotentRequests');
  private readonly ready: Promise<unknown>;

  constructor(
    private readonly records: Model<IdempotentRequest>,
    private readonly clock: Clock,
    private readonly timing: IdempotencyTiming = DEFAULT_IDEMPOTENCY_TIMING,
  ) {
    // The unique index must exist before the first two copies race to insert (built here even with autoIndex off).
    this.ready = records.init().then(() => records.createIndexes());
  }

  /** Runs the request, or gives the answer of the copy that ran it; IDEMPOTENCY_KEY_IN_PROGRESS if it runs on. */
  async enter(scope: KeyedRequestScope, fingerprint: string): Promise<Entered> {
    await this.ready;
    const deadline = Date.now() + this.timing.waitMs;
    for (;;) {
      const step = await this.step(scope, fingerprint);
      if (step.kind !== 'busy') return step;
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new AppError(
          'IDEMPOTENCY_KEY_IN_PROGRESS',
          'A request with this Idempotency-Key is still being handled: send it again in a moment to get its answer.',
        );
      }
      await Promise.race([runningHere.get(step.id.toHexString()), sleep(Math.min(this.timing.pollMs, left))]);
    }
  }

  /**
   * Runs `work` holding the key (renewing the hold while it runs), then keeps its answer for the retries: the
   * success, or an expected failure (4xx). Anything else lets go of the key so that a retry runs again.
   */
  async run<T>(
    entered: { id: Types.ObjectId; owner: string },
    work: () => Promise<{ result: T; answer: StoredAnswer }>,
  ): Promise<T> {
    const { id, owner } = entered;
    let finished!: () => void;
    runningHere.set(id.toHexString(), new Promise<void>((resolve) => (finished = resolve)));
    const heartbeat = setInterval(() => void this.renew(id, owner), this.timing.renewMs);
    heartbeat.unref();
    try {
      const { result, answer } = await work();
      await this.keep(id, owner, answer);
      return result;
    } catch (error) {
      const answer = expectedFailure(error);
      if (answer) await this.keep(id, owner, answer);
      else await this.letGo(id, owner);
      throw error;
    } finally {
      clearInterval(heartbeat);
      runningHere.delete(id.toHexString());
      finished();
    }
  }

  private async step(scope: KeyedRequestScope, fingerprint: string): Promise<Step> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const now = this.clock.now();
      const owner = randomUUID();
      try {
        const [created] = await this.records.create([
          {
            ...scope,
            fingerprint,
            state: 'in-flight',
            owner,
            leaseUntil: this.after(now, this.timing.leaseMs),
            createdAt: now,
            expiresAt: this.after(now, this.timing.retentionMs),
          },
        ]);
        return { kind: 'run', id: created._id, owner };
      } catch (error) {
        if ((error as { code?: unknown }).code !== 11000) throw error;
      }
      const existing = await this.records.findOne(scope).lean<IdempotentRequest & { _id: Types.ObjectId }>();
      // Let go of meanwhile (its request failed unexpectedly): try to take the key again.
      if (!existing) continue;
      if (existing.expiresAt <= now) {
        await this.records.deleteOne({ _id: existing._id, expiresAt: existing.expiresAt });
        continue;
      }
      if (existing.fingerprint !== fingerprint) {
        throw new AppError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was already used for a different request.');
      }
      if (existing.state === 'done' && existing.answer) return { kind: 'replay', answer: existing.answer };
      if (existing.leaseUntil && existing.leaseUntil <= now) {
        // Its holder stopped renewing (crashed): take over, one taker at most.
        const taken = await this.records.updateOne(
          { _id: existing._id, state: 'in-flight', leaseUntil: { $lte: now } },
          { $set: { owner, leaseUntil: this.after(now, this.timing.leaseMs) } },
        );
        if (taken.modifiedCount === 1) return { kind: 'run', id: existing._id, owner };
      }
      return { kind: 'busy', id: existing._id };
    }
    throw new AppError('IDEMPOTENCY_KEY_IN_PROGRESS', 'This Idempotency-Key is busy: send the request again in a moment.');
  }

  private async keep(id: Types.ObjectId, owner: string, answer: StoredAnswer): Promise<void> {
    await this.records
      .updateOne({ _id: id, owner, state: 'in-flight' }, { $set: { state: 'done', answer }, $unset: { owner: 1, leaseUntil: 1 } })
      .catch((error: unknown) =>
        this.logger.warn(`could not keep the answer of keyed request ${id.toHexString()}: ${String(error)}`),
      );
  }

  private async letGo(id: Types.ObjectId, owner: string): Promise<void> {
    await this.records
      .deleteOne({ _id: id, owner, state: 'in-flight' })
      .catch((error: unknown) => this.logger.warn(`could not let go of keyed request ${id.toHexString()}: ${String(error)}`));
  }

  private async renew(id: Types.ObjectId, owner: string): Promise<void> {
    await this.records
      .updateOne(
        { _id: id, owner, state: 'in-flight' },
        { $set: { leaseUntil: this.after(this.clock.now(), this.timing.leaseMs) } },
      )
      .catch(() => undefined);
  }

  private after(now: Date, ms: number): Date {
    return new Date(now.getTime() + ms);
  }
}

/** The answer kept for an expected failure (an AppError the caller can act on); none for anything else. */
function expectedFailure(error: unknown): StoredAnswer | undefined {
  if (!(error instanceof AppError) || error.status >= 500) return undefined;
  return {
    kind: 'error',
    code: error.code,
    message: error.message,
    ...(error.details === undefined ? {} : { details: jsonCopy(error.details) }),
  };
}

/** The kept answer, as the retry gets it: the same success (marked replayed) or the same error. */
export function replayAnswer(answer: StoredAnswer): unknown {
  if (answer.kind === 'error') {
    // A code retired since the answer was kept still comes back as a conflict, never as a crash.
    const code = answer.code in ERROR_STATUS ? (answer.code as ErrorCode) : 'CONFLICT';
    throw new AppError(code, answer.message, answer.details);
  }
  const body = answer.body;
  if (body && typeof body === 'object' && typeof (body as { replayed?: unknown }).replayed === 'boolean') {
    return { ...(body as object), replayed: true };
  }
  return body;
}

export function jsonCopy(value: unknown): unknown {
  return value === undefined ? undefined : (JSON.parse(JSON.stringify(value)) as unknown);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
