import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { HOME_CURRENCY, fen, rateText, toFen, type PurchaseIngestRequest, type PurchaseIngestResult } from '@memberloop/shared';
import type { Collection } from 'mongodb';
import { Model, Types } from 'mongoose';
import { InsertBatcher } from '../database/insert-batcher';
import { appConfig, type AppConfig } from '../config/app-config';
import { Clock } from '../common/clock/clock';
import { AppError } from '../common/errors/app-error';
import { MembersService, type LeanMember } from '../members';
import { businessPeriod } from '../points';
import { pointsExpiryDate } from '../points';
import { PointsLedgerService } from '../points';
import { FxRateStore } from '../fx-rates';
import { ProgrammePolicy } from '../programme';
import { PurchaseHooks, type LeanPurchase, type PurchaseEvent } from './purchase-hooks';
import { QualifyingStatsService } from './qualifying-stats.service';
import { Purchase } from './schemas/purchase.schema';

/** How far ahead of the server's clock a till's payment time may be (clock skew). */
export const PAID_AT_FUTURE_SKEW_MS = 5 * 60_000;
/** A purchase left 'received' this long (a crash mid-ingest) is finished by the recovery job. */
export const STUCK_PURCHASE_AFTER_MS = 2 * 60_000;

function requestHash(request: PurchaseIngestRequest): string {
  return createHash('sha256').update(JSON.stringify(request)).digest('hex');
}

/**
 * Takes a purchase from a store or the shop: records it once per order, then applies it through the purchase
 * hooks features registered (its points, the member's tier, tasks, a referral's reward: see PurchaseHooks). A
 * retry of the same order returns the first outcome.
 */

/** A purchase record as the ingest writes it, whole, through the driver. */
type NewPurchaseRecord = LeanPurchase & { createdAt: Date; updatedAt: Date; __v: number };

@Injectable()
export class PurchaseIngestService {
  constructor(
    @InjectModel(Purchase.name) private readonly purchases: Model<Purchase>,
    private readonly members: MembersService,
    private readonly ledger: PointsLedgerService,
    private readonly stats: QualifyingStatsService,
    private readonly hooks: PurchaseHooks,
    private readonly policy: ProgrammePolicy,
    private readonly clock: Clock,
    @Inject(appConfig.KEY) private readonly config: AppConfig,
    private readonly fxRates: FxRateStore,
  ) {
    this.inserts = new InsertBatcher(() => purchases.collection as unknown as Collection<NewPurchaseRecord>);
  }

  /** Concurrent ingests' new purchase records go to the database together (one insert per event-loop turn). */
  private readonly inserts: InsertBatcher<NewPurchaseRecord>;

  async ingest(integrationId: string, request: PurchaseIngestRequest): Promise<PurchaseIngestResult> {
    const hash = requestHash(request);
    const { purchase, member, fresh } = await this.record(integrationId, request, hash);
    if (purchase.status === 'applied' && purchase.outcome) return this.result(purchase, true);
    const applied = await this.apply(purchase, member, fresh);
    // The same order sent twice at once (two tills' retries, two processes): the one that recorded the outcome
    // second answers as a replay, so exactly one answer per order says it was new.
    return this.result(applied.purchase, applied.replayed, applied.balance);
  }

  /**
   * Finishes purchases a crash left 'received' (recorded, not yet applied) for longer than STUCK_PURCHASE_AFTER_MS:
   * every step of `apply` is idempotent, so finishing one that another server is still applying changes nothing.
   */
  async finishStuck(limit = 200): Promise<{ finished: number; failed: number }> {
    const before = new Date(this.clock.now().getTime() - STUCK_PURCHASE_AFTER_MS);
    const stuck = await this.purchases
      .find({ status: 'received', createdAt: { $lte: before } })
      .sort({ createdAt: 1 })
      .limit(limit)
      .lean();
    let finished = 0;
    let failed = 0;
    for (const purchase of stuck) {
      try {
        await this.apply(purchase, undefined, false);
        finished += 1;
      } catch {
        // Left for the next run (the member may be mid-erasure); counted so the job's record shows it.
        failed += 1;
      }
    }
    return { finished, failed };
  }

  /**
   * The accepted payment times: not beyond the clock-skew allowance ahead, and not so old that its points would
   * already have expired (such history goes through the order import, which applies each order at its own time).
   */
  private assertPaidAtInWindow(paidAt: Date): void {
    const now = this.clock.now();
    const latest = new Date(now.getTime() + PAID_AT_FUTURE_SKEW_MS);
    const validMonths = this.policy.rules().points.validMonths;
    const expired = pointsExpiryDate(paidAt, validMonths) <= now;
    if (paidAt > latest || expired) {
      throw new AppError(
        'PURCHASE_DATE_OUT_OF_RANGE',
        paidAt > latest
          ? `paidAt is in the future: at most ${PAID_AT_FUTURE_SKEW_MS / 60_000} minutes ahead of the server's clock is accepted.`
          : `paidAt is more than ${validMonths} months ago, when its points would have expired: send history through the order import.`,
        { latest: latest.toISOString(), validMonths },
      );
    }
  }

  /**
   * The purchase as recorded: a new 'received' one, or the existing record for a known orderId. A new order is
   * written straight away (the unique orderId refuses a second one), so a first delivery, the common case, reads
   * only its member first.
   */
  private async record(
    integrationId: string,
    request: PurchaseIngestRequest,
    hash: string,
  ): Promise<{ purchase: LeanPurchase; member?: LeanMember; fresh: boolean }> {
    try {
      this.assertPaidAtInWindow(new Date(request.paidAt));
    } catch (error) {
      // A retry of an order accepted when it was in the window still gets its first answer.
      const existing = await this.existing(integrationId, request.orderId, hash);
      if (existing) return { purchase: existing, fresh: false };
      throw error;
    }
    const member = await this.members.resolve(request.member);
    if (!member) {
      // The member may have left since this order was first received: its retry still gets the first answer.
      const existing = await this.existing(integrationId, request.orderId, hash);
      if (existing) return { purchase: existing, fresh: false };
      throw new AppError('NOT_FOUND', 'No member matches the member reference of this purchase.');
    }
    const money = await this.inFen(request);
    const now = new Date();
    // Written through the driver: the request was checked against the shared contract at the boundary, and this
    // document is built whole here (every field the schema defaults, no undefined), so mongoose's hydration,
    // casting and validation of a new document, a large share of an ingest's CPU, are not needed on this path.
    const purchase: NewPurchaseRecord = {
      _id: new Types.ObjectId(),
      orderId: request.orderId,
      integrationId,
      requestHash: hash,
      memberId: member._id,
      channel: request.channel,
      ...(request.storeCode !== undefined ? { storeCode: request.storeCode } : {}),
      paidAt: new Date(request.paidAt),
      lines: money.lines.map((line) => ({
        sku: line.sku,
        category: line.category,
        quantity: line.quantity,
        unitPriceFen: line.unitPriceFen,
        points: 0,
        refundedQuantity: 0,
        refundedFen: 0,
        clawedPoints: 0,
      })),
      totalFen: money.totalFen,
      ...(money.fx ? { fx: money.fx } : {}),
      refundedFen: 0,
      status: 'received',
      refunds: [],
      refundVersion: 0,
      createdAt: now,
      updatedAt: now,
      __v: 0,
    };
    try {
      await this.inserts.insert(purchase);
      return { purchase, member, fresh: true };
    } catch (error) {
      if ((error as { code?: number }).code !== 11000) throw error;
      // A retry, or the same order twice at once: carry on with the record that is there.
      const existing = await this.existing(integrationId, request.orderId, hash);
      if (!existing) throw error;
      return { purchase: existing, fresh: false, ...(existing.memberId.equals(member._id) ? { member } : {}) };
    }
  }

  /**
   * The purchase's money in fen. In another currency each unit price is converted at the rate valid at paidAt and
   * rounded to the fen, and the total is the sum of the lines, so lines and total always agree (the rate is kept
   * with the purchase for its refunds). A CNY purchase costs no read.
   */
  private async inFen(
    request: PurchaseIngestRequest,
  ): Promise<{ lines: PurchaseIngestRequest['lines']; totalFen: number; fx?: Purchase['fx'] }> {
    const currency = request.currency ?? HOME_CURRENCY;
    if (currency === HOME_CURRENCY) return { lines: request.lines, totalFen: request.totalFen };
    const rate = await this.fxRates.rateAt(currency, new Date(request.paidAt));
    const lines = request.lines.map((line) => ({ ...line, unitPriceFen: toFen(line.unitPriceFen, currency, rate.rateMicros) }));
    const totalFen = lines.reduce((sum, line) => sum + line.quantity * line.unitPriceFen, 0);
    if (!fen.safeParse(totalFen).success) {
      throw new AppError('VALIDATION_FAILED', `The order comes to ${totalFen} fen in yuan, more than a purchase may be.`, {
        issues: [{ path: 'body.totalFen', message: 'too large once converted' }],
      });
    }
    return {
      lines,
      totalFen,
      fx: {
        currency,
        rateMicros: rate.rateMicros,
        rateValidFrom: rate.validFrom,
        totalMinor: request.totalFen,
        unitPricesMinor: request.lines.map((line) => line.unitPriceFen),
        refundedMinor: 0,
      },
    };
  }

  /** The order this integration already sent under this orderId, refused when its content differs. */
  private async existing(integrationId: string, orderId: string, hash: string): Promise<LeanPurchase | null> {
    const existing = await this.purchases.findOne({ integrationId, orderId }).lean();
    if (existing && existing.requestHash !== hash) {
      throw new AppError('IDEMPOTENCY_KEY_REUSED', `Order ${orderId} was already received with different content.`);
    }
    return existing;
  }

  /**
   * Runs the purchase hooks in their order, then records the outcome; every hook is idempotent, so this may
   * safely run twice. `known` is the member as just read by `record`, saving a second read; `fresh` says the
   * purchase was recorded by this call, so no earlier run of it left anything behind.
   */
  private async apply(
    purchase: LeanPurchase,
    known: LeanMember | undefined,
    fresh: boolean,
  ): Promise<{ purchase: LeanPurchase; replayed: boolean; balance?: number }> {
    const event = await this.eventFor(purchase, known, fresh);
    if (purchase.storeCode && !event.member.storeCodes?.includes(purchase.storeCode)) {
      await this.members.noteStore(event.member._id, purchase.storeCode);
    }
    await this.hooks.afterPurchase(event);
    return this.markApplied(event);
  }

  /** The purchase with its member and, in one read of their other purchases, everything it is measured against. */
  private async eventFor(purchase: LeanPurchase, known: LeanMember | undefined, fresh: boolean): Promise<PurchaseEvent> {
    const member = known ?? (await this.members.findById(purchase.memberId));
    if (!member) throw new AppError('NOT_FOUND', 'The member of this purchase no longer exists.');
    const timeZone = this.config.brand.timeZone;
    const now = this.clock.now();
    // The caps' inputs (what they earned the same day and month), the tier's rolling figures and the month's
    // count for the tasks.
    const around = await this.stats.aroundPurchase(
      member._id,
      now,
      purchase._id,
      businessPeriod(purchase.paidAt, timeZone, 'day'),
      businessPeriod(purchase.paidAt, timeZone, 'month'),
    );
    return {
      purchase,
      member,
      fresh,
      now,
      around,
      earned: { points: 0, linePoints: [] },
      tier: { code: member.tier.code },
      balanceStale: false,
    };
  }

  /** Records what the hooks decided; a concurrent run that got there first keeps its outcome. */
  private async markApplied(event: PurchaseEvent): Promise<{ purchase: LeanPurchase; replayed: boolean; balance?: number }> {
    const { purchase, earned, tier } = event;
    const outcome = {
      pointsEarned: earned.points,
      tierCode: tier.code,
      ...(tier.upgradedFrom ? { upgradedFrom: tier.upgradedFrom } : {}),
      ...(earned.entryId ? { earnEntryId: earned.entryId } : {}),
    };
    const lines = purchase.lines.map((line, i) => ({ ...line, points: earned.linePoints[i] ?? 0 }));
    // Through the driver (the values are built here, typed as the schema), with the timestamp mongoose would set.
    const applied = (await this.purchases.collection.findOneAndUpdate(
      { _id: purchase._id, status: 'received' },
      { $set: { status: 'applied', outcome, lines, updatedAt: new Date() } },
      { returnDocument: 'after' },
    )) as LeanPurchase | null;
    if (!applied) return { purchase: await this.purchases.findById(purchase._id).lean().orFail(), replayed: true };
    return { purchase: applied, replayed: false, balance: event.balanceStale ? undefined : earned.balance };
  }

  /** The answer to the till; `knownBalance` is the member's balance when this call has just committed it. */
  private async result(purchase: LeanPurchase, replayed: boolean, knownBalance?: number): Promise<PurchaseIngestResult> {
    const outcome = purchase.outcome;
    if (!outcome) throw new AppError('INTERNAL_ERROR', 'The purchase has no outcome.');
    const balance = knownBalance ?? (await this.ledger.balance(purchase.memberId));
    return {
      orderId: purchase.orderId,
      memberId: purchase.memberId.toHexString(),
      pointsEarned: outcome.pointsEarned,
      balance,
      tierCode: outcome.tierCode,
      ...(outcome.upgradedFrom ? { upgradedFrom: outcome.upgradedFrom } : {}),
      replayed,
      ...(purchase.fx
        ? {
            fx: {
              currency: purchase.fx.currency,
              rate: rateText(purchase.fx.rateMicros),
              rateValidFrom: purchase.fx.rateValidFrom.toISOString(),
              totalFen: purchase.totalFen,
            },
          }
        : {}),
    };
  }
}
