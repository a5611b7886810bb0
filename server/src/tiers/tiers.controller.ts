import { Controller, Inject } from '@nestjs/common';
import { replaceTierLadder, TierLadder, type ProgramOverview, type TierDefinition } from '@memberloop/shared';
import { CurrentPrincipal } from '../common/auth/access.guard';
import type { Principal } from '../common/auth/principal';
import { ContractBody, Endpoint } from '../common/contract';
import { AppError } from '../common/errors/app-error';
import { appConfig, type AppConfig } from '../config/app-config';
import { TierLadderChanges } from './tier-ladder-changes.service';

@Controller()
export class TiersController {
  constructor(
    @Inject(appConfig.KEY) private readonly config: AppConfig,
    private readonly changes: TierLadderChanges,
  ) {}

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
    const tiers = await this.changes.replace(parsed.data, principal.kind === 'staff' ? `hq:${principal.memberId}` : 'hq');
    return { brandName: this.config.brand.name, timeZone: this.config.brand.timeZone, tiers };
  }
}
