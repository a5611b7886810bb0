import { Injectable } from '@nestjs/common';
import type { StaffMemberView } from '@memberloop/shared';
import type { Principal } from '../common/auth/principal';
import { AppError } from '../common/errors/app-error';
import { maskPhone } from '../members';
import { MembersService, type LeanMember } from '../members';
import { PointsLedgerService } from '../points';
import { TierStandingService } from '../tiers';

/** The masked view of a member staff get within their scope: HQ every member, a manager those of their stores. */
@Injectable()
export class StaffMemberViews {
  constructor(
    private readonly members: MembersService,
    private readonly ledger: PointsLedgerService,
    private readonly tiers: TierStandingService,
  ) {}

  /** A member for a staff member; out of scope looks the same as absent (a manager learns nothing of other stores). */
  async forStaff(principal: Principal, memberNo: string): Promise<StaffMemberView> {
    const member = await this.members.findActiveByMemberNo(memberNo);
    if (!member || !inScope(principal, member)) throw new AppError('NOT_FOUND', `No member ${memberNo} in your scope.`);
    return this.staffView(member);
  }

  async staffView(member: LeanMember): Promise<StaffMemberView> {
    const points = await this.ledger.balanceOf(member._id);
    const tier = this.tiers.tierOf(member);
    const phone = this.members.phoneOf(member);
    return {
      memberId: member._id.toHexString(),
      memberNo: member.memberNo,
      ...(member.nickname ? { nickname: member.nickname } : {}),
      ...(phone ? { phoneMasked: maskPhone(phone) } : {}),
      ...(member.region ? { region: member.region } : {}),
      ...(member.city ? { city: member.city } : {}),
      tier: {
        code: tier.code,
        name: tier.name,
        heldUntil: member.tier.heldUntil.toISOString(),
        ...(member.tier.floorCode ? { floorCode: member.tier.floorCode } : {}),
      },
      points: { balance: points.balance, spendable: points.spendable },
      storeCodes: member.storeCodes ?? [],
      registeredAt: member.registeredAt.toISOString(),
    };
  }

  async byMemberNo(memberNo: string): Promise<LeanMember> {
    const member = await this.members.findActiveByMemberNo(memberNo);
    if (!member) throw new AppError('NOT_FOUND', `No member ${memberNo}.`);
    return member;
  }
}

function inScope(principal: Principal, member: LeanMember): boolean {
  if (principal.kind !== 'staff') return false;
  if (principal.role === 'hq') return true;
  return (member.storeCodes ?? []).some((code) => principal.storeIds.includes(code));
}
