import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import type { Principal } from '../common/auth/principal';
import { StaffRoleStore } from '../staff';
import { AppError } from '../common/errors/app-error';
import type { AuditActor } from '../audit';
import { Community } from './schemas/community.schema';

export type LeanCommunity = Community & { _id: Types.ObjectId };

/** A staff member as they are now: their role document, read at each request. */
export interface StaffActor {
  memberId: Types.ObjectId;
  role: 'manager' | 'hq';
  communityIds: string[];
}

/**
 * The one place that decides which communities a staff member may see and change. A manager's communities are
 * `staff_roles.communityIds` (what HQ assigned), read at each request rather than from the access token, so an
 * assignment or a withdrawal takes effect at once; HQ may act on every community. Ids that do not exist are
 * NOT_FOUND for everyone, existing communities outside the caller's scope are FORBIDDEN.
 */
@Injectable()
export class CommunityScope {
  constructor(
    private readonly roles: StaffRoleStore,
    @InjectModel(Community.name) private readonly communities: Model<Community>,
  ) {}

  async staffOf(principal: Principal): Promise<StaffActor> {
    if (principal.kind !== 'staff') throw new AppError('FORBIDDEN', 'Only community managers and HQ may do this.');
    const memberId = new Types.ObjectId(principal.memberId);
    const role = await this.roles.roleOf(memberId);
    if (!role) throw new AppError('FORBIDDEN', 'You no longer hold a staff role.');
    return { memberId, role: role.role, communityIds: role.communityIds ?? [] };
  }

  async community(communityId: Types.ObjectId): Promise<LeanCommunity> {
    const community = await this.communities.findById(communityId).lean<LeanCommunity>();
    if (!community) throw new AppError('NOT_FOUND', 'No such community.');
    return community;
  }

  /** The community and the acting staff member, when they may manage it. */
  async manage(principal: Principal, communityId: Types.ObjectId): Promise<{ actor: StaffActor; community: LeanCommunity }> {
    const community = await this.community(communityId);
    const actor = await this.staffOf(principal);
    if (!canManage(actor, communityId)) throw new AppError('FORBIDDEN', 'This community is not one of yours.');
    return { actor, community };
  }

  /** The filter of the communities the staff member may see: all of them for HQ. */
  visibleFilter(actor: StaffActor): Record<string, unknown> {
    if (actor.role === 'hq') return {};
    return { _id: { $in: actor.communityIds.filter((id) => Types.ObjectId.isValid(id)).map((id) => new Types.ObjectId(id)) } };
  }
}

export function canManage(actor: StaffActor, communityId: Types.ObjectId): boolean {
  return actor.role === 'hq' || actor.communityIds.includes(communityId.toHexString());
}

export function auditActor(actor: StaffActor): AuditActor {
  return { id: actor.memberId.toHexString(), role: actor.role };
}
