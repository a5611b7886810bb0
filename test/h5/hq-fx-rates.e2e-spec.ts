import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { brandDay, brandDateTimeText, startOfBrandDay } from '@memberloop/shared';
import { startApp, type RunningApp } from '../support/app';
import { openPhoneBrowser, type PhoneBrowser } from '../support/browser';
import { authorized, loginAsStaff } from '../support/sessions';

const H5_BUILD = resolve(__dirname, '../../miniprogram/dist/h5/index.html');

/**
 * HQ keeps the exchange-rate table for purchases abroad in the H5 console, on a phone whose clock is in New York:
 * a bad currency or rate is named before anything is sent, a rate saved from the screen starts at 00:00 Beijing of
 * the chosen day and reads in Beijing time, and a different rate for a moment already used is refused in Chinese.
 */
describe('H5 app: HQ exchange rates', () => {
  let running: RunningApp;
  let browser: PhoneBrowser;
  let hqApi: ReturnType<typeof authorized>;
  const failures: string[] = [];
  const sent: string[] = [];

  beforeAll(async () => {
    if (!existsSync(H5_BUILD)) throw new Error('No H5 build: run "npm run build:h5 -w miniprogram" before the H5 suite');
    running = await startApp();
    hqApi = authorized(running, (await loginAsStaff(running, 'fx-screen-hq', 'hq')).accessToken);
    browser = await openPhoneBrowser({ timezoneId: 'America/New_York' });
    browser.page.on('pageerror', (error) => failures.push(error.message));
    browser.page.on('request', (request) => {
      if (request.url().includes('/api/v1/hq/fx-rates') && request.method() === 'POST') sent.push(request.postData() ?? '');
    });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await running?.close();
  });
  afterEach(() => expect(failures).toEqual([]));

  it('adds a rate from the console, names bad input first, and refuses rewriting a used one', async () => {
    const { page } = browser;
    await page.goto(`${running.baseUrl}/?as=fx-screen-hq#/packages/hq/index`);
    await page.getByTestId('hq-area').filter({ hasText: '境外消费汇率' }).click();
    await page.getByText('还没有汇率').waitFor();

    await page.getByTestId('fx-currency').locator('input').fill('cny');
    await page.getByTestId('fx-rate').locator('input').fill('0.9213');
    await page.getByTestId('fx-save').click();
    await page.getByText('币种请填 3 个大写字母的国际代码').waitFor();
    await page.getByTestId('fx-currency').locator('input').fill('hkd');
    await page.getByTestId('fx-rate').locator('input').fill('0.12345678');
    await page.getByTestId('fx-save').click();
    await page.getByText('汇率请填大于 0 的数字，最多 6 位小数').waitFor();
    expect(sent).toEqual([]); // nothing reached the server

    await page.getByTestId('fx-rate').locator('input').fill('0.9213');
    await page.getByTestId('fx-save').click();
    const row = page.getByTestId('fx-row').filter({ hasText: '1 HKD = 0.9213 元' });
    await row.waitFor();
    const today = brandDay(Date.now(), 'Asia/Shanghai');
    const validFrom = startOfBrandDay(today, 'Asia/Shanghai').toISOString();
    const table = (await (await hqApi('/api/v1/hq/fx-rates')).json()) as { rates: unknown[] };
    expect(table.rates).toEqual([{ currency: 'HKD', rate: '0.9213', validFrom, source: 'hq' }]);
    await expect(row.textContent()).resolves.toContain(`${brandDateTimeText(validFrom, 'Asia/Shanghai')} 起 · 总部录入`);

    await page.getByTestId('fx-currency').locator('input').fill('HKD');
    await page.getByTestId('fx-rate').locator('input').fill('0.95');
    await page.getByTestId('fx-save').click();
    await page.getByText('该币种在这个生效时间已有不同的汇率').waitFor();
    await page.waitForTimeout(1200);
    await browser.screenshot('hq-fx-rates');
    expect(((await (await hqApi('/api/v1/hq/fx-rates')).json()) as { rates: unknown[] }).rates).toHaveLength(1);
  });
});
