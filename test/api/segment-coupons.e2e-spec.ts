import { ProfileRecomputeService } from '../../server/src/analytics/profile-recompute.service';
import { IntegrationsService } from '../../server/src/integrations/integrations.service';
import { MembersService } from '../../server/src/members/members.service';
import { startApp, type RunningApp } from '../support/app';
import { authorized, loginAs, loginAsStaff } from '../support/sessions';
import { signedPost } from '../support/signed-request';

describe('coupons to an RFM segment, lifecycle stage or tier', () => {
  let running: RunningApp;
  let hq: ReturnType<typeof authorized>;
  let templateId: string;

  beforeAll(async () => {
    running = await startApp();
    hq = authorized(running, (await loginAsStaff(running, 'segment-hq', 'hq')).accessToken);
    const pos = await running.app.get(IntegrationsService).register('segment-pos', 'Segment POS');
    for (const [i, consent] of [true, true, false].entries()) {
      const session = await loginAs(running, `segment-${i}`);
      const phone = String(13_900_000_100 + i);
      await running.app.get(MembersService).attachPhone(session.member.id, phone);
      await authorized(running, session.accessToken)('/api/v1/me/consents', { method: 'PUT', body: { marketing: consent } });
      await signedPost(
        running.baseUrl,
        '/api/v1/purchases',
        {
          orderId: `SEG-${i}`,
          member: { phone },
          channel: 'store',
          storeCode: 'SH01',
          paidAt: new Date().toISOString(),
          lines: [{ sku: 'SK', category: '护肤', quantity: 1, unitPriceFen: 10_000 }],
          totalFen: 10_000,
        },
        pos,
      );
    }
    await running.app.get(ProfileRecomputeService).recomputeAll();
    templateId = (
      (await (
        await hq('/api/v1/hq/coupon-templates', {
          body: {
            name: '新客回购券',
            benefit: { kind: 'fixed', amountFen: 1_000 },
            validity: { type: 'afterClaim', days: 14 },
            totalStock: 100,
            claimable: false,
          },
        })
      ).json()) as { id: string }
    ).id;
  });
  afterAll(async () => {
    await running?.close();
  });

  const send = (api: ReturnType<typeof authorized>, body: Record<string, unknown>, key?: string) =>
    api('/api/v1/staff/analytics/coupon-sends', { body, headers: key ? { 'idempotency-key': key } : {} });

  it('counts the audience in a dry run, then gives each member who agreed to marketing one coupon, once', async () => {
    const audience = { stages: ['new-one-time'] };
    const dry = await send(hq, { templateId, audience, dryRun: true });
    expect(await dry.json()).toMatchObject({ matched: 2, withoutConsent: 1, issued: 0, dryRun: true });
    expect((await send(hq, { templateId, audience })).status).toBe(400);

    const first = await send(hq, { templateId, audience }, 'segment-send-0001');
    expect(await first.json()).toMatchObject({ matched: 2, withoutConsent: 1, issued: 2, replayed: false });
    const again = await send(hq, { templateId, audience }, 'segment-send-0001');
    expect(await again.json()).toMatchObject({ issued: 2, replayed: true });
    const other = await send(hq, { templateId, audience: { tiers: ['gold'] } }, 'segment-send-0001');
    expect(other.status).toBe(422);

    const wallets = await Promise.all(
      [0, 1, 2].map(
        async (i) =>
          (
            (await (
              await authorized(running, (await loginAs(running, `segment-${i}`)).accessToken)('/api/v1/me/coupons')
            ).json()) as { coupons: unknown[] }
          ).coupons.length,
      ),
    );
    expect(wallets).toEqual([1, 1, 0]);
  });

  it('lets a manager send only what HQ released, never to themselves, within the stock', async () => {
    const template = async (body: Record<string, unknown>) =>
      (
        (await (
          await hq('/api/v1/hq/coupon-templates', {
            body: {
              name: '店长券',
              benefit: { kind: 'fixed', amountFen: 500 },
              validity: { type: 'afterClaim', days: 7 },
              claimable: false,
              ...body,
            },
          })
        ).json()) as { id: string }
      ).id;
    // segment-0 is in the audience and now a manager of its store.
    const manager = authorized(
      running,
      (await loginAsStaff(running, 'segment-0', 'manager', { storeIds: ['SH01'] })).accessToken,
    );
    const audience = { stages: ['new-one-time'] };
    const unreleased = await template({ totalStock: 100 });
    const refused = await send(manager, { templateId: unreleased, audience }, 'segment-send-manager-1');
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ code: 'FORBIDDEN', details: { reason: 'template-not-released' } });

    const released = await template({ totalStock: 1, releasedToManagers: true });
    expect(await (await send(manager, { templateId: released, audience, dryRun: true })).json()).toMatchObject({ matched: 1 });
    const sent = await send(manager, { templateId: released, audience }, 'segment-send-manager-2');
    expect(await sent.json()).toMatchObject({ matched: 1, issued: 1 });
    const walletOf = async (name: string) =>
      (
        (await (await authorized(running, (await loginAs(running, name)).accessToken)('/api/v1/me/coupons')).json()) as {
          coupons: Array<{ templateId: string }>;
        }
      ).coupons.filter((c) => c.templateId === released);
    expect(await walletOf('segment-0')).toHaveLength(0);
    expect(await walletOf('segment-1')).toHaveLength(1);
    // Its stock of one is gone: HQ's send of it is refused too.
    const empty = await send(hq, { templateId: released, audience }, 'segment-send-hq-empty');
    expect(await empty.json()).toMatchObject({ code: 'OUT_OF_STOCK' });
  });

  it('keeps a manager to their stores and members out', async () => {
    const elsewhere = authorized(
      running,
      (await loginAsStaff(running, 'segment-manager', 'manager', { storeIds: ['BJ09'] })).accessToken,
    );
    expect(
      await (await send(elsewhere, { templateId, audience: { stages: ['new-one-time'] }, dryRun: true })).json(),
    ).toMatchObject({ matched: 0 });
    const own = authorized(
      running,
      (await loginAsStaff(running, 'segment-manager-sh', 'manager', { storeIds: ['SH01'] })).accessToken,
    );
    expect(await (await send(own, { templateId, audience: { stages: ['new-one-time'] }, dryRun: true })).json()).toMatchObject({
      matched: 2,
    });
    const member = authorized(running, (await loginAs(running, 'segment-nosy')).accessToken);
    expect((await send(member, { templateId, audience: { stages: ['lost'] }, dryRun: true })).status).toBe(403);
    expect((await send(hq, { templateId, audience: {}, dryRun: true })).status).toBe(400);
  });
});
