import { Injectable } from '@nestjs/common';
import { InjectConnection, InjectModel } from '@nestjs/mongoose';
import { NewCommunity, type CommunityView, type StaffCommunityView } from '@memberloop/shared';
import { Connection, Model, Types } from 'mongoose';
import type { Principal } from '../common/auth/principal';
import { StaffRoleStore } from '../staff';
import { AppError } from '../common/errors/app-error';
import { runInTransaction } from '../database/transactions';
import { MembersService, MemberStore, type LeanMember } from '../members';
import { AuditLogService } from '../audit';
import { auditActor, CommunityScope, type LeanCommunity } from './community-scope.service';
import { CommunityMemberships } from './community-memberships.service';
import { Community } from './schemas/community.schema';

/** Communities: HQ creates them and assigns their managers; members list, join and leave them. */
@Injectable()
export class CommunitiesService {
  constructor(
    @InjectModel(Community.name) private readonly communities: Model<Community>,
    private readonly roles: StaffRoleStore,
    private readonly members: MemberStore,
    private readonly directory: MembersService,
    @InjectConnection() private readonly connection: Connection,
    private readonly scope: CommunityScope,
    private readonly memberships: CommunityMemberships,
    private readonly audit: AuditLogService,
  ) {}

  async create(principal: Principal, input: NewCommunity): Promise<StaffCommunityView> {
    const actor = await this.scope.staffOf(principal);
    const community = NewCommunity.parse(input);
    const created = await runInTransaction(this.connection, async (session) => {
      const [doc] = await this.communities.create([{ ...community, createdBy: actor.memberId }], { session });
      await this.audit.record(
        {
          actor: auditActor(actor),
          action: 'community.create',
          target: { type: 'community', id: doc._id.toHexString() },
          details: {
            name: community.name,
            kind: community.kind,
            ...(community.storeCode ? { storeCode: community.storeCode } : {}),
          },
        },
        session,
      );
      return doc.toObject() as LeanCommunity;
    });
    return (await this.staffViews([created]))[0];
  }

  /**
   * HQ makes a member a manager of the community: `staff_roles.communityIds` gains it (a member without a staff
   * role becomes a manager; HQ stays HQ).
   */
  async assignManager(principal: Principal, communityId: Types.ObjectId, memberNo: string): Promise<StaffCommunityView> {
    const { actor, community } = await this.scope.manage(principal, communityId);
    const member = await this.memberByNo(memberNo);
    await runInTransaction(this.connection, async (session) => {
      await this.roles.addManagedCommunity(member._id, communityId.toHexString(), session);
      await this.audit.record(
        {
          actor: auditActor(actor),
          action: 'community.manager-assign',
          target: { type: 'community', id: communityId.toHexString() },
          details: { memberId: member._id.toHexString(), memberNo },
        },
        session,
      );
    });
    return (await this.staffViews([community]))[0];
  }

  async removeManager(principal: Principal, communityId: Types.ObjectId, memberNo: string): Promise<StaffCommunityView> {
    const { actor, community } = await this.scope.manage(principal, communityId);
    const member = await this.memberByNo(memberNo);
    await runInTransaction(this.connection, async (session) => {
      const pulled = await this.roles.removeManagedCommunity(member._id, communityId.toHexString(), session);
      if (!pulled) throw new AppError('NOT_FOUND', `${memberNo} does not manage this community.`);
      await this.audit.record(
        {
          actor: auditActor(actor),
          action: 'community.manager-remove',
          target: { type: 'community', id: communityId.toHexString() },
          details: { memberId: member._id.toHexString(), memberNo },
        },
        session,
      );
    });
    return (await this.staffViews([community]))[0];
  }

  /** Every community, for a member: open to all, with whether they belong. */
  /** Whether the community exists (posts check it before a post goes in). */
  async exists(communityId: Types.ObjectId): Promise<boolean> {
    return (await this.communities.exists({ _id: communityId })) !== null;
  }

  /** The id of the community with this name, if any (the demo seed finds what an earlier run made). */
  async idByName(name: string): Promise<Types.ObjectId | undefined> {
    return (await this.communities.findOne({ name }, { _id: 1 }).lean())?._id;
  }

  async forMember(memberId: Types.ObjectId): Promise<CommunityView[]> {
    const communities = await this.communities.find().sort({ createdAt: 1, _id: 1 }).limit(500).lean<LeanCommunity[]>();
    const counts = await this.memberships.counts(communities.map((c) => c._id));
    const mine = new Set((await this.memberships.communitiesOf(memberId)).map(String));
    return communities.map((c) => ({ ...communityView(c, counts.get(String(c._id)) ?? 0), joined: mine.has(String(c._id)) }));
  }

  /** The communities the staff member manages (all for HQ). */
  async forStaff(principal: Principal): Promise<StaffCommunityView[]> {
    const actor = await this.scope.staffOf(principal);
    const communities = await this.communities
      .find(this.scope.visibleFilter(actor))
      .sort({ createdAt: 1, _id: 1 })
      .limit(500)
      .lean<LeanCommunity[]>();
    return this.staffViews(communities);
  }

  async join(memberId: Types.ObjectId, communityId: Types.ObjectId): Promise<{ communityId: string; joined: boolean }> {
    await this.scope.community(communityId);
    await this.memberships.join(communityId, memberId);
    return { communityId: communityId.toHexString(), joined: true };
  }

  async leave(memberId: Types.ObjectId, communityId: Types.ObjectId): Promise<{ communityId: string; joined: boolean }> {
    await this.scope.community(communityId);
    await this.memberships.leave(communityId, memberId);
    return { communityId: communityId.toHexString(), joined: false };
  }

  async memberByNo(memberNo: string): Promise<LeanMember> {
    const member = await this.directory.findActiveByMemberNo(memberNo);
    if (!member) throw new AppError('NOT_FOUND', `No member ${memberNo}.`);
    return member;
  }

  private async staffViews(communities: LeanCommunity[]): Promise<StaffCommunityView[]> {
    const ids = communities.map((c) => c._id.toHexString());
    const counts = await this.memberships.counts(communities.map((c) => c._id));
    const roles = await this.roles.managersOf(ids);
    const managers = await this.members.activeNamesByIds(roles.map((r) => r.memberId));
    const byId = new Map(managers.map((m) => [m._id.toHexString(), m]));
    return communities.map((c) => ({
      ...communityView(c, counts.get(String(c._id)) ?? 0),
      managers: roles
        .filter((r) => r.communityIds.includes(c._id.toHexString()))
        .map((r) => byId.get(r.memberId.toHexString()))
        .filter((m) => m !== undefined)
        .map((m) => ({ memberId: m._id.toHexString(), memberNo: m.memberNo, ...(m.nickname ? { nickname: m.nickname } : {}) })),
      createdAt: c.createdAt.toISOString(),
    }));
  }
}

function communityView(community: LeanCommunity, memberCount: number): CommunityView {
  return {
    id: community._id.toHexString(),
    name: community.name,
    kind: community.kind,
    ...(community.storeCode ? { storeCode: community.storeCode } : {}),
    description: community.description ?? '',
    memberCount,
  };
}
