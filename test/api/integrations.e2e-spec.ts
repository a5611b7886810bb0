import { Clock } from '../../server/src/common/clock/clock';
import { MembersService } from '../../server/src/members/members.service';
import { startApp, timeOf, type RunningApp } from '../support/app';
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

  /** Signed on the server's clock (which a test may move forward). */
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
      { timestamp: String(Math.floor(running.app.get(Clock).now().getTime() / 1000)) },
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

  it('rotates with a grace period: old and new both verify until it ends, then only the new one', async () => {
    const first = (await (
      await hq('/api/v1/hq/integrations', { body: { integrationId: 'shop-online', name: '线上商城' } })
    ).json()) as {
      integrationId: string;
      secret: string;
    };
    const rotation = await hq('/api/v1/hq/integrations/shop-online/rotate-secret', { body: { graceHours: 24 } });
    expect(rotation.status).toBe(200);
    const second = (await rotation.json()) as { integrationId: string; secret: string };
    expect((await purchase(first)).status).toBe(200);
    expect((await purchase(second)).status).toBe(200);
    const listed = (await (await hq('/api/v1/hq/integrations')).json()) as {
      integrations: Array<{ integrationId: string; previousSecretValidUntil?: string }>;
    };
    const shop = listed.integrations.find((i) => i.integrationId === 'shop-online')!;
    const now = running.app.get(Clock).now().getTime();
    expect(Date.parse(shop.previousSecretValidUntil!) - now).toBeGreaterThan(23.9 * 3_600_000);

    const clock = timeOf(running);
    try {
      clock.advance(24 * 3_600_000 + 60_000);
      // The server keeps secrets in memory a few seconds: the grace period is read on the clock all the same.
      expect((await purchase(first)).status).toBe(401);
      expect((await purchase(second)).status).toBe(200);
      // A day later HQ signs in again (access tokens last 15 minutes).
      const later = authorized(running, (await loginAsStaff(running, 'integrations-hq', 'hq')).accessToken);
      const after = (await (await later('/api/v1/hq/integrations')).json()) as {
        integrations: Array<{ integrationId: string; previousSecretValidUntil?: string }>;
      };
      expect(after.integrations.find((i) => i.integrationId === 'shop-online')!.previousSecretValidUntil).toBeUndefined();
    } finally {
      clock.reset();
    }

    // A rotation without grace (a leaked secret) cuts both earlier secrets off at once.
    await hq('/api/v1/hq/integrations/shop-online/rotate-secret', { body: { graceHours: 12 } });
    const third = (await (await hq('/api/v1/hq/integrations/shop-online/rotate-secret', { body: { graceHours: 0 } })).json()) as {
      integrationId: string;
      secret: string;
    };
    expect((await purchase(second)).status).toBe(401);
    expect((await purchase(third)).status).toBe(200);
    expect((await hq('/api/v1/hq/integrations/shop-online/rotate-secret', { body: { graceHours: 73 } })).status).toBe(400);
  });

  it('checks ids and callers', async () => {
    expect((await hq('/api/v1/hq/integrations', { body: { integrationId: 'Bad Id!', name: 'x' } })).status).toBe(400);
    expect((await hq('/api/v1/hq/integrations/nobody-here/rotate-secret', { method: 'POST' })).status).toBe(404);
    const member = authorized(running, (await loginAs(running, 'integration-nosy')).accessToken);
    expect((await member('/api/v1/hq/integrations')).status).toBe(403);
  });
});
