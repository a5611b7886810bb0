import { Controller } from '@nestjs/common';
import {
  createExperiment,
  getExperiment,
  getExperimentResults,
  listExperiments,
  promoteExperimentWinner,
  sendExperiment,
  startExperiment,
  updateExperiment,
  type ExperimentInput,
  type ExperimentResults,
  type ExperimentSendResult,
  type ExperimentView,
  type PromoteExperimentInput,
} from '@memberloop/shared';
import { Types } from 'mongoose';
import { CurrentPrincipal } from '../common/auth/access.guard';
import { memberIdOf, type Principal } from '../common/auth/principal';
import { ContractBody, ContractParams, Endpoint } from '../common/contract';
import { CampaignExperimentsService } from './campaign-experiments.service';
import { ExperimentResultsService } from './experiment-results.service';

type Params = { experimentId: string };

/** HQ's A/B-tested campaigns (HQ only: the contract's auth; every write audited by the staff audit interceptor). */
@Controller()
export class CampaignExperimentsController {
  constructor(
    private readonly experiments: CampaignExperimentsService,
    private readonly resultsService: ExperimentResultsService,
  ) {}

  @Endpoint(listExperiments)
  async list(): Promise<{ experiments: ExperimentView[] }> {
    return { experiments: await this.experiments.list() };
  }

  @Endpoint(createExperiment)
  create(@CurrentPrincipal() principal: Principal, @ContractBody() body: ExperimentInput): Promise<ExperimentView> {
    return this.experiments.create(body, memberIdOf(principal).toHexString());
  }

  @Endpoint(getExperiment)
  get(@ContractParams() params: Params): Promise<ExperimentView> {
    return this.experiments.get(new Types.ObjectId(params.experimentId));
  }

  @Endpoint(updateExperiment)
  update(@ContractParams() params: Params, @ContractBody() body: ExperimentInput): Promise<ExperimentView> {
    return this.experiments.update(new Types.ObjectId(params.experimentId), body);
  }

  @Endpoint(startExperiment)
  start(@ContractParams() params: Params): Promise<{ experiment: ExperimentView; send: ExperimentSendResult }> {
    return this.experiments.start(new Types.ObjectId(params.experimentId));
  }

  @Endpoint(sendExperiment)
  send(@ContractParams() params: Params): Promise<ExperimentSendResult> {
    return this.experiments.send(new Types.ObjectId(params.experimentId));
  }

  @Endpoint(getExperimentResults)
  results(@ContractParams() params: Params): Promise<ExperimentResults> {
    return this.resultsService.results(new Types.ObjectId(params.experimentId));
  }

  @Endpoint(promoteExperimentWinner)
  promote(@ContractParams() params: Params, @ContractBody() body: PromoteExperimentInput): Promise<ExperimentView> {
    return this.experiments.promote(new Types.ObjectId(params.experimentId), body);
  }
}
