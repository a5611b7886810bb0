import { Controller, Inject } from '@nestjs/common';
import {
  getProgramOverview,
  getProgrammeRules,
  getStaffPolicy,
  replaceProgrammeRules,
  replaceStaffPolicy,
  type ProgramOverview,
  type ProgrammeRules,
  type StaffPolicy,
} from '@memberloop/shared';
import { CurrentPrincipal } from '../common/auth/access.guard';
import type { Principal } from '../common/auth/principal';
import { ContractBody, Endpoint } from '../common/contract';
import { appConfig, type AppConfig } from '../config/app-config';
import { ProgrammePolicy } from './programme-policy.service';

@Controller()
export class ProgrammeController {
  constructor(
    @Inject(appConfig.KEY) private readonly config: AppConfig,
    private readonly policy: ProgrammePolicy,
  ) {}

  @Endpoint(getStaffPolicy)
  getStaffPolicy(): Promise<StaffPolicy> {
    return this.policy.staffPolicy();
  }

  @Endpoint(replaceStaffPolicy)
  replaceStaffPolicy(@ContractBody() body: StaffPolicy): Promise<StaffPolicy> {
    return this.policy.replaceStaffPolicy(body);
  }

  @Endpoint(getProgramOverview)
  getOverview(): ProgramOverview {
    return { brandName: this.config.brand.name, timeZone: this.config.brand.timeZone, tiers: this.policy.tierLadder() };
  }

  @Endpoint(getProgrammeRules)
  getRules(): ProgrammeRules {
    return this.policy.rules();
  }

  @Endpoint(replaceProgrammeRules)
  replaceRules(@CurrentPrincipal() principal: Principal, @ContractBody() body: ProgrammeRules): Promise<ProgrammeRules> {
    return this.policy.replaceRules(body, principal.kind === 'staff' ? `hq:${principal.memberId}` : 'hq');
  }
}
