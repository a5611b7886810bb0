import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type {
  CampaignInput,
  CampaignList,
  CampaignView,
  LineMultiplierInput,
  LineMultiplierList,
  LineMultiplierRule,
  ProgrammeRules,
} from '@memberloop/shared';
import { ProductStore } from '../catalogue';
import { Clock } from '../common/clock/clock';
import {
  addCampaign,
  campaignView,
  changeCampaign,
  checkCampaignInput,
  fieldRefusal,
  removeLineRule,
  retireCampaign,
  setLineRule,
} from './domain/earning-campaigns';
import { ProgrammePolicy } from './programme-policy.service';

/**
 * HQ's double-points campaigns and SKU / category multipliers, one at a time: each change is applied to the rules
 * as they are saved now (ProgrammePolicy.changeRules), so editing one never undoes a concurrent edit of another or
 * of the rest of the rules, and each is a version in the rules' history. Earning reads the rules per purchase, so
 * a change applies to the next purchase.
 */
@Injectable()
export class EarningCampaigns {
  constructor(
    private readonly policy: ProgrammePolicy,
    private readonly catalogue: ProductStore,
    private readonly clock: Clock,
  ) {}

  async list(): Promise<CampaignList> {
    await this.policy.refresh();
    const { rules, version } = this.policy.versionedRules();
    const now = this.clock.now();
    const campaigns = rules.earning.campaigns
      .map((c) => campaignView(c, now))
      .sort((a, b) => Date.parse(b.startsAt) - Date.parse(a.startsAt) || a.id.localeCompare(b.id));
    return { campaigns, promotionStacking: rules.earning.promotionStacking, version };
  }

  async create(input: CampaignInput, by: string): Promise<CampaignView> {
    const id = `c-${randomBytes(5).toString('hex')}`;
    return this.change(by, id, (rules, now) => {
      checkCampaignInput(input, now, this.tierCodes());
      return addCampaign(rules, id, input, now);
    });
  }

  async update(id: string, input: CampaignInput, by: string): Promise<CampaignView> {
    return this.change(by, id, (rules, now) => {
      const changed = changeCampaign(rules, id, input, now);
      checkCampaignInput(input, now, this.tierCodes());
      return changed;
    });
  }

  async retire(id: string, by: string): Promise<CampaignView> {
    return this.change(by, id, (rules, now) => retireCampaign(rules, id, now));
  }

  async lineRules(): Promise<LineMultiplierList> {
    await this.policy.refresh();
    const { rules, version } = this.policy.versionedRules();
    return this.lineList(rules, version);
  }

  async setLineRule(input: LineMultiplierInput, by: string): Promise<LineMultiplierList> {
    if ('sku' in input.match) await this.catalogue.requireActive(input.match.sku, 'body.match.sku');
    else if (!(await this.catalogue.hasActiveCategory(input.match.category)))
      throw fieldRefusal(
        'body.match.category',
        `品类「${input.match.category}」在商品目录中没有在售商品：请检查品类名称`,
        'unknown-category',
      );
    const { rules, version } = await this.policy.changeRules(by, (current) => setLineRule(current, input));
    return this.lineList(rules, version);
  }

  async removeLineRule(match: LineMultiplierRule['match'], by: string): Promise<LineMultiplierList> {
    const { rules, version } = await this.policy.changeRules(by, (current) => removeLineRule(current, match));
    return this.lineList(rules, version);
  }

  private tierCodes(): string[] {
    return this.policy.tierLadder().map((t) => t.code);
  }

  private async change(
    by: string,
    id: string,
    change: (rules: ProgrammeRules, now: Date) => ProgrammeRules,
  ): Promise<CampaignView> {
    const now = this.clock.now();
    const { rules } = await this.policy.changeRules(by, (current) => change(current, now));
    const saved = rules.earning.campaigns.find((c) => c.id === id);
    if (!saved) throw new Error(`unreachable: campaign ${id} was just saved`);
    return campaignView(saved, now);
  }

  private async lineList(rules: ProgrammeRules, version: number): Promise<LineMultiplierList> {
    const skus = rules.earning.lineMultipliers.flatMap((r) => ('sku' in r.match ? [r.match.sku] : []));
    const products = await this.catalogue.activeBySku(skus);
    return {
      rules: rules.earning.lineMultipliers.map((r) => {
        const name = 'sku' in r.match ? products.get(r.match.sku)?.name : undefined;
        return { ...r, ...(name ? { productName: name } : {}) };
      }),
      version,
    };
  }
}
