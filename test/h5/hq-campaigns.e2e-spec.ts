import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { brandDateTimeText, CampaignList, type ProgrammeRules } from '@memberloop/shared';
import { startApp, type RunningApp } from '../support/app';
import { openPhoneBrowser, type PhoneBrowser } from '../support/browser';
import { addProducts } from '../support/catalogue';
import { authorized, loginAsStaff } from '../support/sessions';

const H5_BUILD = resolve(__dirname, '../../miniprogram/dist/h5/index.html');
const HOUR = 3_600_000;

/**
 * HQ runs double-points campaigns and SKU multipliers from its console in the H5 build, on a phone whose clock is in
 * New York: a campaign created on the screen (a multiplier out of range is named first) starts at the next whole
 * hour in Beijing and reads in Beijing time; two overlapping campaigns say how they combine; one is retired; a SKU
 * rule names its product and an unknown SKU is refused in Chinese; the 修改记录 view lists who changed what, when.
 */
describe('H5 app: HQ campaigns, multipliers and the rules history', () => {
  let running: RunningApp;
  let browser: PhoneBrowser;
  let hqApi: ReturnType<typeof authorized>;
  let hqId: string;
  const failures: string[] = [];

  async function shot(name: string) {
    await browser.page.waitForTimeout(1600);
    await browser.screenshot(name);
  }

  beforeAll(async () => {
    if (!existsSync(H5_BUILD)) throw new Error('No H5 build: run "npm run build:h5 -w miniprogram" before the H5 suite');
    running = await startApp();
    const hq = await loginAsStaff(running, 'campaigns-screen-hq', 'hq');
    hqApi = authorized(running, hq.accessToken);
    hqId = hq.member.id;
    await addProducts(hqApi, [{ sku: 'TEA-1', name: '冻顶乌龙', category: '茶饮' }]);
    const rules = (await (await hqApi('/api/v1/hq/programme-rules')).json()) as ProgrammeRules;
    const saved = await hqApi('/api/v1/hq/programme-rules', {
      method: 'PUT',
      body: { ...rules, earning: { ...rules.earning, pointsPerYuan: 2 } },
    });
    expect(saved.status).toBe(200);
    browser = await openPhoneBrowser({ timezoneId: 'America/New_York' });
    browser.page.on('pageerror', (error) => failures.push(error.message));
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await running?.close();
  });
  afterEach(() => expect(failures).toEqual([]));

  const campaigns = async () => CampaignList.parse(await (await hqApi('/api/v1/hq/earning-campaigns')).json()).campaigns;

  it('reaches the page from the rules screen and creates a campaign, naming a multiplier out of range first', async () => {
    const { page } = browser;
    await page.goto(`${running.baseUrl}/?as=campaigns-screen-hq#/packages/hq/rules`);
    await page.getByTestId('rules-campaigns').click();
    await page.getByText('还没有加倍积分活动').waitFor();

    await page.getByTestId('campaign-name').locator('input').fill('周末双倍积分');
    await page.getByTestId('campaign-multiplier').locator('input').fill('11');
    await page.getByTestId('campaign-save').click();
    await page.getByText('倍数须在 1 到 10 之间').waitFor();
    await expect(page.getByTestId('campaign-save').getAttribute('disabled')).resolves.not.toBeNull();
    await page.getByTestId('campaign-multiplier').locator('input').fill('3');
    await page.getByText('倍数须在 1 到 10 之间').waitFor({ state: 'detached' });
    await page.getByTestId('campaign-tier').filter({ hasText: '金卡' }).click();
    await page.getByTestId('campaign-save').click();

    const row = page.getByTestId('campaign-row').filter({ hasText: '周末双倍积分' });
    await row.waitFor();
    const [saved] = await campaigns();
    expect(saved).toMatchObject({ name: '周末双倍积分', multiplier: 3, tierCodes: ['gold'], status: 'scheduled' });
    // The pickers' default: the next whole hour, for seven days, on Beijing's clock (the phone is in New York).
    expect(Date.parse(saved.startsAt) % HOUR).toBe(0);
    expect(Date.parse(saved.endsAt) - Date.parse(saved.startsAt)).toBe(7 * 24 * HOUR);
    await expect(row.getByTestId('campaign-status').textContent()).resolves.toBe('未开始');
    await expect(row.getByTestId('campaign-window').textContent()).resolves.toBe(
      `${brandDateTimeText(saved.startsAt, 'Asia/Shanghai')} 至 ${brandDateTimeText(saved.endsAt, 'Asia/Shanghai')}`,
    );
    await expect(row.textContent()).resolves.toContain('金卡 · 门店和线上');
    await shot('h5-hq-campaigns-created');
  });

  it('shows how overlapping campaigns combine, edits one and retires another', async () => {
    const { page } = browser;
    const now = Date.now();
    const created = await hqApi('/api/v1/hq/earning-campaigns', {
      body: {
        name: '会员日',
        multiplier: 2,
        startsAt: new Date(now - HOUR).toISOString(),
        endsAt: new Date(now + 3 * 24 * HOUR).toISOString(),
      },
    });
    expect(created.status).toBe(201);
    await page.reload();
    const rowOf = (name: string) =>
      page.getByTestId('campaign-row').filter({ has: page.locator('.hq-row__title', { hasText: name }) });
    const memberDay = rowOf('会员日');
    await memberDay.waitFor();
    await expect(memberDay.getByTestId('campaign-status').textContent()).resolves.toBe('进行中');
    await expect(memberDay.getByTestId('campaign-overlap').textContent()).resolves.toBe(
      '与「周末双倍积分」时间重叠，同时适用时取最高 3 倍',
    );
    await page.getByText('只取其中最高的倍数').waitFor();
    await shot('h5-hq-campaigns-overlap');

    // Edit: the form holds the campaign as it is.
    const weekend = rowOf('周末双倍积分');
    await weekend.getByTestId('campaign-edit').click();
    await expect(page.getByTestId('campaign-multiplier').locator('input').inputValue()).resolves.toBe('3');
    await page.getByTestId('campaign-multiplier').locator('input').fill('4');
    await page.getByTestId('campaign-save').click();
    await weekend.filter({ hasText: '×4' }).waitFor();

    await memberDay.getByTestId('campaign-retire').click();
    // The pickers carry hidden 确定 buttons of their own: the modal's is the visible one.
    await page.locator('text="确定" >> visible=true').click();
    await memberDay.getByTestId('campaign-status').filter({ hasText: '已停止' }).waitFor();
    await expect(memberDay.getByTestId('campaign-edit').count()).resolves.toBe(0);
    expect((await campaigns()).find((c) => c.name === '会员日')?.status).toBe('retired');
  });

  it('sets a SKU multiplier with its product name, refuses an unknown SKU in Chinese, and removes it', async () => {
    const { page } = browser;
    await page.getByTestId('campaigns-tab').filter({ hasText: '商品/品类倍率' }).click();
    await page.getByText('还没有单独设置倍率：所有商品按基础积分比例积分').waitFor();
    await page.getByTestId('line-value').locator('input').fill('NOPE-1');
    await page.getByTestId('line-multiplier').locator('input').fill('3');
    await page.getByTestId('line-save').click();
    await expect(page.getByTestId('line-problem').textContent()).resolves.toBe(
      '商品目录中没有这个 SKU（NOPE-1）：请先在商品目录中添加这个商品',
    );

    await page.getByTestId('line-value').locator('input').fill('TEA-1');
    await page.getByTestId('line-save').click();
    const rule = page.getByTestId('line-rule').filter({ hasText: 'SKU TEA-1（冻顶乌龙）' });
    await rule.waitFor();
    await expect(rule.textContent()).resolves.toContain('×3');
    await shot('h5-hq-campaigns-lines');
    const rules = (await (await hqApi('/api/v1/hq/programme-rules')).json()) as ProgrammeRules;
    expect(rules.earning.lineMultipliers).toEqual([{ match: { sku: 'TEA-1' }, multiplier: 3 }]);

    await rule.getByTestId('line-remove').click();
    await page.locator('text="确定" >> visible=true').click();
    await page.getByText('还没有单独设置倍率：所有商品按基础积分比例积分').waitFor();
  });

  it('reads the history: who changed what and when, in Chinese', async () => {
    const { page } = browser;
    await page.getByTestId('campaigns-tab').filter({ hasText: '修改记录' }).click();
    const versions = page.getByTestId('rules-version');
    await versions.first().waitFor();
    // 1 pointsPerYuan, 2 created, 3 会员日, 4 edited, 5 retired, 6 the SKU rule, 7 removed.
    await expect(versions.count()).resolves.toBe(7);
    const texts = await versions.allTextContents();
    expect(texts[0]).toContain('第 7 版');
    expect(texts[0]).toContain('删除 商品/品类倍率 SKU TEA-1');
    expect(texts[1]).toContain('新增 商品/品类倍率 SKU TEA-1');
    expect(texts[2]).toContain('加倍积分活动「会员日」 停止');
    expect(texts[3]).toContain('加倍积分活动「周末双倍积分」 倍数');
    expect(texts[4]).toContain('新增 加倍积分活动「会员日」');
    expect(texts[5]).toContain('新增 加倍积分活动「周末双倍积分」');
    expect(texts[6]).toContain('每消费 1 元得积分');
    for (const text of texts) expect(text).toContain(`总部 · ${hqId.slice(-6)}`);
    expect(texts[0]).toMatch(/\d+月\d+日 \d{2}:\d{2}/);
    await shot('h5-hq-campaigns-history');

    await page.setViewportSize({ width: 1280, height: 800 });
    await page.getByTestId('campaigns-tab').filter({ hasText: '加倍积分活动' }).click();
    await page.getByTestId('campaign-row').first().waitFor();
    await shot('h5-hq-campaigns-desktop');
    await page.setViewportSize({ width: 390, height: 844 });
  });
});
