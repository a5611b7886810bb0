import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { startApp, type RunningApp } from '../support/app';
import { openPhoneBrowser, type PhoneBrowser } from '../support/browser';
import { addProducts } from '../support/catalogue';
import { authorized, loginAsStaff } from '../support/sessions';

const H5_BUILD = resolve(__dirname, '../../miniprogram/dist/h5/index.html');
const HOUR_MS = 3_600_000;

/**
 * Members have names and faces: 梅梅 sets her nickname and avatar on 我的, opens a group-buy and sees her own seat
 * with her face; a friend without a name is offered the card once (and may skip it), sees 梅梅 by name and face,
 * joins, and shows as a neutral 会员 with a silhouette, never 友 or 微信好友.
 */
describe('H5 app: nicknames and avatars on 我的 and on group-buy seats', () => {
  let running: RunningApp;
  let mei: PhoneBrowser;
  let friend: PhoneBrowser;
  let groupId: string;
  const failures: string[] = [];

  async function shot(browser: PhoneBrowser, name: string) {
    await browser.page.waitForTimeout(600);
    await browser.screenshot(name);
  }

  beforeAll(async () => {
    if (!existsSync(H5_BUILD)) throw new Error('No H5 build: run "npm run build:h5 -w miniprogram" before the H5 suite');
    running = await startApp();
    const hq = authorized(running, (await loginAsStaff(running, 'names-h5-hq', 'hq')).accessToken);
    await addProducts(hq, [{ sku: 'SK-ROSE-100', name: '玫瑰精华水 100ml', priceFen: 29_900 }]);
    const now = Date.now();
    const deal = await hq('/api/v1/staff/group-buy-deals', {
      body: {
        skuCode: 'SK-ROSE-100',
        skuName: '玫瑰精华水 100ml',
        normalPriceFen: 29_900,
        groupPriceFen: 19_900,
        groupSize: 3,
        timeLimitMinutes: 24 * 60,
        maxGroups: 20,
        startsAt: new Date(now - 60_000).toISOString(),
        endsAt: new Date(now + 7 * 24 * HOUR_MS).toISOString(),
      },
    });
    expect(deal.status).toBe(201);
    mei = await openPhoneBrowser();
    friend = await openPhoneBrowser();
    for (const browser of [mei, friend]) browser.page.on('pageerror', (error) => failures.push(error.message));
  });
  afterAll(async () => {
    await mei?.close();
    await friend?.close();
    await running?.close();
  });

  it('sets a nickname and an avatar on 我的, checking the nickname first', async () => {
    const { page } = mei;
    await page.goto(`${running.baseUrl}/?as=names-mei#/pages/me/index`);
    const card = page.getByTestId('profile-card');
    await card.waitFor();
    // No name yet: a neutral silhouette, never 友.
    await card.getByTestId('silhouette').waitFor();
    await expect(card.locator('.profile-card__avatar').textContent()).resolves.toBe('换头像');
    const save = card.getByText('保存资料', { exact: true });

    const nickname = card.getByTestId('nickname').locator('input');
    await nickname.fill('梅'.repeat(21));
    await expect(card.getByTestId('nickname-problem').textContent()).resolves.toBe('昵称最多 20 个字');
    await expect(card.getByTestId('profile-save').getAttribute('disabled')).resolves.not.toBeNull();
    await nickname.fill('   ');
    await expect(card.getByTestId('nickname-problem').textContent()).resolves.toBe('请填写昵称');
    await nickname.fill('梅梅');
    await card.getByTestId('nickname-problem').waitFor({ state: 'detached' });
    await expect(card.getByTestId('profile-save').getAttribute('disabled')).resolves.toBeNull();

    const photo = await page.evaluate(() => {
      const canvas = document.createElement('canvas');
      canvas.width = 200;
      canvas.height = 200;
      const draw = canvas.getContext('2d')!;
      draw.fillStyle = '#f2c6c2';
      draw.fillRect(0, 0, 200, 200);
      draw.fillStyle = '#b3561e';
      draw.beginPath();
      draw.arc(100, 80, 42, 0, Math.PI * 2);
      draw.fill();
      draw.fillRect(40, 140, 120, 60);
      return canvas.toDataURL('image/png').split(',')[1];
    });
    const chooser = page.waitForEvent('filechooser');
    await card.getByTestId('choose-avatar').click();
    await (await chooser).setFiles({ name: 'me.png', mimeType: 'image/png', buffer: Buffer.from(photo, 'base64') });
    await card.locator('.profile-card__photo').waitFor();
    await save.click();
    await page.getByText('已保存').waitFor();
    const avatar = card.locator('img[src*="/api/v1/avatars/"]');
    await avatar.waitFor();
    await expect(nickname.inputValue()).resolves.toBe('梅梅');
    await shot(mei, 'h5-me-profile-card');

    // It stays after a reload: the server has it.
    await page.reload();
    await page.getByTestId('profile-card').locator('img[src*="/api/v1/avatars/"]').waitFor();
    await expect(page.getByTestId('nickname').locator('input').inputValue()).resolves.toBe('梅梅');
    expect(failures).toEqual([]);
  });

  it('opens a group-buy: her own seat says 我 with her face, and she is not asked again', async () => {
    const { page } = mei;
    await page.goto(`${running.baseUrl}/?as=names-mei#/packages/group-buy/index`);
    const deal = page.getByTestId('deal').filter({ hasText: '玫瑰精华水 100ml' });
    await deal.waitFor();
    await expect(page.getByTestId('profile-card').count()).resolves.toBe(0);
    await deal.getByText('发起拼团', { exact: true }).click();
    await page.getByText('还差 2 人成团').waitFor();
    groupId = /[?&]id=([0-9a-f]{24})/.exec(page.url())![1];
    const seat = page.getByTestId('seat-member');
    await expect(seat.allTextContents()).resolves.toEqual(['团长我']);
    await seat.locator('img[src*="/api/v1/avatars/"]').waitFor();
    await shot(mei, 'h5-names-own-seat');
  });

  it('shows a friend the leader’s name and face, offers the card once, and names a nameless friend 会员', async () => {
    const { page } = friend;
    await page.goto(`${running.baseUrl}/?as=names-friend#/packages/group-buy/group?id=${groupId}`);
    await page.getByText('参团 ¥199', { exact: true }).waitFor();
    const leader = page.getByTestId('seat-member').first();
    await expect(leader.textContent()).resolves.toBe('团长梅梅');
    await leader.locator('img[src*="/api/v1/avatars/"]').waitFor();
    // Offered gently before joining: skippable, and joining does not wait for it.
    const card = page.getByTestId('profile-card');
    await card.getByText('让好友认出你').waitFor();
    await shot(friend, 'h5-names-friend-sees-leader');
    await card.getByText('以后再说', { exact: true }).click();
    await card.waitFor({ state: 'detached' });
    await page.getByText('参团 ¥199', { exact: true }).click();
    await page.getByText('还差 1 人成团').waitFor();
    await expect(page.getByTestId('seat-member').allTextContents()).resolves.toEqual(['团长梅梅', '我']);
    await shot(friend, 'h5-names-friend-joined');

    // Skipped once, never offered again.
    await page.reload();
    await page.getByText('还差 1 人成团').waitFor();
    await expect(page.getByTestId('profile-card').count()).resolves.toBe(0);

    // The leader sees the friend as 会员 with a silhouette: never 友, never 微信好友.
    await mei.page.reload();
    await mei.page.getByText('还差 1 人成团').waitFor();
    await expect(mei.page.getByTestId('seat-member').allTextContents()).resolves.toEqual(['团长我', '会员']);
    await mei.page.getByTestId('seat-member').nth(1).getByTestId('silhouette').waitFor();
    const text = await mei.page.locator('.seats').textContent();
    expect(text).not.toMatch(/友|微信好友|[A-Za-z]/);
    await shot(mei, 'h5-names-leader-sees-friend');
    expect(failures).toEqual([]);
  });
});
