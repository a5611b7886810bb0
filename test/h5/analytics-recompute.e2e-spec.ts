import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { AnalyticsRecomputeView, brandDateTimeText } from '@memberloop/shared';
import { getModelToken } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { z } from 'zod';
import { ProfileRecomputeService } from '../../server/src/analytics/profile-recompute.service';
import { Member } from '../../server/src/members/schemas/member.schema';
import { startApp, type RunningApp } from '../support/app';
import { openPhoneBrowser, type PhoneBrowser } from '../support/browser';
import { authorized, loginAs, loginAsStaff } from '../support/sessions';

const H5_BUILD = resolve(__dirname, '../../miniprogram/dist/h5/index.html');
const Latest = z.object({ run: AnalyticsRecomputeView.nullable() });

/**
 * HQ opens 数据看板 from the console, taps 重新计算 and watches the bar and "已处理 N / M 位会员" until the run is
 * done; the page then says when its figures were computed, in Beijing time on a phone set to New York. The CSV
 * export says it is preparing the file and cannot be tapped twice. A manager sees the line but no 重新计算.
 */
describe('H5 app: HQ recomputes the analytics from the dashboard', () => {
  let running: RunningApp;
  let browser: PhoneBrowser;
  let hqApi: ReturnType<typeof authorized>;
  const failures: string[] = [];
  /** Lets a held recompute go on (also after a failed test, so the app can close). */
  let release = () => {};

  async function shot(name: string) {
    await browser.page.waitForTimeout(1200);
    await browser.screenshot(name);
  }

  beforeAll(async () => {
    if (!existsSync(H5_BUILD)) throw new Error('No H5 build: run "npm run build:h5 -w miniprogram" before the H5 suite');
    running = await startApp();
    hqApi = authorized(running, (await loginAsStaff(running, 'recompute-h5-hq', 'hq')).accessToken);
    await loginAsStaff(running, 'recompute-h5-sh', 'manager', { storeIds: ['SH01'] });
    for (let i = 0; i < 6; i++) await loginAs(running, `recompute-h5-member-${i}`);
    browser = await openPhoneBrowser({ timezoneId: 'America/New_York' });
    browser.page.on('pageerror', (error) => failures.push(error.message));
  }, 120_000);
  afterAll(async () => {
    release();
    jest.restoreAllMocks();
    await browser?.close();
    await running?.close();
  }, 120_000);
  afterEach(() => expect(failures).toEqual([]));

  it('HQ taps 重新计算, sees the progress, then when the figures were computed', async () => {
    const { page } = browser;
    const members = await running.app.get<Model<Member>>(getModelToken(Member.name)).countDocuments({ status: 'active' });
    // The run is held after its first progress report, so the bar can be seen; then it does the real work.
    const profiles = running.app.get(ProfileRecomputeService);
    const original = profiles.recomputeAll.bind(profiles);
    const held = new Promise<void>((done) => (release = done));
    jest.spyOn(profiles, 'recomputeAll').mockImplementation(async (asOf, onProgress) => {
      await onProgress?.({ phase: 'profiles', processed: 3, total: members }, false);
      await held;
      return original(asOf, onProgress);
    });

    await page.goto(`${running.baseUrl}/?as=recompute-h5-hq#/packages/hq/index`);
    await page.getByTestId('hq-area').filter({ hasText: '会员等级、生命周期' }).click();
    const asOf = page.getByTestId('dashboard-as-of');
    await asOf.waitFor();
    await expect(asOf.textContent()).resolves.toBe('分层数据每日凌晨计算，尚未生成');

    await page.getByTestId('recompute-button').click();
    const progress = page.getByTestId('recompute-progress');
    await progress.getByText(`已处理 3 / ${members} 位会员`).waitFor();
    await expect(progress.textContent()).resolves.toContain('第 1 步 / 共 2 步：计算会员分层');
    await expect(page.getByTestId('recompute-button').getAttribute('disabled')).resolves.not.toBeNull();
    await expect(page.getByTestId('recompute-button').textContent()).resolves.toBe('计算中…');
    await shot('h5-analytics-recompute-progress');

    release();
    await page.getByText(/^数据更新于 .+（北京时间）$/).waitFor({ timeout: 15_000 });
    await progress.waitFor({ state: 'detached' });
    const run = Latest.parse(await (await hqApi('/api/v1/hq/analytics/recomputes/latest')).json()).run;
    expect(run).toMatchObject({ status: 'done', processed: members, total: members });
    const today = new Date().toISOString().slice(0, 10);
    const dashboard = (await (await hqApi(`/api/v1/staff/analytics/dashboard?from=${today}&to=${today}`)).json()) as {
      asOf: string;
    };
    // Beijing time, though the phone is in New York.
    await expect(asOf.textContent()).resolves.toBe(
      `数据更新于 ${brandDateTimeText(dashboard.asOf, 'Asia/Shanghai')}（北京时间）`,
    );
    await expect(page.getByTestId('recompute-button').textContent()).resolves.toBe('重新计算');
    await shot('h5-analytics-recompute-done');
  });

  it('the CSV export says it is preparing the file and cannot be tapped twice', async () => {
    const { page } = browser;
    let requests = 0;
    const held = new Promise<void>((done) => (release = done));
    await page.route('**/api/v1/staff/analytics/dashboard.csv*', async (route) => {
      requests += 1;
      await held;
      await route.continue();
    });
    const button = page.getByTestId('dashboard-export');
    await button.click();
    await expect(button.textContent()).resolves.toBe('正在准备文件…');
    await expect(button.getAttribute('disabled')).resolves.not.toBeNull();
    await button.click({ force: true });
    await shot('h5-analytics-export-preparing');
    const download = page.waitForEvent('download');
    release();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^数据看板-\d{4}-\d{2}-\d{2}至\d{4}-\d{2}-\d{2}\.csv$/);
    await page.getByText('导出 CSV', { exact: true }).waitFor();
    expect(requests).toBe(1);
    await page.unroute('**/api/v1/staff/analytics/dashboard.csv*');
  });

  it('a manager sees when the figures were computed, but no 重新计算', async () => {
    // A phone of their own: signed in as the manager only.
    await browser.close();
    browser = await openPhoneBrowser({ timezoneId: 'America/New_York' });
    browser.page.on('pageerror', (error) => failures.push(error.message));
    const { page } = browser;
    await page.goto(`${running.baseUrl}/?as=recompute-h5-sh#/packages/manager/dashboard`);
    await page.getByText(/^数据更新于 .+（北京时间）$/).waitFor();
    await page.getByTestId('dashboard-export').waitFor();
    await expect(page.getByTestId('recompute-button').count()).resolves.toBe(0);
    await shot('h5-analytics-recompute-manager');
  });
});
