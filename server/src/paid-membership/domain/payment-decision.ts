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
  if (plan.status !== 'active') return { kind: 'refuse', code: 'PAID_PLAN_RETIRED' };
  if (input.amountFen !== plan.priceFen)
    return { kind: 'refuse', code: 'PAYMENT_AMOUNT_MISMATCH', details: { priceFen: plan.priceFen, amountFen: input.amountFen } };
  if (!active || active.endsAt.getTime() <= now.getTime()) return { kind: 'subscribe', startsAt: input.paidAt };
  if (active.planId === plan.id && isWithinRenewalWindow(active.endsAt, now, input.renewalWindowDays))
    return { kind: 'renew', startsAt: active.endsAt };
  return { kind: 'refuse', code: 'PAID_MEMBERSHIP_ACTIVE', details: { endsAt: active.endsAt.toISOString() } };
}
