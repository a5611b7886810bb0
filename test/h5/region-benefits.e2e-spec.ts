import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { CouponTemplateView } from '@memberloop/shared';
import { IntegrationsService, type IntegrationCredentials } from '../../server/src/integrations/integrations.service';
import { RegionPackGrantsService } from '../../server/src/region-benefits/region-pack-grants.service';
import { startApp, type RunningApp } from '../support/app';
import { openPhoneBrowser, type PhoneBrowser } from '../support/browser';
import { authorized, loginAs, loginAsStaff } from '../support/sessions';
import { signedPost } from '../support/signed-request';

const H5_BUILD = resolve(__dirname, '../../miniprogram/dist/h5/index.html');

/**
 * Region benefit packs in the H5 build: HQ drafts a pack for 香港 / 澳门 from 金卡 up on the console (bad input named
 * before anything is sent) and publishes it; a Hong Kong gold member then reads the pack's lines on the member card,
 * finds its coupon in the wallet, and sees a purchase paid in Hong Kong dollars on the points statement with what
 * was paid and the rate it earned at.
 */
describe('H5 app: region benefit packs (地区会员礼包)', () => {
  let running: RunningApp;
  let browser: PhoneBrowser;
  let hqApi: ReturnType<typeof authorized>;
  let pos: IntegrationCredentials;
  const failures: string[] = [];
  const sent: string[] = [];
  let order = 0;

  const buy = async (memberId: string, totalFen: number, currency?: string) => {
    const response = await signedPost(
      running.baseUrl,
      '/api/v1/purchases',
      {
        orderId: `HK-H5-${++order}`,
        member: { memberId },
        storeCode: 'HK01',
        channel: 'store',
        paidAt: new Date(Date.now() - 60_000).toISOString(),
        lines: [{ sku: 'SK-HK', category: '护肤', quantity: 1, unitPriceFen: totalFen }],
        totalFen,
        ...(currency ? { currency } : {}),
      },
      pos,
    );
    expect(response.status).toBe(200);
  };

  beforeAll(async () => {
    if (!existsSync(H5_BUILD)) throw new Error('No H5 build: run "npm run build:h5 -w miniprogram" before the H5 suite');
    running = await startApp();
    hqApi = authorized(running, (await loginAsStaff(running, 'region-screen-hq', 'hq')).accessToken);
    pos = await running.app.get(IntegrationsService).register('region-screen-pos', 'Hong Kong POS');
    CouponTemplateView.parse(
      await (
        await hqApi('/api/v1/hq/coupon-templates', {
          body: {
            name: '港澳金卡满500减80',
            benefit: { kind: 'threshold', thresholdFen: 50_000, amountFen: 8_000 },
            validity: { type: 'afterClaim', days: 60 },
            totalStock: 1_000,
            perMemberLimit: 5,
            claimable: false,
          },
        })
      ).json(),
    );
    await hqApi('/api/v1/hq/fx-rates', {
      body: { rates: [{ currency: 'HKD', rate: '0.9123', validFrom: '2026-01-01T00:00:00+08:00' }] },
    });
    // A Hong Kong member who is gold before the pack exists: the backfill grants it.
    const member = await loginAs(running, 'region-screen-hk');
    const api = authorized(running, member.accessToken);
    await api('/api/v1/me/profile', { method: 'PATCH', body: { nickname: '陈小姐', region: '香港' } });
    await buy(member.member.id, 300_000);
    await buy(member.member.id, 12_800, 'HKD');

    browser = await openPhoneBrowser({ timezoneId: 'Asia/Hong_Kong' });
    browser.page.on('pageerror', (error) => failures.push(error.message));
    browser.page.on('request', (request) => {
      if (request.url().includes('/api/v1/hq/region-benefits') && request.method() !== 'GET') sent.push(request.url());
    });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await running?.close();
  });
  afterEach(() => expect(failures).toEqual([]));

  it('HQ drafts a pack on the console, with bad input named first, and publishes it', async () => {
    const { page } = browser;
    await page.goto(`${running.baseUrl}/?as=region-screen-hq#/packages/hq/index`);
    await page.getByTestId('hq-area').filter({ hasText: '地区会员礼包' }).click();
    await page.getByText('还没有地区礼包').waitFor();

    await page.getByTestId('pack-name').locator('input').fill('港澳会员礼包');
    await page.getByTestId('pack-regions').locator('input').fill('香港、澳门');
    await page.getByTestId('pack-tier').getByText('金卡').click();
    await page.getByTestId('pack-coupons').getByText('港澳金卡满500减80').click();
    await page.getByTestId('pack-multiplier').locator('input').fill('5');
    await page.getByTestId('pack-save').click();
    await page.getByText('积分加倍请填 1 到 3 之间的数字').waitFor();
    await page.getByText('请填写 1 到 6 行权益说明').waitFor();
    expect(sent).toEqual([]); // nothing reached the server

    await page.getByTestId('pack-multiplier').locator('input').fill('1.5');
    await page
      .getByTestId('pack-highlights')
      .locator('textarea')
      .fill('港澳门店消费积分 1.5 倍\n每升一级送满500减80券\n专属客服优先接待');
    await page.getByTestId('pack-save').click();
    const row = page.getByTestId('region-pack-row').filter({ hasText: '港澳会员礼包' });
    await row.filter({ hasText: '草稿' }).waitFor();
    await expect(row.textContent()).resolves.toContain('香港、澳门 · 金卡及以上 · 积分 1.5 倍 · 升级礼券：港澳金卡满500减80');

    await row.getByTestId('pack-publish').click();
    await row.filter({ hasText: '已发布' }).waitFor();
    await page.waitForTimeout(1200);
    await browser.screenshot('hq-region-benefits');

    expect(await running.app.get(RegionPackGrantsService).backfill()).toEqual({ packs: 1, granted: 1 });
    const audit = (await (await hqApi('/api/v1/hq/audit-log')).json()) as { entries: Array<{ action: string }> };
    expect(audit.entries.map((e) => e.action)).toEqual(
      expect.arrayContaining(['POST /api/v1/hq/region-benefits', 'POST /api/v1/hq/region-benefits/:packId/publish']),
    );
  });

  it('a Hong Kong gold member sees the pack on the card, its coupon in the wallet, and HK$ on the statement', async () => {
    const { page } = browser;
    await page.evaluate(() => window.localStorage.clear());
    await page.goto(`${running.baseUrl}/?as=region-screen-hk#/pages/index/index`);
    const pack = page.getByTestId('region-pack');
    await pack.filter({ hasText: '港澳会员礼包' }).waitFor();
    await page.getByText('香港会员专享').waitFor();
    const text = await pack.textContent();
    expect(text).toContain('礼券已发放');
    expect(text).toContain('港澳门店消费积分 1.5 倍');
    expect(text).toContain('专属客服优先接待');
    expect(text).toContain('升级礼券：港澳金卡满500减80');
    await pack.scrollIntoViewIfNeeded();
    await page.waitForTimeout(800);
    await browser.screenshot('member-region-pack');

    await page.goto(`${running.baseUrl}/?as=region-screen-hk#/packages/coupons/index`);
    await page.getByText('港澳金卡满500减80').first().waitFor();
    await page.waitForTimeout(800);
    await browser.screenshot('member-region-pack-coupon');

    await page.goto(`${running.baseUrl}/?as=region-screen-hk#/pages/points/index`);
    const abroad = page.getByTestId('points-entry-abroad');
    await abroad.first().waitFor();
    await expect(abroad.first().textContent()).resolves.toBe('HK$128.00 · 按 1 HKD = 0.9123 元 折算');
    await abroad.first().scrollIntoViewIfNeeded();
    await page.waitForTimeout(800);
    await browser.screenshot('member-points-hkd');
  });
});
