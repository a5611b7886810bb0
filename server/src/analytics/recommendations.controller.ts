import { Controller } from '@nestjs/common';
import { getAlsoBought, getMyRecommendations, type AlsoBoughtView, type MyRecommendations } from '@memberloop/shared';
import { CurrentPrincipal } from '../common/auth/access.guard';
import { memberIdOf, type Principal } from '../common/auth/principal';
import { ContractParams, Endpoint } from '../common/contract';
import { RecommendationsService } from './recommendations.service';

/** Recommendations in the mini-program. */
@Controller()
export class RecommendationsController {
  constructor(private readonly recommendations: RecommendationsService) {}

  @Endpoint(getMyRecommendations)
  mine(@CurrentPrincipal() principal: Principal): Promise<MyRecommendations> {
    return this.recommendations.forMember(memberIdOf(principal));
  }

  @Endpoint(getAlsoBought)
  alsoBought(@ContractParams() params: { sku: string }): Promise<AlsoBoughtView> {
    return this.recommendations.alsoBought(params.sku);
  }
}
