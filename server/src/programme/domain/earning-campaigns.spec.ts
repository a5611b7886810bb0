import {
  campaignStatus,
  DEFAULT_PROGRAMME_RULES,
  MAX_EARNING_CAMPAIGNS,
  type CampaignInput,
  type ProgrammeRules,
} from '@memberloop/shared';
import { AppError } from '../../common/errors/app-error';
import {
  addCampaign,
  changeCampaign,
  checkCampaignInput,
  removeLineRule,
  retireCampaign,
  setLineRule,
} from './earning-campaigns';

// 2026-12-03 10:00 in Beijing.
const now = new Date('2026-12-03T02:00:00Z');
const input: CampaignInput = {
  name: '双十二双倍积分',
  multiplier: 2,
  startsAt: '2026-12-12T00:00:00+08:00',
  endsAt: '2026-12-13T00:00:00+08:00',
};
const rules: ProgrammeRules = structuredClone(DEFAULT_PROGRAMME_RULES);

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return error instanceof AppError
      ? `${error.code}${(error.details as { reason?: string })?.reason ? `:${(error.details as { reason: string }).reason}` : ''}`
      : String(error);
  }
  return undefined;
}

describe('campaignStatus', () => {
  const window = { startsAt: '2026-12-12T00:00:00+08:00', endsAt: '2026-12-13T00:00:00+08:00' };
  it('is scheduled before the start, running from the start (inclusive) to the end (exclusive), ended after', () => {
    expect(campaignStatus(window, Date.parse('2026-12-11T23:59:59+08:00'))).toBe('scheduled');
    expect(campaignStatus(window, Date.parse('2026-12-12T00:00:00+08:00'))).toBe('running');
    expect(campaignStatus(window, Date.parse('2026-12-12T23:59:59+08:00'))).toBe('running');
    expect(campaignStatus(window, Date.parse('2026-12-13T00:00:00+08:00'))).toBe('ended');
  });
  it('is retired once HQ retired it, whatever the window', () => {
    expect(campaignStatus({ ...window, retiredAt: '2026-12-01T00:00:00Z' }, now)).toBe('retired');
  });
  it('reads the instant, not the day in UTC: 00:30 Beijing on the 12th is inside a campaign of the 12th', () => {
    expect(campaignStatus(window, new Date('2026-12-11T16:30:00Z'))).toBe('running');
  });
});

describe('campaign changes', () => {
  it('adds a campaign with normalised UTC times', () => {
    const next = addCampaign(rules, 'c-1', input, now);
    expect(next.earning.campaigns).toEqual([
      { id: 'c-1', name: input.name, multiplier: 2, startsAt: '2026-12-11T16:00:00.000Z', endsAt: '2026-12-12T16:00:00.000Z' },
    ]);
  });

  it('refuses a window already over, and tiers the ladder does not have', () => {
    expect(
      codeOf(() =>
        checkCampaignInput({ ...input, startsAt: '2026-11-01T00:00:00Z', endsAt: '2026-12-01T00:00:00Z' }, now, ['regular']),
      ),
    ).toBe('VALIDATION_FAILED:window-over');
    expect(codeOf(() => checkCampaignInput({ ...input, tierCodes: ['gold', 'platinum'] }, now, ['regular', 'gold']))).toBe(
      'VALIDATION_FAILED:unknown-tier',
    );
    expect(codeOf(() => checkCampaignInput({ ...input, tierCodes: ['gold'] }, now, ['regular', 'gold']))).toBeUndefined();
  });

  it('edits a scheduled or running campaign, refuses one that ended or was retired (CAMPAIGN_ENDED)', () => {
    const withOne = addCampaign(rules, 'c-1', input, now);
    expect(changeCampaign(withOne, 'c-1', { ...input, multiplier: 3 }, now).earning.campaigns[0].multiplier).toBe(3);
    expect(codeOf(() => changeCampaign(withOne, 'c-1', input, new Date('2026-12-13T00:00:00+08:00')))).toBe('CAMPAIGN_ENDED');
    const retired = retireCampaign(withOne, 'c-1', now);
    expect(retired.earning.campaigns[0].retiredAt).toBe(now.toISOString());
    expect(codeOf(() => changeCampaign(retired, 'c-1', input, now))).toBe('CAMPAIGN_ENDED');
    expect(codeOf(() => retireCampaign(retired, 'c-1', now))).toBe('CAMPAIGN_ENDED');
    expect(codeOf(() => changeCampaign(withOne, 'c-404', input, now))).toBe('NOT_FOUND');
  });

  it('makes room past the most by dropping the campaign over longest ago; refuses when none is over', () => {
    let full = rules;
    for (let i = 0; i < MAX_EARNING_CAMPAIGNS; i++) full = addCampaign(full, `c-${i}`, input, now);
    expect(codeOf(() => addCampaign(full, 'c-new', input, now))).toBe('LIMIT_REACHED');
    full = retireCampaign(full, 'c-7', now);
    const next = addCampaign(full, 'c-new', input, now);
    expect(next.earning.campaigns).toHaveLength(MAX_EARNING_CAMPAIGNS);
    expect(next.earning.campaigns.map((c) => c.id)).not.toContain('c-7');
  });
});

describe('line rules', () => {
  it('sets, replaces and removes a SKU or category rule', () => {
    const one = setLineRule(rules, { match: { sku: 'TEA-1' }, multiplier: 2 });
    const two = setLineRule(one, { match: { category: '茶饮' }, multiplier: 0 });
    const replaced = setLineRule(two, { match: { sku: 'TEA-1' }, multiplier: 3 });
    expect(replaced.earning.lineMultipliers).toEqual([
      { match: { sku: 'TEA-1' }, multiplier: 3 },
      { match: { category: '茶饮' }, multiplier: 0 },
    ]);
    expect(removeLineRule(replaced, { sku: 'TEA-1' }).earning.lineMultipliers).toEqual([
      { match: { category: '茶饮' }, multiplier: 0 },
    ]);
    expect(codeOf(() => removeLineRule(replaced, { category: 'TEA-1' }))).toBe('NOT_FOUND');
  });
});
