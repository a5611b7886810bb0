import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectConnection, InjectModel } from '@nestjs/mongoose';
import type { RefundRequest, RefundResult } from '@memberloop/shared';
import { Connection, Model } from 'mongoose';
import { AppError } from '../common/errors/app-error';
import { Clock } from '../common/clock/clock';
import { runInTransaction } from '../database/transactions';
import { applyRefundPlan, planRefund, proRataShare, type LineRefund, type RefundableLine } from '../points';
import { PointsHoldsService } from '../checkout';
import { PointsLedgerService } from '../points';
import { ProgrammePolicy } from '../programme';
import { PurchaseHooks, type LeanPurchase } from './purchase-hooks';
import { Purchase, RefundIdRecord, type ClaimedRefund, type PurchaseLine } from './schemas/purchase.schema';

const MAX_CLAIM_ATTEMPTS = 10;
/** A refund left 'claimed' this long (a crash between claiming and applying) is finished by the recovery job. */
export const STUCK_REFUND_AFTER_MS = 2 * 60_000;

/** Thrown inside the claim's transaction when another refund of the order claimed first: computed again. */
class ClaimRace extends Error {}

/** A line as the refund rules see it; lines recorded before per-line money and points were kept get them derived. */
function refundable(line: PurchaseLine): PurchaseLine & RefundableLine {
  const refundedFen = line.refundedFen ?? line.refundedQuantity * line.unitPriceFen;
  const clawedPoints = line.clawedPoints ?? Math.floor((line.points * line.refundedQuantity) / Math.max(line.quantity, 1));
  return { ...line, refundedFen, clawedPoints };
}

/**
 * Takes back what a refund undoes, all of it found through the refunded order itself (the calling integration's
 * order): the points its refunded goods earned (already-spent points follow the brand's shortfall policy), the
 * points that paid for it at checkout (given back pro rata), its coupons when it is refunded in full, and the tier
 * its spend reached. Idempotent on the integration's refundId: the refund is first claimed on its purchase (what it
 * takes back is fixed then, in a transaction with the refund id's unique record), then applied by idempotent steps.
 */
@Injectable()
export class RefundIngestService {
  constructor(
    @InjectModel(Purchase.name) private readonly purchases: Model<Purchase>,
    @InjectModel(RefundIdRecord.name) private readonly refundIds: Model<RefundIdRecord>,
    @InjectConnection() private readonly connection: Connection,
    private readonly ledger: PointsLedgerService,
    private readonly holds: PointsHoldsService,
    private readonly hooks: PurchaseHooks,
    private readonly policy: ProgrammePolicy,
    private readonly clock: Clock,
  ) {}

  async ingest(integrationId: string, request: RefundRequest): Promise<RefundResult> {
    const hash = createHash('sha256').update(JSON.stringify(request)).digest('hex');
    const { purchase, claim, replayed } = await this.claim(integrationId, request, hash);
    if (claim.status === 'applied') return this.result(purchase, claim, replayed);
    const applied = await this.apply(purchase, claim);
    return this.result(purchase, applied, replayed);
  }

  /** Finishes refunds a crash left claimed but not applied for longer than STUCK_REFUND_AFTER_MS. */
  async finishStuck(limit = 200): Promise<{ finished: number; failed: number }> {
    const before = new Date(this.clock.now().getTime() - STUCK_REFUND_AFTER_MS);
    const stuck = await this.purchases.find({ 'refunds.status': 'claimed' }).limit(limit).lean();
    let finished = 0;
    let failed = 0;
    for (const purchase of stuck) {
      for (const claim of purchase.refunds) {
        if (claim.status !== 'claimed' || (claim.claimedAt && claim.claimedAt > before)) continue;
        try {
          await this.apply(purchase, claim);
          finished += 1;
        } catch {
          failed += 1;
        }
      }
    }
    return { finished, failed };
  }

  /** Every step is idempotent (ledger keys, guarded updates), so a retry or the recovery job may run it again. */
  private async apply(purchase: LeanPurchase, claim: ClaimedRefund): Promise<ClaimedRefund> {
    const refundKey = `${purchase.integrationId}:${claim.refundId}`;
    let shortfall = 0;
    if (claim.points > 0) {
      const { entry } = await this.ledger.clawBack({
        memberId: purchase.memberId,
        points: claim.points,
        reason: '退货扣回积分',
        params: { orderNo: purchase.orderId },
        source: { type: 'refund', id: claim.refundId },
        // Claims made before refund ids were per integration kept their first key.
        idempotencyKey: claim.claimedAt ? `refund:${refundKey}` : `refund:${claim.refundId}`,
        earnEntryId: purchase.outcome?.earnEntryId,
        policy: this.policy.rules().points.refundShortfallPolicy,
      });
      shortfall = entry.shortfall ?? 0;
    }
    for (const back of claim.holdReturns ?? []) {
      if (back.points <= 0) continue;
      await this.ledger.returnBurned({
        burnEntryId: back.burnEntryId,
        points: back.points,
        reason: '退货退回抵现积分',
        params: { orderNo: purchase.orderId },
        source: { type: 'refund', id: claim.refundId },
        idempotencyKey: `refund:${refundKey}`,
      });
    }
    // What features undo with it (the coupons of a fully refunded order, the tier its spend reached): see
    // PurchaseHooks. Read back, as other refunds of the order may have been applied since this one was claimed.
    const after = await this.purchases.findById(purchase._id, { refundedFen: 1, totalFen: 1 }).lean();
    await this.hooks.afterRefund({
      purchase,
      claim,
      fullyRefunded: !!after && after.refundedFen >= after.totalFen,
      now: this.clock.now(),
    });
    const applied: ClaimedRefund = { ...claim, status: 'applied', shortfall };
    await this.purchases.updateOne(
      { _id: purchase._id, refunds: { $elemMatch: { refundId: claim.refundId, status: 'claimed' } } },
      { $set: { 'refunds.$': applied } },
    );
    return applied;
  }

  /** Finds the refund's claim, or makes it: what it takes back is fixed with the refund id's record, at once. */
  private async claim(
    integrationId: string,
    request: RefundRequest,
    hash: string,
  ): Promise<{ purchase: LeanPurchase; claim: ClaimedRefund; replayed: boolean }> {
    for (let attempt = 0; attempt < MAX_CLAIM_ATTEMPTS; attempt++) {
      // Only the calling integration's own order: another till's order of the same number is not found.
      const purchase = await this.purchases.findOne({ integrationId, orderId: request.orderId }).lean<LeanPurchase>();
      if (!purchase) throw new AppError('NOT_FOUND', `No purchase with order id ${request.orderId}.`);
      const existing = purchase.refunds.find((r) => r.refundId === request.refundId);
      if (existing) {
        if (existing.requestHash !== hash)
          throw new AppError('IDEMPOTENCY_KEY_REUSED', `Refund ${request.refundId} was already received with different content.`);
        return { purchase, claim: existing, replayed: existing.status === 'applied' };
      }
      if (purchase.status !== 'applied' || !purchase.outcome) {
        throw new AppError('CONFLICT', 'The purchase is still being processed: retry the refund shortly.');
      }
      const { claim, lines } = await this.compute(purchase, request, hash);
      try {
        await runInTransaction(this.connection, async (session) => {
          await this.refundIds.create([{ _id: `${integrationId}:${request.refundId}`, purchaseId: purchase._id }], { session });
          const updated = await this.purchases.updateOne(
            { _id: purchase._id, refundVersion: purchase.refundVersion },
            {
              $set: { lines },
              $inc: {
                refundedFen: claim.amountFen,
                refundVersion: 1,
                ...(claim.amountMinor !== undefined ? { 'fx.refundedMinor': claim.amountMinor } : {}),
              },
              $push: { refunds: claim },
            },
            { session },
          );
          if (updated.modifiedCount !== 1) throw new ClaimRace();
        });
        return { purchase: { ...purchase, lines, refundedFen: purchase.refundedFen + claim.amountFen }, claim, replayed: false };
      } catch (error) {
        if (error instanceof ClaimRace) continue;
        if ((error as { code?: number }).code !== 11000) throw error;
        // The refund id is taken: by this order (a concurrent retry, found on the next read) or by another one.
        const taken = await this.refundIds.findById(`${integrationId}:${request.refundId}`).lean();
        if (taken && !taken.purchaseId.equals(purchase._id)) {
          throw new AppError('IDEMPOTENCY_KEY_REUSED', `Refund ${request.refundId} was already used for another order.`);
        }
      }
    }
    throw new AppError('CONFLICT', 'The purchase is being refunded by another request: retry shortly.');
  }

  private async compute(
    purchase: LeanPurchase,
    request: RefundRequest,
    requestHash: string,
  ): Promise<{ claim: ClaimedRefund; lines: PurchaseLine[] }> {
    const now = this.clock.now();
    const current = purchase.lines.map(refundable);
    const plan = planRefund(
      current,
      request.lines ? { lines: request.lines } : { amountFen: amountInFen(purchase, request.amountFen as number) },
    );
    if (!plan.ok) {
      if (plan.reason === 'UNKNOWN_SKU') {
        throw new AppError('VALIDATION_FAILED', `SKU ${plan.sku} is not in order ${purchase.orderId}.`, {
          issues: [{ path: 'body.lines', message: 'UNKNOWN_SKU' }],
        });
      }
      if (plan.reason === 'EMPTY_REFUND') {
        throw new AppError('VALIDATION_FAILED', 'The refund takes back nothing.', {
          issues: [{ path: 'body', message: 'EMPTY_REFUND' }],
        });
      }
      const orderLeftFen = purchase.totalFen - purchase.refundedFen;
      throw new AppError(
        'REFUND_EXCEEDS_PURCHASE',
        plan.sku
          ? `More of ${plan.sku} refunded than is left of order ${purchase.orderId}: ${plan.left.quantity ?? 0} unit(s), ${plan.left.fen} fen left.`
          : `The refund is larger than what is left of order ${purchase.orderId}: ${plan.left.fen} fen left.`,
        { left: { ...(plan.sku ? { sku: plan.sku, ...plan.left } : {}), orderFen: orderLeftFen } },
      );
    }
    const before = purchase.refundedFen;
    const afterFen = before + plan.amountFen;
    // The points that paid for this order come back in proportion to the money refunded (all of them in full).
    const holds = await this.holds.committedForOrder(purchase.integrationId, purchase.orderId);
    const holdReturns = holds
      .map((h) => ({
        burnEntryId: h.burnEntryId,
        holdId: h.holdId,
        points: proRataShare(h.points, before, afterFen, purchase.totalFen),
      }))
      .filter((h) => h.points > 0);
    const claim: ClaimedRefund = {
      refundId: request.refundId,
      requestHash,
      amountFen: plan.amountFen,
      ...(purchase.fx ? { amountMinor: refundMinor(purchase, request, plan.lines, plan.amountFen) } : {}),
      points: plan.points,
      refundedAt: new Date(request.refundedAt),
      status: 'claimed',
      claimedAt: now,
      ...(holdReturns.length > 0 ? { holdReturns } : {}),
    };
    return { claim, lines: applyRefundPlan(current, plan.lines) };
  }

  private async result(purchase: LeanPurchase, claim: ClaimedRefund, replayed: boolean): Promise<RefundResult> {
    const balance = await this.ledger.balance(purchase.memberId);
    return {
      refundId: claim.refundId,
      orderId: purchase.orderId,
      refundedFen: claim.amountFen,
      pointsClawedBack: claim.points,
      pointsReturned: (claim.holdReturns ?? []).reduce((sum, h) => sum + h.points, 0),
      shortfall: claim.shortfall ?? 0,
      balance,
      replayed,
    };
  }
}

/**
 * A price-adjustment refund's amount in fen. For a purchase in another currency the till sends it in that currency:
 * it is converted at the purchase's own rate (the converted total over the total sent); more than is left in that
 * currency is refused, and the refund of all that is left gives back exactly the fen left, whatever earlier
 * refunds rounded.
 */
export function amountInFen(purchase: Pick<LeanPurchase, 'fx' | 'totalFen' | 'refundedFen'>, amount: number): number {
  const fx = purchase.fx;
  if (!fx || fx.totalMinor === 0) return amount;
  const leftFen = purchase.totalFen - purchase.refundedFen;
  const leftMinor = fx.totalMinor - (fx.refundedMinor ?? 0);
  // One fen more than is left makes planRefund refuse it, with what is left.
  if (amount > leftMinor) return leftFen + 1;
  if (amount === leftMinor) return leftFen;
  const converted = Number(
    (BigInt(amount) * BigInt(purchase.totalFen) * 2n + BigInt(fx.totalMinor)) / (BigInt(fx.totalMinor) * 2n),
  );
  return Math.min(converted, leftFen);
}

/** What a refund gives back in the purchase's own currency: the amount sent, or its lines at their unit prices. */
export function refundMinor(
  purchase: Pick<LeanPurchase, 'fx' | 'totalFen' | 'refundedFen' | 'lines'>,
  request: RefundRequest,
  lines: LineRefund[],
  amountFen: number,
): number {
  const fx = purchase.fx!;
  if (request.amountFen !== undefined) return request.amountFen;
  // The order is refunded in full: exactly what is left.
  if (purchase.refundedFen + amountFen === purchase.totalFen) return fx.totalMinor - (fx.refundedMinor ?? 0);
  return lines.reduce((sum, line, i) => {
    const unitFen = purchase.lines[i].unitPriceFen;
    return sum + (unitFen === 0 ? 0 : Math.round((line.fen * fx.unitPricesMinor[i]) / unitFen));
  }, 0);
}
