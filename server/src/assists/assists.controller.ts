import { Controller } from '@nestjs/common';
import {
  createAssistCampaign,
  getAssistTask,
  helpAssistTask,
  listAssistCampaigns,
  listMyAssistTasks,
  startAssistTask,
  type AssistCampaignView,
  type AssistTaskView,
  type NewAssistCampaign,
} from '@memberloop/shared';
import { Types } from 'mongoose';
import { CurrentPrincipal } from '../common/auth/access.guard';
import { memberIdOf, type Principal } from '../common/auth/principal';
import { ContractBody, ContractParams, Endpoint } from '../common/contract';
import { AssistsService } from './assists.service';

/** Friend assist: HQ's campaigns, members' tasks and friends' help. */
@Controller()
export class AssistsController {
  constructor(private readonly assists: AssistsService) {}

  @Endpoint(createAssistCampaign)
  create(@ContractBody() body: NewAssistCampaign): Promise<AssistCampaignView> {
    return this.assists.createCampaign(body);
  }

  @Endpoint(listAssistCampaigns)
  async live(): Promise<{ campaigns: AssistCampaignView[] }> {
    return { campaigns: await this.assists.live() };
  }

  @Endpoint(startAssistTask)
  start(@CurrentPrincipal() principal: Principal, @ContractParams() params: { campaignId: string }): Promise<AssistTaskView> {
    return this.assists.start(memberIdOf(principal), new Types.ObjectId(params.campaignId));
  }

  @Endpoint(getAssistTask)
  get(@CurrentPrincipal() principal: Principal, @ContractParams() params: { taskId: string }): Promise<AssistTaskView> {
    return this.assists.get(memberIdOf(principal), new Types.ObjectId(params.taskId));
  }

  @Endpoint(helpAssistTask)
  help(@CurrentPrincipal() principal: Principal, @ContractParams() params: { taskId: string }): Promise<AssistTaskView> {
    return this.assists.help(memberIdOf(principal), new Types.ObjectId(params.taskId));
  }

  @Endpoint(listMyAssistTasks)
  async mine(@CurrentPrincipal() principal: Principal): Promise<{ tasks: AssistTaskView[] }> {
    return { tasks: await this.assists.mine(memberIdOf(principal)) };
  }
}
