import {
  campaignStatus,
  MAX_EARNING_CAMPAIGNS,
  MAX_LINE_MULTIPLIERS,
  type CampaignInput,
  type CampaignView,
  type EarningCampaign,
  type LineMultiplierInput,
  type LineMultiplierRule,
  type ProgrammeRules,
} from '@memberloop/shared';
import { AppError } from '../../common/errors/app-error';

/** A refusal of one field of the request, with the words HQ reads. */
export function fieldRefusal(path: string, message: string, reason: string, extra: Record<string, unknown> = {}): AppError {
  return new AppError('VALIDATION_FAILED', message, { issues: [{ path, message }], reason, ...extra });
}

/** The campaign as the list shows it, with where it stands at `now`. */
export function campaignView(campaign: EarningCampaign, now: Date): CampaignView {
  return { ...campaign, status: campaignStatus(campaign, now) };
}

/** The checks every write of a campaign passes, beyond its shape: its window is not over, its tiers exist. */
export function checkCampaignInput(input: CampaignInput, now: Date, tierCodes: readonly string[]): void {
  if (Date.parse(input.endsAt) <= now.getTime())
    throw fieldRefusal('body.endsAt', '结束时间已经过去：请选择以后的时间', 'window-over');
  const unknown = (input.tierCodes ?? []).filter((code) => !tierCodes.includes(code));
  if (unknown.length > 0)
    throw fieldRefusal('body.tierCodes', `会员等级 ${unknown.join('、')} 不在等级体系中`, 'unknown-tier', { unknown });
}

function stored(id: string, input: CampaignInput): EarningCampaign {
  return {
    id,
    name: input.name,
    multiplier: input.multiplier,
    startsAt: new Date(input.startsAt).toISOString(),
    endsAt: new Date(input.endsAt).toISOString(),
    ...(input.tierCodes ? { tierCodes: [...new Set(input.tierCodes)] } : {}),
    ...(input.regions ? { regions: [...new Set(input.regions)] } : {}),
    ...(input.channels ? { channels: [...new Set(input.channels)] } : {}),
    ...(input.recurrence ? { recurrence: { ...input.recurrence } } : {}),
  };
}

function findCampaign(rules: ProgrammeRules, id: string): EarningCampaign {
  const found = rules.earning.campaigns.find((c) => c.id === id);
  if (!found) throw new AppError('NOT_FOUND', `没有这个加倍积分活动（${id}）`);
  return found;
}

function refuseOver(campaign: EarningCampaign, now: Date, doing: string): void {
  const status = campaignStatus(campaign, now);
  if (status === 'ended' || status === 'retired')
    throw new AppError('CAMPAIGN_ENDED', `活动「${campaign.name}」已${status === 'retired' ? '停止' : '结束'}，不能再${doing}`, {
      status,
    });
}

/**
 * Adds a campaign. When the rules already keep MAX_EARNING_CAMPAIGNS, the one that ended (or was retired) longest
 * ago makes room (the history keeps it); with no such one, LIMIT_REACHED.
 */
export function addCampaign(rules: ProgrammeRules, id: string, input: CampaignInput, now: Date): ProgrammeRules {
  let campaigns = rules.earning.campaigns;
  if (campaigns.length >= MAX_EARNING_CAMPAIGNS) {
    const over = campaigns
      .filter((c) => ['ended', 'retired'].includes(campaignStatus(c, now)))
      .sort((a, b) => Date.parse(a.retiredAt ?? a.endsAt) - Date.parse(b.retiredAt ?? b.endsAt));
    if (over.length === 0) throw new AppError('LIMIT_REACHED', `最多同时保留 ${MAX_EARNING_CAMPAIGNS} 个未结束的加倍积分活动`);
    campaigns = campaigns.filter((c) => c !== over[0]);
  }
  return { ...rules, earning: { ...rules.earning, campaigns: [...campaigns, stored(id, input)] } };
}

/** Changes a campaign that has not ended; CAMPAIGN_ENDED for one that has (or was retired). */
export function changeCampaign(rules: ProgrammeRules, id: string, input: CampaignInput, now: Date): ProgrammeRules {
  refuseOver(findCampaign(rules, id), now, '修改');
  const campaigns = rules.earning.campaigns.map((c) => (c.id === id ? stored(id, input) : c));
  return { ...rules, earning: { ...rules.earning, campaigns } };
}

/** Ends a campaign now (a scheduled one never starts); CAMPAIGN_ENDED for one already over. */
export function retireCampaign(rules: ProgrammeRules, id: string, now: Date): ProgrammeRules {
  refuseOver(findCampaign(rules, id), now, '停止');
  const campaigns = rules.earning.campaigns.map((c) => (c.id === id ? { ...c, retiredAt: now.toISOString() } : c));
  return { ...rules, earning: { ...rules.earning, campaigns } };
}

const sameMatch = (a: LineMultiplierRule['match'], b: LineMultiplierRule['match']) =>
  'sku' in a ? 'sku' in b && a.sku === b.sku : 'category' in b && a.category === b.category;

/** Sets the multiplier of a SKU or category: replaces its rule, or adds one (LIMIT_REACHED past the most). */
export function setLineRule(rules: ProgrammeRules, input: LineMultiplierInput): ProgrammeRules {
  const current = rules.earning.lineMultipliers;
  const rule: LineMultiplierRule = { match: input.match, multiplier: input.multiplier };
  const exists = current.some((r) => sameMatch(r.match, rule.match));
  if (!exists && current.length >= MAX_LINE_MULTIPLIERS)
    throw new AppError('LIMIT_REACHED', `商品/品类倍率最多 ${MAX_LINE_MULTIPLIERS} 条`);
  const lineMultipliers = exists ? current.map((r) => (sameMatch(r.match, rule.match) ? rule : r)) : [...current, rule];
  return { ...rules, earning: { ...rules.earning, lineMultipliers } };
}

/** Removes the rule of a SKU or category; NOT_FOUND when it has none. */
export function removeLineRule(rules: ProgrammeRules, match: LineMultiplierRule['match']): ProgrammeRules {
  const current = rules.earning.lineMultipliers;
  if (!current.some((r) => sameMatch(r.match, match)))
    throw new AppError('NOT_FOUND', `${'sku' in match ? `SKU ${match.sku}` : `品类「${match.category}」`} 没有单独的积分倍率`);
  return { ...rules, earning: { ...rules.earning, lineMultipliers: current.filter((r) => !sameMatch(r.match, match)) } };
}
