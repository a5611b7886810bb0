import { Controller } from '@nestjs/common';
import {
  listIntegrations,
  registerIntegration,
  rotateIntegrationSecret,
  setIntegrationActive,
  type IntegrationView,
} from '@memberloop/shared';
import { ContractBody, ContractParams, Endpoint } from '../common/contract';
import { IntegrationsService } from './integrations.service';

/** HQ connects its store systems and online shop to the ingest API and manages their secrets. */
@Controller()
export class IntegrationsController {
  constructor(private readonly integrations: IntegrationsService) {}

  @Endpoint(registerIntegration)
  connect(@ContractBody() body: { integrationId: string; name: string }) {
    return this.integrations.connect(body.integrationId, body.name);
  }

  @Endpoint(listIntegrations)
  async list(): Promise<{ integrations: IntegrationView[] }> {
    return { integrations: await this.integrations.list() };
  }

  @Endpoint(rotateIntegrationSecret)
  rotate(@ContractParams() params: { integrationId: string }, @ContractBody() body: { graceHours: number } | undefined) {
    return this.integrations.rotate(params.integrationId, body?.graceHours ?? 0);
  }

  @Endpoint(setIntegrationActive)
  setActive(
    @ContractParams() params: { integrationId: string },
    @ContractBody() body: { active: boolean },
  ): Promise<IntegrationView> {
    return this.integrations.setActive(params.integrationId, body.active);
  }
}
