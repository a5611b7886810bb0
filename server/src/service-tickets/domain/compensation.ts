import type { ErrorCode, ServiceTicketRules } from '@memberloop/shared';

export interface CompensationDecision {
  actorId: string;
  actorRole: 'manager' | 'hq';
  memberId: string;
  /** Points asked for (a coupon counts as none: which coupons a role may give is the coupon's release). */
  points: number;
  caps: ServiceTicketRules['pointsCap'];
}

export interface Refusal {
  code: ErrorCode;
  message: string;
  details?: Record<string, unknown>;
}

/** Why this staff member may not give this compensation on this member's ticket, or undefined when they may. */
export function compensationRefusal(decision: CompensationDecision): Refusal | undefined {
  if (decision.actorId === decision.memberId)
    return {
      code: 'FORBIDDEN',
      message: 'You cannot compensate your own account: ask a colleague.',
      details: { reason: 'OWN_ACCOUNT' },
    };
  const cap = decision.caps[decision.actorRole];
  if (decision.points > cap)
    return {
      code: 'COMPENSATION_OVER_CAP',
      message: `A ${decision.actorRole} may give at most ${cap} points on a ticket: ask HQ for more.`,
      details: { cap, asked: decision.points },
    };
  return undefined;
}
