import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectConnection, InjectModel } from '@nestjs/mongoose';
import {
  PAID_MEMBERSHIP_RULES,
  type PaidMembershipPayment,
  type PaidMembershipPaymentResult,
  type PaidMembershipRefund,
  type PaidMembershipRefundResult,
} from '@memberloop/shared';
import { createHash } from 'node:crypto';
import { Connection, Model, type ClientSession } from 'mongoose';
import { Clock } from '../common/clock/clock';
import { AppError } from '../common/errors/app-error';
import { appConfig, type AppConfig } from '../config/app-config';
import { CouponStore } from '../coupons';
import { runInTransaction } from '../database/transactions';
import { MembersService, MemberStore } from '../members';
import { packIssueKeyPrefix } from './domain/coupon-pack';
import { decidePayment } from './domain/payment-decision';
import { decideRefund } from './domain/refund-decision';
import { termEnd } from './domain/subscription-term';
import { CouponPackIssuer } from './coupon-pack.issuer';
import type { LeanSubscription } from './paid-membership.store';
import { PaidPlansService } from './paid-plans.service';
import { PaidMembershipReceipt, PaidSubscription, type PaidTerm } from './schemas/paid-subscription.schema';

/** The content of a request, to tell a retry (the same) from another request reusing its id. */
function fingerprint(body: unknown): string {
  return createHash('sha256').update(JSON.stringify(body)).digest('hex');
}

function isDuplicateKey(error: unknown): boolean {
  return (error as { code?: number }).code === 11000;
}

/**
 * Payments and refunds of paid memberships, as the brand's integration confirms them (WeChat Pay stays with the
 * brand). Each is recorded once per integration and id with the answer it got, in the transaction that applies it:
 * a retry answers that, a concurrent duplicate loses on the receipt's key and answers it too.
 */
@Injectable()
export class PaidMembershipPaymentsService {
  private readonly logger = new Logger('PaidMembership');

  constructor(
    @InjectConnection() private readonly connection: Connection,
    @InjectModel(PaidSubscription.name) private readonly subscriptions: Model<PaidSubscription>,
    @InjectModel(PaidMembershipReceipt.name) private readonly receipts: Model<PaidMembershipReceipt>,
    private readonly plans: PaidPlansService,
    private readonly members: MembersService,
    private readonly memberStore: MemberStore,
    private readonly coupons: CouponStore,
    private readonly packs: CouponPackIssuer,
    private readonly clock: Clock,
    @Inject(appConfig.KEY) private readonly config: AppConfig,
  ) {}

  async confirm(integrationId: string, payment: PaidMembershipPayment): Promise<PaidMembershipPaymentResult> {
    const key = `${integrationId}:payment:${payment.paymentId}`;
    const print = fingerprint(payment);
    const prior = await this.replayed<PaidMembershipPaymentResult>(key, print);
    if (prior) return prior;
    const member = await this.members.resolve(payment.member);
    if (!member) throw new AppError('NOT_FOUND', 'No member matches this reference.');
    const paidAt = new Date(payment.paidAt);
    let result: PaidMembershipPaymentResult;
    try {
      result = await runInTransaction(this.connection, async (session) => {
        const again = await this.replayed<PaidMembershipPaymentResult>(key, print, session);
        if (again) return again;
        const plan = await this.plans.find(payment.planId, session);
        const now = this.clock.now();
        const active = await this.subscriptions
          .findOne({ memberId: member._id, status: 'active' }, null, { session })
          .lean<LeanSubscription>();
        const decision = decidePayment({
          plan: { id: plan._id.toHexString(), priceFen: plan.priceFen, status: plan.status },
          amountFen: payment.amountFen,
          paidAt,
          now,
          ...(active ? { active: { planId: active.planId.toHexString(), endsAt: active.endsAt } } : {}),
          renewalWindowDays: PAID_MEMBERSHIP_RULES.renewalWindowDays,
        });
        if (decision.kind === 'refuse') throw new AppError(decision.code, refusal(decision.code), decision.details);
        const term: PaidTerm = {
          paymentKey: `${integrationId}:${payment.paymentId}`,
          paymentId: payment.paymentId,
          planName: plan.name,
          priceFen: plan.priceFen,
          term: plan.term,
          benefits: plan.benefits,
          paidAt,
          startsAt: decision.startsAt,
          endsAt: termEnd(decision.startsAt, plan.term, this.config.brand.timeZone),
        };
        // With the term, in its transaction: the purchase path looks for a paid membership only before this end.
        await this.memberStore.notePaidMembershipUntil(member._id, term.endsAt, session);
        let subscriptionId;
        if (decision.kind === 'renew' && active) {
          // Guarded on the end it extends: a concurrent renewal conflicts and runs again on the new end.
          const extended = await this.subscriptions.updateOne(
            { _id: active._id, status: 'active', endsAt: active.endsAt },
            { $push: { terms: term }, $set: { endsAt: term.endsAt } },
            { session },
          );
          if (extended.modifiedCount !== 1) throw new AppError('CONFLICT', 'The membership changed meanwhile: retry.');
          subscriptionId = active._id;
        } else {
          // A membership past its end that the lapse job has not marked yet.
          if (active)
            await this.subscriptions.updateOne(
              { _id: active._id, status: 'active' },
              { $set: { status: 'lapsed' } },
              { session },
            );
          const [created] = await this.subscriptions.create(
            [
              {
                memberId: member._id,
                planId: plan._id,
                status: 'active',
                startedAt: term.startsAt,
                endsAt: term.endsAt,
                terms: [term],
              },
            ],
            { session },
          );
          subscriptionId = created._id;
        }
        const answer: PaidMembershipPaymentResult = {
          paymentId: payment.paymentId,
          subscriptionId: subscriptionId.toHexString(),
          memberId: member._id.toHexString(),
          outcome: decision.kind === 'renew' ? 'renewed' : 'subscribed',
          termStartsAt: term.startsAt.toISOString(),
          termEndsAt: term.endsAt.toISOString(),
          replayed: false,
        };
        await this.receipts.create([{ _id: key, fingerprint: print, result: answer }], { session });
        return answer;
      });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      // The same payment applied by a concurrent request: answer what it got.
      const raced = await this.replayed<PaidMembershipPaymentResult>(key, print);
      if (raced) return raced;
      // Another payment made the member's one active subscription at the same moment.
      throw new AppError('PAID_MEMBERSHIP_ACTIVE', refusal('PAID_MEMBERSHIP_ACTIVE'));
    }
    // The first month's pack at once (the daily job issues it too, once, if this is cut short).
    if (!result.replayed && result.outcome === 'subscribed')
      await this.packs.issueDue(result.subscriptionId).catch((error: unknown) => {
        this.logger.warn(`coupon pack of ${result.subscriptionId} left to the job: ${String(error)}`);
      });
    return result;
  }

  async refund(integrationId: string, refund: PaidMembershipRefund): Promise<PaidMembershipRefundResult> {
    const key = `${integrationId}:refund:${refund.refundId}`;
    const print = fingerprint(refund);
    const prior = await this.replayed<PaidMembershipRefundResult>(key, print);
    if (prior) return prior;
    const paymentKey = `${integrationId}:${refund.paymentId}`;
    try {
      return await runInTransaction(this.connection, async (session) => {
        const again = await this.replayed<PaidMembershipRefundResult>(key, print, session);
        if (again) return again;
        // Only this integration's payments: another integration's payment id names nothing here.
        const subscription = await this.subscriptions
          .findOne({ 'terms.paymentKey': paymentKey }, null, { session })
          .lean<LeanSubscription>();
        if (!subscription) throw new AppError('NOT_FOUND', 'No membership payment with this paymentId.');
        const now = this.clock.now();
        const decision = decideRefund({
          terms: subscription.terms.map((t) => ({
            paymentId: t.paymentKey,
            paidAt: t.paidAt,
            startsAt: t.startsAt,
            endsAt: t.endsAt,
            refunded: t.refundedAt !== undefined,
          })),
          paymentId: paymentKey,
          at: now,
          coolingOffDays: PAID_MEMBERSHIP_RULES.coolingOffDays,
        });
        if (decision.kind === 'refuse')
          throw new AppError(
            decision.code,
            decision.code === 'COOLING_OFF_OVER'
              ? `A membership payment may be refunded within ${PAID_MEMBERSHIP_RULES.coolingOffDays} days only.`
              : 'This payment was refunded already.',
            decision.code === 'COOLING_OFF_OVER' ? { coolingOffDays: PAID_MEMBERSHIP_RULES.coolingOffDays } : undefined,
          );
        const index = subscription.terms.findIndex((t) => t.paymentKey === paymentKey);
        // Ending the membership takes the later renewals with it; dropping a renewal takes that one alone.
        const refundedTerms = decision.kind === 'end-membership' ? subscription.terms.slice(index) : [subscription.terms[index]];
        const terms = subscription.terms.map((t) => (refundedTerms.includes(t) && !t.refundedAt ? { ...t, refundedAt: now } : t));
        const status = decision.kind === 'end-membership' ? 'refunded' : subscription.status;
        const updated = await this.subscriptions.updateOne(
          { _id: subscription._id, updatedAt: subscription.updatedAt },
          { $set: { terms, endsAt: decision.endsAt, status } },
          { session },
        );
        if (updated.modifiedCount !== 1) throw new AppError('CONFLICT', 'The membership changed meanwhile: retry.');
        const couponsVoided =
          decision.kind === 'end-membership'
            ? await this.coupons.voidUnusedByIssueKeyPrefix(packIssueKeyPrefix(subscription._id.toHexString()), now, session)
            : 0;
        const answer: PaidMembershipRefundResult = {
          refundId: refund.refundId,
          paymentId: refund.paymentId,
          subscriptionId: subscription._id.toHexString(),
          status,
          endsAt: decision.endsAt.toISOString(),
          couponsVoided,
          replayed: false,
        };
        await this.receipts.create([{ _id: key, fingerprint: print, result: answer }], { session });
        return answer;
      });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      const raced = await this.replayed<PaidMembershipRefundResult>(key, print);
      if (raced) return raced;
      throw error;
    }
  }

  /** The stored answer to a retry; the same id with another content is refused. */
  private async replayed<T extends object>(key: string, print: string, session?: ClientSession): Promise<T | undefined> {
    const receipt = await this.receipts.findById(key, null, { session }).lean<PaidMembershipReceipt>();
    if (!receipt) return undefined;
    if (receipt.fingerprint !== print)
      throw new AppError('IDEMPOTENCY_KEY_REUSED', 'This id was sent before with other content: send a new id.');
    return { ...(receipt.result as T), replayed: true };
  }
}

function refusal(code: string): string {
  switch (code) {
    case 'PAID_PLAN_RETIRED':
      return 'This plan is no longer sold.';
    case 'PAYMENT_AMOUNT_MISMATCH':
      return 'The amount paid is not the plan’s price.';
    case 'PURCHASE_DATE_OUT_OF_RANGE':
      return 'paidAt must be within the last 24 hours and not ahead of the server clock.';
    case 'PAID_MEMBERSHIP_ACTIVE':
      return 'The member already has an active paid membership; it may be renewed in its last days only.';
    default:
      return 'The payment was refused.';
  }
}
