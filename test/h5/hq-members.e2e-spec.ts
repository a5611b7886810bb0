import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { MembersService } from '../../server/src/members';
import { startApp, type RunningApp } from '../support/app';
import { openPhoneBrowser, type PhoneBrowser } from '../support/browser';
import { authorized, loginAs, loginAsStaff } from '../support/sessions';

const H5_BUILD = resolve(__dirname, '../../miniprogram/dist/h5/index.html');

/**
 * HQ's member desk in the H5 build: finds a member by mobile (masked), adds points with a reason (a missing reason
 * and a deduction beyond the spendable points are named before anything is sent), takes some back, and reads both
 * lines with the reason and the HQ account; the member's own statement says 积分调整 and never the reason.
 */
describe('H5 app: HQ member desk', () => {
  let running: RunningApp;
  let browser: PhoneBrowser;
  let memberToken: string;
  let memberNo: string;
  let hqNo: string;
  let hqToken: string;
  const failures: string[] = [];

  async function shot(name: string) {
    await browser.page.waitForTimeout(1600);
    await browser.screenshot(name);
  }

  beforeAll(async () => {
    if (!existsSync(H5_BUILD)) throw new Error('No H5 build: run "npm run build:h5 -w miniprogram" before the H5 suite');
    running = await startApp();
    const hq = await loginAsStaff(running, 'desk-console-hq', 'hq');
    hqNo = hq.member.memberNo;
    hqToken = hq.accessToken;
    const member = await loginAs(running, 'desk-console-member');
    memberToken = member.accessToken;
    memberNo = member.member.memberNo;
    await authorized(running, memberToken)('/api/v1/me/profile', { method: 'PATCH', body: { nickname: '林小满' } });
    await running.app.get(MembersService).attachPhone(member.member.id, '13712345678');
    browser = await openPhoneBrowser();
    browser.page.on('pageerror', (error) => failures.push(error.message));
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await running?.close();
  });
  afterEach(() => expect(failures).toEqual([]));

  it('finds a member by mobile, adds and takes points with a reason, and shows both lines with who and why', async () => {
    const { page } = browser;
    await page.goto(`${running.baseUrl}/?as=desk-console-hq#/packages/hq/index`);
    await page.getByTestId('hq-area').filter({ hasText: '会员与积分' }).click();

    const query = page.getByTestId('member-query').locator('input');
    await query.fill('1371234');
    await page.getByTestId('member-search').click();
    await page.getByText('请输入会员号（M 加 8 位数字）或 11 位手机号').waitFor();
    await query.fill('137 1234 5678');
    await page.getByTestId('member-search').click();
    const card = page.getByTestId('member-card');
    await card.waitFor();
    await expect(card.textContent()).resolves.toContain(`林小满${memberNo} · 137****5678`);
    await expect(page.getByText('还没有积分变动').count()).resolves.toBe(1);

    // Nothing is sent without a reason.
    await page.getByTestId('adjust-points').locator('input').fill('300');
    await page.getByTestId('adjust-submit').click();
    await page.getByText('请填写调整原因（4–200 字），会记入操作记录').waitFor();
    await expect(page.getByTestId('adjust-submit').getAttribute('disabled')).resolves.not.toBeNull();
    await page.getByTestId('adjust-reason').locator('textarea').fill('门店系统故障，补录 11 月 30 日消费积分');
    await page.getByTestId('adjust-submit').click();
    await page.getByText('确定', { exact: true }).click();
    await page.getByTestId('member-balance').filter({ hasText: '300' }).waitFor();

    // A deduction beyond the spendable points is named before it is sent.
    await page.getByTestId('adjust-take').click();
    await page.getByTestId('adjust-points').locator('input').fill('301');
    await page.getByTestId('adjust-reason').locator('textarea').fill('重复补录，扣回');
    await page.getByTestId('adjust-submit').click();
    await page.getByText('最多可扣减 300 积分（当前可用积分）').waitFor();
    await page.getByTestId('adjust-points').locator('input').fill('120');
    await page.getByTestId('adjust-submit').click();
    await page.getByText('确定', { exact: true }).click();
    await page.getByTestId('member-balance').filter({ hasText: '180' }).waitFor();

    const lines = page.getByTestId('ledger-line');
    await lines.nth(1).waitFor();
    await expect(lines.count()).resolves.toBe(2);
    await expect(lines.nth(0).textContent()).resolves.toContain('-120');
    await expect(lines.nth(0).textContent()).resolves.toContain(`总部 ${hqNo}`);
    await expect(lines.nth(0).textContent()).resolves.toContain('原因：重复补录，扣回');
    await expect(lines.nth(1).textContent()).resolves.toContain('原因：门店系统故障，补录 11 月 30 日消费积分');
    // The same person's second account (a store card with 250 points) is merged in: a mistyped number is named first.
    const second = await loginAs(running, 'desk-console-second');
    const secondApi = authorized(running, hqToken);
    expect(
      (
        await secondApi(`/api/v1/hq/members/${second.member.memberNo}/points-adjustments`, {
          body: { points: 250, reason: '门店会员卡余额迁移' },
          headers: { 'idempotency-key': 'desk-console-second-seed' },
        })
      ).status,
    ).toBe(201);
    await page.getByTestId('merge-from').locator('input').fill(memberNo);
    await page.getByTestId('merge-reason').locator('textarea').fill('顾客到店出示两个账户，电话核实为同一人');
    await page.getByTestId('merge-submit').click();
    await page.getByText('不能把会员合并到自己').waitFor();
    await page.getByTestId('merge-from').locator('input').fill(second.member.memberNo.toLowerCase());
    await page.getByTestId('merge-submit').click();
    await page.getByText('确定', { exact: true }).click();
    await page.getByTestId('member-balance').filter({ hasText: '430' }).waitFor();
    await lines.filter({ hasText: '账户合并' }).waitFor();
    await shot('h5-hq-members');
    await page.setViewportSize({ width: 1280, height: 800 });
    await shot('h5-hq-members-desktop');
    await page.setViewportSize({ width: 390, height: 844 });

    const mine = await (await authorized(running, memberToken)('/api/v1/me/points/history')).text();
    expect(mine).not.toContain('补录');
    // The member's own statement, on the member's phone.
    const phone = await openPhoneBrowser();
    try {
      await phone.page.goto(`${running.baseUrl}/?as=desk-console-member#/pages/points/index`);
      await phone.page.getByText('积分调整').first().waitFor();
      await expect(phone.page.getByText('补录').count()).resolves.toBe(0);
    } finally {
      await phone.close();
    }
  });
});
