import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { quantityText, type PendingPointsView } from '@memberloop/shared';
import { Model, Types } from 'mongoose';
import { Clock } from '../common/clock/clock';
import { appConfig, type AppConfig } from '../config/app-config';
import { CouponStore, CouponsService } from '../coupons';
import { JobRegistry } from '../jobs/job-registry';
import { NotificationsService, thing } from '../notifications';
import { businessDay } from '../points';
import { PointsLedgerService } from '../points';
import { PurchaseStore } from '../purchases';
import { payoutRetryDelayMs, promisedRewards } from './domain/payout-retries';
import { pendingFirstPurchasePoints, purchaseQualifies, rewardPayout } from './domain/referral-rewards';
import { Referral, type ReferralReward } from './referral.schema';
import { ProgrammePolicy } from '../programme';

type LeanReferral = Referral & { _id: Types.ObjectId };
type RewardEvent = 'registration' | 'first-purchase';

const DAY_MS = 86_400_000;
/** How long one run holds a referral it is paying; a run that crashed lets go after this. */
const PAYOUT_LEASE_MS = 5 * 60_000;

/**
 * Pays referral rewards exactly once: every payment carries an idempotency key of the referral, the event and
 * the side, so a crash half-way is finished by the next run (the minute job) without paying anything twice.
 */
@Injectable()
export class ReferralPayoutsService implements OnModuleInit {
  private readonly logger = new Logger('ReferralPayouts');

  constructor(
    private readonly programme: ProgrammePolicy,
    @InjectModel(Referral.name) private readonly referrals: Model<Referral>,
    private readonly purchases: PurchaseStore,
    private readonly issuedCoupons: CouponStore,
    private readonly ledger: PointsLedgerService,
    private readonly coupons: CouponsService,
    private readonly notifications: NotificationsService,
    private readonly jobs: JobRegistry,
    private readonly clock: Clock,
    @Inject(appConfig.KEY) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.jobs.register({ name: 'referral-rewards', period: 'minute', leaseMs: 5 * 60_000, work: () => this.payDue() });
  }

  /** The friend's qualifying purchase arrived: its reward falls due when the return window has passed. */
  async notePurchase(
    memberId: Types.ObjectId,
    purchase: { _id: Types.ObjectId; orderId: string; paidAt: Date; totalFen: number },
  ): Promise<void> {
    const referral = await this.referrals.findOne({ refereeId: memberId, firstPurchaseReward: 'awaiting' }).lean<LeanReferral>();
    if (!referral || purchase.paidAt < referral.boundAt) return;
    if (purchase.totalFen < promisedRewards(referral.rules).onFirstPurchase.minAmountFen) return;
    await this.referrals.updateOne(
      { _id: referral._id, firstPurchaseReward: 'awaiting' },
      {
        $set: {
          firstPurchaseReward: 'waiting',
          orderId: purchase.orderId,
          purchaseId: purchase._id,
          purchasedAt: purchase.paidAt,
          eligibleAt: new Date(purchase.paidAt.getTime() + referral.rules.refundWindowDays * DAY_MS),
        },
      },
    );
  }

  /**
   * The points the member's first purchase will still bring them as an invited friend (see
   * pendingFirstPurchasePoints): the promise before the purchase, the points and their day after it.
   */
  async pendingForFriend(memberId: Types.ObjectId): Promise<PendingPointsView | undefined> {
    const referral = await this.referrals
      .findOne({ refereeId: memberId, rewardable: true, firstPurchaseReward: { $in: ['awaiting', 'waiting'] } })
      .lean<LeanReferral>();
    if (!referral) return undefined;
    let purchase: { pointsEarned: number; totalFen: number; refundedFen: number } | undefined;
    if (referral.firstPurchaseReward === 'waiting') {
      const bought = referral.purchaseId
        ? await this.purchases.byId(referral.purchaseId)
        : await this.purchases.memberOrder(referral.refereeId, referral.orderId);
      if (bought)
        purchase = {
          pointsEarned: bought.outcome?.pointsEarned ?? 0,
          totalFen: bought.totalFen,
          refundedFen: bought.refundedFen,
        };
    }
    return pendingFirstPurchasePoints(referral, purchase);
  }

  /**
   * Pays what is due: registration rewards not yet paid, first-purchase rewards whose return window passed. Each
   * referral is paid on its own: one that fails is recorded (attempts, last error, next try after a growing wait)
   * and the others are paid all the same. Safe to run on several instances at once: each referral is held by one
   * run at a time, and every payment is keyed.
   */
  async payDue(limit = 500): Promise<{ registration: number; firstPurchase: number; void: number; failed: number }> {
    const outcome = { registration: 0, firstPurchase: 0, void: 0, failed: 0 };
    const now = this.clock.now();
    const due = await this.referrals
      .find({
        $and: [
          { $or: [{ registrationReward: 'pending' }, { firstPurchaseReward: 'waiting', eligibleAt: { $lte: now } }] },
          ...free(now),
        ],
      })
      .limit(limit)
      .lean<LeanReferral[]>();
    for (const candidate of due) {
      const referral = await this.hold(candidate._id);
      if (!referral) continue;
      try {
        if (referral.registrationReward === 'pending') {
          await this.payRegistration(referral);
          outcome.registration += 1;
        }
        if (referral.firstPurchaseReward === 'waiting' && referral.eligibleAt && referral.eligibleAt <= now) {
          if (await this.settleFirstPurchase(referral)) outcome.firstPurchase += 1;
          else outcome.void += 1;
        }
        await this.referrals.updateOne(
          { _id: referral._id },
          { $unset: { payoutLeaseUntil: 1, payoutAttempts: 1, payoutLastError: 1, payoutRetryAt: 1 } },
        );
      } catch (error) {
        outcome.failed += 1;
        await this.recordFailure(referral, error);
      }
    }
    return outcome;
  }

  /** Takes the referral for this run (none when another run holds it), as it stands now. */
  private hold(id: Types.ObjectId): Promise<LeanReferral | null> {
    const now = this.clock.now();
    return this.referrals
      .findOneAndUpdate(
        { _id: id, $and: free(now) },
        { $set: { payoutLeaseUntil: new Date(now.getTime() + PAYOUT_LEASE_MS) } },
        { returnDocument: 'after' },
      )
      .lean<LeanReferral>();
  }

  private async recordFailure(referral: LeanReferral, error: unknown): Promise<void> {
    const attempts = (referral.payoutAttempts ?? 0) + 1;
    const message = error instanceof Error ? error.message : String(error);
    this.logger.warn(`referral ${referral._id.toHexString()} payout failed (attempt ${attempts}): ${message}`);
    await this.referrals.updateOne(
      { _id: referral._id },
      {
        $set: {
          payoutAttempts: attempts,
          payoutLastError: message.slice(0, 500),
          payoutRetryAt: new Date(this.clock.now().getTime() + payoutRetryDelayMs(attempts)),
        },
        $unset: { payoutLeaseUntil: 1 },
      },
    );
  }

  async payRegistration(referral: LeanReferral): Promise<void> {
    const { referrer, friend } = promisedRewards(referral.rules).onRegistration;
    const toReferrer = await this.pay(referral, 'registration', 'referrer', referrer);
    const toFriend = await this.pay(referral, 'registration', 'friend', friend);
    await this.referrals.updateOne(
      { _id: referral._id, registrationReward: 'pending' },
      {
        $set: { registrationReward: 'paid' },
        $inc: {
          'paidToReferrer.points': toReferrer.points,
          'paidToReferrer.coupons': toReferrer.coupons,
          'paidToFriend.points': toFriend.points,
          'paidToFriend.coupons': toFriend.coupons,
        },
      },
    );
  }

  /** True when the purchase kept its value and the reward was paid; false when a refund voided it. */
  private async settleFirstPurchase(referral: LeanReferral): Promise<boolean> {
    // The purchase itself: order ids are only unique per integration (referrals from before name the friend's order).
    const purchase = referral.purchaseId
      ? await this.purchases.byId(referral.purchaseId)
      : await this.purchases.memberOrder(referral.refereeId, referral.orderId);
    const rules = promisedRewards(referral.rules).onFirstPurchase;
    if (!purchase || !purchaseQualifies(purchase, rules.minAmountFen)) {
      await this.referrals.updateOne(
        { _id: referral._id, firstPurchaseReward: 'waiting' },
        { $set: { firstPurchaseReward: 'void' } },
      );
      return false;
    }
    const basis = {
      pointsEarned: purchase.outcome?.pointsEarned ?? 0,
      totalFen: purchase.totalFen,
      refundedFen: purchase.refundedFen,
    };
    const toReferrer = await this.pay(referral, 'first-purchase', 'referrer', rules.referrer, basis);
    const toFriend = await this.pay(referral, 'first-purchase', 'friend', rules.friend, basis);
    await this.referrals.updateOne(
      { _id: referral._id, firstPurchaseReward: 'waiting' },
      {
        $set: { firstPurchaseReward: 'paid' },
        $inc: {
          'paidToReferrer.points': toReferrer.points,
          'paidToReferrer.coupons': toReferrer.coupons,
          'paidToFriend.points': toFriend.points,
          'paidToFriend.coupons': toFriend.coupons,
        },
      },
    );
    return true;
  }

  private async pay(
    referral: LeanReferral,
    event: RewardEvent,
    side: 'referrer' | 'friend',
    reward: ReferralReward | undefined,
    purchase?: { pointsEarned: number; totalFen: number; refundedFen: number },
  ): Promise<{ points: number; coupons: number }> {
    const payout = rewardPayout(reward, purchase);
    const memberId = side === 'referrer' ? referral.referrerId : referral.refereeId;
    const key = `referral:${referral._id.toHexString()}:${event}:${side}`;
    const now = this.clock.now();
    if (payout.points > 0) {
      await this.ledger.earn({
        memberId,
        points: payout.points,
        reason: side === 'referrer' ? '邀请好友奖励' : '好友邀请礼',
        source: { type: 'referral', id: referral._id.toHexString() },
        idempotencyKey: key,
        occurredAt: now,
        availableAt: now,
        expiresAt: this.programme.pointsExpiry(now),
      });
    }
    let coupons = 0;
    if (payout.couponTemplateId) {
      await this.coupons.issue(memberId, new Types.ObjectId(payout.couponTemplateId), key);
      // Issued now or by an earlier run that crashed; none when the template has ended since.
      coupons = (await this.issuedCoupons.isIssued(key)) ? 1 : 0;
    }
    if (payout.points > 0 || coupons > 0) {
      await this.notifications.enqueue({
        memberId,
        kind: 'reward-issued',
        dedupeKey: key,
        page: 'packages/invite/index',
        data: {
          thing1: thing(side === 'referrer' ? '邀请好友奖励' : '好友邀请礼'),
          thing2: thing(
            [payout.points > 0 ? quantityText(payout.points, '积分') : '', coupons > 0 ? `优惠券 ${quantityText(1, '张')}` : '']
              .filter(Boolean)
              .join('+'),
          ),
          date3: { value: businessDay(now, this.config.brand.timeZone) },
        },
      });
    }
    return { points: payout.points, coupons };
  }
}

/** A referral no run holds now and not waiting for its next try after a failure. */
function free(now: Date) {
  return [
    { $or: [{ payoutRetryAt: { $exists: false } }, { payoutRetryAt: { $lte: now } }] },
    { $or: [{ payoutLeaseUntil: { $exists: false } }, { payoutLeaseUntil: { $lte: now } }] },
  ];
}
