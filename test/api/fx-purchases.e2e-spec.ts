import { getConnectionToken } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { IntegrationsService, type IntegrationCredentials } from '../../server/src/integrations/integrations.service';
import { MembersService } from '../../server/src/members/members.service';
import { startApp, type RunningApp } from '../support/app';
import { authorized, loginAs, loginAsStaff } from '../support/sessions';
import { signedPost } from '../support/signed-request';

/*
 * Cross-border points: a purchase in another currency earns on its amount in yuan at the rate valid when it was
 * paid; the rate is kept with the purchase, so a later rate never changes it and its refunds convert the same way.
 * The attacks: a purchase with no rate for its currency and moment (refused, nothing recorded), a rewrite of a rate
 * already used (refused), a member or a manager writing the table (refused), a refund larger in the foreign currency
 * than what was paid (refused).
 */
describe('purchases in another currency', () => {
  let running: RunningApp;
  let pos: IntegrationCredentials;
  let hq: ReturnType<typeof authorized>;
  let db: Connection['db'];
  const paid = '2026-11-20T10:00:00+08:00';

  beforeAll(async () => {
    running = await startApp();
    pos = await running.app.get(IntegrationsService).register('fx-pos', 'Hong Kong POS');
    hq = authorized(running, (await loginAsStaff(running, 'fx-hq', 'hq')).accessToken);
    db = running.app.get<Connection>(getConnectionToken()).db;
  });
  afterAll(async () => {
    await running?.close();
  });

  const register = async (phone: string) => running.app.get(MembersService).register({ phone });
  const purchase = (phone: string, orderId: string, currency: string | undefined, unit: number, quantity = 1) => ({
    orderId,
    member: { phone },
    storeCode: 'HK01',
    channel: 'store',
    paidAt: paid,
    lines: [{ sku: 'SK-HK', category: '护肤', quantity, unitPriceFen: unit }],
    totalFen: unit * quantity,
    ...(currency ? { currency } : {}),
  });

  it('HQ keeps a rate table: added once, the same again is a no-op, another value for a used moment is refused', async () => {
    const rates = {
      rates: [
        { currency: 'HKD', rate: '0.9000', validFrom: '2026-11-01T00:00:00+08:00' },
        { currency: 'HKD', rate: '0.9213', validFrom: '2026-11-15T00:00:00+08:00' },
        { currency: 'JPY', rate: '0.048123', validFrom: '2026-11-01T00:00:00+08:00' },
      ],
    };
    const first = await hq('/api/v1/hq/fx-rates', { body: rates });
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ added: 3, unchanged: 0 });
    expect(await (await hq('/api/v1/hq/fx-rates', { body: rates })).json()).toEqual({ added: 0, unchanged: 3 });

    const rewrite = await hq('/api/v1/hq/fx-rates', {
      body: {
        rates: [
          { currency: 'HKD', rate: '0.95', validFrom: '2026-11-15T00:00:00+08:00' },
          { currency: 'USD', rate: '7.1', validFrom: '2026-11-01T00:00:00+08:00' },
        ],
      },
    });
    expect(rewrite.status).toBe(409);
    expect(await rewrite.json()).toMatchObject({
      code: 'FX_RATE_CONFLICT',
      details: { conflicts: [{ currency: 'HKD', held: '0.9213', sent: '0.95' }] },
    });
    // Nothing of the refused upload was written, not even its new USD rate.
    const table = (await (await hq('/api/v1/hq/fx-rates')).json()) as { rates: Array<{ currency: string; rate: string }> };
    expect(table.rates.map((r) => `${r.currency} ${r.rate}`).sort()).toEqual(['HKD 0.9', 'HKD 0.9213', 'JPY 0.048123']);

    for (const bad of [
      { currency: 'CNY', rate: '1', validFrom: paid },
      { currency: 'hkd', rate: '0.9', validFrom: paid },
      { currency: 'EUR', rate: '0', validFrom: paid },
      { currency: 'EUR', rate: '7.12345678', validFrom: paid },
      { currency: 'EUR', rate: 7.8, validFrom: paid },
    ]) {
      const response = await hq('/api/v1/hq/fx-rates', { body: { rates: [bad] } });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
    }
  });

  it('only HQ and a signed feed write the table', async () => {
    const body = { rates: [{ currency: 'SGD', rate: '5.3', validFrom: '2026-11-01T00:00:00+08:00' }] };
    const member = authorized(running, (await loginAs(running, 'fx-member')).accessToken);
    expect((await member('/api/v1/hq/fx-rates', { body })).status).toBe(403);
    const manager = authorized(running, (await loginAsStaff(running, 'fx-manager', 'manager')).accessToken);
    expect((await manager('/api/v1/hq/fx-rates', { body })).status).toBe(403);
    expect((await fetch(`${running.baseUrl}/api/v1/fx-rates`, { method: 'POST', body: JSON.stringify(body) })).status).toBe(401);

    const pushed = await signedPost(running.baseUrl, '/api/v1/fx-rates', body, pos);
    expect(pushed.status).toBe(200);
    const table = (await (await hq('/api/v1/hq/fx-rates?currency=SGD')).json()) as { rates: Array<{ source: string }> };
    expect(table.rates).toEqual([expect.objectContaining({ currency: 'SGD', rate: '5.3', source: 'integration:fx-pos' })]);
  });

  it('earns on the yuan amount at the rate valid at paidAt, keeps that rate, and a later rate changes nothing', async () => {
    await register('13955500001');
    // HK$1,000.00 × 2 paid on 20 Nov: the rate from 15 Nov (0.9213) applies → ¥921.30 a unit, ¥1,842.60 in all.
    const response = await signedPost(
      running.baseUrl,
      '/api/v1/purchases',
      purchase('13955500001', 'HK-1', 'HKD', 100_000, 2),
      pos,
    );
    expect(response.status).toBe(200);
    const result = (await response.json()) as { pointsEarned: number; fx: unknown };
    expect(result.fx).toEqual({ currency: 'HKD', rate: '0.9213', rateValidFrom: '2026-11-14T16:00:00.000Z', totalFen: 184_260 });
    // The same yuan spent at home earns the same points.
    await register('13955500002');
    const home = await signedPost(
      running.baseUrl,
      '/api/v1/purchases',
      purchase('13955500002', 'CN-1', undefined, 92_130, 2),
      pos,
    );
    expect(result.pointsEarned).toBe(((await home.json()) as { pointsEarned: number }).pointsEarned);

    const stored = await db!.collection('purchases').findOne({ orderId: 'HK-1' });
    expect(stored).toMatchObject({
      totalFen: 184_260,
      lines: [expect.objectContaining({ unitPriceFen: 92_130, quantity: 2 })],
      fx: { currency: 'HKD', rateMicros: 921_300, totalMinor: 200_000, unitPricesMinor: [100_000] },
    });

    // A rate added later for a moment before the payment does not touch the purchase or its replay.
    await hq('/api/v1/hq/fx-rates', {
      body: { rates: [{ currency: 'HKD', rate: '0.93', validFrom: '2026-11-18T00:00:00+08:00' }] },
    });
    const replay = await signedPost(
      running.baseUrl,
      '/api/v1/purchases',
      purchase('13955500001', 'HK-1', 'HKD', 100_000, 2),
      pos,
    );
    expect(await replay.json()).toMatchObject({ replayed: true, pointsEarned: result.pointsEarned, fx: { rate: '0.9213' } });
  });

  it('a currency without a minor unit converts whole units (JPY)', async () => {
    await register('13955500003');
    const response = await signedPost(running.baseUrl, '/api/v1/purchases', purchase('13955500003', 'JP-1', 'JPY', 10_000), pos);
    // ¥10,000 (yen) at 0.048123 → ¥481.23
    expect(await response.json()).toMatchObject({ fx: { currency: 'JPY', totalFen: 48_123 } });
  });

  it('no rate for the currency at paidAt: refused with FX_RATE_MISSING, nothing recorded or earned', async () => {
    await register('13955500004');
    const noRate = await signedPost(running.baseUrl, '/api/v1/purchases', purchase('13955500004', 'EU-1', 'EUR', 10_000), pos);
    expect(noRate.status).toBe(422);
    expect(await noRate.json()).toMatchObject({ code: 'FX_RATE_MISSING', details: { currency: 'EUR' } });
    // Paid before the first HKD rate: refused too.
    const early = { ...purchase('13955500004', 'HK-EARLY', 'HKD', 10_000), paidAt: '2026-10-30T10:00:00+08:00' };
    expect((await signedPost(running.baseUrl, '/api/v1/purchases', early, pos)).status).toBe(422);
    expect(await db!.collection('purchases').countDocuments({ orderId: { $in: ['EU-1', 'HK-EARLY'] } })).toBe(0);
  });

  it('refunds convert at the purchase’s rate: by lines at its unit prices, by amount in its currency', async () => {
    await register('13955500005');
    // Paid on 20 Nov, after the 0.93 rate from 18 Nov was added: HK$500.00 × 2 → ¥465.00 × 2.
    const body = purchase('13955500005', 'HK-R', 'HKD', 50_000, 2);
    const bought = (await (await signedPost(running.baseUrl, '/api/v1/purchases', body, pos)).json()) as {
      pointsEarned: number;
    };
    // A rate added after the purchase, for its moment, does not matter to its refunds.
    await hq('/api/v1/hq/fx-rates', {
      body: { rates: [{ currency: 'HKD', rate: '0.99', validFrom: '2026-11-19T00:00:00+08:00' }] },
    });
    const byLine = await signedPost(
      running.baseUrl,
      '/api/v1/refunds',
      { refundId: 'HK-R-1', orderId: 'HK-R', lines: [{ sku: 'SK-HK', quantity: 1 }], refundedAt: new Date().toISOString() },
      pos,
    );
    expect(await byLine.json()).toMatchObject({ refundedFen: 46_500, pointsClawedBack: bought.pointsEarned / 2 });

    // More than is left, in Hong Kong dollars (HK$500.01 of HK$500.00 left): refused.
    const tooMuch = await signedPost(
      running.baseUrl,
      '/api/v1/refunds',
      { refundId: 'HK-R-2', orderId: 'HK-R', amountFen: 50_001, refundedAt: new Date().toISOString() },
      pos,
    );
    expect(tooMuch.status).toBe(422);
    expect(await tooMuch.json()).toMatchObject({ code: 'REFUND_EXCEEDS_PURCHASE' });

    // The rest, in Hong Kong dollars: exactly the fen left, the order fully refunded.
    const rest = await signedPost(
      running.baseUrl,
      '/api/v1/refunds',
      { refundId: 'HK-R-3', orderId: 'HK-R', amountFen: 50_000, refundedAt: new Date().toISOString() },
      pos,
    );
    expect(await rest.json()).toMatchObject({ refundedFen: 46_500 });
    expect(await db!.collection('purchases').findOne({ orderId: 'HK-R' })).toMatchObject({
      totalFen: 93_000,
      refundedFen: 93_000,
    });
  });
});
