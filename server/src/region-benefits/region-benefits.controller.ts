import { Controller } from '@nestjs/common';
import {
  createRegionPack,
  getMyRegionBenefits,
  listRegionPacks,
  publishRegionPack,
  updateRegionPack,
  withdrawRegionPack,
  type MyRegionBenefits,
  type RegionPackDefinition,
  type RegionPackView,
} from '@memberloop/shared';
import { CurrentPrincipal } from '../common/auth/access.guard';
import { memberIdOf, type Principal } from '../common/auth/principal';
import { ContractBody, ContractParams, Endpoint } from '../common/contract';
import { MemberRegionBenefitsService } from './member-region-benefits.service';
import { RegionPacksService } from './region-packs.service';

/** HQ's region benefit packs (audited by the staff audit interceptor). */
@Controller()
export class RegionPacksController {
  constructor(private readonly packs: RegionPacksService) {}

  @Endpoint(listRegionPacks)
  list(): Promise<{ packs: RegionPackView[] }> {
    return this.packs.list();
  }

  @Endpoint(createRegionPack)
  create(@ContractBody() body: RegionPackDefinition): Promise<RegionPackView> {
    return this.packs.create(body);
  }

  @Endpoint(updateRegionPack)
  update(@ContractParams() params: { packId: string }, @ContractBody() body: RegionPackDefinition): Promise<RegionPackView> {
    return this.packs.update(params.packId, body);
  }

  @Endpoint(publishRegionPack)
  publish(@ContractParams() params: { packId: string }): Promise<RegionPackView> {
    return this.packs.publish(params.packId);
  }

  @Endpoint(withdrawRegionPack)
  withdraw(@ContractParams() params: { packId: string }): Promise<RegionPackView> {
    return this.packs.withdraw(params.packId);
  }
}

/** The member's region packs, for the member card. */
@Controller()
export class MemberRegionBenefitsController {
  constructor(private readonly benefits: MemberRegionBenefitsService) {}

  @Endpoint(getMyRegionBenefits)
  mine(@CurrentPrincipal() principal: Principal): Promise<MyRegionBenefits> {
    return this.benefits.mine(memberIdOf(principal));
  }
}
