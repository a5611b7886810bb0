import { ProgramOverview, PurchaseIngestResult, type TierDefinition } from '@memberloop/shared';
import { IntegrationsService } from '../../server/src/integrations/integrations.service';
import { MembersService } from '../../server/src/members/members.service';
import { startApp, type RunningApp } from '../support/app';
import { authorized, loginAs, loginAsStaff } from '../support/sessions';
import { signedPost } from '../support/signed-request';

describe('HQ edits the tier ladder', () => {
  let running: RunningApp;
  let hq: ReturnType<typeof authorized>;

  beforeAll(async () => {
    running = await startApp();
    hq = authorized(running, (await loginAsStaff(running, 'ladder-hq', 'hq')).accessToken);
  });
  afterAll(async () => {
    await running?.close();
  });

  const overview = async () => ProgramOverview.parse(await (await fetch(`${running.baseUrl}/api/v1/program`)).json());

  it('publishes a new ladder at once, and upgrades by its thresholds', async () => {
    const tiers = (await overview()).tiers;
    const cheaperSilver: TierDefinition[] = tiers.map((t) =>
      t.code === 'silver' ? { ...t, name: '银卡会员', qualification: { spendFen: 10_000, match: 'any' } } : t,
    );
    const saved = await hq('/api/v1/hq/tier-ladder', { method: 'PUT', body: { tiers: cheaperSilver } });
    expect(saved.status).toBe(200);
    expect((await overview()).tiers.find((t) => t.code === 'silver')).toMatchObject({
      name: '银卡会员',
      qualification: { spendFen: 10_000 },
    });

    const pos = await running.app.get(IntegrationsService).register('ladder-pos', 'Ladder POS');
    await running.app.get(MembersService).register({ phone: '13344445555' });
    const bought = await signedPost(
      running.baseUrl,
      '/api/v1/purchases',
      {
        orderId: 'LADDER-1',
        member: { phone: '13344445555' },
        channel: 'online',
        paidAt: new Date().toISOString(),
        lines: [{ sku: 'SK-1', category: '护肤', quantity: 1, unitPriceFen: 12_000 }],
        totalFen: 12_000,
      },
      pos,
    );
    expect(PurchaseIngestResult.parse(await bought.json())).toMatchObject({ tierCode: 'silver', upgradedFrom: 'regular' });
  });

  it('refuses a ladder that drops a tier members hold, or is malformed, and only HQ may change it', async () => {
    const tiers = (await overview()).tiers;
    const withoutSilver = tiers.filter((t) => t.code !== 'silver').map((t, rank) => ({ ...t, rank }));
    const dropped = await hq('/api/v1/hq/tier-ladder', { method: 'PUT', body: { tiers: withoutSilver } });
    expect(dropped.status).toBe(409);
    expect(await dropped.json()).toMatchObject({ code: 'CONFLICT' });

    const badRanks = tiers.map((t) => ({ ...t, rank: t.rank + 1 }));
    const malformed = await hq('/api/v1/hq/tier-ladder', { method: 'PUT', body: { tiers: badRanks } });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ code: 'VALIDATION_FAILED' });

    const member = authorized(running, (await loginAs(running, 'ladder-member')).accessToken);
    expect((await member('/api/v1/hq/tier-ladder', { method: 'PUT', body: { tiers } })).status).toBe(403);
    expect((await overview()).tiers.map((t) => t.code)).toEqual(tiers.map((t) => t.code));
  });
});
