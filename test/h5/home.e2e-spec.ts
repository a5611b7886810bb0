import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { startApp, type RunningApp } from '../support/app';
import { openPhoneBrowser, type PhoneBrowser } from '../support/browser';

const H5_BUILD = resolve(__dirname, '../../miniprogram/dist/h5/index.html');

describe('H5 app: the member home', () => {
  let running: RunningApp;
  let browser: PhoneBrowser;

  beforeAll(async () => {
    if (!existsSync(H5_BUILD)) throw new Error('No H5 build: run "npm run build" before the H5 suite');
    running = await startApp();
    browser = await openPhoneBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await running?.close();
  });

  it("shows the brand's tiers and what each unlocks", async () => {
    const { page } = browser;
    const failures: string[] = [];
    page.on('pageerror', (error) => failures.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') failures.push(message.text());
    });

    await page.goto(`${running.baseUrl}/`);
    await page.getByText('黑钻', { exact: true }).waitFor();

    await expect(page.locator('.tier-ladder__name').allTextContents()).resolves.toEqual(['普通', '银卡', '金卡', '黑钻']);
    await expect(page.getByText('12 个月消费满 ¥8,000').count()).resolves.toBe(1);
    await expect(page.getByText('限量款提前 48 小时购买').count()).resolves.toBe(1);
    await expect(page.locator('.home__brand').textContent()).resolves.toBe('MemberLoop 示例品牌');
    await browser.screenshot('h5-home');
    expect(failures).toEqual([]);
  });

  it('says what to do when the network fails, and recovers on retry', async () => {
    const { page } = browser;
    await page.route('**/api/v1/program', (route) => route.abort('internetdisconnected'));
    await page.goto(`${running.baseUrl}/#/pages/index/index?reload=1`);
    await page.reload();
    await page.getByText('网络连接失败，请检查网络后重试').waitFor();
    await browser.screenshot('h5-home-offline');

    await page.unroute('**/api/v1/program');
    await page.getByText('重试', { exact: true }).click();
    await page.getByText('黑钻', { exact: true }).waitFor();
  });
});
