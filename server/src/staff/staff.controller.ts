import { Controller } from '@nestjs/common';
import {
  getMemberForStaff,
  grantStaffRole,
  listStaffAccounts,
  revokeStaffRole,
  setStaffStores,
  setTierFloor,
  type GrantStaffRoleRequest,
  type StaffAccountView,
  type StaffMemberView,
  type StaffRoleView,
} from '@memberloop/shared';
import { CurrentPrincipal } from '../common/auth/access.guard';
import { AppError } from '../common/errors/app-error';
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
    return roleView(member.memberNo, role);
  }

  @Endpoint(listStaffAccounts)
  async staff(): Promise<{ staff: StaffAccountView[] }> {
    const records = await this.admin.list();
    return {
      staff: records.map((r) => ({
        ...roleView(r.memberNo, r),
        ...(r.nickname ? { nickname: r.nickname } : {}),
        ...(r.since ? { since: r.since.toISOString() } : {}),
      })),
    };
  }

  @Endpoint(grantStaffRole)
  async grant(
    @CurrentPrincipal() principal: Principal,
    @ContractParams() params: { memberNo: string },
    @ContractBody() body: GrantStaffRoleRequest,
  ): Promise<StaffRoleView> {
    const member = await this.profiles.byMemberNo(params.memberNo);
    notOneself(principal, member._id.toHexString());
    const { after } = await this.admin.grant(member, body.role, body.storeCodes, actorOf(principal), { keepOneHq: true });
    return roleView(member.memberNo, after);
  }

  @Endpoint(revokeStaffRole)
  async revoke(
    @CurrentPrincipal() principal: Principal,
    @ContractParams() params: { memberNo: string },
  ): Promise<{ memberNo: string; revoked: boolean }> {
    const member = await this.profiles.byMemberNo(params.memberNo);
    notOneself(principal, member._id.toHexString());
    const removed = await this.admin.revoke(member, actorOf(principal), { keepOneHq: true });
    return { memberNo: member.memberNo, revoked: removed !== null };
  }
}

function roleView(memberNo: string, role: { role: 'manager' | 'hq'; storeIds: string[]; communityIds: string[] }): StaffRoleView {
  return { memberNo, role: role.role, storeCodes: role.storeIds, communityIds: role.communityIds };
}

/** Staff never change their own role: another HQ does (or the command line), so no one locks themselves in or out. */
function notOneself(principal: Principal, memberId: string): void {
  if (principal.kind === 'staff' && principal.memberId === memberId)
    throw new AppError('FORBIDDEN', 'You cannot change your own staff role: ask another HQ account.', { reason: 'OWN_ROLE' });
}

function actorOf(principal: Principal): AuditActor {
  if (principal.kind !== 'staff') throw new Error('unreachable: staff endpoints admit staff only');
  return { id: principal.memberId, role: principal.role };
}
