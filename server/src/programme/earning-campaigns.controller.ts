import { Controller } from '@nestjs/common';
import {
  createEarningCampaign,
  listEarningCampaigns,
  listLineMultipliers,
  readProgrammeRulesHistory,
  readProgrammeRulesVersion,
  readTierLadderHistory,
  readTierLadderVersion,
  removeLineMultiplier,
  retireEarningCampaign,
  setLineMultiplier,
  updateEarningCampaign,
  type CampaignInput,
  type CampaignList,
  type CampaignView,
  type LineMultiplierInput,
  type LineMultiplierList,
  type ProgrammeRules,
  type ResponseOf,
  type SettingHistoryPage,
  type TierDefinition,
} from '@memberloop/shared';
import { CurrentPrincipal } from '../common/auth/access.guard';
import type { Principal } from '../common/auth/principal';
import { ContractBody, ContractParams, ContractQuery, Endpoint } from '../common/contract';
import { EarningCampaigns } from './earning-campaigns.service';
import { ProgrammePolicy, type SavedVersion } from './programme-policy.service';

const byOf = (principal: Principal) => (principal.kind === 'staff' ? `hq:${principal.memberId}` : 'hq');

function summaryOf(saved: SavedVersion<unknown>) {
  return {
    version: saved.version,
    savedAt: saved.savedAt.toISOString(),
    savedBy: saved.savedBy,
    changes: saved.changes,
    added: saved.added,
    removed: saved.removed,
  };
}

/** HQ's campaigns and line multipliers, one at a time, and the history of the rules and the ladder. */
@Controller()
export class EarningCampaignsController {
  constructor(
    private readonly campaigns: EarningCampaigns,
    private readonly policy: ProgrammePolicy,
  ) {}

  @Endpoint(listEarningCampaigns)
  list(): Promise<CampaignList> {
    return this.campaigns.list();
  }

  @Endpoint(createEarningCampaign)
  create(@CurrentPrincipal() principal: Principal, @ContractBody() body: CampaignInput): Promise<CampaignView> {
    return this.campaigns.create(body, byOf(principal));
  }

  @Endpoint(updateEarningCampaign)
  update(
    @CurrentPrincipal() principal: Principal,
    @ContractParams() params: { campaignId: string },
    @ContractBody() body: CampaignInput,
  ): Promise<CampaignView> {
    return this.campaigns.update(params.campaignId, body, byOf(principal));
  }

  @Endpoint(retireEarningCampaign)
  retire(@CurrentPrincipal() principal: Principal, @ContractParams() params: { campaignId: string }): Promise<CampaignView> {
    return this.campaigns.retire(params.campaignId, byOf(principal));
  }

  @Endpoint(listLineMultipliers)
  lineRules(): Promise<LineMultiplierList> {
    return this.campaigns.lineRules();
  }

  @Endpoint(setLineMultiplier)
  setLineRule(@CurrentPrincipal() principal: Principal, @ContractBody() body: LineMultiplierInput): Promise<LineMultiplierList> {
    return this.campaigns.setLineRule(body, byOf(principal));
  }

  @Endpoint(removeLineMultiplier)
  removeLineRule(
    @CurrentPrincipal() principal: Principal,
    @ContractParams() params: { kind: 'sku' | 'category'; value: string },
  ): Promise<LineMultiplierList> {
    const match = params.kind === 'sku' ? { sku: params.value } : { category: params.value };
    return this.campaigns.removeLineRule(match, byOf(principal));
  }

  @Endpoint(readProgrammeRulesHistory)
  async rulesHistory(@ContractQuery() query: { limit: number; before?: number }): Promise<SettingHistoryPage> {
    const page = await this.policy.history('programme-rules', query.limit, query.before);
    return { versions: page.versions.map(summaryOf), ...(page.nextBefore ? { nextBefore: page.nextBefore } : {}) };
  }

  @Endpoint(readProgrammeRulesVersion)
  async rulesVersion(@ContractParams() params: { version: number }): Promise<ResponseOf<typeof readProgrammeRulesVersion>> {
    const saved = await this.policy.savedVersion('programme-rules', params.version);
    return { ...summaryOf(saved), rules: saved.value as ProgrammeRules };
  }

  @Endpoint(readTierLadderHistory)
  async ladderHistory(@ContractQuery() query: { limit: number; before?: number }): Promise<SettingHistoryPage> {
    const page = await this.policy.history('tier-ladder', query.limit, query.before);
    return { versions: page.versions.map(summaryOf), ...(page.nextBefore ? { nextBefore: page.nextBefore } : {}) };
  }

  @Endpoint(readTierLadderVersion)
  async ladderVersion(@ContractParams() params: { version: number }): Promise<ResponseOf<typeof readTierLadderVersion>> {
    const saved = await this.policy.savedVersion('tier-ladder', params.version);
    return { ...summaryOf(saved), tiers: saved.value as TierDefinition[] };
  }
}
