import { isWithinCoolingOff } from './subscription-term';

/** A paid term of a subscription, as the refund rule sees it. */
export interface TermFacts {
  paymentId: string;
  paidAt: Date;
  startsAt: Date;
  endsAt: Date;
  refunded: boolean;
}

export type RefundDecision =
  | { kind: 'refuse'; code: 'COOLING_OFF_OVER' | 'ALREADY_DONE' }
  /** A renewal paid ahead and not started: the term is taken off, the current one runs to its end. */
  | { kind: 'drop-renewal'; endsAt: Date }
  /** The membership ends now and its unused benefits go. */
  | { kind: 'end-membership'; endsAt: Date };

/**
 * A refund of one payment within the cooling-off period. A renewal that has not begun is simply taken off (the
 * member keeps the term they are in); a term that has begun ends the membership at once (the later renewals with it,
 * as they extend it). After the cooling-off period nothing is refunded.
 */
export function decideRefund(input: { terms: TermFacts[]; paymentId: string; at: Date; coolingOffDays: number }): RefundDecision {
  const index = input.terms.findIndex((t) => t.paymentId === input.paymentId);
  const term = input.terms[index];
  if (term.refunded) return { kind: 'refuse', code: 'ALREADY_DONE' };
  if (!isWithinCoolingOff(term.paidAt, input.at, input.coolingOffDays)) return { kind: 'refuse', code: 'COOLING_OFF_OVER' };
  const later = input.terms.slice(index + 1).filter((t) => !t.refunded);
  if (term.startsAt.getTime() > input.at.getTime() && later.length === 0) return { kind: 'drop-renewal', endsAt: term.startsAt };
  return { kind: 'end-membership', endsAt: input.at };
}
