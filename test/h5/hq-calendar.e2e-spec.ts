import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  brandDay,
  CalendarMonth,
  CouponPackList,
  festivalWindow,
  nextFestivalWindow,
  type FestivalWindow,
} from '@memberloop/shared';
import { startApp, type RunningApp } from '../support/app';
import { openPhoneBrowser, type PhoneBrowser } from '../support/browser';
import { authorized, loginAs, loginAsStaff } from '../support/sessions';

const H5_BUILD = resolve(__dirname, '../../miniprogram/dist/h5/index.html');
const ZONE = 'Asia/Shanghai';
const REGION = '苏州';
const MEMBERS = 5;
const WITH_CONSENT = 3;

/** The 双11 the preset fills: this year's while it is to come, else next year's (as the screen decides). */
function double11(now: Date): FestivalWindow {
  const today = brandDay(now, ZONE);
  const shown = festivalWindow('double-11', Number(today.slice(0, 4)), ZONE)!;
  return shown.lastDay >= today ? shown : nextFestivalWindow('double-11', now, ZONE)!;
}

/**
 * HQ plans 双11 on the festival calendar in the H5 build, on a phone whose clock is in New York: one tap on the preset
 * fills the name and the Beijing dates, the reach preview counts the targeted members who agreed to marketing before
 * anything is saved, and the saved coupon pack and double-points campaign show on the grid's Beijing days, with the
 * overlap policy beside them.
 */
describe('H5 app: HQ festival calendar', () => {
  let running: RunningApp;
  let browser: PhoneBrowser;
  let hqApi: ReturnType<typeof authorized>;
  const failures: string[] = [];

  async function shot(name: string) {
    await browser.page.waitForTimeout(1600);
    await browser.screenshot(name);
  }

  beforeAll(async () => {
    if (!existsSync(H5_BUILD)) throw new Error('No H5 build: run "npm run build:h5 -w miniprogram" before the H5 suite');
    running = await startApp();
    hqApi = authorized(running, (await loginAsStaff(running, 'calendar-screen-hq', 'hq')).accessToken);
    for (let i = 0; i < MEMBERS; i++) {
      const api = authorized(running, (await loginAs(running, `calendar-screen-member-${i}`)).accessToken);
      await api('/api/v1/me/profile', { method: 'PATCH', body: { region: REGION } });
      await api('/api/v1/me/consents', { method: 'PUT', body: { marketing: i < WITH_CONSENT } });
    }
    const template = await hqApi('/api/v1/hq/coupon-templates', {
      body: {
        name: '双11满200减30',
        benefit: { kind: 'fixed', amountFen: 3_000 },
        validity: { type: 'afterClaim', days: 30 },
        totalStock: 1_000,
        claimable: false,
      },
    });
    expect(template.status).toBe(201);
    browser = await openPhoneBrowser({ timezoneId: 'America/New_York' });
    browser.page.on('pageerror', (error) => failures.push(error.message));
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await running?.close();
  });
  afterEach(() => expect(failures).toEqual([]));

  it('picks the 双11 preset for a coupon pack, sees the reach, saves, and finds it on the grid', async () => {
    const { page } = browser;
    const window = double11(new Date());
    const year = Number(window.firstDay.slice(0, 4));
    await page.goto(`${running.baseUrl}/?as=calendar-screen-hq#/packages/hq/index`);
    await page.getByTestId('hq-area').filter({ hasText: '节日营销日历' }).click();
    await page.getByTestId('calendar-grid').waitFor();
    await page.getByText('还没有券包活动').waitFor();

    await page.getByTestId('calendar-kind').filter({ hasText: '券包' }).click();
    await page.getByTestId('calendar-preset').filter({ hasText: '双11' }).click();
    await expect(page.getByTestId('calendar-name').locator('input').inputValue()).resolves.toBe(`${year}双11券包`);
    await expect(page.getByTestId('calendar-first-day-value').textContent()).resolves.toBe(window.firstDay);
    await expect(page.getByTestId('calendar-last-day-value').textContent()).resolves.toBe(window.lastDay);

    // Saving without a coupon is named before anything is sent.
    await page.getByTestId('calendar-save').click();
    await page.getByText('请选择 1 到 5 张券').waitFor();

    await page.getByTestId('calendar-template').filter({ hasText: '双11满200减30' }).click();
    await page.getByTestId('calendar-regions').locator('input').fill(REGION);
    await page
      .getByTestId('calendar-reach')
      .filter({ hasText: `预计触达 ${WITH_CONSENT} 位会员` })
      .waitFor();
    await expect(page.getByTestId('calendar-reach').textContent()).resolves.toContain(`目标会员 ${MEMBERS} 人`);
    await shot('hq-calendar-preset-reach');

    await page.getByTestId('calendar-save').click();
    const row = page.getByTestId('calendar-pack').filter({ hasText: `${year}双11券包` });
    await row.waitFor();
    await expect(row.getByTestId('calendar-pack-counts').textContent()).resolves.toBe('11月1日 00:00 起自动发券');
    const [pack] = CouponPackList.parse(await (await hqApi('/api/v1/hq/festival-calendar/coupon-packs')).json()).packs;
    expect(pack).toMatchObject({
      name: `${year}双11券包`,
      preset: 'double-11',
      startsAt: window.startsAt.toISOString(),
      endsAt: window.endsAt.toISOString(),
      regions: [REGION],
      status: 'scheduled',
    });

    // The grid moved to November of that year: the pack is on 1–11 November (Beijing days), not on the 12th.
    await expect(page.getByTestId('calendar-month').textContent()).resolves.toBe(`${year}年11月`);
    const day = (d: number) => page.locator(`[data-day="${year}-11-${String(d).padStart(2, '0')}"]`);
    await day(1).getByText('券 双11券包').waitFor();
    await day(11).getByText('券 双11券包').waitFor();
    await expect(day(12).getByTestId('calendar-entry').count()).resolves.toBe(0);
    await shot('hq-calendar-grid-pack');
  });

  it('adds double points on the same days, shows both and the overlap policy, and switches it to multiply', async () => {
    const { page } = browser;
    const window = double11(new Date());
    const year = Number(window.firstDay.slice(0, 4));
    await page.getByTestId('calendar-kind').filter({ hasText: '积分加倍' }).click();
    await page.getByTestId('calendar-preset').filter({ hasText: '双11' }).click();
    await expect(page.getByTestId('calendar-name').locator('input').inputValue()).resolves.toBe(`${year}双11双倍积分`);
    await page.getByTestId('calendar-reach').filter({ hasText: '预计覆盖' }).waitFor();
    await page.getByTestId('calendar-save').click();
    const day11 = page.locator(`[data-day="${year}-11-11"]`);
    await day11.getByText('×2 双11双倍积分').waitFor();
    await day11.click();
    await page.getByTestId('calendar-day-detail').getByText('11月11日的活动').waitFor();
    await expect(page.getByTestId('calendar-overlap-text').textContent()).resolves.toContain('取最高');

    await page.getByTestId('calendar-overlap-choice').filter({ hasText: '相乘' }).click();
    // The pickers carry hidden 确定 buttons of their own: the modal's is the visible one.
    await page.locator('text="确定" >> visible=true').click();
    await page.getByTestId('calendar-overlap-text').filter({ hasText: '各倍数相乘' }).waitFor();
    const month = CalendarMonth.parse(await (await hqApi(`/api/v1/hq/festival-calendar?month=${year}-11`)).json());
    expect(month.promotionStacking).toBe('multiply');
    expect(month.entries.map((e) => e.kind).sort()).toEqual(['coupon-pack', 'multiplier']);
    await shot('hq-calendar-both');
  });

  it('the member-day preset repeats monthly: one definition, double points on the 8th of each month', async () => {
    const { page } = browser;
    await page.getByTestId('calendar-kind').filter({ hasText: '积分加倍' }).click();
    await page.getByTestId('calendar-preset').filter({ hasText: '会员日' }).click();
    await expect(page.getByTestId('calendar-name').locator('input').inputValue()).resolves.toBe('会员日双倍积分');
    await page.getByTestId('calendar-send-hint').filter({ hasText: '每月 8 日 00:00 至 24:00 消费积分加倍' }).waitFor();
    await page.getByTestId('calendar-save').click();
    await page.getByTestId('calendar-entry').filter({ hasText: '×2 会员日双倍积分' }).first().waitFor();
    const campaigns = (await (await hqApi('/api/v1/hq/earning-campaigns')).json()) as {
      campaigns: Array<{ name: string; recurrence?: unknown }>;
    };
    expect(campaigns.campaigns.find((c) => c.name === '会员日双倍积分')).toMatchObject({
      recurrence: { kind: 'monthly', dayOfMonth: 8 },
    });
    // Each month shown has it on the 8th only.
    const month = (await page.getByTestId('calendar-month').textContent())!;
    const [year, m] = month.match(/\d+/g)!.map(Number);
    const day = (d: number) => page.locator(`[data-day="${year}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}"]`);
    await day(8).getByText('×2 会员日双倍积分').waitFor();
    await expect(day(9).getByText('×2 会员日双倍积分').count()).resolves.toBe(0);
    await shot('hq-calendar-member-day');
  });

  it('the 生日月 chip schedules one birthday-month coupon pack, shown as a line for the month above the grid', async () => {
    const { page } = browser;
    await page.getByTestId('calendar-birthday-month').click();
    await expect(page.getByTestId('calendar-name').locator('input').inputValue()).resolves.toBe('生日月券包');
    await page.getByTestId('calendar-send-hint').filter({ hasText: '给当月生日的会员发券' }).waitFor();
    // No member of the suite has a birthday: next month's birthdays are none.
    await page.getByTestId('calendar-reach').filter({ hasText: '预计触达 0 位生日会员' }).waitFor();
    await page.getByTestId('calendar-template').filter({ hasText: '双11满200减30' }).click();
    await shot('hq-calendar-birthday-form');
    await page.getByTestId('calendar-save').click();
    const row = page.getByTestId('calendar-pack').filter({ hasText: '生日月券包' });
    await row.getByText('每位会员生日当月 · 共 12 个月').waitFor();
    const packs = CouponPackList.parse(await (await hqApi('/api/v1/hq/festival-calendar/coupon-packs')).json()).packs;
    expect(packs.find((p) => p.name === '生日月券包')).toMatchObject({ recurrence: { kind: 'birthday-month' } });
    await page.getByTestId('calendar-birthday-line').filter({ hasText: '本月生日的会员自动收到「生日月券包」' }).waitFor();
    await expect(page.getByTestId('calendar-entry').filter({ hasText: '生日月券包' }).count()).resolves.toBe(0);
    await shot('hq-calendar-birthday-line');
  });
});
