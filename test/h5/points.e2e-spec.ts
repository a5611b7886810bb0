import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { getModelToken } from '@nestjs/mongoose';
import { ReferralProgramme } from '@memberloop/shared';
import { Types, type Model } from 'mongoose';
import { Clock } from '../../server/src/common/clock/clock';
import { IntegrationsService, type IntegrationCredentials } from '../../server/src/integrations/integrations.service';
import { MembersService } from '../../server/src/members/members.service';
import { PointsEntry } from '../../server/src/points/schemas/points-entry.schema';
import { ReferralPayoutsService } from '../../server/src/referrals/referral-payouts.service';
import { startApp, timeOf, type RunningApp } from '../support/app';
import { openPhoneBrowser, type PhoneBrowser } from '../support/browser';
import { authorized, loginAs, loginAsStaff } from '../support/sessions';
import { signedPost } from '../support/signed-request';

const H5_BUILD = resolve(__dirname, '../../miniprogram/dist/h5/index.html');
const DAY_MS = 86_400_000;
/** The return window HQ sets for this suite: the pages must say this number, read from the programme. */
const RETURN_WINDOW_DAYS = 10;

/**
 * What a member reads about their points: every statement line in Chinese from the server's codes (no English, no
 * store codes), and the invited friend's double points promised with when they arrive, shown on their way and
 * labelled when they come.
 */
describe('H5 app: the points statement in the member’s words, and the friend’s first-purchase extra', () => {
  let running: RunningApp;
  let lin: PhoneBrowser;
  let friend: PhoneBrowser;
  let pos: IntegrationCredentials;
  let friendId: string;
  const failures: string[] = [];

  /** Opens `hashPath` on `browser` signed in afresh as `name` (the WeChat fake names members). */
  async function openAs(browser: PhoneBrowser, name: string, hashPath: string) {
    await browser.page.goto(`${running.baseUrl}/api/v1/program`);
    await browser.page.evaluate(() => window.localStorage.clear());
    await browser.page.goto(`${running.baseUrl}/?as=${name}#${hashPath}`);
    return browser.page;
  }

  /** A screenshot once the page has slid in (the H5 router animates a new page over the old one). */
  async function shot(browser: PhoneBrowser, name: string) {
    await browser.page.waitForTimeout(600);
    await browser.screenshot(name);
  }

  beforeAll(async () => {
    if (!existsSync(H5_BUILD)) throw new Error('No H5 build: run "npm run build:h5 -w miniprogram" before the H5 suite');
    running = await startApp();
    pos = await running.app.get(IntegrationsService).register('points-words-pos', 'Points words POS');
    const hq = authorized(running, (await loginAsStaff(running, 'pts-hq', 'hq')).accessToken);
    const programme = ReferralProgramme.parse(await (await hq('/api/v1/hq/referral-programme')).json());
    const changed = await hq('/api/v1/hq/referral-programme', {
      method: 'PUT',
      body: { ...programme, refundWindowDays: RETURN_WINDOW_DAYS },
    });
    expect(changed.status).toBe(200);
    const member = authorized(running, (await loginAs(running, 'pts-lin')).accessToken);
    expect((await member('/api/v1/me/profile', { method: 'PATCH', body: { nickname: '林小满' } })).status).toBe(200);
    lin = await openPhoneBrowser();
    friend = await openPhoneBrowser();
    for (const browser of [lin, friend]) browser.page.on('pageerror', (error) => failures.push(error.message));
  });
  afterAll(async () => {
    timeOf(running).reset();
    await lin?.close();
    await friend?.close();
    await running?.close();
  });

  it('promises the friend double points on the invite page and the poster, saying they come after the return window', async () => {
    const page = await openAs(lin, 'pts-lin', '/packages/invite/index');
    const code = (await page.getByTestId('invite-code').textContent())!.replace(/\s/g, '');
    await expect(page.locator('.invite-rules__text').allTextContents()).resolves.toEqual([
      '好友注册，好友得 100 积分',
      `好友首次消费，好友得首单 2 倍积分（加倍部分在 ${RETURN_WINDOW_DAYS} 天退货期后到账）`,
      `好友首单过 ${RETURN_WINDOW_DAYS} 天退货期后，你得 500 积分`,
    ]);
    await shot(lin, 'h5-invite-rules');
    await page.getByText('生成邀请海报', { exact: true }).click();
    await page.getByTestId('poster').waitFor();
    await expect(page.locator('.poster__perk').allTextContents()).resolves.toEqual([
      '注册即得 100 积分',
      `首次消费得首单 2 倍积分（加倍部分在 ${RETURN_WINDOW_DAYS} 天退货期后到账）`,
    ]);

    // The friend opens the invitation and joins: their statement shows the welcome gift and the extra to come.
    const friendPage = await openAs(friend, 'pts-yu', `/pages/index/index?invite=${code}`);
    await friendPage.locator('.home__tier-badge').waitFor();
    await expect(friendPage.getByTestId('points-balance').textContent()).resolves.toBe('100');
    // The invite page welcomes the friend with 林小满's face and name, and repeats what the invitation promised.
    await friendPage.goto(`${running.baseUrl}/?as=pts-yu#/packages/invite/index`);
    const welcome = friendPage.getByTestId('invite-welcome');
    await welcome.waitFor();
    await expect(welcome.getByTestId('invited-by').locator('.poster__host-name').textContent()).resolves.toBe(
      '林小满 邀请你加入会员',
    );
    await expect(welcome.getByTestId('invited-by').locator('.avatar__initial').textContent()).resolves.toBe('林');
    await expect(welcome.getByTestId('invite-promise').allTextContents()).resolves.toEqual([
      '注册即得 100 积分',
      `首次消费得首单 2 倍积分（加倍部分在 ${RETURN_WINDOW_DAYS} 天退货期后到账）`,
    ]);
    await shot(friend, 'h5-invite-welcome');
    await friendPage.goto(`${running.baseUrl}/?as=pts-yu#/pages/index/index`);
    await friendPage.locator('.home__tier-badge').waitFor();
    const memberNo = (await friendPage.locator('.home__member-no').textContent())!.replace('会员号 ', '');
    friendId = (await running.app.get(MembersService).resolve({ memberNo }))!._id.toHexString();
    await friendPage.goto(`${running.baseUrl}/?as=pts-yu#/pages/points/index`);
    const pending = friendPage.getByTestId('points-pending');
    await pending.waitFor();
    await expect(pending.locator('.points__entry-reason').textContent()).resolves.toBe('好友邀请首单奖励');
    await expect(pending.locator('.points__entry-meta').textContent()).resolves.toBe(
      `首次消费得首单 2 倍积分，加倍部分在 ${RETURN_WINDOW_DAYS} 天退货期后到账`,
    );
    await expect(pending.locator('.points__entry-points').textContent()).resolves.toBe('待首单');
    await expect(friendPage.getByTestId('points-entry').locator('.points__entry-reason').allTextContents()).resolves.toEqual([
      '好友邀请礼',
    ]);
    await shot(friend, 'h5-points-invited');
  });

  it('shows a store purchase as 门店消费 with its order number, never the store code, and the extra’s day', async () => {
    await running.app.get(MembersService).attachPhone(friendId, '13700005555');
    const bought = await signedPost(
      running.baseUrl,
      '/api/v1/purchases',
      {
        orderId: 'PTS-00000001',
        member: { phone: '13700005555' },
        storeCode: 'S0101',
        channel: 'store',
        paidAt: new Date().toISOString(),
        lines: [{ sku: 'SK-PTS', category: '护肤', quantity: 1, unitPriceFen: 20_000 }],
        totalFen: 20_000,
      },
      pos,
    );
    expect(bought.status).toBeLessThan(300);
    const page = await openAs(friend, 'pts-yu', '/pages/points/index');
    const pending = page.getByTestId('points-pending');
    await pending.locator('.points__entry-points').getByText('+200 待到账').waitFor();
    await expect(pending.locator('.points__entry-meta').textContent()).resolves.toMatch(
      new RegExp(`^预计 \\d+月\\d+日到账（首单 ${RETURN_WINDOW_DAYS} 天退货期后）$`),
    );
    const purchase = page.getByTestId('points-entry').filter({ hasText: '门店消费' });
    await expect(purchase.locator('.points__entry-order').textContent()).resolves.toBe('订单 PTS-00000001');
    await expect(page.locator('.page').first().textContent()).resolves.not.toContain('S0101');
  });

  it('labels the extra when it arrives, and words lines once stored in English', async () => {
    timeOf(running).advance((RETURN_WINDOW_DAYS + 1) * DAY_MS);
    expect(await running.app.get(ReferralPayoutsService).payDue()).toMatchObject({ firstPurchase: 1 });
    // Lines written before the statement spoke in codes, in the ledger's English and a staff member's words.
    const entries = running.app.get<Model<PointsEntry>>(getModelToken(PointsEntry.name));
    const at = new Date(running.app.get(Clock).now().getTime() + 60_000);
    const old = (reason: string, kind: PointsEntry['kind'], source: { type: string; id: string }, points: number) =>
      entries.create({
        memberId: new Types.ObjectId(friendId),
        kind,
        points,
        reason,
        source,
        idempotencyKey: `pts-old:${source.type}:${source.id}`,
        occurredAt: at,
        balanceAfter: 0,
      });
    await old('debt repayment', 'clawback', { type: 'points-entry', id: 'e1' }, -20);
    await old('points expired', 'expire', { type: 'points-lot', id: 'l1' }, -5);
    await old('补偿：工单 #88（店长备注）', 'adjust', { type: 'staff-adjustment', id: 's1' }, 30);

    const page = await openAs(friend, 'pts-yu', '/pages/points/index');
    const extra = page.getByTestId('points-entry').filter({ hasText: '好友邀请首单奖励' });
    await extra.waitFor();
    await expect(extra.locator('.points__entry-points').textContent()).resolves.toBe('+200');
    await expect(page.getByTestId('points-pending').count()).resolves.toBe(0);
    const reasons = await page.getByTestId('points-entry').locator('.points__entry-reason').allTextContents();
    expect(reasons).toEqual(['积分调整', '积分过期', '补扣退货积分', '好友邀请首单奖励', '门店消费', '好友邀请礼']);
    for (const reason of reasons) expect(reason).toMatch(/^[\u4e00-\u9fff]+$/);
    const text = (await page.locator('.page').first().textContent()) ?? '';
    for (const words of ['debt', 'expired', '工单', 'S0101']) expect(text).not.toContain(words);
    await page.locator('.points__entry').last().scrollIntoViewIfNeeded();
    await shot(friend, 'h5-points-statement');
    expect(failures).toEqual([]);
  });
});
