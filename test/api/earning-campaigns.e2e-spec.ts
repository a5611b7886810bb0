import { getConnectionToken, getModelToken } from '@nestjs/mongoose';
import {
  CampaignList,
  CampaignView,
  LineMultiplierList,
  ProgrammeRules,
  PurchaseIngestResult,
  SettingHistoryPage,
  type CampaignInput,
} from '@memberloop/shared';
import type { Connection, Model } from 'mongoose';
import { Clock } from '../../server/src/common/clock/clock';
import { IntegrationsService } from '../../server/src/integrations/integrations.service';
import { MembersService } from '../../server/src/members/members.service';
import { POLICY_REFRESH_MS, ProgrammePolicy } from '../../server/src/programme/programme-policy.service';
import { ProgrammeRulesSetting } from '../../server/src/programme/schemas/programme-rules-setting.schema';
import { SettingVersion } from '../../server/src/programme/schemas/setting-version.schema';
import { StaffPolicySetting } from '../../server/src/programme/schemas/staff-policy-setting.schema';
import { TierLadderSetting } from '../../server/src/programme/schemas/tier-ladder-setting.schema';
import { startApp, type RunningApp } from '../support/app';
import { addProducts } from '../support/catalogue';
import { authorized, loginAs, loginAsStaff } from '../support/sessions';
import { signedPost, type IntegrationCredentials } from '../support/signed-request';

const HOUR = 3_600_000;

describe('HQ keeps earning campaigns and line multipliers as data, with the rules history', () => {
  let running: RunningApp;
  let hq: ReturnType<typeof authorized>;
  let hqId: string;
  let hq2: ReturnType<typeof authorized>;
  let hq2Id: string;
  let manager: ReturnType<typeof authorized>;
  let member: ReturnType<typeof authorized>;
  let pos: IntegrationCredentials;
  let phones = 0;
  let orders = 0;

  beforeAll(async () => {
    running = await startApp();
    const first = await loginAsStaff(running, 'campaigns-hq', 'hq');
    hq = authorized(running, first.accessToken);
    hqId = first.member.id;
    const second = await loginAsStaff(running, 'campaigns-hq-2', 'hq');
    hq2 = authorized(running, second.accessToken);
    hq2Id = second.member.id;
    manager = authorized(running, (await loginAsStaff(running, 'campaigns-manager', 'manager')).accessToken);
    member = authorized(running, (await loginAs(running, 'campaigns-member')).accessToken);
    pos = await running.app.get(IntegrationsService).register('campaigns-pos', 'Campaigns POS');
    await addProducts(hq, [
      { sku: 'TEA-1', name: '乌龙茶', category: '茶饮' },
      { sku: 'CUP-1', name: '随行杯', category: '周边' },
    ]);
  });
  afterAll(async () => {
    await running?.close();
  });

  /** A new member's first purchase of ¥10 (one line), paid at `paidAt`: what it earned. */
  async function buy(paidAt: Date, line: { sku: string; category: string } = { sku: 'GEN-1', category: '其他' }) {
    const phone = `1390000${String(++phones).padStart(4, '0')}`;
    await running.app.get(MembersService).register({ phone });
    const response = await signedPost(
      running.baseUrl,
      '/api/v1/purchases',
      {
        orderId: `CAMP-${++orders}`,
        member: { phone },
        channel: 'online',
        paidAt: paidAt.toISOString(),
        lines: [{ ...line, quantity: 1, unitPriceFen: 1_000 }],
        totalFen: 1_000,
      },
      pos,
    );
    expect(response.status).toBe(200);
    return PurchaseIngestResult.parse(await response.json()).pointsEarned;
  }

  const now = () => running.app.get(Clock).now();
  const campaign = (overrides: Partial<CampaignInput> = {}): CampaignInput => ({
    name: '周末双倍积分',
    multiplier: 2,
    startsAt: new Date(now().getTime() - HOUR).toISOString(),
    endsAt: new Date(now().getTime() + HOUR).toISOString(),
    ...overrides,
  });
  async function create(body: CampaignInput, as = hq): Promise<CampaignView> {
    const response = await as('/api/v1/hq/earning-campaigns', { body });
    expect(response.status).toBe(201);
    return CampaignView.parse(await response.json());
  }
  const list = async () => CampaignList.parse(await (await hq('/api/v1/hq/earning-campaigns')).json());
  const rules = async () => ProgrammeRules.parse(await (await hq('/api/v1/hq/programme-rules')).json());
  const history = async (query = '') =>
    SettingHistoryPage.parse(await (await hq(`/api/v1/hq/programme-rules/history${query}`)).json());
  async function refusal(response: Response, status: number, code: string, reason?: string) {
    const body = (await response.json()) as { code: string; details?: { reason?: string } };
    expect({ status: response.status, code: body.code }).toEqual({ status, code });
    if (reason) expect(body.details?.reason).toBe(reason);
    return body;
  }

  it('a campaign doubles what a purchase paid inside its window earns, and nothing outside it', async () => {
    expect(await buy(now())).toBe(10);
    const created = await create(campaign());
    expect(created).toMatchObject({ name: '周末双倍积分', multiplier: 2, status: 'running' });
    expect(created.id).toMatch(/^c-/);
    // Audited: who created it, with what.
    const audit = (await (
      await hq(`/api/v1/hq/audit-log?action=${encodeURIComponent('POST /api/v1/hq/earning-campaigns')}`)
    ).json()) as { entries: Array<{ actor: string; details: { body?: { name?: string } } }> };
    expect(audit.entries[0]).toMatchObject({ actor: hqId, details: { body: { name: '周末双倍积分' } } });

    expect(await buy(now())).toBe(20);
    expect(await buy(new Date(now().getTime() - 2 * HOUR))).toBe(10);
    expect((await list()).campaigns.find((c) => c.id === created.id)).toMatchObject({ status: 'running' });

    // Retired: purchases paid from now on earn the base rate; the list keeps it as retired.
    const retired = await hq(`/api/v1/hq/earning-campaigns/${created.id}/retire`, { method: 'POST' });
    expect(retired.status).toBe(200);
    expect(CampaignView.parse(await retired.json())).toMatchObject({ status: 'retired' });
    expect(await buy(now())).toBe(10);
    expect((await list()).campaigns.find((c) => c.id === created.id)?.status).toBe('retired');
  });

  it('a scheduled campaign is listed as scheduled and earns from its start', async () => {
    const startsAt = new Date(now().getTime() + 1_500);
    const later = await create(
      campaign({
        name: '双十二',
        startsAt: startsAt.toISOString(),
        endsAt: new Date(now().getTime() + 26 * HOUR).toISOString(),
        multiplier: 3,
      }),
    );
    expect(later.status).toBe('scheduled');
    expect(await buy(now())).toBe(10);
    await new Promise((resolve) => setTimeout(resolve, startsAt.getTime() - now().getTime() + 100));
    expect(await buy(now())).toBe(30);
    expect((await list()).campaigns.find((c) => c.id === later.id)?.status).toBe('running');
    await hq(`/api/v1/hq/earning-campaigns/${later.id}/retire`, { method: 'POST' });
  });

  it('HQ changes pointsPerYuan and the very next purchase earns by it; the history lists both versions with their authors', async () => {
    const before = await history();
    const current = await rules();
    const saved = await hq2('/api/v1/hq/programme-rules', {
      method: 'PUT',
      body: { ...current, earning: { ...current.earning, pointsPerYuan: 3 } },
    });
    expect(saved.status).toBe(200);
    expect(await buy(now())).toBe(30);

    const after = await history();
    expect(after.versions.length).toBe(before.versions.length + 1);
    const [newest, previous] = after.versions;
    expect(newest).toMatchObject({ savedBy: { id: hq2Id, role: 'hq' }, changes: ['earning.pointsPerYuan'] });
    expect(previous).toMatchObject({ savedBy: { id: hqId, role: 'hq' } });
    expect(previous.changes[0]).toMatch(/^earning\.campaigns\[c-[0-9a-f]+\]/);
    expect(newest).toMatchObject({ added: [], removed: [] });
    expect(newest.version).toBe(previous.version + 1);

    // One version whole: the one before still has the old rate.
    const old = await hq(`/api/v1/hq/programme-rules/history/${previous.version}`);
    expect(old.status).toBe(200);
    expect(((await old.json()) as { rules: ProgrammeRules }).rules.earning.pointsPerYuan).toBe(1);
    await refusal(await hq('/api/v1/hq/programme-rules/history/9999'), 404, 'NOT_FOUND');

    // Pages newest first.
    const firstPage = await history('?limit=2');
    expect(firstPage.versions.map((v) => v.version)).toEqual([newest.version, previous.version]);
    expect(firstPage.nextBefore).toBe(previous.version);
    const secondPage = await history(`?limit=2&before=${firstPage.nextBefore}`);
    expect(secondPage.versions[0].version).toBe(previous.version - 1);

    await hq('/api/v1/hq/programme-rules', {
      method: 'PUT',
      body: { ...current, earning: { ...(await rules()).earning, pointsPerYuan: 1 } },
    });
    expect(await buy(now())).toBe(10);
  });

  it('a rule saved by another server instance applies here within the refresh period', async () => {
    // A second instance of the policy over the same database, as another server process has.
    const model = <T>(name: string) => running.app.get<Model<T>>(getModelToken(name));
    const other = new ProgrammePolicy(
      model<TierLadderSetting>(TierLadderSetting.name),
      model<ProgrammeRulesSetting>(ProgrammeRulesSetting.name),
      model<StaffPolicySetting>(StaffPolicySetting.name),
      model<SettingVersion>(SettingVersion.name),
      running.app.get<Connection>(getConnectionToken()),
      running.app.get(Clock),
    );
    await other.refresh();
    const current = other.rules();
    await other.replaceRules({ ...current, earning: { ...current.earning, pointsPerYuan: 2 } }, `hq:${hqId}`);
    // This instance refreshes every POLICY_REFRESH_MS.
    await new Promise((resolve) => setTimeout(resolve, POLICY_REFRESH_MS + 500));
    expect(await buy(now())).toBe(20);
    expect((await history('?limit=1')).versions[0]).toMatchObject({ savedBy: { id: hqId }, changes: ['earning.pointsPerYuan'] });
    await other.replaceRules({ ...current, earning: { ...other.rules().earning, pointsPerYuan: 1 } }, `hq:${hqId}`);
    await running.app.get(ProgrammePolicy).refresh();
    expect(await buy(now())).toBe(10);
  }, 20_000);

  it('concurrent edits of two campaigns (and a rules edit) all survive', async () => {
    const a = await create(campaign({ name: '活动甲' }));
    const b = await create(campaign({ name: '活动乙' }));
    const results = await Promise.all([
      hq(`/api/v1/hq/earning-campaigns/${a.id}`, { method: 'PUT', body: campaign({ name: '活动甲', multiplier: 3 }) }),
      hq2(`/api/v1/hq/earning-campaigns/${b.id}`, { method: 'PUT', body: campaign({ name: '活动乙', multiplier: 4 }) }),
      hq('/api/v1/hq/line-multipliers', { method: 'PUT', body: { match: { category: '茶饮' }, multiplier: 2 } }),
      hq2('/api/v1/hq/earning-campaigns', { body: campaign({ name: '活动丙' }) }),
    ]);
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 201]);
    const after = await list();
    expect(after.campaigns.find((c) => c.id === a.id)?.multiplier).toBe(3);
    expect(after.campaigns.find((c) => c.id === b.id)?.multiplier).toBe(4);
    expect(after.campaigns.some((c) => c.name === '活动丙')).toBe(true);
    expect((await rules()).earning.lineMultipliers).toContainEqual({ match: { category: '茶饮' }, multiplier: 2 });
    // Each landed as its own version.
    const recent = (await history('?limit=4')).versions;
    expect(new Set(recent.map((v) => v.version)).size).toBe(4);
    for (const id of [a.id, b.id, ...after.campaigns.filter((c) => c.name === '活动丙').map((c) => c.id)])
      await hq(`/api/v1/hq/earning-campaigns/${id}/retire`, { method: 'POST' });
    await hq(`/api/v1/hq/line-multipliers/category/${encodeURIComponent('茶饮')}`, { method: 'DELETE' });
  });

  it('SKU and category multipliers: set, applied to the next purchase, listed with the product name, removed', async () => {
    const set = await hq('/api/v1/hq/line-multipliers', { method: 'PUT', body: { match: { sku: 'TEA-1' }, multiplier: 3 } });
    expect(set.status).toBe(200);
    expect(LineMultiplierList.parse(await set.json()).rules).toContainEqual({
      match: { sku: 'TEA-1' },
      multiplier: 3,
      productName: '乌龙茶',
    });
    expect(await buy(now(), { sku: 'TEA-1', category: '茶饮' })).toBe(30);

    const category = await hq('/api/v1/hq/line-multipliers', {
      method: 'PUT',
      body: { match: { category: '周边' }, multiplier: 0 },
    });
    expect(category.status).toBe(200);
    expect(await buy(now(), { sku: 'CUP-1', category: '周边' })).toBe(0);

    const removed = await hq('/api/v1/hq/line-multipliers/sku/TEA-1', { method: 'DELETE' });
    expect(removed.status).toBe(200);
    expect(await buy(now(), { sku: 'TEA-1', category: '茶饮' })).toBe(10);
    await hq(`/api/v1/hq/line-multipliers/category/${encodeURIComponent('周边')}`, { method: 'DELETE' });
    expect(LineMultiplierList.parse(await (await hq('/api/v1/hq/line-multipliers')).json()).rules).toEqual([]);
  });

  it('refuses every invalid campaign with its code, and changes nothing', async () => {
    const version = (await list()).version;
    const post = (body: unknown) => hq('/api/v1/hq/earning-campaigns', { body });
    await refusal(await post(campaign({ endsAt: campaign().startsAt })), 400, 'VALIDATION_FAILED');
    await refusal(await post(campaign({ startsAt: campaign().endsAt, endsAt: campaign().startsAt })), 400, 'VALIDATION_FAILED');
    await refusal(await post(campaign({ multiplier: 11 })), 400, 'VALIDATION_FAILED');
    await refusal(await post(campaign({ multiplier: 0.5 })), 400, 'VALIDATION_FAILED');
    await refusal(await post(campaign({ name: '  ' })), 400, 'VALIDATION_FAILED');
    await refusal(await post({ ...campaign(), id: 'c-mine' }), 400, 'VALIDATION_FAILED');
    await refusal(await post(campaign({ tierCodes: ['gold', 'platinum'] })), 400, 'VALIDATION_FAILED', 'unknown-tier');
    const past = {
      startsAt: new Date(now().getTime() - 3 * HOUR).toISOString(),
      endsAt: new Date(now().getTime() - HOUR).toISOString(),
    };
    await refusal(await post(campaign(past)), 400, 'VALIDATION_FAILED', 'window-over');
    await refusal(await hq('/api/v1/hq/earning-campaigns/c-nope', { method: 'PUT', body: campaign() }), 404, 'NOT_FOUND');
    await refusal(await hq('/api/v1/hq/earning-campaigns/c-nope/retire', { method: 'POST' }), 404, 'NOT_FOUND');
    expect((await list()).version).toBe(version);

    // A campaign that ended cannot be edited or retired; nor can a retired one.
    const endsAt = new Date(now().getTime() + 1_500);
    const short = await create(campaign({ name: '限时活动', endsAt: endsAt.toISOString() }));
    await new Promise((resolve) => setTimeout(resolve, endsAt.getTime() - now().getTime() + 100));
    expect((await list()).campaigns.find((c) => c.id === short.id)?.status).toBe('ended');
    const later = campaign({ endsAt: new Date(now().getTime() + 5 * HOUR).toISOString() });
    await refusal(await hq(`/api/v1/hq/earning-campaigns/${short.id}`, { method: 'PUT', body: later }), 409, 'CAMPAIGN_ENDED');
    await refusal(await hq(`/api/v1/hq/earning-campaigns/${short.id}/retire`, { method: 'POST' }), 409, 'CAMPAIGN_ENDED');
    const retired = await create(campaign({ name: '已停止' }));
    await hq(`/api/v1/hq/earning-campaigns/${retired.id}/retire`, { method: 'POST' });
    await refusal(
      await hq(`/api/v1/hq/earning-campaigns/${retired.id}`, { method: 'PUT', body: campaign() }),
      409,
      'CAMPAIGN_ENDED',
    );
  });

  it('refuses line rules for SKUs and categories the catalogue does not have, and bad multipliers', async () => {
    const put = (body: unknown) => hq('/api/v1/hq/line-multipliers', { method: 'PUT', body });
    await refusal(await put({ match: { sku: 'NOPE-1' }, multiplier: 2 }), 400, 'VALIDATION_FAILED', 'unknown-sku');
    await refusal(
      await put({ match: { category: '不存在的品类' }, multiplier: 2 }),
      400,
      'VALIDATION_FAILED',
      'unknown-category',
    );
    await refusal(await put({ match: { sku: 'TEA-1' }, multiplier: 11 }), 400, 'VALIDATION_FAILED');
    await refusal(await put({ match: { sku: 'TEA-1', category: '茶饮' }, multiplier: 2 }), 400, 'VALIDATION_FAILED');
    await refusal(await hq('/api/v1/hq/line-multipliers/sku/TEA-1', { method: 'DELETE' }), 404, 'NOT_FOUND');
    await refusal(await hq('/api/v1/hq/line-multipliers/brand/TEA-1', { method: 'DELETE' }), 400, 'VALIDATION_FAILED');
  });

  it('only HQ reads or changes campaigns, line rules and the history: a manager and a member are refused', async () => {
    const [existing] = (await list()).campaigns;
    const calls: Array<[string, { method?: string; body?: unknown }]> = [
      ['/api/v1/hq/earning-campaigns', {}],
      ['/api/v1/hq/earning-campaigns', { body: campaign() }],
      [`/api/v1/hq/earning-campaigns/${existing.id}`, { method: 'PUT', body: campaign() }],
      [`/api/v1/hq/earning-campaigns/${existing.id}/retire`, { method: 'POST' }],
      ['/api/v1/hq/line-multipliers', {}],
      ['/api/v1/hq/line-multipliers', { method: 'PUT', body: { match: { sku: 'TEA-1' }, multiplier: 2 } }],
      ['/api/v1/hq/line-multipliers/sku/TEA-1', { method: 'DELETE' }],
      ['/api/v1/hq/programme-rules/history', {}],
      ['/api/v1/hq/programme-rules/history/1', {}],
      ['/api/v1/hq/tier-ladder/history', {}],
    ];
    const version = (await list()).version;
    for (const as of [manager, member]) {
      for (const [path, init] of calls) {
        const response = await as(path, init);
        expect({ path, status: response.status }).toEqual({ path, status: 403 });
      }
    }
    expect((await list()).version).toBe(version);
  });

  it('keeps the tier ladder’s versions too', async () => {
    const overview = (await (await fetch(`${running.baseUrl}/api/v1/program`)).json()) as {
      tiers: Array<{ code: string; name: string }>;
    };
    const tiers = overview.tiers.map((t) => (t.code === 'gold' ? { ...t, name: '金卡会员' } : t));
    expect((await hq('/api/v1/hq/tier-ladder', { method: 'PUT', body: { tiers } })).status).toBe(200);
    const page = SettingHistoryPage.parse(await (await hq('/api/v1/hq/tier-ladder/history')).json());
    expect(page.versions[0]).toMatchObject({ version: 1, savedBy: { id: hqId, role: 'hq' }, changes: ['[gold].name'] });
    const one = (await (await hq('/api/v1/hq/tier-ladder/history/1')).json()) as { tiers: Array<{ code: string; name: string }> };
    expect(one.tiers.find((t) => t.code === 'gold')?.name).toBe('金卡会员');
  });
});
