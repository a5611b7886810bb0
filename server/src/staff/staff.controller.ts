import { Controller } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { StaffRole } from './schemas/staff-role.schema';
import { getMemberForStaff, setStaffStores, setTierFloor, type StaffMemberView, type StaffRoleView } from '@memberloop/shared';
import { CurrentPrincipal } from '../common/auth/access.guard';
import type { Principal } from '../common/auth/principal';
import { ContractBody, ContractParams, Endpoint } from '../common/contract';
import { retryOnDuplicateKey } from '../database/duplicate-key';
import { StaffMemberViews } from './staff-member-views.service';
import { TierStandingService } from '../tiers';

/** Staff tools over members: managers within their stores, HQ across the brand. Personal data stays masked. */
@Controller()
export class StaffController {
  constructor(
    private readonly profiles: StaffMemberViews,
    private readonly tiers: TierStandingService,
    @InjectModel(StaffRole.name) private readonly roles: Model<StaffRole>,
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
    @ContractParams() params: { memberNo: string },
    @ContractBody() body: { storeCodes: string[] },
  ): Promise<StaffRoleView> {
    const member = await this.profiles.byMemberNo(params.memberNo);
    // Applies to the staff member's next request: the access guard reads staff rights from here, not from the token.
    const role = await retryOnDuplicateKey(() =>
      this.roles
        .findOneAndUpdate(
          { memberId: member._id },
          { $set: { storeIds: body.storeCodes }, $setOnInsert: { role: 'manager', communityIds: [] } },
          { upsert: true, returnDocument: 'after' },
        )
        .lean()
        .orFail(),
    );
    return { memberNo: member.memberNo, role: role.role, storeCodes: role.storeIds, communityIds: role.communityIds };
  }
}
