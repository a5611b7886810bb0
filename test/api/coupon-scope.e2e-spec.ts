import { CouponView, HqCouponTemplateView } from '@memberloop/shared';
import { IntegrationsService, type IntegrationCredentials } from '../../server/src/integrations/integrations.service';
import { startApp, type RunningApp } from '../support/app';
import { addProducts } from '../support/catalogue';
import { authorized, loginAs, loginAsStaff } from '../support/sessions';
import { signedPost } from '../support/signed-request';

/**
 * Coupons limited to products or categories of the catalogue: HQ may only name what the catalogue sells; the wallet
 * says what a coupon is for in names, never codes; at the till the discount is taken from, and a threshold counted
 * on, the lines in scope only. The attacks: a till that leaves the lines out, one that calls a product of another
 * category 护肤 (the catalogue's category counts), an order with nothing in scope.
 */
describe('coupons limited to products and categories', () => {
  let running: RunningApp;
  let hq: ReturnType<typeof authorized>;
  let pos: IntegrationCredentials;
  let seq = 0;

  beforeAll(async () => {
    running = await startApp();
    hq = authorized(running, (await loginAsStaff(running, 'scope-hq', 'hq')).accessToken);
    pos = await running.app.get(IntegrationsService).register('scope-pos', 'Scope POS');
    await addProducts(hq, [
      { sku: 'SC-ROSE', name: '玫瑰精华水', category: '护肤', priceFen: 12_800 },
      { sku: 'SC-CREAM', name: '山茶花面霜', category: '护肤', priceFen: 26_800 },
      { sku: 'SC-WOOD', name: '木质香氛', category: '香氛', priceFen: 19_900 },
      { sku: 'SC-BOX', name: '旅行装礼盒', category: '礼盒', priceFen: 9_900 },
    ]);
  });
  afterAll(async () => {
    await running?.close();
  });

  const template = async (body: Record<string, unknown>) =>
    hq('/api/v1/hq/coupon-templates', {
      body: { validity: { type: 'afterClaim', days: 30 }, totalStock: 100, perMemberLimit: 5, ...body },
    });
  const couponFor = async (templateId: string) => {
    const api = authorized(running, (await loginAs(running, `scope-member-${++seq}`)).accessToken);
    const claimed = await api(`/api/v1/coupons/templates/${templateId}/claim`, {
      method: 'POST',
      headers: { 'idempotency-key': `scope-claim-${seq}` },
    });
    expect(claimed.status).toBe(200);
    const coupon = CouponView.parse(await claimed.json());
    const { token } = (await (await api(`/api/v1/me/coupons/${coupon.id}/token`, { method: 'POST' })).json()) as {
      token: string;
    };
    return { api, token };
  };
  const redeem = (body: Record<string, unknown>) =>
    signedPost(running.baseUrl, '/api/v1/coupons/redeem', { orderId: `SC-${++seq}`, channel: 'store', ...body }, pos);
  const line = (sku: string, quantity: number, unitPriceFen: number) => ({ sku, quantity, unitPriceFen });

  it('takes 20% off the skincare lines only, and says so in the wallet by name', async () => {
    const created = await template({
      name: '护肤 8 折券',
      benefit: { kind: 'percent', percentOff: 20, capFen: 10_000 },
      scope: { categories: ['护肤'], skus: ['SC-BOX'] },
    });
    expect(created.status).toBe(201);
    const view = HqCouponTemplateView.parse(await created.json());
    expect(view.scope).toEqual({ skus: ['SC-BOX'], categories: ['护肤'] });

    const { api, token } = await couponFor(view.id);
    const wallet = (await (await api('/api/v1/me/coupons')).json()) as { coupons: CouponView[] };
    expect(wallet.coupons[0].appliesTo).toEqual({ products: ['旅行装礼盒'], categories: ['护肤'] });
    expect(JSON.stringify(wallet)).not.toContain('SC-');

    // ¥128 rose + ¥99 box in scope, ¥199 fragrance not: 20% of ¥227 = ¥45.40.
    const response = await redeem({
      token,
      orderTotalFen: 42_600,
      lines: [line('SC-ROSE', 1, 12_800), line('SC-WOOD', 1, 19_900), line('SC-BOX', 1, 9_900)],
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ discountFen: 4_540 });

    // A till making the ¥99 box carry a ¥999 order gets the discount on ¥99: a line is worth at most its list price.
    const second = await couponFor(view.id);
    const inflated = await redeem({
      token: second.token,
      orderTotalFen: 99_900,
      lines: [line('SC-BOX', 1, 99_900)],
    });
    expect(await inflated.json()).toMatchObject({ discountFen: 1_980 });
  });

  it('counts a threshold on the lines in scope, and refuses an order with none, or without its lines', async () => {
    const created = await template({
      name: '香氛满 200 减 30',
      benefit: { kind: 'threshold', thresholdFen: 20_000, amountFen: 3_000 },
      scope: { categories: ['香氛'] },
    });
    const { id } = HqCouponTemplateView.parse(await created.json());
    const { token } = await couponFor(id);

    const noLines = await redeem({ token, orderTotalFen: 50_000 });
    expect(noLines.status).toBe(400);
    expect(await noLines.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
    const outOfScope = await redeem({ token, orderTotalFen: 50_000, lines: [line('SC-CREAM', 2, 25_000)] });
    expect(outOfScope.status).toBe(409);
    expect(await outOfScope.json()).toMatchObject({ code: 'COUPON_UNUSABLE', details: { reason: 'OUT_OF_SCOPE' } });
    // ¥500 in all, but only ¥199 of fragrance: under the ¥200 threshold.
    const under = await redeem({
      token,
      orderTotalFen: 50_000,
      lines: [line('SC-WOOD', 1, 19_900), line('SC-CREAM', 1, 30_100)],
    });
    expect(under.status).toBe(409);
    expect(await under.json()).toMatchObject({ code: 'COUPON_UNUSABLE' });
    // A till cannot say which category a line is (the catalogue's counts); an unknown SKU is in no category.
    const claimedCategory = await redeem({
      token,
      orderTotalFen: 50_000,
      lines: [line('SC-WOOD', 1, 19_900), { ...line('SC-CREAM', 1, 30_100), category: '香氛' }],
    });
    expect(claimedCategory.status).toBe(400);
    const unknownSku = await redeem({
      token,
      orderTotalFen: 50_000,
      lines: [line('SC-WOOD', 1, 19_900), line('NOT-IN-CATALOGUE', 1, 30_100)],
    });
    expect(unknownSku.status).toBe(409);

    const ok = await redeem({ token, orderTotalFen: 50_000, lines: [line('SC-WOOD', 2, 19_900), line('SC-CREAM', 1, 10_200)] });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ discountFen: 3_000 });
  });

  it('a coupon for the whole order still needs no lines; HQ can only name what the catalogue sells', async () => {
    const whole = HqCouponTemplateView.parse(
      await (await template({ name: '全场减 10', benefit: { kind: 'fixed', amountFen: 1_000 } })).json(),
    );
    expect(whole.scope).toBeUndefined();
    const { token } = await couponFor(whole.id);
    expect(await (await redeem({ token, orderTotalFen: 5_000 })).json()).toMatchObject({ discountFen: 1_000 });

    await hq('/api/v1/hq/catalogue/products/SC-BOX/retire', { method: 'POST' });
    const refused = await template({
      name: '范围不在目录',
      benefit: { kind: 'fixed', amountFen: 500 },
      scope: { skus: ['SC-BOX', 'NOPE-1'], categories: ['家居'] },
    });
    expect(refused.status).toBe(400);
    const body = (await refused.json()) as { code: string; details: { issues: Array<{ path: string; message: string }> } };
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(body.details.issues).toEqual([
      { path: 'body.scope.skus', message: 'SKU NOPE-1 不在商品目录中' },
      { path: 'body.scope.skus', message: 'SKU SC-BOX 已在商品目录中下架' },
      { path: 'body.scope.categories', message: '商品目录中没有在售的「家居」品类' },
    ]);
    for (const scope of [{}, { skus: [], categories: [] }]) {
      const empty = await template({ name: '空范围', benefit: { kind: 'fixed', amountFen: 500 }, scope });
      expect(empty.status).toBe(400);
    }
    const gift = await template({
      name: '礼品券带范围',
      benefit: { kind: 'gift', sku: 'SC-ROSE', priceFen: 100 },
      scope: { skus: ['SC-ROSE'] },
    });
    expect(gift.status).toBe(400);
  });
});
