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
