import type { ErrorCode } from '@memberloop/shared';

/** What a staff send's refusal depends on: the template as it is now. */
export interface SendableTemplate {
  name: string;
  validity: { type: 'window'; to: string } | { type: 'afterClaim' };
  remainingStock: number;
  releasedToManagers?: boolean;
  pointsPrice?: number;
}

export interface StaffCouponSend {
  senderRole: 'manager' | 'hq';
  template: SendableTemplate;
  /** Members the send would reach (the sender never among them). */
  recipients: number;
  maxCouponsPerSend: number;
  now: Date;
}

export interface Refusal {
  code: ErrorCode;
  message: string;
  details?: Record<string, unknown>;
}

/**
 * Why a staff member may not send this coupon to these members, or undefined when they may. Managers send only
 * what HQ released to them, never a coupon members pay points for; nobody sends more than the programme's cap at
 * once, or a template with no stock left (the sends draw stock and per-member limits as claims do).
 */
export function staffCouponSendRefusal(send: StaffCouponSend): Refusal | undefined {
  const { template } = send;
  if (template.validity.type === 'window' && Date.parse(template.validity.to) <= send.now.getTime())
    return { code: 'CONFLICT', message: `「${template.name}」has ended: it cannot be sent.` };
  if (send.senderRole === 'manager' && template.pointsPrice)
    return {
      code: 'FORBIDDEN',
      message: `「${template.name}」is exchanged for points: managers cannot give it away.`,
      details: { reason: 'points-priced' },
    };
  if (send.senderRole === 'manager' && !template.releasedToManagers)
    return {
      code: 'FORBIDDEN',
      message: `HQ has not released 「${template.name}」 to managers: ask HQ to release it before sending it.`,
      details: { reason: 'template-not-released' },
    };
  if (send.recipients > send.maxCouponsPerSend)
    return {
      code: 'LIMIT_REACHED',
      message: `This send would reach ${send.recipients} members; one send reaches at most ${send.maxCouponsPerSend}. Send to a smaller audience or ask HQ.`,
      details: { recipients: send.recipients, maxCouponsPerSend: send.maxCouponsPerSend },
    };
  if (template.remainingStock < 1) return { code: 'OUT_OF_STOCK', message: `「${template.name}」has no stock left to send.` };
  return undefined;
}
