import type { StaffRole } from './principal';

/** What a staff member may do now, as the database says. */
export interface StaffRights {
  role: StaffRole;
  communityIds: string[];
  storeIds: string[];
}

/**
 * Where the access guard reads a staff member's current rights: provided by the staff feature, which owns the
 * staff roles (see StaffModule), so this infrastructure depends on no feature.
 */
export abstract class StaffRightsLookup {
  /** The member's current staff rights, or null when they hold no staff role. */
  abstract of(memberId: string): Promise<StaffRights | null>;
}
