import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { addCalendarDays, brandDay, GeoOfferView, type CouponView } from '@memberloop/shared';
import { gcj02ToWgs84 } from '../../miniprogram/src/services/gcj02';
import { startApp, type RunningApp } from '../support/app';
import { openPhoneBrowser, type PhoneBrowser } from '../support/browser';
import { authorized, loginAs, loginAsStaff } from '../support/sessions';

const H5_BUILD = resolve(__dirname, '../../miniprogram/dist/h5/index.html');

/** GCJ-02 positions (the directory's); the browser reports WGS-84, which the page converts. */
const PEOPLES_SQUARE = { lng: 121.4737, lat: 31.2304 };
const JINGAN = { lng: 121.448, lat: 31.2286 };
const WEST_LAKE = { lng: 120.1551, lat: 30.2741 };
/** The member on Nanjing Road East, about 140 m from the People's Square store. */
const MEMBER_GCJ = { lng: 121.475, lat: 31.231 };

/**
 * 附近门店 in the H5 build: the page says why it wants the position before the browser asks; with the position
 * granted the stores come nearest first with distances in 米/公里 and the nearby store's offer is claimed into the
 * wallet; with it refused the stores come by city with a clear message. HQ keeps the directory on its page.
 */
describe('H5 app: stores near me and the store offer', () => {
  let running: RunningApp;
  let granted: PhoneBrowser;
  let refused: PhoneBrowser;
  let hqPhone: PhoneBrowser;
  let memberApi: ReturnType<typeof authorized>;
  let templateId: string;
  const failures: string[] = [];

  beforeAll(async () => {
    if (!existsSync(H5_BUILD)) throw new Error('No H5 build: run "npm run build:h5 -w miniprogram" before the H5 suite');
    running = await startApp({ JOBS_ENABLED: 'false' });
    const hq = authorized(running, (await loginAsStaff(running, 'h5-geo-hq', 'hq')).accessToken);
    for (const [code, name, city, address, at] of [
      ['SH01', '人民广场店', '上海', '黄浦区南京东路 800 号', PEOPLES_SQUARE],
      ['SH02', '静安寺店', '上海', '静安区南京西路 1686 号', JINGAN],
      ['HZ01', '西湖店', '杭州', '上城区湖滨路 23 号', WEST_LAKE],
    ] as const) {
      const created = await hq('/api/v1/hq/stores', {
        body: { code, name, address, city, region: '华东', location: at, openingHours: '10:00–22:00' },
      });
      expect(created.status).toBe(201);
    }
    const template = await hq('/api/v1/hq/coupon-templates', {
      body: {
        name: '到店礼 20 元券',
        benefit: { kind: 'fixed', amountFen: 2_000 },
        validity: { type: 'afterClaim', days: 14 },
        totalStock: 100,
        claimable: false,
      },
    });
    templateId = ((await template.json()) as { id: string }).id;
    const today = brandDay(new Date(), 'Asia/Shanghai');
    const offer = await hq('/api/v1/hq/stores/SH01/geo-offers', {
      body: { templateId, radiusMetres: 500, capDays: 7, startsOn: today, endsOn: addCalendarDays(today, 13) },
    });
    expect(offer.status).toBe(201);
    GeoOfferView.parse(await offer.json());
    const shopper = await loginAs(running, 'h5-geo-member');
    memberApi = authorized(running, shopper.accessToken);
    await memberApi('/api/v1/me/consents', { method: 'PUT', body: { marketing: true } });
    await loginAs(running, 'h5-geo-refuser');

    granted = await openPhoneBrowser();
    const wgs = gcj02ToWgs84(MEMBER_GCJ.lng, MEMBER_GCJ.lat);
    await granted.context.grantPermissions(['geolocation'], { origin: running.baseUrl });
    await granted.context.setGeolocation({ latitude: wgs.lat, longitude: wgs.lng, accuracy: 20 });
    refused = await openPhoneBrowser();
    await refused.context.clearPermissions();
    hqPhone = await openPhoneBrowser();
    for (const browser of [granted, refused, hqPhone]) browser.page.on('pageerror', (error) => failures.push(error.message));
  }, 120_000);
  afterAll(async () => {
    await granted?.close();
    await refused?.close();
    await hqPhone?.close();
    await running?.close();
  });
  afterEach(() => expect(failures).toEqual([]));

  const shot = async (browser: PhoneBrowser, name: string) => {
    await browser.page.waitForTimeout(1200);
    await browser.screenshot(name);
  };

  it('with the position granted: why first, then the stores nearest first in 米/公里, and the nearby offer claimed once', async () => {
    const { page } = granted;
    const sent: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/stores/nearby')) sent.push(request.url());
    });
    await page.goto(`${running.baseUrl}/?as=h5-geo-member#/pages/me/index`);
    await page.getByTestId('me-stores').filter({ hasText: '附近门店' }).click();
    const why = page.getByTestId('nearby-why');
    await why.filter({ hasText: '位置只用来计算距离，不会保存' }).waitFor();
    // Nothing about the position was sent before the member agreed.
    await page.getByTestId('nearby-store').first().waitFor();
    expect(sent.every((url) => !url.includes('lng='))).toBe(true);
    await shot(granted, 'stores-nearby-why');

    await page.getByTestId('nearby-allow').click();
    await why.waitFor({ state: 'detached' });
    await page.getByTestId('nearby-distance').or(page.getByTestId('nearby-refused')).first().waitFor();
    await expect(page.getByTestId('nearby-refused').count()).resolves.toBe(0);
    await page.getByTestId('nearby-distance').first().waitFor();
    const codes = await page.getByTestId('nearby-store').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-code')));
    expect(codes).toEqual(['SH01', 'SH02', 'HZ01']);
    const distances = await page.getByTestId('nearby-distance').allTextContents();
    expect(distances[0]).toMatch(/^1\d\d 米$/);
    expect(distances[1]).toMatch(/^\d\.\d 公里$/);
    expect(distances[2]).toMatch(/^1\d\d 公里$/);
    const first = page.getByTestId('nearby-store').first();
    await first.getByText('门店 500 米内可领 · 每 7 天可领一次', { exact: false }).waitFor();
    await shot(granted, 'stores-nearby-granted');

    await first.getByTestId('nearby-claim').click();
    await page.getByText('「到店礼 20 元券」已放入您的券包').first().waitFor();
    await page.waitForURL(/packages\/coupons\/index/);
    const wallet = (await (await memberApi('/api/v1/me/coupons?status=available')).json()) as { coupons: CouponView[] };
    expect(wallet.coupons.filter((c) => c.templateId === templateId)).toHaveLength(1);
    await shot(granted, 'stores-nearby-claimed-wallet');

    await page.goBack();
    const state = page.getByTestId('nearby-store').first().getByTestId('nearby-offer-state');
    await state.filter({ hasText: '已领取' }).waitFor();
    await expect(state.textContent()).resolves.toMatch(/后可再次领取$/);
    const body = (await page.locator('body').textContent()) ?? '';
    expect(body).not.toMatch(/undefined|NaN|GEO_|OUTSIDE_|gcj02/);
    await shot(granted, 'stores-nearby-claimed');
  });

  it('with the position refused: the stores by city without distances and a clear message, nothing to claim', async () => {
    const { page } = refused;
    await page.goto(`${running.baseUrl}/?as=h5-geo-refuser#/packages/stores/nearby`);
    await page.getByTestId('nearby-allow').click();
    await page.getByTestId('nearby-refused').filter({ hasText: '您没有开启位置权限，门店按城市排列' }).waitFor();
    await page.getByTestId('nearby-store').first().waitFor();
    await expect(page.getByTestId('nearby-distance').count()).resolves.toBe(0);
    await expect(page.getByTestId('nearby-claim').count()).resolves.toBe(0);
    await page.getByTestId('nearby-offer-state').filter({ hasText: '在「我的」打开「活动与优惠」后即可领取' }).waitFor();
    await page.getByText('全部门店').waitFor();
    await shot(refused, 'stores-nearby-refused');
  });

  it('HQ adds a store with its GCJ-02 position and sees the offer with its claims', async () => {
    const { page } = hqPhone;
    await page.goto(`${running.baseUrl}/?as=h5-geo-hq#/packages/hq/index`);
    await page.getByTestId('hq-area').filter({ hasText: '门店与到店优惠' }).click();
    await page.getByTestId('store-row').first().waitFor();
    await page.getByTestId('store-code').locator('input').fill('SH03');
    await page.getByTestId('store-name').locator('input').fill('陆家嘴店');
    await page.getByTestId('store-address').locator('input').fill('浦东新区世纪大道 8 号');
    await page.getByTestId('store-city').locator('input').fill('上海');
    await page.getByTestId('store-region').locator('input').fill('华东');
    await page.getByTestId('store-lng').locator('input').fill('200');
    await page.getByTestId('store-lat').locator('input').fill('31.2386');
    await page.getByTestId('store-save').click();
    await page.getByText('经度为 -180 到 180 之间的数字（GCJ-02）').waitFor();
    await page.getByTestId('store-lng').locator('input').fill('121.5021');
    await page.getByTestId('store-save').click();
    const row = page.getByTestId('store-row').filter({ hasText: '陆家嘴店' });
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain('经度 121.5021 · 纬度 31.2386');
    const square = page.getByTestId('store-row').filter({ hasText: '人民广场店' });
    const offer = square.getByTestId('store-offer');
    await expect(offer.textContent()).resolves.toMatch(/到店礼 20 元券进行中500 米内 · 每 7 天一次 · .* · 已领 1 次/);
    await shot(hqPhone, 'stores-hq-directory');

    await offer.getByTestId('store-offer-end').click();
    await page.getByText('确定', { exact: true }).click();
    await square.getByTestId('store-offer').filter({ hasText: '已提前结束' }).waitFor();
    const body = (await page.locator('body').textContent()) ?? '';
    expect(body).not.toMatch(/undefined|NaN|running|scheduled/);
    await shot(hqPhone, 'stores-hq-offer-ended');
  });
});
