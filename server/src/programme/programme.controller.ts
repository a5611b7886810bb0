import { Controller, Inject } from '@nestjs/common';
import {
  getProgramOverview,
  getStaffPolicy,
  replaceStaffPolicy,
  replaceTierLadder,
  TierLadder,
  type ProgramOverview,
  type StaffPolicy,
  type TierDefinition,
} from '@memberloop/shared';
import { CurrentPrincipal } from '../auth/access.guard';
import type { Principal } from '../auth/principal';
import { ContractBody, Endpoint } from '../common/contract';
import { AppError } from '../common/errors/app-error';
import { appConfig, type AppConfig } from '../config/app-config';
import { TierLadderProvider } from '../tiers/tier-ladder.provider';
import { StaffPolicyProvider } from './staff-policy.provider';

@Controller()
export class ProgrammeController {
  constructor(
    @Inject(appConfig.KEY) private readonly config: AppConfig,
    private readonly ladder: TierLadderProvider,
    private readonly staffPolicy: StaffPolicyProvider,
  ) {}

  @Endpoint(getStaffPolicy)
  getStaffPolicy(): Promise<StaffPolicy> {
    return this.staffPolicy.current();
  }

  @Endpoint(replaceStaffPolicy)
  replaceStaffPolicy(@ContractBody() body: StaffPolicy): Promise<StaffPolicy> {
    return this.staffPolicy.replace(body);
  }

  @Endpoint(getProgramOverview)
  getOverview(): ProgramOverview {
    return { brandName: this.config.brand.name, timeZone: this.config.brand.timeZone, tiers: this.ladder.current() };
  }

  @Endpoint(replaceTierLadder)
  async replaceLadder(
    @CurrentPrincipal() principal: Principal,
    @ContractBody() body: { tiers: TierDefinition[] },
  ): Promise<ProgramOverview> {
    const parsed = TierLadder.safeParse(body.tiers);
    if (!parsed.success) {
      throw new AppError('VALIDATION_FAILED', 'The tier ladder is not valid.', {
        issues: parsed.error.issues.map((i) => ({ path: ['tiers', ...i.path].join('.'), message: i.message })),
      });
    }
    await this.ladder.replace(parsed.data, principal.kind === 'staff' ? `hq:${principal.memberId}` : 'hq');
    return this.getOverview();
  }
}
