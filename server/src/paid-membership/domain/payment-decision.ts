import type { ErrorCode } from '@memberloop/shared';
import { isWithinRenewalWindow } from './subscription-term';

/** What the member holds when a payment arrives: their active subscription, if any. */
export interface ActiveSubscriptionFacts {
  planId: string;
  endsAt: Date;
}

export interface PlanFacts {
  id: string;
  priceFen: number;
  status: 'active' | 'retired';
}

/**
 * How far a payment's time may be from the server's clock: a little ahead (clock skew), and behind by the day a
 * payment notification may take to arrive. A membership starts at its payment, and the cooling-off period counts
 * from it: a payment dated elsewhere would start a term already over or stretch the refund window.
 */
export const PAYMENT_CLOCK_SKEW_MS = 5 * 60_000;
export const PAYMENT_LATEST_ARRIVAL_MS = 24 * 3_600_000;

export type PaymentDecision =
  | { kind: 'subscribe'; startsAt: Date }
  | { kind: 'renew'; startsAt: Date }
  | { kind: 'refuse'; code: ErrorCode; details?: Record<string, unknown> };

/**
 * What a confirmed payment for a plan does: a new subscription from the payment, a renewal that extends the
 * current one from its end (the same plan, within the renewal window), or a refusal with a stable code. A
 * subscription whose end has passed counts as over even before the lapse job marks it.
 */
export function decidePayment(input: {
  plan: PlanFacts;
  amountFen: number;
  paidAt: Date;
  now: Date;
  active?: ActiveSubscriptionFacts;
  renewalWindowDays: number;
}): PaymentDecision {
  const { plan, active, now } = input;
  if (
    input.paidAt.getTime() > now.getTime() + PAYMENT_CLOCK_SKEW_MS ||
    input.paidAt.getTime() < now.getTime() - PAYMENT_LATEST_ARRIVAL_MS
  )
    return { kind: 'refuse', code: 'PURCHASE_DATE_OUT_OF_RANGE', details: { now: now.toISOString() } };
  if (plan.status !== 'active') return { kind: 'refuse', code: 'PAID_PLAN_RETIRED' };
  if (input.amountFen !== plan.priceFen)
    return { kind: 'refuse', code: 'PAYMENT_AMOUNT_MISMATCH', details: { priceFen: plan.priceFen, amountFen: input.amountFen } };
  if (!active || active.endsAt.getTime() <= now.getTime()) return { kind: 'subscribe', startsAt: input.paidAt };
  if (active.planId === plan.id && isWithinRenewalWindow(active.endsAt, now, input.renewalWindowDays))
    return { kind: 'renew', startsAt: active.endsAt };
  return { kind: 'refuse', code: 'PAID_MEMBERSHIP_ACTIVE', details: { endsAt: active.endsAt.toISOString() } };
}
