import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { brandLastDay, CouponTemplateView, PaidMembershipPaymentResult, PaidPlanList } from '@memberloop/shared';
import { IntegrationsService } from '../../server/src/integrations/integrations.service';
import { startApp, type RunningApp } from '../support/app';
import { openPhoneBrowser, type PhoneBrowser } from '../support/browser';
import { authorized, loginAs, loginAsStaff } from '../support/sessions';
import { signedPost } from '../support/signed-request';

const H5_BUILD = resolve(__dirname, '../../miniprogram/dist/h5/index.html');

/**
 * Paid membership in the H5 build: HQ adds a plan from the console (bad input named before anything is sent), a
 * member who paid sees the plan and its expiry (Beijing time, on a phone in New York) on the card and the plan's
 * benefits in Chinese on the paid membership page.
 */
describe('H5 app: paid membership (付费会员)', () => {
  let running: RunningApp;
  let browser: PhoneBrowser;
  let hqApi: ReturnType<typeof authorized>;
  const failures: string[] = [];
  const sent: string[] = [];

  beforeAll(async () => {
    if (!existsSync(H5_BUILD)) throw new Error('No H5 build: run "npm run build:h5 -w miniprogram" before the H5 suite');
    running = await startApp();
    hqApi = authorized(running, (await loginAsStaff(running, 'paid-screen-hq', 'hq')).accessToken);
    const template = await hqApi('/api/v1/hq/coupon-templates', {
      body: {
        name: '会员月度 20 元券',
        benefit: { kind: 'fixed', amountFen: 2_000 },
        validity: { type: 'afterClaim', days: 30 },
        totalStock: 1_000,
        perMemberLimit: 50,
      },
    });
    CouponTemplateView.parse(await template.json());
    browser = await openPhoneBrowser({ timezoneId: 'America/New_York' });
    browser.page.on('pageerror', (error) => failures.push(error.message));
    browser.page.on('request', (request) => {
      if (request.url().includes('/api/v1/hq/paid-plans') && request.method() === 'POST') sent.push(request.postData() ?? '');
    });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await running?.close();
  });
  afterEach(() => expect(failures).toEqual([]));

  it('HQ adds a plan from the console, with bad input named first', async () => {
    const { page } = browser;
    await page.goto(`${running.baseUrl}/?as=paid-screen-hq#/packages/hq/index`);
    await page.getByTestId('hq-area').filter({ hasText: '付费会员方案' }).click();
    await page.getByText('还没有付费会员方案').waitFor();

    await page.getByTestId('plan-name').locator('input').fill('黑卡年卡');
    await page.getByTestId('plan-price').locator('input').fill('199');
    await page.getByTestId('plan-multiplier').locator('input').fill('5');
    await page.getByTestId('plan-pack-count').first().locator('input').fill('2');
    await page.getByTestId('plan-free-delivery').getByText('有').click();
    await page.getByTestId('plan-save').click();
    await page.getByText('积分加倍为 1 到 3 之间的数').waitFor();
    expect(sent).toEqual([]);

    await page.getByTestId('plan-multiplier').locator('input').fill('1.5');
    await page.getByTestId('plan-save').click();
    await page.getByTestId('paid-plan').filter({ hasText: '¥199.00 / 年卡 · 积分 1.5 倍 · 包邮 · 每月 2 张券' }).waitFor();
    await page.waitForTimeout(1200);
    await browser.screenshot('hq-paid-plans');
    const { plans } = PaidPlanList.parse(await (await hqApi('/api/v1/hq/paid-plans')).json());
    expect(plans).toMatchObject([
      { name: '黑卡年卡', priceFen: 19_900, term: 'annual', benefits: { pointsMultiplier: 1.5, freeDelivery: true } },
    ]);
    const audit = (await (await hqApi('/api/v1/hq/audit-log?action=paid-plan.create')).json()) as { entries: unknown[] };
    expect(audit.entries).toHaveLength(1);
  });

  it('a member who paid sees the plan and its Beijing expiry on the card, and the benefits in Chinese', async () => {
    const { page } = browser;
    const member = await loginAs(running, 'paid-screen-member');
    const { plans } = PaidPlanList.parse(await (await hqApi('/api/v1/hq/paid-plans')).json());
    const pay = await running.app.get(IntegrationsService).register('paid-screen-pay', 'Pay bridge');
    const paid = await signedPost(
      running.baseUrl,
      '/api/v1/paid-membership/payments',
      {
        paymentId: 'WX-SCREEN-1',
        member: { memberId: member.member.id },
        planId: plans[0].id,
        amountFen: 19_900,
        paidAt: new Date().toISOString(),
      },
      pay,
    );
    const result = PaidMembershipPaymentResult.parse(await paid.json());
    const lastDay = brandLastDay(result.termEndsAt, 'Asia/Shanghai');

    // The same browser, another person: HQ's session goes first.
    await page.evaluate(() => window.localStorage.clear());
    await page.goto(`${running.baseUrl}/?as=paid-screen-member#/pages/index/index`);
    const cardLine = page.getByTestId('paid-membership');
    await cardLine.filter({ hasText: `黑卡年卡 · 有效期至 ${lastDay}` }).waitFor();
    await cardLine.click();
    await page.getByTestId('paid-card').waitFor();
    await expect(page.getByTestId('paid-status').textContent()).resolves.toBe('生效中');
    await expect(page.getByTestId('paid-expiry').textContent()).resolves.toContain(`有效期至 ${lastDay}`);
    const benefits = await page.getByTestId('paid-benefit').allTextContents();
    expect(benefits).toEqual(['✦消费积分 1.5 倍', '✦每月券包：会员月度 20 元券 × 2', '✦购物包邮']);
    const words = await page.locator('.paid-card, .section').allTextContents();
    for (const text of words) expect(text).not.toMatch(/[A-Za-z]/);
    await page.waitForTimeout(800);
    await browser.screenshot('member-paid-membership');
  });
});
