import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { startApp, type RunningApp } from '../support/app';
import { openPhoneBrowser, type PhoneBrowser } from '../support/browser';

const H5_BUILD = resolve(__dirname, '../../miniprogram/dist/h5/index.html');

describe('H5 shell: a navigation bar and the main entries as a tab bar, as in WeChat', () => {
  let running: RunningApp;
  let browser: PhoneBrowser;
  const failures: string[] = [];

  beforeAll(async () => {
    if (!existsSync(H5_BUILD)) throw new Error('No H5 build: run "npm run build" before the H5 suite');
    running = await startApp();
    browser = await openPhoneBrowser();
    browser.page.on('pageerror', (error) => failures.push(error.message));
  });
  afterAll(async () => {
    await browser?.close();
    await running?.close();
  });

  /** Screenshots after the page's slide-in transition has finished. */
  const settledScreenshot = async (name: string) => {
    await browser.page.waitForFunction(
      // Endless animations (a loading spinner) never settle: only the finite ones, the page transitions, count.
      () => document.getAnimations().every((animation) => animation.effect?.getTiming().iterations === Infinity),
      undefined,
      { timeout: 5_000 },
    );
    await browser.screenshot(name);
  };
  const navigationBar = () => browser.page.locator('#taro-navigation-bar');
  /** Waits until the navigation bar shows exactly this title (it changes as the route does). */
  const titleReads = (text: string) =>
    browser.page.waitForFunction(
      (expected) => document.querySelector('.taro-navigation-bar-title')?.textContent === expected,
      text,
      { timeout: 10_000 },
    );
  const backButton = () => browser.page.locator('.taro-navigation-bar-back');
  const homeButton = () => browser.page.locator('.taro-navigation-bar-home');
  const tabBar = () => browser.page.locator('.taro-tabbar__tabbar');
  const tab = (text: string) => tabBar().locator('.weui-tabbar__item').filter({ hasText: text });

  it('titles the member card, offers the four main entries and no way back from the first page', async () => {
    const { page } = browser;
    await page.goto(`${running.baseUrl}/?as=shell-lin`);
    await page.getByText('升级进度').waitFor();
    await expect(navigationBar().isVisible()).resolves.toBe(true);
    await titleReads('会员中心');
    await expect(backButton().isVisible()).resolves.toBe(false);
    await expect(homeButton().isVisible()).resolves.toBe(false);
    await expect(tabBar().locator('.weui-tabbar__label').allTextContents()).resolves.toEqual(['会员卡', '积分', '兑换', '我的']);
    await expect(tab('会员卡').getAttribute('class')).resolves.toContain('weui-bar__item_on');
    await settledScreenshot('h5-shell-home');

    // Scrolled to its end, the member card's page ends above the tab bar instead of under it.
    await page.mouse.move(195, 400);
    await page.mouse.wheel(0, 10_000);
    await page.waitForTimeout(300);
    const [card, bar] = await Promise.all([page.locator('.page.home').boundingBox(), tabBar().boundingBox()]);
    expect(card!.y + card!.height).toBeLessThanOrEqual(bar!.y + 1);
    await settledScreenshot('h5-shell-home-end');
  });

  it('opens a subpage with its own title and a back button, without the tab bar, and goes back', async () => {
    const { page } = browser;
    await page.getByText('优惠券', { exact: true }).first().click();
    await titleReads('我的优惠券');
    await backButton().waitFor({ state: 'visible' });
    await expect(homeButton().isVisible()).resolves.toBe(false);
    await expect(tabBar().isVisible()).resolves.toBe(false);
    await settledScreenshot('h5-shell-subpage');

    await backButton().click();
    await page.getByText('升级进度').waitFor();
    await titleReads('会员中心');
    await expect(tabBar().isVisible()).resolves.toBe(true);
  });

  it('switches between the main entries with the tab bar', async () => {
    const { page } = browser;
    await tab('积分').click();
    await titleReads('我的积分');
    await page.getByText('立即签到', { exact: true }).waitFor();
    await expect(tab('积分').getAttribute('class')).resolves.toContain('weui-bar__item_on');
    await expect(backButton().isVisible()).resolves.toBe(false);
    await settledScreenshot('h5-shell-points');

    await tab('兑换').click();
    await titleReads('积分兑换');
    await tab('我的').click();
    await titleReads('我的资料');
    await tab('会员卡').click();
    await titleReads('会员中心');
    await page.getByText('升级进度').waitFor();
  });

  it('offers home on a subpage opened directly from a link, where there is nothing to go back to', async () => {
    const { page } = browser;
    await page.goto(`${running.baseUrl}/?as=shell-lin#/packages/group-buy/index`);
    await titleReads('拼团');
    await homeButton().waitFor({ state: 'visible' });
    await expect(backButton().isVisible()).resolves.toBe(false);
    await homeButton().click();
    await page.getByText('升级进度').waitFor();
    await titleReads('会员中心');
    expect(failures).toEqual([]);
  });
});
