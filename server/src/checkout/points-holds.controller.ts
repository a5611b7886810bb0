import { Controller, UseGuards } from '@nestjs/common';
import {
  cancelPointsHold,
  commitPointsHold,
  reservePoints,
  type PointsHoldView,
  type ReservePointsRequest,
} from '@memberloop/shared';
import { ContractBody, ContractParams, Endpoint } from '../common/contract';
import { CallingIntegration, IntegrationSignatureGuard } from '../integrations';
import { PointsHoldsService } from './points-holds.service';

@Controller()
@UseGuards(IntegrationSignatureGuard)
export class PointsHoldsController {
  constructor(private readonly holds: PointsHoldsService) {}

  @Endpoint(reservePoints)
  reserve(@CallingIntegration() integrationId: string, @ContractBody() body: ReservePointsRequest): Promise<PointsHoldView> {
    return this.holds.reserve(integrationId, body);
  }

  @Endpoint(commitPointsHold)
  commit(
    @CallingIntegration() integrationId: string,
    @ContractParams() params: { holdId: string },
    @ContractBody() body: { orderId: string },
  ): Promise<PointsHoldView> {
    return this.holds.commit(integrationId, params.holdId, body.orderId);
  }

  @Endpoint(cancelPointsHold)
  cancel(@CallingIntegration() integrationId: string, @ContractParams() params: { holdId: string }): Promise<PointsHoldView> {
    return this.holds.cancel(integrationId, params.holdId);
  }
}
