import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { IntegrationsService } from '../../server/src/integrations/integrations.service';
import { MembersService } from '../../server/src/members/members.service';
import { startApp, type RunningApp } from '../support/app';
import { openPhoneBrowser, type PhoneBrowser } from '../support/browser';
import { authorized, loginAsStaff } from '../support/sessions';
import { signedPost } from '../support/signed-request';

const H5_BUILD = resolve(__dirname, '../../miniprogram/dist/h5/index.html');

describe('H5 app: a member walks through the loyalty core', () => {
  let running: RunningApp;
  let browser: PhoneBrowser;
  const failures: string[] = [];

  beforeAll(async () => {
    if (!existsSync(H5_BUILD)) throw new Error('No H5 build: run "npm run build" before the H5 suite');
    running = await startApp();
    browser = await openPhoneBrowser();
    browser.page.on('pageerror', (error) => failures.push(error.message));

    // HQ offers a gift and a coupon; the member "h5-lin" (as the WeChat fake names her) signs in and shops below.
    const hq = authorized(running, (await loginAsStaff(running, 'h5-hq', 'hq')).accessToken);
    await hq('/api/v1/hq/gifts', {
      body: { name: '旅行装精华 15ml', description: '明星精华小样', pointsCost: 300, stock: 20, perMemberLimit: 1 },
    });
    const coupon = await hq('/api/v1/hq/coupon-templates', {
      body: {
        name: '满199减20',
        benefit: { kind: 'threshold', thresholdFen: 19_900, amountFen: 2_000 },
        validity: { type: 'afterClaim', days: 30 },
        totalStock: 100,
      },
    });
    expect(coupon.status).toBe(201);
  });
  afterAll(async () => {
    await browser?.close();
    await running?.close();
  });

  async function givePurchases(memberId: string) {
    await running.app.get(MembersService).attachPhone(memberId, '13912345678');
    const pos = await running.app.get(IntegrationsService).register('h5-pos', 'H5 POS');
    for (const [orderId, fen] of [
      ['H5-1', 268_000],
      ['H5-2', 52_000],
    ] as const) {
      await signedPost(
        running.baseUrl,
        '/api/v1/purchases',
        {
          orderId,
          member: { phone: '13912345678' },
          storeCode: 'SH01',
          channel: 'store',
          paidAt: new Date().toISOString(),
          lines: [{ sku: 'SK-1', category: '护肤', quantity: 1, unitPriceFen: fen }],
          totalFen: fen,
        },
        pos,
      );
    }
  }

  it('signs in on launch and shows the member card, tier progress and points', async () => {
    const { page } = browser;
    await page.goto(`${running.baseUrl}/?as=h5-lin`);
    await page.locator('.home__tier-badge').waitFor();
    await expect(page.locator('.home__tier-badge').textContent()).resolves.toBe('普通');
    // No nickname yet: a warm welcome by the time of day, and the way to set one; never 尊敬的会员.
    await expect(page.getByTestId('greeting').textContent()).resolves.toMatch(/^(早上好|中午好|下午好|晚上好)，欢迎回来$/);
    await page.getByTestId('set-nickname').waitFor();
    await expect(page.locator('.page').first().textContent()).resolves.not.toContain('尊敬的会员');

    // Purchases arrive from the store; the card shows them after a refresh.
    const memberNo = (await page.locator('.home__member-no').textContent())!.replace('会员号 ', '');
    const member = await running.app.get(MembersService).resolve({ memberNo });
    await givePurchases(member!._id.toHexString());
    await page.reload();
    await page.locator('.home__tier-badge').getByText('金卡').waitFor();
    // ¥2,680 at 普通 (×1) = 2,680, which reached 银卡; ¥520 at 银卡 (×1.2) = 624, which reached 金卡.
    await expect(page.getByTestId('points-balance').textContent()).resolves.toBe('3304');
    await expect(page.locator('.tier-progress__hint').textContent()).resolves.toContain('即可升级黑钻');
    await expect(page.locator('.tier-ladder__name').allTextContents()).resolves.toEqual(['普通', '银卡', '金卡', '黑钻']);
    await browser.screenshot('h5-home');
  });

  it('signs in for the day once, and shows the streak and statement', async () => {
    const { page } = browser;
    await page.getByText('签到与积分', { exact: true }).first().click();
    const button = page.getByTestId('sign-in');
    await button.getByText('立即签到', { exact: true }).waitFor();
    // A slow network: the button is disabled (and says so) while the sign-in runs, and a second tap sends nothing.
    const signIns: string[] = [];
    await page.route('**/api/v1/me/sign-in', async (route) => {
      if (route.request().method() !== 'POST') return route.continue();
      signIns.push(route.request().method());
      await new Promise((done) => setTimeout(done, 1500));
      await route.continue();
    });
    await button.click();
    await expect(button.getAttribute('disabled')).resolves.not.toBeNull();
    await button.getByText('签到中…').waitFor();
    await browser.screenshot('h5-points-signing-in');
    await button.click({ force: true });
    await page.getByText('今日已签到', { exact: true }).waitFor();
    await page.unroute('**/api/v1/me/sign-in');
    expect(signIns).toEqual(['POST']);
    await expect(page.getByText('今天已经签到过了').count()).resolves.toBe(0);
    await page.getByText('已连续签到 1 天').waitFor();
    await expect(page.locator('.points__entry-reason').first().textContent()).resolves.toContain('签到');
    await expect(page.getByText('本月消费满 3 次').count()).resolves.toBe(1);
    await browser.screenshot('h5-points');
  });

  it('redeems a gift for points, and cannot redeem past its limit', async () => {
    const { page } = browser;
    await page.goto(`${running.baseUrl}/?as=h5-lin#/pages/gifts/index`);
    const gift = page.getByTestId('gift').filter({ hasText: '旅行装精华 15ml' });
    await gift.waitFor();
    const spendable = async () => Number((await page.locator('.gifts__spendable').textContent())!.replace(/\D/g, ''));
    const before = await spendable();
    expect(before).toBeGreaterThan(3304); // the purchases and today's sign-in
    const redeems: string[] = [];
    await page.route('**/api/v1/gifts/*/redeem', async (route) => {
      redeems.push(route.request().method());
      await new Promise((done) => setTimeout(done, 1500));
      await route.continue();
    });
    const button = gift.locator('.primary-button');
    await button.click();
    await page.getByText('确定', { exact: true }).click();
    // While the redemption runs the button is disabled: a second tap asks nothing and sends nothing.
    await expect(button.getAttribute('disabled')).resolves.not.toBeNull();
    await button.click({ force: true });
    await gift.getByText('已达上限').waitFor();
    await page.unroute('**/api/v1/gifts/*/redeem');
    expect(redeems).toEqual(['POST']);
    expect(await spendable()).toBe(before - 300);
    await browser.screenshot('h5-gifts');
  });

  it('claims a coupon and shows its QR code for the till', async () => {
    const { page } = browser;
    await page.goto(`${running.baseUrl}/?as=h5-lin#/packages/coupons/index`);
    const offer = page.getByTestId('claimable').filter({ hasText: '满199减20' });
    await offer.getByText('领取', { exact: true }).click();
    await offer.getByText('已领取', { exact: true }).waitFor();
    const coupon = page.getByTestId('coupon').filter({ hasText: '满199减20' });
    await expect(coupon.locator('.coupon__figure').textContent()).resolves.toBe('¥20');
    await coupon.click();
    await page.getByTestId('coupon-qr').locator('.qr-code__dark').first().waitFor();
    await page.getByText(/二维码每分钟自动刷新/).waitFor();
    await browser.screenshot('h5-coupon-qr');
  });

  it('puts the QR code away once the till has taken the coupon', async () => {
    const { page } = browser;
    await page.goto(`${running.baseUrl}/?as=h5-lin#/packages/coupons/index`);
    const coupon = page.getByTestId('coupon').filter({ hasText: '满199减20' });
    const issued = page.waitForResponse((response) => /\/api\/v1\/me\/coupons\/\w+\/token$/.test(response.url()));
    await coupon.click();
    const { token } = (await (await issued).json()) as { token: string };
    await page.getByTestId('coupon-qr').locator('.qr-code__dark').first().waitFor();
    const till = await running.app.get(IntegrationsService).register('h5-till', 'H5 till');
    const redeemed = await signedPost(
      running.baseUrl,
      '/api/v1/coupons/redeem',
      { token, orderId: 'H5-COUPON-1', orderTotalFen: 25_000, channel: 'store' },
      till,
    );
    expect(redeemed.status).toBe(200);
    // The wallet looks while the code is up: the code goes, 已核销 shows, the coupon leaves 可使用.
    await page.getByText('已核销').waitFor();
    await page.getByTestId('coupon-qr').waitFor({ state: 'detached' });
    await expect(page.getByTestId('coupon').filter({ hasText: '满199减20' }).count()).resolves.toBe(0);
  });

  it('keeps the profile and consents', async () => {
    const { page } = browser;
    await page.goto(`${running.baseUrl}/?as=h5-lin#/pages/me/index`);
    await page.getByText('138****').or(page.getByText('139****5678')).first().waitFor();
    const nickname = page.getByTestId('nickname').locator('input');
    await nickname.fill('林小满');
    await page.getByText('保存资料', { exact: true }).click();
    await page.getByText('已保存').waitFor();
    await browser.screenshot('h5-me');
    // A city the server would refuse is named in Chinese before anything is sent, and its button stays disabled.
    const city = page.getByTestId('city').locator('input');
    await city.fill('   ');
    await page.getByTestId('city-problem').getByText('城市请填写 1 到 20 个字').waitFor();
    await expect(page.getByTestId('save-city').getAttribute('disabled')).resolves.not.toBeNull();
    await city.fill('杭州');
    await expect(page.getByTestId('city-problem').count()).resolves.toBe(0);
    const saved = page.waitForResponse(
      (response) => response.url().endsWith('/api/v1/me/profile') && response.request().method() === 'PATCH',
    );
    await page.getByTestId('save-city').click();
    expect((await saved).status()).toBe(200);
    await page.reload();
    await page.getByTestId('city').locator('input').waitFor();
    await expect(page.getByTestId('city').locator('input').inputValue()).resolves.toBe('杭州');
    await page.goto(`${running.baseUrl}/?as=h5-lin#/pages/index/index`);
    await page.locator('.home__name').getByText('林小满').waitFor();
    await expect(page.getByTestId('greeting').textContent()).resolves.toMatch(/^(早上好|中午好|下午好|晚上好)，林小满$/);
    await expect(page.getByTestId('set-nickname').count()).resolves.toBe(0);
    expect(failures).toEqual([]);
  });

  it('says what to do when the network fails, and recovers on retry', async () => {
    const { page } = browser;
    await page.route('**/api/v1/me/home', (route) => route.abort('internetdisconnected'));
    await page.reload();
    await page.getByText('网络连接失败，请检查网络后重试').waitFor();
    await browser.screenshot('h5-home-offline');
    await page.unroute('**/api/v1/me/home');
    await page.getByText('重试', { exact: true }).click();
    await page.locator('.home__tier-badge').waitFor();
  });

  it('deletes the account from the profile page, and a fresh account starts on the next launch', async () => {
    const { page } = browser;
    await page.goto(`${running.baseUrl}/?as=h5-lin#/pages/me/index`);
    const before = await page.locator('.me__value').first().textContent();
    await page.getByText('注销账户', { exact: true }).click();
    await page.getByText('确定注销', { exact: true }).click();
    await page.locator('.home__tier-badge').getByText('普通').waitFor();
    await expect(page.getByTestId('points-balance').textContent()).resolves.toBe('0');
    await page.goto(`${running.baseUrl}/?as=h5-lin#/pages/me/index`);
    await page.locator('.me__value').first().waitFor();
    expect(await page.locator('.me__value').first().textContent()).not.toBe(before);
    expect(failures).toEqual([]);
  });
});
