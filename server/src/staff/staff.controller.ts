import { Controller } from '@nestjs/common';
import { getMemberForStaff, setStaffStores, setTierFloor, type StaffMemberView, type StaffRoleView } from '@memberloop/shared';
import { CurrentPrincipal } from '../common/auth/access.guard';
import type { Principal } from '../common/auth/principal';
import { ContractBody, ContractParams, Endpoint } from '../common/contract';
import { StaffMemberViews } from './staff-member-views.service';
import { StaffRolesAdmin } from './staff-roles-admin.service';
import { TierStandingService } from '../tiers';
import type { AuditActor } from '../audit';

/** Staff tools over members: managers within their stores, HQ across the brand. Personal data stays masked. */
@Controller()
export class StaffController {
  constructor(
    private readonly profiles: StaffMemberViews,
    private readonly tiers: TierStandingService,
    private readonly admin: StaffRolesAdmin,
  ) {}

  @Endpoint(getMemberForStaff)
  member(@CurrentPrincipal() principal: Principal, @ContractParams() params: { memberNo: string }): Promise<StaffMemberView> {
    return this.profiles.forStaff(principal, params.memberNo);
  }

  @Endpoint(setTierFloor)
  async setFloor(
    @CurrentPrincipal() principal: Principal,
    @ContractParams() params: { memberNo: string },
    @ContractBody() body: { floorCode: string | null },
  ): Promise<StaffMemberView> {
    const member = await this.profiles.byMemberNo(params.memberNo);
    const by = principal.kind === 'staff' ? `hq:${principal.memberId}` : 'hq';
    await this.tiers.setFloor(member._id, body.floorCode ?? undefined, by);
    return this.profiles.staffView(await this.profiles.byMemberNo(params.memberNo));
  }

  @Endpoint(setStaffStores)
  async setStores(
    @CurrentPrincipal() principal: Principal,
    @ContractParams() params: { memberNo: string },
    @ContractBody() body: { storeCodes: string[] },
  ): Promise<StaffRoleView> {
    const member = await this.profiles.byMemberNo(params.memberNo);
    // Applies to the staff member's next request: the access guard reads staff rights from here, not from the token.
    const role = await this.admin.setStores(member, body.storeCodes, actorOf(principal));
    return { memberNo: member.memberNo, role: role.role, storeCodes: role.storeIds, communityIds: role.communityIds };
  }
}

function actorOf(principal: Principal): AuditActor {
  if (principal.kind !== 'staff') throw new Error('unreachable: staff endpoints admit staff only');
  return { id: principal.memberId, role: principal.role };
}
