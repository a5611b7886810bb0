import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { addCalendarDays, brandDay, brandMoment, DEFAULT_BRAND_TIME_ZONE } from '@memberloop/shared';
import { Clock } from '../../server/src/common/clock/clock';
import { IntegrationsService } from '../../server/src/integrations/integrations.service';
import { MembersService } from '../../server/src/members/members.service';
import { startApp, timeOf, type RunningApp } from '../support/app';
import { openPhoneBrowser, type PhoneBrowser } from '../support/browser';
import { authorized, loginAsStaff } from '../support/sessions';
import { signedPost } from '../support/signed-request';

const H5_BUILD = resolve(__dirname, '../../miniprogram/dist/h5/index.html');
const BEIJING = DEFAULT_BRAND_TIME_ZONE;

/**
 * Half past midnight in Beijing is still the day before in UTC: what a member sees must be the Beijing day
 * (the brand's zone), not the UTC one an ISO string's first ten characters give, nor the phone's own zone.
 */
describe('H5 app: dates read in the brand’s time zone at 00:30 Beijing', () => {
  let running: RunningApp;
  let browser: PhoneBrowser;
  const failures: string[] = [];
  /** The next 00:30 in Beijing from now, and its Beijing day. */
  let paidAt: Date;
  let beijingDay: string;

  beforeAll(async () => {
    if (!existsSync(H5_BUILD)) throw new Error('No H5 build: run "npm run build:h5 -w miniprogram" before the H5 suite');
    running = await startApp();
    // The member's phone is abroad (Los Angeles): neither UTC's day nor the phone's may show.
    browser = await openPhoneBrowser({ timezoneId: 'America/Los_Angeles' });
    browser.page.on('pageerror', (error) => failures.push(error.message));

    const today = brandDay(new Date(), BEIJING);
    const todayAt0030 = brandMoment(today, '00:30', BEIJING);
    paidAt = todayAt0030.getTime() > Date.now() ? todayAt0030 : brandMoment(addCalendarDays(today, 1), '00:30', BEIJING);
    beijingDay = brandDay(paidAt, BEIJING);
    expect(paidAt.toISOString().slice(0, 10)).not.toBe(beijingDay);
    // The app's clock moves to 00:45 Beijing, a quarter of an hour after the purchase.
    timeOf(running).advance(paidAt.getTime() + 15 * 60_000 - Date.now());

    const hq = authorized(running, (await loginAsStaff(running, 'tz-hq', 'hq')).accessToken);
    const template = await hq('/api/v1/hq/coupon-templates', {
      body: {
        name: '七日满减券',
        benefit: { kind: 'threshold', thresholdFen: 10_000, amountFen: 1_000 },
        validity: { type: 'afterClaim', days: 7 },
        totalStock: 10,
      },
    });
    expect(template.status).toBe(201);
  });
  afterAll(async () => {
    await browser?.close();
    timeOf(running)?.reset();
    await running?.close();
  });

  it('shows a purchase paid at 00:30 Beijing on its Beijing day in the points history', async () => {
    const { page } = browser;
    await page.goto(`${running.baseUrl}/?as=tz-lin`);
    await page.locator('.home__member-no').waitFor();
    const memberNo = (await page.locator('.home__member-no').textContent())!.replace('会员号 ', '');
    const member = await running.app.get(MembersService).resolve({ memberNo });
    await running.app.get(MembersService).attachPhone(member!._id.toHexString(), '13700000030');
    const pos = await running.app.get(IntegrationsService).register('tz-pos', 'Midnight POS');
    const purchase = await signedPost(
      running.baseUrl,
      '/api/v1/purchases',
      {
        orderId: 'TZ-0030',
        member: { phone: '13700000030' },
        storeCode: 'SH01',
        channel: 'store',
        paidAt: paidAt.toISOString(),
        lines: [{ sku: 'SK-1', category: '护肤', quantity: 1, unitPriceFen: 12_300 }],
        totalFen: 12_300,
      },
      pos,
      // Signed on the app's clock, which the suite moved to 00:45 Beijing.
      { timestamp: String(Math.floor(running.app.get(Clock).now().getTime() / 1000)) },
    );
    expect(purchase.status).toBeLessThan(300);

    await page.goto(`${running.baseUrl}/?as=tz-lin#/pages/points/index`);
    const entry = page.locator('.points__entry').filter({ hasText: '+123' });
    await entry.waitFor();
    await expect(entry.locator('.points__entry-meta').textContent()).resolves.toBe(`获得 · ${beijingDay}`);
    await browser.screenshot('h5-points-0030-beijing');
  });

  it('shows a coupon valid for 7 days claimed at 00:45 Beijing as good through the 7th day after', async () => {
    const { page } = browser;
    await page.goto(`${running.baseUrl}/?as=tz-lin#/packages/coupons/index`);
    const offer = page.getByTestId('claimable').filter({ hasText: '七日满减券' });
    await offer.getByText('领取', { exact: true }).click();
    const coupon = page.getByTestId('coupon').filter({ hasText: '七日满减券' });
    await expect(coupon.locator('.coupon__dates').textContent()).resolves.toBe(`有效期至 ${addCalendarDays(beijingDay, 7)}`);
    await browser.screenshot('h5-coupon-0030-beijing');
    expect(failures).toEqual([]);
  });
});
