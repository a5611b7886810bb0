import { Controller, Inject } from '@nestjs/common';
import { getProgramOverview, TierLadder, type ProgramOverview } from '@memberloop/shared';
import { appConfig, type AppConfig } from '../config/app-config';
import { Endpoint } from '../common/contract';
import { DEFAULT_TIER_LADDER } from './default-tier-ladder';

@Controller()
export class ProgrammeController {
  private readonly overview: ProgramOverview;

  constructor(@Inject(appConfig.KEY) config: AppConfig) {
    this.overview = {
      brandName: config.brand.name,
      timeZone: config.brand.timeZone,
      tiers: TierLadder.parse(DEFAULT_TIER_LADDER),
    };
  }

  @Endpoint(getProgramOverview)
  getOverview(): ProgramOverview {
    return this.overview;
  }
}
