import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { startApp, type RunningApp } from '../support/app';
import { openPhoneBrowser, type PhoneBrowser } from '../support/browser';
import { addProducts } from '../support/catalogue';
import { authorized, loginAs, loginAsStaff } from '../support/sessions';

const H5_BUILD = resolve(__dirname, '../../miniprogram/dist/h5/index.html');
const HOUR_MS = 3_600_000;

/**
 * Holds the `method` requests to `url` until `done()` (a slow network): the screen shows its write in flight.
 * `count` is how many were sent, so a second tap meanwhile can be seen to have sent nothing.
 */
async function holdWrites(page: Page, url: string, method = 'POST') {
  let release!: () => void;
  const held = new Promise<void>((done) => (release = done));
  const passed: Array<Promise<void>> = [];
  await page.route(url, (route) => {
    if (route.request().method() !== method) return route.continue();
    const passing = held.then(() => route.continue());
    passed.push(passing);
    return passing;
  });
  return {
    count: () => passed.length,
    /** Lets the held requests go on, then stops holding (after they went: unrouting earlier would drop them). */
    done: async () => {
      release();
      await Promise.all(passed);
      await page.unroute(url);
    },
  };
}

/**
 * Growing with friends in the H5 app: 林小满 invites a friend, opens a group-buy that two friends join from its
 * link, starts a friend assist a friend helps, posts a show-off and tries a coupon she cannot afford yet.
 * Her friends use another phone (a second browser), each signing in afresh as themselves.
 */
describe('H5 app: invitations, group-buys, friend assist and posts', () => {
  let running: RunningApp;
  let lin: PhoneBrowser;
  let friend: PhoneBrowser;
  let groupId: string;
  let hq: ReturnType<typeof authorized>;
  const failures: string[] = [];

  /** The friend's phone, signed out and opened on `hashPath` as the member `name`. */
  async function friendOpens(name: string, hashPath: string) {
    // Signed out on a page of the same origin that is not the app, so nobody signs in before the real launch.
    await friend.page.goto(`${running.baseUrl}/api/v1/program`);
    await friend.page.evaluate(() => window.localStorage.clear());
    await friend.page.goto(`${running.baseUrl}/?as=${name}#${hashPath}`);
    return friend.page;
  }

  /** A screenshot once the page has slid in (the H5 router animates a new page over the old one). */
  async function shot(browser: PhoneBrowser, name: string) {
    await browser.page.waitForTimeout(600);
    await browser.screenshot(name);
  }

  async function nickname(name: string, nick: string) {
    const member = authorized(running, (await loginAs(running, name)).accessToken);
    expect((await member('/api/v1/me/profile', { method: 'PATCH', body: { nickname: nick } })).status).toBe(200);
  }

  beforeAll(async () => {
    if (!existsSync(H5_BUILD)) throw new Error('No H5 build: run "npm run build:h5 -w miniprogram" before the H5 suite');
    running = await startApp();
    hq = authorized(running, (await loginAsStaff(running, 'eng-hq', 'hq')).accessToken);
    await addProducts(hq, [{ sku: 'SK-SERUM-30', name: '修护精华 30ml', priceFen: 39_900 }]);
    const now = Date.now();
    const deal = await hq('/api/v1/staff/group-buy-deals', {
      body: {
        skuCode: 'SK-SERUM-30',
        skuName: '修护精华 30ml 限定礼盒装',
        normalPriceFen: 39_900,
        groupPriceFen: 25_900,
        groupSize: 3,
        timeLimitMinutes: 24 * 60,
        maxGroups: 20,
        startsAt: new Date(now - 60_000).toISOString(),
        endsAt: new Date(now + 7 * 24 * HOUR_MS).toISOString(),
      },
    });
    expect(deal.status).toBe(201);
    const campaign = await hq('/api/v1/hq/assist-campaigns', {
      body: {
        title: '冬日焕新助力',
        helpersNeeded: 2,
        hoursToComplete: 24,
        reward: { points: 200 },
        startsAt: new Date(now - HOUR_MS).toISOString(),
        endsAt: new Date(now + 7 * 24 * HOUR_MS).toISOString(),
      },
    });
    expect(campaign.status).toBe(201);
    const coupon = await hq('/api/v1/hq/coupon-templates', {
      body: {
        name: '300积分换10元',
        benefit: { kind: 'fixed', amountFen: 1_000 },
        validity: { type: 'afterClaim', days: 30 },
        totalStock: 100,
        pointsPrice: 300,
      },
    });
    expect(coupon.status).toBe(201);
    await nickname('eng-lin', '林小满');
    await nickname('eng-qing', '阿青');

    lin = await openPhoneBrowser();
    friend = await openPhoneBrowser();
    for (const browser of [lin, friend]) browser.page.on('pageerror', (error) => failures.push(error.message));
  });
  afterAll(async () => {
    await lin?.close();
    await friend?.close();
    await running?.close();
  });

  it('shows the ways to grow with friends on the member card', async () => {
    const { page } = lin;
    await page.goto(`${running.baseUrl}/?as=eng-lin`);
    await page.locator('.home__tier-badge').waitFor();
    await expect(page.getByTestId('growth-entry').allTextContents()).resolves.toEqual([
      '邀邀请有礼',
      '拼拼团',
      '助好友助力',
      '晒晒单',
    ]);
    await page.getByTestId('growth-entry').first().scrollIntoViewIfNeeded();
    await shot(lin, 'h5-engagement-home');
  });

  it('shows the invitation code and rewards, and binds a friend who opens the invitation', async () => {
    const { page } = lin;
    await page.goto(`${running.baseUrl}/?as=eng-lin#/pages/index/index`);
    await page.getByText('邀请有礼', { exact: true }).click();
    const code = (await page.getByTestId('invite-code').textContent())!.replace(/\s/g, '');
    expect(code).toMatch(/^[2-9A-HJKMNP-Z]{8}$/);
    await page.getByText('好友注册，好友得 100 积分').waitFor();
    await page.getByText('还没有好友通过你的邀请加入，快去分享吧').waitFor();
    await shot(lin, 'h5-invite');

    // The friend opens the shared card: their first sign-in carries the code and binds them to 林小满.
    const friendPage = await friendOpens('eng-yu', `/pages/index/index?invite=${code}`);
    await friendPage.locator('.home__tier-badge').waitFor();
    await expect(friendPage.getByTestId('points-balance').textContent()).resolves.toBe('100');

    await page.reload();
    const invitation = page.getByTestId('invitation');
    await invitation.waitFor();
    await expect(invitation.locator('.invitation__name').textContent()).resolves.toBe('会员');
    await expect(invitation.locator('.invitation__status').textContent()).resolves.toBe('已注册 · 待首单');
    await expect(page.getByTestId('invite-friends').textContent()).resolves.toBe('1');
    await shot(lin, 'h5-invite-friend');

    await page.getByText('生成邀请海报', { exact: true }).click();
    const qr = page.getByTestId('poster').locator('img[src^="data:image/png;base64,"]');
    await qr.waitFor();
    await expect(qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).resolves.toBe(true);
    await page.getByText('林小满 邀请你加入会员').waitFor();
    await shot(lin, 'h5-invite-poster');
  });

  it('opens a group on a deal, and shows its seats, the time left and the share', async () => {
    const { page } = lin;
    await page.goto(`${running.baseUrl}/?as=eng-lin#/packages/group-buy/index`);
    const deal = page.getByTestId('deal').filter({ hasText: '修护精华 30ml 限定礼盒装' });
    await deal.waitFor();
    await expect(deal.locator('.deal__group-price').textContent()).resolves.toBe('¥259');
    await expect(deal.locator('.deal__normal-price').textContent()).resolves.toBe('¥399');
    await shot(lin, 'h5-group-deals');

    // On a slow network the button says it is opening and cannot be tapped again: one group, not two.
    const opening = await holdWrites(page, '**/api/v1/group-buys/deals/*/groups');
    const open = deal.getByTestId('deal-open');
    await open.click();
    await open.filter({ hasText: '开团中…' }).waitFor();
    await expect(open.getAttribute('disabled')).resolves.not.toBeNull();
    await open.click({ force: true });
    await shot(lin, 'h5-group-opening');
    await expect(open.textContent()).resolves.toBe('开团中…');
    await opening.done();
    await page.getByText('还差 2 人成团').waitFor();
    expect(opening.count()).toBe(1);
    groupId = /[?&]id=([0-9a-f]{24})/.exec(page.url())![1];
    await expect(page.getByTestId('seat-member').allTextContents()).resolves.toEqual(['林团长我']);
    await expect(page.getByTestId('seat-empty').count()).resolves.toBe(2);
    await page.locator('.countdown__clock').waitFor();
    await page.getByText('邀请好友参团', { exact: true }).waitFor();
    await shot(lin, 'h5-group-open');
  });

  it('lets friends join from the group’s link until it fills, and shows everyone the outcome', async () => {
    const qing = await friendOpens('eng-qing', `/packages/group-buy/group?id=${groupId}`);
    await qing.getByText('参团 ¥259', { exact: true }).waitFor();
    await expect(qing.getByTestId('seat-empty').count()).resolves.toBe(2);
    await shot(friend, 'h5-group-friend-sees');
    // Joining on a slow network: the button is disabled and says so; a second tap sends nothing, and no refusal
    // (你已经在这个团里了) lands over the success.
    const joining = await holdWrites(qing, '**/api/v1/group-buys/groups/*/join');
    const join = qing.getByTestId('group-join');
    await join.click();
    await join.filter({ hasText: '参团中…' }).waitFor();
    await expect(join.getAttribute('disabled')).resolves.not.toBeNull();
    await join.click({ force: true });
    await shot(friend, 'h5-group-joining');
    await expect(join.textContent()).resolves.toBe('参团中…');
    await joining.done();
    await qing.getByText('还差 1 人成团').waitFor();
    await qing.getByText('参团成功').waitFor();
    expect(joining.count()).toBe(1);
    await expect(qing.getByText('你已经在这个团里了').count()).resolves.toBe(0);
    await expect(qing.getByTestId('seat-member').allTextContents()).resolves.toEqual(['林团长林小满', '阿我']);
    await shot(friend, 'h5-group-joined');

    // The friend 林小满 invited fills the last seat.
    const yu = await friendOpens('eng-yu', `/packages/group-buy/group?id=${groupId}`);
    await yu.getByText('参团 ¥259', { exact: true }).click();
    await yu.getByText('拼团成功').waitFor();
    await expect(yu.getByTestId('group-status').textContent()).resolves.toBe('已成团');
    await expect(yu.getByTestId('seat-empty').count()).resolves.toBe(0);

    const { page } = lin;
    await page.reload();
    await page.getByText('拼团成功').waitFor();
    await expect(page.getByTestId('seat-member').allTextContents()).resolves.toEqual(['林团长我', '阿阿青', '会员']);
    await page.getByText('查看拼团券', { exact: true }).waitFor();
    await shot(lin, 'h5-group-succeeded');

    await page.goto(`${running.baseUrl}/?as=eng-lin#/packages/group-buy/index`);
    await page.getByText('我的拼团', { exact: true }).click();
    await expect(page.getByTestId('my-group').locator('.status-chip').textContent()).resolves.toBe('拼团成功');
    await shot(lin, 'h5-group-mine');

    // Offline: the group's page says what to do, and comes back on retry.
    await page.route('**/api/v1/group-buys/groups/*', (route) => route.abort('internetdisconnected'));
    await page.goto(`${running.baseUrl}/?as=eng-lin#/packages/group-buy/group?id=${groupId}`);
    await page.getByText('网络连接失败，请检查网络后重试').waitFor();
    await shot(lin, 'h5-group-offline');
    await page.unroute('**/api/v1/group-buys/groups/*');
    await page.getByText('重试', { exact: true }).click();
    await page.getByText('拼团成功').waitFor();
  });

  it('starts a friend assist that a friend helps from its link', async () => {
    const { page } = lin;
    await page.goto(`${running.baseUrl}/?as=eng-lin#/packages/assist/index`);
    const campaign = page.getByTestId('campaign').filter({ hasText: '冬日焕新助力' });
    await campaign.getByText('奖励 200 积分').waitFor();
    await shot(lin, 'h5-assist-campaigns');
    await campaign.getByText('发起助力', { exact: true }).click();
    await page.getByText('邀请 2 位好友助力即可领取奖励').waitFor();
    await expect(page.getByTestId('assist-count').textContent()).resolves.toBe('0/2');
    await shot(lin, 'h5-assist-mine');
    const taskId = /[?&]taskId=([0-9a-f]{24})/.exec(page.url())![1];

    const qing = await friendOpens('eng-qing', `/packages/assist/index?taskId=${taskId}`);
    await qing.getByText('林小满 邀请你帮TA助力').waitFor();
    const helping = await holdWrites(qing, '**/api/v1/assists/*/help');
    const help = qing.getByTestId('assist-help');
    await help.click();
    await help.filter({ hasText: '助力中…' }).waitFor();
    await expect(help.getAttribute('disabled')).resolves.not.toBeNull();
    await help.click({ force: true });
    await expect(help.textContent()).resolves.toBe('助力中…');
    await helping.done();
    await qing.getByText('你已助力', { exact: true }).waitFor();
    expect(helping.count()).toBe(1);
    await expect(qing.getByText('你已经帮TA助力过了').count()).resolves.toBe(0);
    await expect(qing.getByTestId('assist-count').textContent()).resolves.toBe('1/2');
    await shot(friend, 'h5-assist-helped');
  });

  it('posts a show-off for review and lists it as pending', async () => {
    const { page } = lin;
    await page.goto(`${running.baseUrl}/?as=eng-lin#/packages/posts/index`);
    await page.getByText('还没有人晒单，来做第一个吧').waitFor();
    await page.getByText('去发布', { exact: true }).click();
    // Too short: the field is named before anything is sent, and the button waits for it to be fixed.
    const posted: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().endsWith('/api/v1/me/posts')) posted.push(request.url());
    });
    await page.getByTestId('post-text').locator('textarea').fill('好用');
    const submit = page.getByTestId('post-submit');
    await submit.click();
    await expect(page.getByTestId('post-problem-text').textContent()).resolves.toBe('晒单内容至少 5 个字，再写几个字吧');
    await expect(submit.getAttribute('disabled')).resolves.not.toBeNull();
    await shot(lin, 'h5-post-compose-short');
    expect(posted).toEqual([]);
    await page.getByTestId('post-text').locator('textarea').fill('拼团买的修护精华，质地清爽，用了一周皮肤稳定多了');
    await page.getByTestId('post-problem-text').waitFor({ state: 'detached' });
    await expect(submit.getAttribute('disabled')).resolves.toBeNull();
    // A photo from the phone's album: a PNG drawn by the browser itself.
    const photo = await page.evaluate(() => {
      const canvas = document.createElement('canvas');
      canvas.width = 480;
      canvas.height = 360;
      const draw = canvas.getContext('2d')!;
      draw.fillStyle = '#f4e3c3';
      draw.fillRect(0, 0, 480, 360);
      draw.fillStyle = '#b3561e';
      draw.fillRect(190, 90, 100, 200);
      return canvas.toDataURL('image/png').split(',')[1];
    });
    const chooser = page.waitForEvent('filechooser');
    await page.getByText('添加照片', { exact: true }).click();
    await (await chooser).setFiles({ name: 'serum.png', mimeType: 'image/png', buffer: Buffer.from(photo, 'base64') });
    await page.locator('.compose__photo').waitFor();
    await page.getByText('上传中…').waitFor({ state: 'detached' });
    await expect(page.getByText('审核通过可得 50 积分').count()).resolves.toBe(1);
    await shot(lin, 'h5-post-compose');
    // Sent on a slow network: disabled while in flight, a second tap posts nothing.
    const submitting = await holdWrites(page, '**/api/v1/me/posts');
    await submit.click();
    await submit.filter({ hasText: '提交中…' }).waitFor();
    await expect(submit.getAttribute('disabled')).resolves.not.toBeNull();
    await submit.click({ force: true });
    await shot(lin, 'h5-post-submitting');
    await expect(submit.textContent()).resolves.toBe('提交中…');
    await submitting.done();
    const mine = page.getByTestId('post').filter({ hasText: '拼团买的修护精华' });
    await mine.waitFor();
    expect(submitting.count()).toBe(1);
    expect(posted).toHaveLength(1);
    await expect(mine.getByTestId('post-status').textContent()).resolves.toBe('审核中');
    await shot(lin, 'h5-posts-mine');

    // HQ approves it: it pays its points and shows in everyone's feed.
    const queue = (await (await hq('/api/v1/staff/posts')).json()) as { posts: Array<{ id: string }> };
    const decided = await hq(`/api/v1/staff/posts/${queue.posts[0].id}/decision`, { body: { decision: 'approve' } });
    expect(decided.status).toBe(200);
    await page.reload();
    await page.getByText('晒单广场', { exact: true }).click();
    const approved = page.getByTestId('post').filter({ hasText: '拼团买的修护精华' });
    await approved.locator('.post__kind').getByText('晒单').waitFor();
    await expect(
      approved.locator('.post__photo img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0),
    ).resolves.toBe(true);
    await shot(lin, 'h5-posts-feed');
    await page.getByText('我的晒单', { exact: true }).click();
    await page.getByText('已获得 50 积分').waitFor();
  });

  it('offers a coupon for points and says how many are needed when the balance is short', async () => {
    const { page } = lin;
    await page.goto(`${running.baseUrl}/?as=eng-lin#/packages/coupons/index`);
    const offer = page.getByTestId('claimable').filter({ hasText: '300积分换10元' });
    await offer.getByText('300 积分兑换', { exact: true }).click();
    await page.getByText('确定', { exact: true }).click();
    await page.getByText('积分不足，需 300 积分').waitFor();
    await shot(lin, 'h5-coupon-exchange-short');
    expect(failures).toEqual([]);
  });
});
