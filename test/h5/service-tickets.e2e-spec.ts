import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { IntegrationsService } from '../../server/src/integrations/integrations.service';
import { MembersService } from '../../server/src/members';
import { startApp, type RunningApp } from '../support/app';
import { openPhoneBrowser, type PhoneBrowser } from '../support/browser';
import { authorized, loginAs, loginAsStaff } from '../support/sessions';
import { signedPost } from '../support/signed-request';

const H5_BUILD = resolve(__dirname, '../../miniprogram/dist/h5/index.html');

/**
 * Service tickets in the H5 build: a member opens one about their order from 我的 (a missing type and too few words
 * are named before anything is sent), a store manager finds it in their queue, answers it and resolves it with
 * points, and the member reads the answer and the compensation, every time on the Beijing clock.
 */
describe('H5 app: service tickets', () => {
  let running: RunningApp;
  let member: PhoneBrowser;
  let manager: PhoneBrowser;
  const failures: string[] = [];

  beforeAll(async () => {
    if (!existsSync(H5_BUILD)) throw new Error('No H5 build: run "npm run build:h5 -w miniprogram" before the H5 suite');
    running = await startApp();
    const pos = await running.app.get(IntegrationsService).register('h5-tickets-pos', 'H5 Tickets POS');
    const shopper = await loginAs(running, 'h5-ticket-member');
    await authorized(running, shopper.accessToken)('/api/v1/me/profile', { method: 'PATCH', body: { nickname: '林小满' } });
    await running.app.get(MembersService).attachPhone(shopper.member.id, '13755556666');
    const bought = await signedPost(
      running.baseUrl,
      '/api/v1/purchases',
      {
        orderId: 'SH-20261203-001',
        member: { phone: '13755556666' },
        channel: 'store',
        storeCode: 'SH01',
        paidAt: new Date(Date.now() - 3_600_000).toISOString(),
        lines: [{ sku: 'SK-CREAM', category: '护肤', quantity: 1, unitPriceFen: 29_900 }],
        totalFen: 29_900,
      },
      pos,
    );
    expect(bought.status).toBe(200);
    const staff = await loginAsStaff(running, 'h5-ticket-manager', 'manager', { storeIds: ['SH01'] });
    await authorized(running, staff.accessToken)('/api/v1/me/profile', { method: 'PATCH', body: { nickname: '上海店长' } });
    await loginAsStaff(running, 'h5-ticket-hq', 'hq');
    member = await openPhoneBrowser();
    manager = await openPhoneBrowser();
    for (const browser of [member, manager]) browser.page.on('pageerror', (error) => failures.push(error.message));
  }, 120_000);
  afterAll(async () => {
    await member?.close();
    await manager?.close();
    await running?.close();
  });
  afterEach(() => expect(failures).toEqual([]));

  const shot = async (browser: PhoneBrowser, name: string) => {
    await browser.page.waitForTimeout(1200);
    await browser.screenshot(name);
  };

  it('a member opens a ticket about an order; the manager answers and resolves it with points; the member reads both', async () => {
    const { page } = member;
    await page.goto(`${running.baseUrl}/?as=h5-ticket-member#/pages/me/index`);
    await page.getByTestId('me-service').click();
    await page.getByText('还没有售后记录', { exact: false }).waitFor();
    await page.getByTestId('ticket-new').click();
    await page.getByTestId('ticket-order').filter({ hasText: 'SH-20261203-001' }).click();
    await page.getByTestId('ticket-text').locator('textarea').fill('太油');
    await page.getByTestId('ticket-submit').click();
    // Named before anything is sent: the type first, then the words.
    await page.getByText('请选择问题类型').waitFor();
    await page.getByText('问题描述至少 5 个字，再写详细一点吧').waitFor();
    await shot(member, 'service-ticket-open-problems');
    await page.getByTestId('ticket-type').filter({ hasText: '商品质量' }).click();
    await page.getByTestId('ticket-text').locator('textarea').fill('面霜开封后有异味，和以前买的不一样');
    await page.getByTestId('ticket-submit').click();
    await page.getByTestId('ticket-status').filter({ hasText: '待回复' }).waitFor();
    await expect(page.getByTestId('ticket-promise').textContent()).resolves.toMatch(
      /^我们承诺 24 小时内回复（\d+月\d+日 \d\d:\d\d 前）$/,
    );
    await shot(member, 'service-ticket-member-opened');

    const staff = manager.page;
    await staff.goto(`${running.baseUrl}/?as=h5-ticket-manager#/packages/manager/index`);
    await staff.getByText('售后工单', { exact: true }).first().click();
    const row = staff.getByTestId('staff-ticket').filter({ hasText: '面霜开封后有异味' });
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain('林小满');
    await shot(manager, 'service-ticket-manager-queue');
    await row.click();
    await staff.getByTestId('staff-ticket-send').click();
    await staff.getByText('请填写回复内容，500 字以内').waitFor();
    await staff.getByTestId('staff-ticket-reply').locator('textarea').fill('您好，已联系仓库核实批次，请保留包装');
    await staff.getByTestId('staff-ticket-send').click();
    await staff.getByTestId('staff-ticket-status').filter({ hasText: '已回复' }).waitFor();

    // Above the manager's cap: refused by the server in words the manager can act on; nothing is paid.
    await staff.getByTestId('staff-ticket-note').locator('textarea').fill('已为您补偿积分，欢迎到店更换');
    await staff
      .locator('.tabs__tab')
      .filter({ hasText: /^积分$/ })
      .click();
    await staff.getByTestId('staff-ticket-points').locator('input').fill('800');
    await staff.getByTestId('staff-ticket-resolve').click();
    await staff.getByText('补偿超出你的权限上限，请联系总部').waitFor();
    await staff.getByTestId('staff-ticket-points').locator('input').fill('200');
    await staff.getByTestId('staff-ticket-resolve').click();
    await staff.getByTestId('staff-ticket-compensation').filter({ hasText: '补偿 200 积分，已到账' }).waitFor();
    await shot(manager, 'service-ticket-manager-resolved');
    await staff.getByTestId('staff-ticket-close').click();
    await staff.getByTestId('staff-ticket-status').filter({ hasText: '已关闭' }).waitFor();

    await page.goto(`${running.baseUrl}/?as=h5-ticket-member#/packages/service/index`);
    const mine = page.getByTestId('ticket-row').first();
    await mine.waitFor();
    await expect(mine.textContent()).resolves.toContain('已关闭');
    await expect(mine.textContent()).resolves.toContain('2 条新回复');
    await mine.click();
    await page.getByTestId('ticket-compensation').filter({ hasText: '200 积分已发放到账户' }).waitFor();
    const messages = await page.getByTestId('ticket-message').allTextContents();
    expect(messages).toHaveLength(2);
    expect(messages[0]).toMatch(/^客服 · \d+月\d+日 \d\d:\d\d您好，已联系仓库核实批次/);
    const body = (await page.locator('body').textContent()) ?? '';
    expect(body).not.toMatch(/product-quality|closed|points|SLA/);
    await shot(member, 'service-ticket-member-resolved');
  });

  it('HQ reads the service figures: open, breached, median first reply and the breach rate by store', async () => {
    // A phone of its own: the session of the manager's phone stays the manager's.
    const hqPhone = await openPhoneBrowser();
    hqPhone.page.on('pageerror', (error) => failures.push(error.message));
    const { page } = hqPhone;
    await page.goto(`${running.baseUrl}/?as=h5-ticket-hq#/packages/hq/index`);
    await page.getByTestId('hq-area').filter({ hasText: '售后服务' }).click();
    await page.getByTestId('service-figure-open').waitFor();
    await expect(page.getByTestId('service-figure-open').textContent()).resolves.toBe('0未解决');
    await expect(page.getByTestId('service-figure-breached').textContent()).resolves.toBe('0超时未回复');
    await expect(page.getByTestId('service-figure-median').textContent()).resolves.toMatch(/^\d+ 分钟首次回复中位数$/);
    // One row: store SH01, 1 ticket, 0 breached, 0%.
    await expect(page.getByTestId('service-store').allTextContents()).resolves.toEqual(['SH01' + '1' + '0' + '0%']);
    await shot(hqPhone, 'service-ticket-hq-figures');
    await hqPhone.close();
  });
});
