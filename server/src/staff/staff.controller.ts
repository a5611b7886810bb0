import { Controller } from '@nestjs/common';
import { getMemberForStaff, setTierFloor, type StaffMemberView } from '@memberloop/shared';
import { CurrentPrincipal } from '../auth/access.guard';
import type { Principal } from '../auth/principal';
import { ContractBody, ContractParams, Endpoint } from '../common/contract';
import { ProfileService } from '../me/profile.service';
import { TierStandingService } from '../tiers/tier-standing.service';

/** Staff tools over members: managers within their stores, HQ across the brand. Personal data stays masked. */
@Controller()
export class StaffController {
  constructor(
    private readonly profiles: ProfileService,
    private readonly tiers: TierStandingService,
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
}
