import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { PurchaseIngestRequest, PurchaseIngestResult, QualifyingStats } from '@memberloop/shared';
import { Model, Types } from 'mongoose';
import { appConfig, type AppConfig } from '../config/app-config';
import { Clock } from '../common/clock/clock';
import { AppError } from '../common/errors/app-error';
import { CouponsService } from '../coupons/coupons.service';
import { MembersService, type LeanMember } from '../members/members.service';
import { DEFAULT_EARNING_RULES } from '../points/domain/earning-rules';
import { earnPointsForPurchase } from '../points/domain/earn-points-for-purchase';
import { businessPeriod } from '../points/domain/business-day';
import { pointsExpiryDate } from '../points/domain/points-grants';
import { PointsLedgerService } from '../points/points-ledger.service';
import { ReferralPayoutsService } from '../referrals/referral-payouts.service';
import { TasksService } from '../tasks/tasks.service';
import { TierStandingService } from '../tiers/tier-standing.service';
import { QualifyingStatsService } from './qualifying-stats.service';
import { Purchase } from './schemas/purchase.schema';

type LeanPurchase = Purchase & { _id: Types.ObjectId };

const POINTS_VALID_MONTHS = 12;

function requestHash(request: PurchaseIngestRequest): string {
  return createHash('sha256').update(JSON.stringify(request)).digest('hex');
}

/**
 * Takes a purchase from a store or the shop: records it once per orderId, earns its points, and lifts the
 * member's tier when the purchase qualifies. A retry of the same order returns the first outcome.
 */
@Injectable()
export class PurchaseIngestService {
  constructor(
    @InjectModel(Purchase.name) private readonly purchases: Model<Purchase>,
    private readonly members: MembersService,
    private readonly ledger: PointsLedgerService,
    private readonly tiers: TierStandingService,
    private readonly stats: QualifyingStatsService,
    private readonly tasks: TasksService,
    private readonly referrals: ReferralPayoutsService,
    private readonly coupons: CouponsService,
    private readonly clock: Clock,
    @Inject(appConfig.KEY) private readonly config: AppConfig,
  ) {}

  async ingest(integrationId: string, request: PurchaseIngestRequest): Promise<PurchaseIngestResult> {
    const hash = requestHash(request);
    const purchase = await this.record(integrationId, request, hash);
    if (purchase.status === 'applied' && purchase.outcome) return this.result(purchase, true);
    return this.result(await this.apply(purchase), false);
  }

  /** The purchase as recorded: the existing record for a known orderId, else a new 'received' one. */
  private async record(integrationId: string, request: PurchaseIngestRequest, hash: string): Promise<LeanPurchase> {
    const existing = await this.purchases.findOne({ orderId: request.orderId }).lean();
    if (existing) {
      if (existing.requestHash !== hash) {
        throw new AppError('IDEMPOTENCY_KEY_REUSED', `Order ${request.orderId} was already received with different content.`);
      }
      return existing;
    }
    const member = await this.members.resolve(request.member);
    if (!member) throw new AppError('NOT_FOUND', 'No member matches the member reference of this purchase.');
    try {
      const [created] = await this.purchases.create([
        {
          orderId: request.orderId,
          integrationId,
          requestHash: hash,
          memberId: member._id,
          channel: request.channel,
          storeCode: request.storeCode,
          paidAt: new Date(request.paidAt),
          lines: request.lines.map((line) => ({ ...line, points: 0, refundedQuantity: 0 })),
          totalFen: request.totalFen,
          refundedFen: 0,
          status: 'received',
        },
      ]);
      return created.toObject();
    } catch (error) {
      // The same order arrived twice at once: carry on with the record that won.
      if ((error as { code?: number }).code === 11000) return this.record(integrationId, request, hash);
      throw error;
    }
  }

  /** Earns the points and evaluates the tier; each step is idempotent, so this may safely run twice. */
  private async apply(purchase: LeanPurchase): Promise<LeanPurchase> {
    const member = await this.members.findById(purchase.memberId);
    if (!member) throw new AppError('NOT_FOUND', 'The member of this purchase no longer exists.');
    const tier = this.tiers.tierOf(member);
    const timeZone = this.config.brand.timeZone;
    const day = businessPeriod(purchase.paidAt, timeZone, 'day');
    const month = businessPeriod(purchase.paidAt, timeZone, 'month');
    // What the member's other purchases of the same day and month earned: the caps' inputs.
    const [earnedToday, earnedThisMonth] = await Promise.all([
      this.ledger.earnedFromPurchases(member._id, day.from, day.to, purchase.orderId),
      this.ledger.earnedFromPurchases(member._id, month.from, month.to, purchase.orderId),
    ]);
    const earning = earnPointsForPurchase({
      rules: DEFAULT_EARNING_RULES,
      member: {
        tierCode: member.tier.code,
        tierMultiplier: tier.benefits.pointsMultiplier,
        birthdayMultiplier: tier.benefits.birthdayMultiplier,
        birthday: member.birthday,
        region: member.region,
      },
      channel: purchase.channel,
      paidAt: purchase.paidAt,
      lines: purchase.lines,
      timeZone,
      earnedToday,
      earnedThisMonth,
    });

    let earnEntryId: Types.ObjectId | undefined;
    if (earning.points > 0) {
      const { entry } = await this.ledger.earn({
        memberId: member._id,
        points: earning.points,
        reason: purchase.channel === 'store' ? '门店消费' : '线上消费',
        source: { type: 'purchase', id: purchase.orderId },
        idempotencyKey: `purchase:${purchase.orderId}`,
        occurredAt: purchase.paidAt,
        // Spendable once the return window has passed (POINTS_PENDING_DAYS, 0 by default).
        availableAt: new Date(purchase.paidAt.getTime() + this.config.points.pendingDays * 86_400_000),
        expiresAt: pointsExpiryDate(purchase.paidAt, POINTS_VALID_MONTHS),
      });
      earnEntryId = entry._id;
    }

    if (purchase.storeCode) await this.members.noteStore(member._id, purchase.storeCode);
    const change = await this.tiers.evaluateAfterPurchase(member, await this.qualifyingStats(member, purchase, earning.points));
    if (change.kind === 'upgraded') {
      // The new tier's gift bundle, once per reaching of the tier.
      const reached = this.tiers.tierByCode(change.standing.tierCode);
      for (const templateId of reached.benefits.couponTemplateIds ?? []) {
        await this.coupons.issue(
          member._id,
          new Types.ObjectId(templateId),
          `tier-upgrade:${member._id.toHexString()}:${reached.code}:${change.standing.since.toISOString()}:${templateId}`,
        );
      }
    }
    await this.tasks.afterPurchase(member._id, purchase.paidAt);
    await this.referrals.notePurchase(member._id, purchase);
    const outcome = {
      pointsEarned: earning.points,
      tierCode: change.standing.tierCode,
      ...(change.kind === 'upgraded' ? { upgradedFrom: change.from } : {}),
      ...(earnEntryId ? { earnEntryId } : {}),
    };
    const lines = purchase.lines.map((line, i) => ({ ...line, points: earning.lines[i]?.points ?? 0 }));
    const applied = await this.purchases
      .findOneAndUpdate(
        { _id: purchase._id, status: 'received' },
        { $set: { status: 'applied', outcome, lines } },
        { returnDocument: 'after' },
      )
      .lean();
    // A concurrent retry applied it first: its outcome is the one on record.
    return applied ?? (await this.purchases.findById(purchase._id).lean().orFail());
  }

  /** Spend, purchases and points over the rolling 12 months up to now, this purchase included. */
  private async qualifyingStats(member: LeanMember, current: LeanPurchase, currentPoints: number): Promise<QualifyingStats> {
    const now = this.clock.now();
    const others = await this.stats.rolling12Months(member._id, now, current._id);
    const since = new Date(now.getTime());
    since.setUTCFullYear(since.getUTCFullYear() - 1);
    const inWindow = current.paidAt > since;
    return {
      spendFen: others.spendFen + (inWindow ? current.totalFen - current.refundedFen : 0),
      purchaseCount: others.purchaseCount + (inWindow ? 1 : 0),
      pointsEarned: others.pointsEarned + (inWindow ? currentPoints : 0),
    };
  }

  private async result(purchase: LeanPurchase, replayed: boolean): Promise<PurchaseIngestResult> {
    const outcome = purchase.outcome;
    if (!outcome) throw new AppError('INTERNAL_ERROR', 'The purchase has no outcome.');
    const { balance } = await this.ledger.balanceOf(purchase.memberId);
    return {
      orderId: purchase.orderId,
      memberId: purchase.memberId.toHexString(),
      pointsEarned: outcome.pointsEarned,
      balance,
      tierCode: outcome.tierCode,
      ...(outcome.upgradedFrom ? { upgradedFrom: outcome.upgradedFrom } : {}),
      replayed,
    };
  }
}
