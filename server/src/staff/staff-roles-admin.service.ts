import { Injectable } from '@nestjs/common';
import { InjectConnection, InjectModel } from '@nestjs/mongoose';
import type { ClientSession, Connection } from 'mongoose';
import { Model, Types } from 'mongoose';
import { AuditLogService, type AuditActor } from '../audit';
import { AppError } from '../common/errors/app-error';
import { retryOnDuplicateKey } from '../database/duplicate-key';
import { runInTransaction } from '../database/transactions';
import { MemberStore, type LeanMember } from '../members';
import { StaffRole } from './schemas/staff-role.schema';
import { StaffHolders } from './staff-holders';

/** A staff role as the people who manage staff see it: whose, what, over which stores and communities. */
export interface StaffRoleRecord {
  memberNo: string;
  nickname?: string;
  role: StaffRole['role'];
  storeIds: string[];
  communityIds: string[];
  since?: Date;
}

type RoleScope = Pick<StaffRole, 'role' | 'storeIds' | 'communityIds'>;

export interface StaffChangeOptions {
  /** Refuse to take the last HQ role away (HQ's screens; the command line may, to recover a brand). */
  keepOneHq?: boolean;
}

/**
 * Grants, changes and revokes staff roles (`npm run hq`, and HQ's staff tools), each change and its audit entry in
 * one transaction. A change applies at the staff member's next request: rights are read from `staff_roles` on
 * every staff request (staff-rights.service.ts).
 */
@Injectable()
export class StaffRolesAdmin {
  constructor(
    @InjectModel(StaffRole.name) private readonly roles: Model<StaffRole>,
    @InjectConnection() private readonly connection: Connection,
    private readonly audit: AuditLogService,
    private readonly members: MemberStore,
    private readonly holders: StaffHolders,
  ) {}

  /**
   * Makes the member HQ, or a manager over `storeIds` (when given; otherwise the stores they had). Communities
   * are kept: managers are put in charge of a community from the community tools. Returns the role before and after.
   */
  async grant(
    member: LeanMember,
    role: StaffRole['role'],
    storeIds: string[] | undefined,
    actor: AuditActor,
    options: StaffChangeOptions = {},
  ): Promise<{ before: RoleScope | null; after: RoleScope }> {
    this.holders.note(member._id);
    return runInTransaction(this.connection, async (session) => {
      const before = await this.scopeOf(member._id, session);
      if (before?.role === 'hq' && role !== 'hq' && options.keepOneHq) await this.keepOneHq(session);
      const set: Partial<RoleScope> = { role };
      if (role === 'hq') set.storeIds = [];
      else if (storeIds) set.storeIds = storeIds;
      const after = await retryOnDuplicateKey(() =>
        this.roles
          .findOneAndUpdate(
            { memberId: member._id },
            {
              $set: set,
              $setOnInsert: { communityIds: [], ...(set.storeIds ? {} : { storeIds: [] }) },
            },
            { upsert: true, returnDocument: 'after', session, projection: { role: 1, storeIds: 1, communityIds: 1 } },
          )
          .lean()
          .orFail(),
      );
      const scope = scopeOf(after);
      await this.audit.record(
        {
          actor,
          action: before ? 'staff.role-change' : 'staff.role-grant',
          target: { type: 'member', id: member.memberNo },
          details: { before, after: scope },
        },
        session,
      );
      return { before, after: scope };
    });
  }

  /** Sets a staff member's stores (a manager is made one if they held no role). */
  async setStores(member: LeanMember, storeIds: string[], actor: AuditActor): Promise<RoleScope> {
    this.holders.note(member._id);
    return runInTransaction(this.connection, async (session) => {
      const before = await this.scopeOf(member._id, session);
      const after = scopeOf(
        await retryOnDuplicateKey(() =>
          this.roles
            .findOneAndUpdate(
              { memberId: member._id },
              { $set: { storeIds }, $setOnInsert: { role: 'manager', communityIds: [] } },
              { upsert: true, returnDocument: 'after', session },
            )
            .lean()
            .orFail(),
        ),
      );
      await this.audit.record(
        { actor, action: 'staff.stores-set', target: { type: 'member', id: member.memberNo }, details: { before, after } },
        session,
      );
      return after;
    });
  }

  /** Takes the member's staff role away (their communities and stores with it). Returns what they held, or null. */
  async revoke(member: LeanMember, actor: AuditActor, options: StaffChangeOptions = {}): Promise<RoleScope | null> {
    return runInTransaction(this.connection, async (session) => {
      if (options.keepOneHq && (await this.scopeOf(member._id, session))?.role === 'hq') await this.keepOneHq(session);
      const removed = await this.roles.findOneAndDelete({ memberId: member._id }, { session }).lean();
      if (!removed) return null;
      const before = scopeOf(removed);
      await this.audit.record(
        { actor, action: 'staff.role-revoke', target: { type: 'member', id: member.memberNo }, details: { before } },
        session,
      );
      return before;
    });
  }

  /** Every staff role, HQ first, then by member number. */
  async list(): Promise<StaffRoleRecord[]> {
    const roles = await this.roles.find({}, { memberId: 1, role: 1, storeIds: 1, communityIds: 1, createdAt: 1 }).lean();
    const names = new Map(
      (await this.members.activeNamesByIds(roles.map((r) => r.memberId))).map((m) => [m._id.toHexString(), m]),
    );
    return roles
      .map((r): StaffRoleRecord => {
        const member = names.get(r.memberId.toHexString());
        return {
          // A role whose member has left (erased account) still shows, so it can be revoked.
          memberNo: member?.memberNo ?? `(${r.memberId.toHexString()})`,
          nickname: member?.nickname,
          ...scopeOf(r),
          since: (r as { createdAt?: Date }).createdAt,
        };
      })
      .sort((a, b) => (a.role === b.role ? a.memberNo.localeCompare(b.memberNo) : a.role === 'hq' ? -1 : 1));
  }

  /** How many HQ accounts there are (the command warns before the last one goes). */
  async hqCount(): Promise<number> {
    return this.roles.countDocuments({ role: 'hq' });
  }

  /**
   * Refuses to take away the brand's last HQ role. Every HQ role is written (its `updatedAt`) in the same
   * transaction, so two HQs who demote each other at once conflict: one is retried, sees it would be the last, and
   * is refused (without this, each would count two HQs and both would go).
   */
  private async keepOneHq(session: ClientSession): Promise<void> {
    const { matchedCount } = await this.roles.updateMany(
      { role: 'hq' },
      { $currentDate: { updatedAt: true } },
      { session, timestamps: false },
    );
    if (matchedCount <= 1)
      throw new AppError('CONFLICT', 'This is the last HQ account: make someone else HQ first.', { reason: 'LAST_HQ' });
  }

  private async scopeOf(memberId: Types.ObjectId, session: ClientSession): Promise<RoleScope | null> {
    const role = await this.roles.findOne({ memberId }, { role: 1, storeIds: 1, communityIds: 1 }, { session }).lean();
    return role ? scopeOf(role) : null;
  }
}

function scopeOf(role: RoleScope): RoleScope {
  return { role: role.role, storeIds: role.storeIds ?? [], communityIds: role.communityIds ?? [] };
}
