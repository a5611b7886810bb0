import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { type ClientSession, Model, Types } from 'mongoose';
import { StaffRole } from './schemas/staff-role.schema';
import { StaffHolders } from './staff-holders';

export type LeanStaffRole = StaffRole & { _id: Types.ObjectId };

/** A staff role as a community's list of managers reads it. */
export type CommunityManagerRole = Pick<LeanStaffRole, '_id' | 'memberId' | 'communityIds'>;

/**
 * The staff roles collection, as other features may use it: the only way into these documents from outside this
 * folder (see docs/architecture.md, "Features own their data"). Each method is named for what its caller needs;
 * there is no generic find or aggregate, so every query another feature runs on this data is listed here.
 */
@Injectable()
export class StaffRoleStore implements OnModuleInit {
  constructor(
    @InjectModel(StaffRole.name) private readonly roles: Model<StaffRole>,
    private readonly holders: StaffHolders,
  ) {}

  /** Collections and indexes exist before another feature's transaction writes to them. */
  async onModuleInit(): Promise<void> {
    await Promise.all([this.roles.init()]);
  }

  /** The member's staff role, read now (no cache), or null when they hold none. */
  roleOf(memberId: Types.ObjectId): Promise<LeanStaffRole | null> {
    return this.roles.findOne({ memberId }).lean<LeanStaffRole>();
  }

  /**
   * Which staff role the member holds, if any (just its name), for the member card: read from the database for
   * the members who may hold one (see StaffHolders; a revocation shows at once), none for everyone else.
   */
  async roleNameOf(memberId: Types.ObjectId): Promise<StaffRole['role'] | undefined> {
    if (!(await this.holders.mayHold(memberId))) return undefined;
    // Through the driver (typed values, nothing to cast).
    const role = await this.roles.collection.findOne<Pick<StaffRole, 'role'>>({ memberId }, { projection: { role: 1 } });
    return role?.role;
  }

  /** The roles of the staff who manage any of these communities (by id string): who they are and what they manage. */
  managersOf(communityIds: string[]): Promise<CommunityManagerRole[]> {
    return this.roles
      .find({ communityIds: { $in: communityIds } }, { memberId: 1, communityIds: 1 })
      .lean<CommunityManagerRole[]>();
  }

  /** Makes the member a manager of the community: a member without a staff role becomes a manager, HQ stays HQ. */
  async addManagedCommunity(memberId: Types.ObjectId, communityId: string, session?: ClientSession): Promise<void> {
    this.holders.note(memberId);
    await this.roles.updateOne(
      { memberId },
      { $addToSet: { communityIds: communityId }, $setOnInsert: { role: 'manager', storeIds: [] } },
      { upsert: true, session },
    );
  }

  /** Withdraws the community from the member's managed ones: false when they did not manage it. */
  async removeManagedCommunity(memberId: Types.ObjectId, communityId: string, session?: ClientSession): Promise<boolean> {
    const pulled = await this.roles.updateOne(
      { memberId, communityIds: communityId },
      { $pull: { communityIds: communityId } },
      { session },
    );
    return pulled.modifiedCount === 1;
  }

  /** Gives the member this role unless they hold one already (whatever it is): true when it was created. */
  async createRoleIfAbsent(memberId: Types.ObjectId, role: StaffRole['role'], storeIds: string[]): Promise<boolean> {
    this.holders.note(memberId);
    const { upsertedCount } = await this.roles.updateOne(
      { memberId },
      { $setOnInsert: { memberId, role, storeIds, communityIds: [] } },
      { upsert: true },
    );
    return upsertedCount > 0;
  }

  /** The member deleted their account: their staff role ends. */
  async eraseMember(memberId: Types.ObjectId): Promise<void> {
    await this.roles.deleteOne({ memberId });
  }
}
