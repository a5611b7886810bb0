import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { startApp, type RunningApp } from '../support/app';
import { openPhoneBrowser, type PhoneBrowser } from '../support/browser';
import { authorized, loginAs, loginAsStaff } from '../support/sessions';

const H5_BUILD = resolve(__dirname, '../../miniprogram/dist/h5/index.html');

/**
 * HQ runs the brand from its console in the H5 build: from the staff desk to 总部后台, makes a store clerk a
 * manager of two stores (a mistyped member number is named before anything is sent), tries to change its own role
 * (refused, in Chinese), changes the points validity (a value out of range is named and cannot be saved), and reads
 * the operations in the audit log in Beijing time. A member who opens the console's link is told it is HQ's.
 * Screenshots at phone size and on a desktop browser.
 */
describe('H5 app: the HQ console', () => {
  let running: RunningApp;
  let browser: PhoneBrowser;
  let hqApi: ReturnType<typeof authorized>;
  let clerkNo: string;
  const failures: string[] = [];

  async function shot(name: string) {
    await browser.page.waitForTimeout(1600);
    await browser.screenshot(name);
  }

  beforeAll(async () => {
    if (!existsSync(H5_BUILD)) throw new Error('No H5 build: run "npm run build:h5 -w miniprogram" before the H5 suite');
    running = await startApp();
    hqApi = authorized(running, (await loginAsStaff(running, 'console-hq', 'hq')).accessToken);
    const clerk = await loginAs(running, 'console-clerk');
    clerkNo = clerk.member.memberNo;
    await authorized(running, clerk.accessToken)('/api/v1/me/profile', { method: 'PATCH', body: { nickname: '陈店员' } });
    browser = await openPhoneBrowser();
    browser.page.on('pageerror', (error) => failures.push(error.message));
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await running?.close();
  });
  afterEach(() => expect(failures).toEqual([]));

  it('opens from the staff desk and grants a manager two stores, naming a mistyped member number first', async () => {
    const { page } = browser;
    await page.goto(`${running.baseUrl}/?as=console-hq#/packages/manager/index`);
    await page.getByTestId('manager-tool').filter({ hasText: '总部后台' }).click();
    await page.getByTestId('hq-area').first().waitFor();
    // Every area of the console is listed (more arrive with each capability; these are the console's core).
    const areas = (await page.getByTestId('hq-area').allTextContents()).join(' ');
    for (const area of ['员工与权限', '会员与积分', '积分与等级规则', '商品目录', '优惠券与礼品', '门店与商城对接', '操作记录']) {
      expect(areas).toContain(area);
    }
    await shot('h5-hq-console-home');

    await page.getByTestId('hq-area').filter({ hasText: '员工与权限' }).click();
    await page.getByTestId('staff-account').first().waitFor();
    await page.getByTestId('staff-member-no').locator('input').fill('M123');
    await page.getByTestId('staff-grant').click();
    await page.getByText('会员号是 M 加 8 位数字，如 M00000042').waitFor();
    await expect(page.getByTestId('staff-grant').getAttribute('disabled')).resolves.not.toBeNull();

    await page.getByTestId('staff-member-no').locator('input').fill(clerkNo);
    await page.getByTestId('staff-stores').locator('input').fill('S01，S02');
    await page.getByTestId('staff-grant').click();
    const row = page.getByTestId('staff-account').filter({ hasText: '陈店员' });
    await row.waitFor();
    await expect(row.locator('.hq-row__meta').textContent()).resolves.toContain(`${clerkNo} · 门店 S01、S02`);
    await shot('h5-hq-console-staff');

    // HQ's own row: changing one's own role is refused by the server, and said so.
    const own = page.getByTestId('staff-account').filter({ hasText: '总部' }).first();
    await own.getByTestId('staff-revoke').click();
    await page.getByText('确定', { exact: true }).click();
    await page.getByText('不能修改自己的权限，请另一位总部同事操作').waitFor();

    const staff = (await (await hqApi('/api/v1/hq/staff')).json()) as { staff: Array<{ memberNo: string; role: string }> };
    expect(staff.staff.find((s) => s.memberNo === clerkNo)).toMatchObject({ role: 'manager', storeCodes: ['S01', 'S02'] });
  });

  it('changes the points validity, refusing an out-of-range value with its field named', async () => {
    const { page } = browser;
    await page.goto(`${running.baseUrl}/?as=console-hq#/packages/hq/rules`);
    const validity = page.getByTestId('rule-points.validMonths').locator('input');
    await validity.waitFor();
    await expect(validity.inputValue()).resolves.toBe('12');
    await validity.fill('61');
    await page.getByText('积分有效期：请填写 1–60 之间的整数').waitFor();
    await expect(page.getByTestId('rules-save').getAttribute('disabled')).resolves.not.toBeNull();

    await validity.fill('24');
    await page.getByTestId('rules-save').click();
    await page.getByText('确定', { exact: true }).click();
    await page.getByText('没有改动').waitFor();
    const rules = (await (await hqApi('/api/v1/hq/programme-rules')).json()) as { points: { validMonths: number } };
    expect(rules.points.validMonths).toBe(24);
  });

  it('connects a till, shows its secret once, rotates it with a grace period and switches it off', async () => {
    const { page } = browser;
    await page.goto(`${running.baseUrl}/?as=console-hq#/packages/hq/integrations`);
    await page.getByTestId('integration-id').locator('input').fill('POS 1');
    await page.getByTestId('integration-create').click();
    await page.getByText('编号为 2–40 个小写字母、数字或短横线，如 pos-shanghai').waitFor();

    await page.getByTestId('integration-id').locator('input').fill('pos-jingan');
    await page.getByTestId('integration-name').locator('input').fill('静安店收银');
    await page.getByTestId('integration-create').click();
    const secret = page.getByTestId('integration-secret');
    await secret.waitFor();
    const first = (await secret.locator('.hq-secret__value').textContent())!.trim();
    expect(first.length).toBeGreaterThanOrEqual(40);
    await shot('h5-hq-console-integration-secret');
    await page.getByTestId('integration-secret-close').click();
    await expect(secret.count()).resolves.toBe(0);

    const row = page.getByTestId('integration').filter({ hasText: '静安店收银' });
    await row.getByTestId('integration-rotate').click();
    await page.getByText('旧密钥再用 24 小时', { exact: true }).click();
    await secret.waitFor();
    expect((await secret.locator('.hq-secret__value').textContent())!.trim()).not.toBe(first);
    await row.filter({ hasText: '旧密钥可用至' }).waitFor();

    await row.getByTestId('integration-toggle').click();
    await page.getByText('确定', { exact: true }).click();
    await row.filter({ hasText: '已停用' }).waitFor();
    const listed = (await (await hqApi('/api/v1/hq/integrations')).json()) as {
      integrations: Array<{ integrationId: string; active: boolean; previousSecretValidUntil?: string }>;
    };
    expect(listed.integrations.find((i) => i.integrationId === 'pos-jingan')).toMatchObject({
      active: false,
      previousSecretValidUntil: expect.any(String),
    });
  });

  it('imports the catalogue from a CSV with a progress bar and a report of the bad rows, then edits and retires a product', async () => {
    const { page } = browser;
    await page.goto(`${running.baseUrl}/?as=console-hq#/packages/hq/catalogue`);
    await page.getByText('目录还是空的：导入 CSV 或逐个添加').waitFor();
    const csv = [
      'sku,name,category,imageUrl,price',
      'FR-001,玫瑰精华水,护肤,,128.00',
      'FR-002,山茶花面霜,护肤,https://cdn.example.com/camellia.jpg,268',
      'FR 003,坏的编号,护肤,,10',
      'FR-004,木质香氛,香氛,,12.345',
      'FR-005,旅行装礼盒,礼盒,,99.9',
    ].join('\n');
    const chooser = page.waitForEvent('filechooser');
    await page.getByTestId('catalogue-import').click();
    await (await chooser).setFiles({ name: '新品.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    const progress = page.getByTestId('catalogue-import-progress');
    await progress.filter({ hasText: '导入完成' }).waitFor();
    await expect(progress.textContent()).resolves.toBe('导入完成 · 已处理 5 / 5 行 · 新增 3 · 更新 0 · 未变 0 · 有误 2');
    const errors = await page.getByTestId('catalogue-import-error').allTextContents();
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatch(/^第 4 行（FR 003）：/);
    expect(errors[1]).toMatch(/^第 5 行（FR-004）：.*价格/);
    await page.getByTestId('catalogue-product').filter({ hasText: '山茶花面霜' }).waitFor();
    await shot('h5-hq-console-catalogue');

    const rose = page.getByTestId('catalogue-product').filter({ hasText: '玫瑰精华水' });
    await rose.getByTestId('product-edit').click();
    await page.getByTestId('product-price').locator('input').fill('99');
    await page.getByTestId('product-save').click();
    await rose.filter({ hasText: '¥99.00' }).waitFor();
    await rose.getByTestId('product-toggle').click();
    await rose.filter({ hasText: '已下架' }).waitFor();
    const listed = (await (await hqApi('/api/v1/hq/catalogue/products?sort=sku')).json()) as {
      products: Array<{ sku: string; priceFen: number; status: string }>;
    };
    expect(listed.products.map((p) => [p.sku, p.priceFen, p.status])).toEqual([
      ['FR-001', 9900, 'retired'],
      ['FR-002', 26800, 'active'],
      ['FR-005', 9990, 'active'],
    ]);
  });

  it('lists the operations in the audit log, in Chinese and Beijing time, laid out for a desktop browser', async () => {
    const { page } = browser;
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${running.baseUrl}/?as=console-hq#/packages/hq/audit`);
    const grant = page.getByTestId('audit-entry').filter({ hasText: '授予员工权限' });
    await grant.waitFor();
    await expect(grant.textContent()).resolves.toMatch(
      new RegExp(`\\d+月\\d+日 \\d{2}:\\d{2} · 总部 · \\w{6} · 会员 ${clerkNo}`),
    );
    await shot('h5-hq-console-audit-desktop');
    await page.goto(`${running.baseUrl}/?as=console-hq#/packages/hq/staff`);
    await page.getByTestId('staff-account').first().waitFor();
    await shot('h5-hq-console-staff-desktop');
    await page.setViewportSize({ width: 390, height: 844 });
  });

  it('tells a member who opens the console that it is HQ’s', async () => {
    const member = await openPhoneBrowser();
    try {
      await member.page.goto(`${running.baseUrl}/?as=console-member#/packages/hq/index`);
      await member.page.getByText('总部后台仅限总部账号使用').waitFor();
      await expect(member.page.getByTestId('hq-area').count()).resolves.toBe(0);
    } finally {
      await member.close();
    }
  });
});
