import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { StaffCommunityMemberView } from '@memberloop/shared';
import { Model, Types } from 'mongoose';
import type { Principal } from '../common/auth/principal';
import { Clock } from '../common/clock/clock';
import { AppError } from '../common/errors/app-error';
import { maskPhone } from '../members';
import { MembersService, MemberStore } from '../members';
import { TierStandingService } from '../tiers';
import { AuditLogService } from '../audit';
import { ActivitySeats } from './activity-seats.service';
import { ActivitySignUpsService } from './activity-sign-ups.service';
import { auditActor, CommunityScope } from './community-scope.service';
import { CommunityMembership } from './schemas/community-membership.schema';
import { CommunityMemberships } from './community-memberships.service';

/** A community's members as its managers see them (phones masked), and removing one. */
@Injectable()
export class CommunityMembersService {
  constructor(
    private readonly members: MemberStore,
    @InjectModel(CommunityMembership.name) private readonly memberships: Model<CommunityMembership>,
    private readonly scope: CommunityScope,
    private readonly directory: MembersService,
    private readonly roster: CommunityMemberships,
    private readonly tiers: TierStandingService,
    private readonly signUps: ActivitySignUpsService,
    private readonly seats: ActivitySeats,
    private readonly audit: AuditLogService,
    private readonly clock: Clock,
  ) {}

  async page(
    principal: Principal,
    communityId: Types.ObjectId,
    limit: number,
    cursor?: string,
  ): Promise<{ members: StaffCommunityMemberView[]; nextCursor?: string }> {
    await this.scope.manage(principal, communityId);
    const rows = await this.roster.page(communityId, limit + 1, cursor);
    const page = rows.slice(0, limit);
    const members = await this.members.activeByIds(page.map((r) => r.memberId));
    const byId = new Map(members.map((m) => [m._id.toHexString(), m]));
    return {
      members: page.flatMap((row) => {
        const member = byId.get(row.memberId.toHexString());
        if (!member) return [];
        const tier = this.tiers.tierOf(member);
        const phone = this.directory.phoneOf(member);
        return [
          {
            memberNo: member.memberNo,
            ...(member.nickname ? { nickname: member.nickname } : {}),
            ...(member.avatarUrl ? { avatarUrl: member.avatarUrl } : {}),
            ...(phone ? { phoneMasked: maskPhone(phone) } : {}),
            tier: { code: tier.code, name: tier.name },
            joinedAt: row.joinedAt.toISOString(),
          },
        ];
      }),
      ...(rows.length > limit ? { nextCursor: page[page.length - 1]._id.toHexString() } : {}),
    };
  }

  /**
   * Removes the member (they cannot rejoin on their own) and cancels their sign-ups for the community's activities
   * that have not started, giving the seats to the waitlist. Repeating it finishes what a failure interrupted.
   */
  async remove(
    principal: Principal,
    communityId: Types.ObjectId,
    memberNo: string,
  ): Promise<{ memberNo: string; removed: boolean; cancelledSignUps: number }> {
    const { actor } = await this.scope.manage(principal, communityId);
    const member = await this.directory.findActiveByMemberNo(memberNo);
    const membership = member ? await this.memberships.findOne({ communityId, memberId: member._id }).lean() : null;
    if (!member || !membership || membership.status === 'left')
      throw new AppError('NOT_FOUND', `${memberNo} is not a member of this community.`);
    if (membership.status === 'active') {
      await this.seats.transaction(async (session) => {
        const removed = await this.memberships.updateOne(
          { _id: membership._id, status: 'active' },
          { $set: { status: 'removed', removedAt: this.clock.now(), removedBy: actor.memberId } },
          { session },
        );
        if (removed.modifiedCount !== 1) return;
        await this.audit.record(
          {
            actor: auditActor(actor),
            action: 'community.member-remove',
            target: { type: 'community', id: communityId.toHexString() },
            details: { memberId: member._id.toHexString(), memberNo },
          },
          session,
        );
      });
    }
    const cancelledSignUps = await this.signUps.cancelAllInCommunity(communityId, member._id);
    return { memberNo, removed: true, cancelledSignUps };
  }
}
