import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { RefundRequest, RefundResult } from '@memberloop/shared';
import { Model } from 'mongoose';
import { AppError } from '../common/errors/app-error';
import { appConfig, type AppConfig } from '../config/app-config';
import { clawbackForRefundedAmount, clawbackForRefundedLines } from '../points/domain/refund-clawback';
import { CouponsService } from '../coupons/coupons.service';
import { PointsLedgerService } from '../points/points-ledger.service';
import { Purchase, type ClaimedRefund } from './schemas/purchase.schema';

type LeanPurchase = Purchase & { _id: import('mongoose').Types.ObjectId };

const MAX_CLAIM_ATTEMPTS = 10;

/**
 * Takes back what a refund undoes: the points the refunded goods earned (already-spent points follow the
 * brand's shortfall policy) and the spend that counted toward the tier. Idempotent on refundId: the
 * refund is first claimed on its purchase (what it takes back is fixed then), then applied.
 */
@Injectable()
export class RefundIngestService {
  constructor(
    @InjectModel(Purchase.name) private readonly purchases: Model<Purchase>,
    private readonly ledger: PointsLedgerService,
    private readonly coupons: CouponsService,
    @Inject(appConfig.KEY) private readonly config: AppConfig,
  ) {}

  async ingest(request: RefundRequest): Promise<RefundResult> {
    const hash = createHash('sha256').update(JSON.stringify(request)).digest('hex');
    const { purchase, claim, replayed } = await this.claim(request, hash);
    if (claim.status === 'applied') return this.result(purchase, claim, replayed);

    let shortfall = 0;
    if (claim.points > 0) {
      const { entry } = await this.ledger.clawBack({
        memberId: purchase.memberId,
        points: claim.points,
        reason: '退货扣回积分',
        source: { type: 'refund', id: claim.refundId },
        idempotencyKey: `refund:${claim.refundId}`,
        earnEntryId: purchase.outcome?.earnEntryId,
        policy: this.config.points.refundShortfallPolicy,
      });
      shortfall = entry.shortfall ?? 0;
    }
    // A fully refunded order gives back the coupons it used, while they are still valid.
    const after = await this.purchases.findById(purchase._id, { refundedFen: 1, totalFen: 1 }).lean();
    if (after && after.refundedFen >= after.totalFen) await this.coupons.returnForOrder(purchase.orderId);
    await this.purchases.updateOne(
      { _id: purchase._id, 'refunds.refundId': claim.refundId },
      { $set: { 'refunds.$': { ...claim, status: 'applied', shortfall } } },
    );
    return this.result(purchase, { ...claim, status: 'applied', shortfall }, replayed);
  }

  /** Finds the refund's claim, or makes it: a guarded update that fixes its amount and points. */
  private async claim(
    request: RefundRequest,
    hash: string,
  ): Promise<{ purchase: LeanPurchase; claim: ClaimedRefund; replayed: boolean }> {
    for (let attempt = 0; attempt < MAX_CLAIM_ATTEMPTS; attempt++) {
      const purchase = await this.purchases.findOne({ orderId: request.orderId }).lean();
      if (!purchase) throw new AppError('NOT_FOUND', `No purchase with order id ${request.orderId}.`);
      const existing = purchase.refunds.find((r) => r.refundId === request.refundId);
      if (existing) {
        if (existing.requestHash !== hash)
          throw new AppError('IDEMPOTENCY_KEY_REUSED', `Refund ${request.refundId} was already received with different content.`);
        return { purchase, claim: existing, replayed: existing.status === 'applied' };
      }
      if (await this.purchases.exists({ 'refunds.refundId': request.refundId, _id: { $ne: purchase._id } })) {
        throw new AppError('IDEMPOTENCY_KEY_REUSED', `Refund ${request.refundId} was already used for another order.`);
      }
      if (purchase.status !== 'applied' || !purchase.outcome) {
        throw new AppError('CONFLICT', 'The purchase is still being processed: retry the refund shortly.');
      }
      const { claim, lines } = this.compute(purchase, request, hash);
      const updated = await this.purchases.updateOne(
        { _id: purchase._id, refundVersion: purchase.refundVersion },
        { $set: { lines }, $inc: { refundedFen: claim.amountFen, refundVersion: 1 }, $push: { refunds: claim } },
      );
      if (updated.modifiedCount === 1) return { purchase, claim, replayed: false };
    }
    throw new AppError('CONFLICT', 'The purchase is being refunded by another request: retry shortly.');
  }

  private compute(
    purchase: LeanPurchase,
    request: RefundRequest,
    requestHash: string,
  ): { claim: ClaimedRefund; lines: LeanPurchase['lines'] } {
    const refundedAt = new Date(request.refundedAt);
    if (request.lines) {
      const result = clawbackForRefundedLines(purchase.lines, request.lines);
      if (!result.ok) {
        throw new AppError(
          'VALIDATION_FAILED',
          result.reason === 'UNKNOWN_SKU'
            ? `SKU ${result.sku} is not in order ${purchase.orderId}.`
            : `More of ${result.sku} refunded than was bought.`,
          { issues: [{ path: 'body.lines', message: result.reason }] },
        );
      }
      const refunded = new Map(request.lines.map((l) => [l.sku, 0]));
      for (const l of request.lines) refunded.set(l.sku, (refunded.get(l.sku) ?? 0) + l.quantity);
      const amountFen = purchase.lines.reduce((sum, l) => sum + (refunded.get(l.sku) ?? 0) * l.unitPriceFen, 0);
      const lines = purchase.lines.map((l) => ({ ...l, refundedQuantity: l.refundedQuantity + (refunded.get(l.sku) ?? 0) }));
      return {
        claim: { refundId: request.refundId, requestHash, amountFen, points: result.points, refundedAt, status: 'claimed' },
        lines,
      };
    }
    const amountFen = request.amountFen as number;
    const result = clawbackForRefundedAmount(
      purchase.outcome?.pointsEarned ?? 0,
      purchase.totalFen,
      purchase.refundedFen,
      amountFen,
    );
    if (!result.ok) {
      throw new AppError('VALIDATION_FAILED', `The refund is larger than what is left of order ${purchase.orderId}.`, {
        issues: [{ path: 'body.amountFen', message: result.reason }],
      });
    }
    return {
      claim: { refundId: request.refundId, requestHash, amountFen, points: result.points, refundedAt, status: 'claimed' },
      lines: purchase.lines,
    };
  }

  private async result(purchase: LeanPurchase, claim: ClaimedRefund, replayed: boolean): Promise<RefundResult> {
    const balance = await this.ledger.balance(purchase.memberId);
    return {
      refundId: claim.refundId,
      orderId: purchase.orderId,
      refundedFen: claim.amountFen,
      pointsClawedBack: claim.points,
      shortfall: claim.shortfall ?? 0,
      balance,
      replayed,
    };
  }
}
