import type { ServiceTicketStatus } from '@memberloop/shared';

/** Staff may answer and resolve a ticket until it is resolved; closing follows resolving. */
export function acceptsReplies(status: ServiceTicketStatus): boolean {
  return status === 'open' || status === 'answered';
}

export function canResolve(status: ServiceTicketStatus): boolean {
  return acceptsReplies(status);
}

/** A resolved ticket may be closed; a closed one stays closed (closing again changes nothing). */
export function canClose(status: ServiceTicketStatus): boolean {
  return status === 'resolved' || status === 'closed';
}

/** Whether a staff member with these stores sees a ticket of this store: HQ every ticket, a manager their stores'. */
export function inStaffScope(
  staff: { role: 'manager' | 'hq'; storeIds: readonly string[] },
  storeCode: string | undefined,
): boolean {
  if (staff.role === 'hq') return true;
  return storeCode !== undefined && staff.storeIds.includes(storeCode);
}
