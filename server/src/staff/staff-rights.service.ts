import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { StaffRightsLookup, type StaffRights } from '../common/auth/staff-rights.lookup';
import { StaffRole } from './schemas/staff-role.schema';

/**
 * Staff rights read from `staff_roles` on every staff request (never from the access token, which only says who
 * the caller is). Nothing is kept between requests: a role granted or revoked by any process (this server,
 * another one, the `npm run hq` command) applies at the caller's next request. It costs one read by the unique
 * `memberId` index per staff request; members' requests never ask.
 */
@Injectable()
export class StaffRightsService extends StaffRightsLookup {
  constructor(@InjectModel(StaffRole.name) private readonly roles: Model<StaffRole>) {
    super();
  }

  /** The member's current staff rights, or null when they hold no staff role. */
  async of(memberId: string): Promise<StaffRights | null> {
    if (!Types.ObjectId.isValid(memberId)) return null;
    const role = await this.roles
      .findOne({ memberId: new Types.ObjectId(memberId) }, { role: 1, communityIds: 1, storeIds: 1 })
      .lean();
    return role ? { role: role.role, communityIds: role.communityIds ?? [], storeIds: role.storeIds ?? [] } : null;
  }
}
