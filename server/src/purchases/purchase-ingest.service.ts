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
import { earnPointsForPurchase, earningForPoints } from '../points/domain/earn-points-for-purchase';
import { businessDay, businessPeriod } from '../points/domain/business-day';
import { POINTS_VALID_MONTHS, pointsExpiryDate } from '../points/domain/points-grants';
import { PointsLedgerService } from '../points/points-ledger.service';
import { ReferralPayoutsService } from '../referrals/referral-payouts.service';
import { TasksService } from '../tasks/tasks.service';
import { TierStandingService } from '../tiers/tier-standing.service';
import { rollingYearStart } from './domain/purchase-measures';
import { QualifyingStatsService } from './qualifying-stats.service';
import { Purchase } from './schemas/purchase.schema';

type LeanPurchase = Purchase & { _id: Types.ObjectId };

/** How far ahead of the server's clock a till's payment time may be (clock skew). */
export const PAID_AT_FUTURE_SKEW_MS = 5 * 60_000;
/** A purchase left 'received' this long (a crash mid-ingest) is finished by the recovery job. */
export const STUCK_PURCHASE_AFTER_MS = 2 * 60_000;

function requestHash(request: PurchaseIngestRequest): string {
  return createHash('sha256').update(JSON.stringify(request)).digest('hex');
}

/** The member's rolling-12-month figures with this purchase added, when it was paid within the window. */
function withThisPurchase(others: QualifyingStats, current: LeanPurchase, currentPoints: number, now: Date): QualifyingStats {
  const inWindow = current.paidAt > rollingYearStart(now);
  return {
    spendFen: others.spendFen + (inWindow ? current.totalFen - current.refundedFen : 0),
    purchaseCount: others.purchaseCount + (inWindow && current.refundedFen < current.totalFen ? 1 : 0),
    pointsEarned: others.pointsEarned + (inWindow ? currentPoints : 0),
  };
}

/** The ledger's name for a purchase: the integration's order id, so two tills' orders never share a key. */
export function purchaseKey(purchase: { integrationId: string; orderId: string }): string {
  return `${purchase.integrationId}:${purchase.orderId}`;
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
    const { purchase, member, fresh } = await this.record(integrationId, request, hash);
    if (purchase.status === 'applied' && purchase.outcome) return this.result(purchase, true);
    const applied = await this.apply(purchase, member, fresh);
    return this.result(applied.purchase, false, applied.balance);
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
    const expired = pointsExpiryDate(paidAt, POINTS_VALID_MONTHS) <= now;
    if (paidAt > latest || expired) {
      throw new AppError(
        'PURCHASE_DATE_OUT_OF_RANGE',
        paidAt > latest
          ? `paidAt is in the future: at most ${PAID_AT_FUTURE_SKEW_MS / 60_000} minutes ahead of the server's clock is accepted.`
          : `paidAt is more than ${POINTS_VALID_MONTHS} months ago, when its points would have expired: send history through the order import.`,
        { latest: latest.toISOString(), validMonths: POINTS_VALID_MONTHS },
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
          lines: request.lines.map((line) => ({ ...line, points: 0, refundedQuantity: 0, refundedFen: 0, clawedPoints: 0 })),
          totalFen: request.totalFen,
          refundedFen: 0,
          status: 'received',
        },
      ]);
      return { purchase: created.toObject(), member, fresh: true };
    } catch (error) {
      if ((error as { code?: number }).code !== 11000) throw error;
      // A retry, or the same order twice at once: carry on with the record that is there.
      const existing = await this.existing(integrationId, request.orderId, hash);
      if (!existing) throw error;
      return { purchase: existing, fresh: false, ...(existing.memberId.equals(member._id) ? { member } : {}) };
    }
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
   * Earns the points and evaluates the tier; each step is idempotent, so this may safely run twice. `known` is the
   * member as just read by `record`, saving a second read; `fresh` says the purchase was recorded by this call, so
   * its points are most likely not earned yet.
   */
  private async apply(
    purchase: LeanPurchase,
    known: LeanMember | undefined,
    fresh: boolean,
  ): Promise<{ purchase: LeanPurchase; balance?: number }> {
    const member = known ?? (await this.members.findById(purchase.memberId));
    if (!member) throw new AppError('NOT_FOUND', 'The member of this purchase no longer exists.');
    const tier = this.tiers.tierOf(member);
    const timeZone = this.config.brand.timeZone;
    const day = businessPeriod(purchase.paidAt, timeZone, 'day');
    const month = businessPeriod(purchase.paidAt, timeZone, 'month');
    const now = this.clock.now();
    // The member's other purchases: the caps' inputs (what they earned the same day and month), the tier's
    // rolling figures and the month's count for the tasks, in one read.
    const around = await this.stats.aroundPurchase(member._id, now, purchase._id, day, month);
    const earningInput = {
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
    };
    // What the purchase earns before the caps; the caps are applied on the account's counters inside the
    // earning's transaction, so purchases earning at once are capped as if one came after the other.
    let earning = earnPointsForPurchase({ ...earningInput, earnedToday: 0, earnedThisMonth: 0 });
    let earnEntryId: Types.ObjectId | undefined;
    // The balance the earning committed, while nothing else has touched the member's points in this call.
    let balance: number | undefined;
    // A purchase recorded before earnings were keyed by integration and left unapplied keeps its first earning.
    const legacy = fresh ? null : await this.ledger.entryByKey(`purchase:${purchase.orderId}`);
    if (legacy && legacy.memberId.equals(member._id) && legacy.source.id === purchase.orderId) {
      earning = earningForPoints(earningInput, legacy.points);
      earnEntryId = legacy._id;
    } else if (earning.points > 0) {
      const earned = await this.ledger.earnWithinCaps(
        {
          memberId: member._id,
          points: earning.points,
          reason: purchase.channel === 'store' ? '门店消费' : '线上消费',
          source: { type: 'purchase', id: purchase.orderId },
          idempotencyKey: `purchase:${purchaseKey(purchase)}`,
          occurredAt: purchase.paidAt,
          // Spendable once the return window has passed (POINTS_PENDING_DAYS, 0 by default).
          availableAt: new Date(purchase.paidAt.getTime() + this.config.points.pendingDays * 86_400_000),
          expiresAt: pointsExpiryDate(purchase.paidAt, POINTS_VALID_MONTHS),
        },
        {
          day: businessDay(purchase.paidAt, timeZone),
          month: businessDay(purchase.paidAt, timeZone).slice(0, 7),
          seedToday: around.earnedToday,
          seedThisMonth: around.earnedThisMonth,
          decide: (earnedToday, earnedThisMonth) =>
            earnPointsForPurchase({ ...earningInput, earnedToday, earnedThisMonth }).points,
        },
        fresh ? 'optimistic' : 'checked',
      );
      if (earned.points !== earning.points) earning = earningForPoints(earningInput, earned.points);
      earnEntryId = earned.write?.entry._id;
      balance = earned.write?.balance;
    }

    if (purchase.storeCode && !member.storeCodes?.includes(purchase.storeCode)) {
      await this.members.noteStore(member._id, purchase.storeCode);
    }
    const change = await this.tiers.evaluateAfterPurchase(
      member,
      withThisPurchase(around.others, purchase, earning.points, now),
      purchase._id,
    );
    // The tier this purchase lifted the member to: just now, or by an earlier run of this purchase that did not
    // finish (a crash, a concurrent retry), so its gift bundle is issued exactly once, keyed by the purchase.
    // A purchase this call has just recorded had no earlier run: no read for it.
    const upgradedTo =
      change.kind === 'upgraded'
        ? change.standing.tierCode
        : fresh
          ? undefined
          : await this.tiers.upgradeCausedBy(member._id, purchase._id);
    if (upgradedTo) {
      const reached = this.tiers.tierByCode(upgradedTo);
      for (const templateId of reached.benefits.couponTemplateIds ?? []) {
        await this.coupons.issue(
          member._id,
          new Types.ObjectId(templateId),
          `tier-upgrade:${member._id.toHexString()}:${reached.code}:${purchase._id.toHexString()}:${templateId}`,
        );
      }
    }
    // This purchase counts for its month's tasks unless refunded in full since it was recorded.
    const countsThisMonth = purchase.refundedFen < purchase.totalFen ? 1 : 0;
    const completed = await this.tasks.afterPurchase(member._id, purchase.paidAt, around.othersInMonth + countsThisMonth);
    if (completed.length > 0) balance = undefined;
    // Only a member who came through an invitation can have a first-purchase reward waiting.
    if (member.referredBy) await this.referrals.notePurchase(member._id, purchase);
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
    if (!applied) return { purchase: await this.purchases.findById(purchase._id).lean().orFail() };
    return { purchase: applied, balance };
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
    };
  }
}
