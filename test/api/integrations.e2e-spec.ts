import { MembersService } from '../../server/src/members/members.service';
import { startApp, type RunningApp } from '../support/app';
import { authorized, loginAs, loginAsStaff } from '../support/sessions';
import { signedPost } from '../support/signed-request';

describe('HQ connects store systems: integrations and their secrets', () => {
  let running: RunningApp;
  let hq: ReturnType<typeof authorized>;
  let orders = 0;

  beforeAll(async () => {
    running = await startApp();
    hq = authorized(running, (await loginAsStaff(running, 'integrations-hq', 'hq')).accessToken);
    const shopper = await loginAs(running, 'integration-shopper');
    await running.app.get(MembersService).attachPhone(shopper.member.id, '13600009999');
  });
  afterAll(async () => {
    await running?.close();
  });

  const purchase = (credentials: { integrationId: string; secret: string }) =>
    signedPost(
      running.baseUrl,
      '/api/v1/purchases',
      {
        orderId: `INT-${++orders}`,
        member: { phone: '13600009999' },
        channel: 'online',
        paidAt: new Date().toISOString(),
        lines: [{ sku: 'SK', category: '护肤', quantity: 1, unitPriceFen: 1_000 }],
        totalFen: 1_000,
      },
      credentials,
    );

  it('shows the secret once, signs purchases with it, rotates and switches it off', async () => {
    const connected = await hq('/api/v1/hq/integrations', { body: { integrationId: 'pos-shanghai', name: '上海门店 POS' } });
    expect(connected.status).toBe(201);
    const first = (await connected.json()) as { integrationId: string; secret: string };
    expect(first.secret.length).toBeGreaterThanOrEqual(40);
    expect((await purchase(first)).status).toBe(200);

    const again = await hq('/api/v1/hq/integrations', { body: { integrationId: 'pos-shanghai', name: '重复' } });
    expect(again.status).toBe(409);

    const listed = (await (await hq('/api/v1/hq/integrations')).json()) as { integrations: Array<Record<string, unknown>> };
    expect(listed.integrations).toEqual([
      expect.objectContaining({ integrationId: 'pos-shanghai', name: '上海门店 POS', active: true }),
    ]);
    expect(JSON.stringify(listed)).not.toContain(first.secret);

    const rotated = (await (await hq('/api/v1/hq/integrations/pos-shanghai/rotate-secret', { method: 'POST' })).json()) as {
      secret: string;
    };
    expect(rotated.secret).not.toBe(first.secret);
    expect((await purchase(first)).status).toBe(401);
    const current = { integrationId: 'pos-shanghai', secret: rotated.secret };
    expect((await purchase(current)).status).toBe(200);

    expect((await hq('/api/v1/hq/integrations/pos-shanghai/active', { method: 'PUT', body: { active: false } })).status).toBe(
      200,
    );
    expect((await purchase(current)).status).toBe(401);
    expect((await hq('/api/v1/hq/integrations/pos-shanghai/active', { method: 'PUT', body: { active: true } })).status).toBe(200);
    expect((await purchase(current)).status).toBe(200);

    // The audit log has the changes, never the secret.
    const audit = await (await hq('/api/v1/hq/audit-log?limit=50')).text();
    expect(audit).toContain('/api/v1/hq/integrations');
    expect(audit).not.toContain(rotated.secret);
  });

  it('checks ids and callers', async () => {
    expect((await hq('/api/v1/hq/integrations', { body: { integrationId: 'Bad Id!', name: 'x' } })).status).toBe(400);
    expect((await hq('/api/v1/hq/integrations/nobody-here/rotate-secret', { method: 'POST' })).status).toBe(404);
    const member = authorized(running, (await loginAs(running, 'integration-nosy')).accessToken);
    expect((await member('/api/v1/hq/integrations')).status).toBe(403);
  });
});
