import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { HqCouponTemplateView, HqGiftView, StaffCommunityView } from '@memberloop/shared';
import { startApp, type RunningApp } from '../support/app';
import { openPhoneBrowser, type PhoneBrowser } from '../support/browser';
import { authorized, loginAs, loginAsStaff } from '../support/sessions';

const H5_BUILD = resolve(__dirname, '../../miniprogram/dist/h5/index.html');

/**
 * HQ's offers in the H5 build (issue 20 item 3, issue 21 item 5): a store manager's send tool says HQ released no
 * coupon yet; HQ opens 优惠券与礼品 from its console, is told in Chinese what is missing in the new template's form,
 * creates a ¥20 coupon with 门店运营可发放 switched on, raises its stock, adds a points gift and takes it off the
 * shelf; the manager then picks the coupon by its name and benefit in the send tool and sends it to the community.
 */
describe('H5 app: HQ offers and the manager’s coupon pick', () => {
  let running: RunningApp;
  let browser: PhoneBrowser;
  let hq: ReturnType<typeof authorized>;
  let communityId: string;
  const failures: string[] = [];

  async function shot(name: string) {
    await browser.page.waitForTimeout(1600);
    await browser.screenshot(name);
  }

  beforeAll(async () => {
    if (!existsSync(H5_BUILD)) throw new Error('No H5 build: run "npm run build:h5 -w miniprogram" before the H5 suite');
    running = await startApp();
    hq = authorized(running, (await loginAsStaff(running, 'offers-h5-hq', 'hq')).accessToken);
    const community = await hq('/api/v1/hq/communities', { body: { name: '徐汇店会员群', kind: 'interest' } });
    expect(community.status).toBe(201);
    communityId = StaffCommunityView.parse(await community.json()).id;
    const manager = await loginAs(running, 'offers-h5-manager');
    expect(
      (await hq(`/api/v1/hq/communities/${communityId}/managers/${manager.member.memberNo}`, { method: 'PUT' })).status,
    ).toBe(200);
    for (const name of ['offers-h5-fan-1', 'offers-h5-fan-2']) {
      const fan = authorized(running, (await loginAs(running, name)).accessToken);
      expect((await fan(`/api/v1/communities/${communityId}/membership`, { method: 'POST' })).status).toBe(200);
    }
    browser = await openPhoneBrowser();
    browser.page.on('pageerror', (error) => failures.push(error.message));
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await running?.close();
  });
  afterEach(() => expect(failures).toEqual([]));

  /** The phone, signed out and opened on `hashPath` as `name` (HQ and the manager take turns on it). */
  async function openAs(name: string, hashPath: string) {
    await browser.page.goto(`${running.baseUrl}/api/v1/program`);
    await browser.page.evaluate(() => window.localStorage.clear());
    await browser.page.goto(`${running.baseUrl}/?as=${name}#${hashPath}`);
    return browser.page;
  }

  const templates = async () =>
    ((await (await hq('/api/v1/hq/coupon-templates')).json()) as { templates: unknown[] }).templates.map((t) =>
      HqCouponTemplateView.parse(t),
    );

  it('tells the manager HQ has released no coupon yet', async () => {
    const page = await openAs('offers-h5-manager', `/packages/manager/coupon?communityId=${communityId}`);
    await page.getByTestId('released-empty').waitFor();
    await expect(page.getByTestId('released-empty').textContent()).resolves.toContain('总部还没有开放可发放的优惠券');
    await shot('h5-hq-offers-manager-empty');
  });

  it('creates a coupon template from the HQ console, field by field in Chinese, and releases it to managers', async () => {
    // From the staff desk, as HQ reaches its console.
    const page = await openAs('offers-h5-hq', '/packages/manager/index');
    await page.getByTestId('manager-tool').filter({ hasText: '总部后台' }).click();
    await page.getByTestId('hq-area').filter({ hasText: '优惠券与礼品' }).click();
    await page.getByTestId('coupon-save').waitFor();

    // Nothing typed: each field at fault is named before anything is sent.
    await page.getByTestId('coupon-save').click();
    await expect(page.getByTestId('coupon-name-problem').textContent()).resolves.toBe('请填写券名称，最多 30 个字');
    await expect(page.getByTestId('coupon-amount-problem').textContent()).resolves.toContain('减免金额须大于 0');
    await expect(page.getByTestId('coupon-totalStock-problem').textContent()).resolves.toContain('库存请填');
    expect(await templates()).toEqual([]);
    await shot('h5-hq-offers-problems');

    await page.getByTestId('coupon-name').locator('input').fill('新客立减20');
    await page.getByTestId('coupon-amount').locator('input').fill('20');
    await page.getByTestId('coupon-totalStock').locator('input').fill('50');
    await page.getByTestId('coupon-released').click();
    await expect(page.getByTestId('coupon-name-problem').count()).resolves.toBe(0);
    await page.getByTestId('coupon-save').click();
    const row = page.getByTestId('coupon-template').filter({ hasText: '新客立减20' });
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain('门店运营可发');
    await expect(row.getByTestId('coupon-template-figures').textContent()).resolves.toContain('库存 50/50');
    const [created] = await templates();
    expect(created).toMatchObject({
      name: '新客立减20',
      benefit: { kind: 'fixed', amountFen: 2_000 },
      validity: { type: 'afterClaim', days: 30 },
      totalStock: 50,
      releasedToManagers: true,
      status: 'active',
    });

    // More stock: only what changed is sent.
    await row.getByTestId('coupon-template-edit').click();
    await page.getByTestId('coupon-totalStock').locator('input').fill('80');
    await page.getByTestId('coupon-save').click();
    await page.getByTestId('coupon-template-figures').filter({ hasText: '库存 80/80' }).waitFor();
    await page.setViewportSize({ width: 1280, height: 800 });
    await shot('h5-hq-offers-coupons-desktop');
    await page.setViewportSize({ width: 390, height: 844 });
  });

  it('adds a points gift and takes it off the shelf', async () => {
    const page = await openAs('offers-h5-hq', '/packages/manager/index');
    await page.getByTestId('manager-tool').filter({ hasText: '总部后台' }).click();
    await page.getByTestId('hq-area').filter({ hasText: '优惠券与礼品' }).click();
    await page.getByText('积分礼品', { exact: true }).first().click();
    await page.getByTestId('gift-save').waitFor();
    await page.getByTestId('gift-name').locator('input').fill('品牌帆布袋');
    await page.getByTestId('gift-pointsCost').locator('input').fill('0');
    await page.getByTestId('gift-stock').locator('input').fill('10');
    await page.getByTestId('gift-save').click();
    await expect(page.getByTestId('gift-pointsCost-problem').textContent()).resolves.toContain('所需积分请填');
    await page.getByTestId('gift-pointsCost').locator('input').fill('300');
    await page.getByTestId('gift-save').click();
    const row = page.getByTestId('gift-row').filter({ hasText: '品牌帆布袋' });
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain('300 积分 · 剩余 10 件 · 已兑换 0 件');
    await row.getByTestId('gift-toggle').click();
    await row.getByText('已停用').waitFor();
    await shot('h5-hq-offers-gifts');
    const { gifts } = (await (await hq('/api/v1/hq/gifts')).json()) as { gifts: unknown[] };
    expect(gifts.map((g) => HqGiftView.parse(g))).toEqual([
      expect.objectContaining({ name: '品牌帆布袋', pointsCost: 300, stock: 10, status: 'retired' }),
    ]);
  });

  it('lets the manager pick the released coupon by its name and benefit, and send it to the community', async () => {
    const page = await openAs('offers-h5-manager', `/packages/manager/coupon?communityId=${communityId}`);
    const pick = page.getByTestId('released-template').filter({ hasText: '新客立减20' });
    await pick.waitFor();
    await expect(pick.textContent()).resolves.toContain('¥20 · 无门槛');
    await expect(pick.textContent()).resolves.toContain('剩余 80 张');
    await pick.click();
    await shot('h5-hq-offers-manager-pick');
    await page.getByTestId('coupon-send-button').click();
    await page.getByText('确定', { exact: true }).click();
    await page.getByTestId('coupon-send').filter({ hasText: '新客立减20' }).waitFor();
    await expect(page.getByTestId('coupon-send').textContent()).resolves.toContain('已到账 2 张');
    await page.getByTestId('released-template').filter({ hasText: '剩余 78 张' }).waitFor();
    await shot('h5-hq-offers-manager-sent');
  });
});
