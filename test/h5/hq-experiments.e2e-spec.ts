import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { brandDateTimeText, type ExperimentView } from '@memberloop/shared';
import { ProfileRecomputeService } from '../../server/src/analytics/profile-recompute.service';
import { assignArm } from '../../server/src/campaign-experiments/domain/assignment';
import { IntegrationsService } from '../../server/src/integrations/integrations.service';
import { MembersService } from '../../server/src/members/members.service';
import { startApp, timeOf, type RunningApp } from '../support/app';
import { openPhoneBrowser, type PhoneBrowser } from '../support/browser';
import { authorized, loginAs, loginAsStaff } from '../support/sessions';
import { signedPost } from '../support/signed-request';

const H5_BUILD = resolve(__dirname, '../../miniprogram/dist/h5/index.html');
const DAY = 86_400_000;

/**
 * HQ designs an A/B test on its console in the H5 build (a phone in New York): sizes that do not add up to 100 are
 * named in Chinese before anything is sent; the saved test starts, reads its window in Beijing time, shows per-arm
 * results with their 95 % intervals and "不显著" until the window has closed, then the chosen variant is promoted.
 */
describe('H5 app: HQ A/B-tested campaigns', () => {
  let running: RunningApp;
  let browser: PhoneBrowser;
  let hqApi: ReturnType<typeof authorized>;
  const failures: string[] = [];
  const memberIds: string[] = [];
  let pos: Awaited<ReturnType<IntegrationsService['register']>>;
  const buy = (i: number, orderId: string, totalFen: number) =>
    signedPost(
      running.baseUrl,
      '/api/v1/purchases',
      {
        orderId,
        member: { phone: String(13_900_000_700 + i) },
        channel: 'store',
        storeCode: 'SH01',
        paidAt: new Date().toISOString(),
        lines: [{ sku: 'SK', category: '护肤', quantity: 1, unitPriceFen: totalFen }],
        totalFen,
      },
      pos,
    );

  async function shot(name: string) {
    await browser.page.waitForTimeout(1600);
    await browser.screenshot(name);
  }

  beforeAll(async () => {
    if (!existsSync(H5_BUILD)) throw new Error('No H5 build: run "npm run build:h5 -w miniprogram" before the H5 suite');
    running = await startApp();
    hqApi = authorized(running, (await loginAsStaff(running, 'experiments-screen-hq', 'hq')).accessToken);
    pos = await running.app.get(IntegrationsService).register('experiments-pos', 'Experiments POS');
    // Enough members that control and each variant get at least two (an interval needs two) whatever the random
    // ids: with 12, a 20 % control had fewer than two about one run in four.
    for (let i = 0; i < 40; i++) {
      const session = await loginAs(running, `experiments-member-${i}`);
      const phone = String(13_900_000_700 + i);
      await running.app.get(MembersService).attachPhone(session.member.id, phone);
      await authorized(running, session.accessToken)('/api/v1/me/consents', { method: 'PUT', body: { marketing: true } });
      memberIds.push(session.member.id);
      await buy(i, `EXP-H5-${i}`, 8_000);
    }
    await running.app.get(ProfileRecomputeService).recomputeAll();
    const template = await hqApi('/api/v1/hq/coupon-templates', {
      body: {
        name: '回购20元券',
        benefit: { kind: 'fixed', amountFen: 2_000 },
        validity: { type: 'afterClaim', days: 30 },
        totalStock: 100,
        claimable: false,
      },
    });
    expect(template.status).toBe(201);
    browser = await openPhoneBrowser({ timezoneId: 'America/New_York' });
    browser.page.on('pageerror', (error) => failures.push(error.message));
  }, 180_000);
  afterAll(async () => {
    timeOf(running)?.reset();
    await browser?.close();
    await running?.close();
  });
  afterEach(() => expect(failures).toEqual([]));

  const experiments = async () =>
    ((await (await hqApi('/api/v1/hq/campaign-experiments')).json()) as { experiments: ExperimentView[] }).experiments;

  it('designs a test from the HQ console, naming sizes that do not add up before sending, and starts it', async () => {
    const { page } = browser;
    await page.goto(`${running.baseUrl}/?as=experiments-screen-hq#/packages/hq/index`);
    await page.getByTestId('hq-area').filter({ hasText: '营销 A/B 实验' }).click();
    await page.getByText('还没有实验').waitFor();

    await page.getByTestId('exp-name').locator('input').fill('回购券 vs 积分');
    await page.getByTestId('exp-stage').filter({ hasText: '新客首购' }).click();
    const [a, b] = [page.getByTestId('exp-variant').nth(0), page.getByTestId('exp-variant').nth(1)];
    await a.getByTestId('exp-variant-name').locator('input').fill('20元券');
    await a.getByTestId('exp-variant-template').filter({ hasText: '回购20元券' }).click();
    await a.getByTestId('exp-variant-message').locator('input').fill('送你一张20元回购券');
    await b.getByTestId('exp-variant-name').locator('input').fill('200积分');
    await b.getByTestId('exp-variant-kind').filter({ hasText: '积分' }).click();
    await b.getByTestId('exp-variant-points').locator('input').fill('200');
    await b.getByTestId('exp-variant-message').locator('input').fill('送你200积分');
    await page.getByTestId('exp-control').locator('input').fill('30');
    await expect(page.getByTestId('exp-total').textContent()).resolves.toBe('合计 110%');
    await page.getByTestId('exp-save').click();
    await page.getByText('各方案与对照组占比合计须为 100%，现在是 110%').waitFor();
    expect(await experiments()).toHaveLength(0);

    await page.getByTestId('exp-control').locator('input').fill('20');
    await page.getByTestId('exp-save').click();
    const row = page.getByTestId('exp-row').filter({ hasText: '回购券 vs 积分' });
    await row.waitFor();
    await expect(row.getByTestId('exp-status').textContent()).resolves.toBe('草稿');
    const [saved] = await experiments();
    expect(saved).toMatchObject({
      audience: { stages: ['new-one-time'] },
      controlPercent: 20,
      variants: [
        { key: 'A', name: '20元券', percent: 40, reward: { kind: 'coupon' } },
        { key: 'B', name: '200积分', percent: 40, reward: { kind: 'points', points: 200 } },
      ],
    });
    await shot('h5-hq-experiments-draft');

    await row.getByTestId('exp-start').click();
    await row.getByTestId('exp-status').filter({ hasText: '进行中' }).waitFor();
    const [started] = await experiments();
    await expect(row.getByTestId('exp-window').textContent()).resolves.toBe(
      `观察期 ${brandDateTimeText(started.startedAt!, 'Asia/Shanghai')} 至 ${brandDateTimeText(started.windowEndsAt!, 'Asia/Shanghai')}（北京时间）`,
    );
    // Variant A's members come back and buy in the window; control's do not.
    const arms = [
      { arm: 'control', percent: 20 },
      { arm: 'A', percent: 40 },
      { arm: 'B', percent: 40 },
    ];
    for (const [i, id] of memberIds.entries())
      if (assignArm(started.id, id, arms) === 'A') expect((await buy(i, `EXP-H5-A-${i}`, 30_000)).status).toBeLessThan(300);
    await row.getByTestId('exp-open').click();
    await page.getByTestId('exp-window-open').waitFor();
    await expect(page.getByTestId('exp-arm').count()).resolves.toBe(3);
    await expect(page.getByTestId('exp-best').textContent()).resolves.toBe('推荐胜出：方案 A');
    await page.getByTestId('exp-small-sample').waitFor();
    await expect(page.getByTestId('exp-promote').count()).resolves.toBe(0);
    await page.getByTestId('exp-arm').last().scrollIntoViewIfNeeded();
    await shot('h5-hq-experiments-running');
  });

  it('after the window, shows the intervals and promotes the chosen variant once', async () => {
    const { page } = browser;
    timeOf(running).advance(15 * DAY);
    // Tokens signed before have expired on the app's clock: sign in again.
    hqApi = authorized(running, (await loginAsStaff(running, 'experiments-screen-hq', 'hq')).accessToken);
    await page.goto(`${running.baseUrl}/?as=experiments-screen-hq#/packages/hq/experiments`);
    const row = page.getByTestId('exp-row').filter({ hasText: '回购券 vs 积分' });
    await row.getByTestId('exp-open').click();
    await page.getByTestId('exp-promote').first().waitFor();
    await expect(page.getByTestId('exp-window-open').count()).resolves.toBe(0);
    const lift = page.getByTestId('exp-revenue-lift').first();
    await expect(lift.textContent()).resolves.toMatch(/^人均消费比对照组 .+（95% 区间 .+ ~ .+，(不显著|显著)）$/);
    await page.getByTestId('exp-promote').last().scrollIntoViewIfNeeded();
    await shot('h5-hq-experiments-results');
    await page.getByTestId('exp-target').filter({ hasText: '对照组' }).click();
    await page.getByTestId('exp-promote').filter({ hasText: '推广方案 A' }).click();
    await page.getByTestId('exp-promoted').waitFor();
    await expect(page.getByTestId('exp-promoted').textContent()).resolves.toMatch(/^已把方案 A 推广给对照组，发出 \d+ 份$/);
    const [promoted] = await experiments();
    expect(promoted).toMatchObject({ status: 'promoted', promotion: { variant: 'A', target: 'control', finished: true } });
    await expect(page.getByTestId('exp-promote').count()).resolves.toBe(0);
    await page.getByTestId('exp-promoted').scrollIntoViewIfNeeded();
    await shot('h5-hq-experiments-promoted');
  });
});
