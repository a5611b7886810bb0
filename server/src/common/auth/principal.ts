import { Types } from 'mongoose';

/**
 * Who is calling. Members act on their own data only; managers within their communities and stores;
 * HQ across the brand; integrations (stores, the online shop) only through the ingest API.
 */
export type StaffRole = 'manager' | 'hq';

export type Principal =
  | { kind: 'member'; memberId: string }
  | { kind: 'staff'; memberId: string; role: StaffRole; communityIds: string[]; storeIds: string[] }
  | { kind: 'integration'; integrationId: string; storeIds: string[] };

export type PrincipalKind = Principal['kind'];

/** The signed-in member's id, for member (or staff) endpoints; the access guard never lets integrations reach them. */
export function memberIdOf(principal: Principal): Types.ObjectId {
  if (principal.kind === 'integration') throw new Error('unreachable: member endpoints admit no integrations');
  return new Types.ObjectId(principal.memberId);
}
