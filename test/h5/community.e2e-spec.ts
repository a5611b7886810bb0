import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { getModelToken } from '@nestjs/mongoose';
import { AnalyticsSettings } from '@memberloop/shared';
import { Types, type Model } from 'mongoose';
import type { Locator, Page } from 'playwright-core';
import { ProfileRecomputeService } from '../../server/src/analytics/profile-recompute.service';
import { RecommendationsService } from '../../server/src/analytics/recommendations.service';
import { StaffRole } from '../../server/src/staff/schemas/staff-role.schema';
import { IntegrationsService } from '../../server/src/integrations/integrations.service';
import { MembersService } from '../../server/src/members/members.service';
import { startApp, timeOf, type RunningApp } from '../support/app';
import { openPhoneBrowser, type PhoneBrowser } from '../support/browser';
import { authorized, loginAs, loginAsStaff } from '../support/sessions';
import { signedPost } from '../support/signed-request';

const H5_BUILD = resolve(__dirname, '../../miniprogram/dist/h5/index.html');
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const ACTIVITY_TITLE = '冬季修护沙龙';

/**
 * Waits until ECharts has painted the chart's canvas in each of `colours` (CSS colours; by default those of the
 * legend's non-empty slices): a chart that never rendered, or lost a slice, leaves them missing.
 */
async function paintedIn(chart: Locator, colours?: string[]): Promise<void> {
  await chart.locator('canvas').first().waitFor();
  const element = await chart.elementHandle();
  await chart.page().waitForFunction(
    ([root, given]) => {
      const rgb = (css: string) => {
        const probe = document.createElement('i');
        probe.style.color = css;
        document.body.append(probe);
        const value = getComputedStyle(probe).color.match(/\d+/g)!.slice(0, 3).join(',');
        probe.remove();
        return value;
      };
      const wanted = (
        given ??
        Array.from(root.querySelectorAll('.chart-legend__item'))
          .filter((item) => !item.getAttribute('aria-label')!.endsWith(' 0'))
          .map((item) => getComputedStyle(item.querySelector('.chart-legend__dot')!).backgroundColor)
      ).map(rgb);
      const canvas = root.querySelector('canvas');
      if (!canvas || canvas.width === 0 || wanted.length === 0) return false;
      const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
      const seen = new Set<string>();
      for (let i = 0; i < data.length; i += 4) if (data[i + 3] === 255) seen.add(`${data[i]},${data[i + 1]},${data[i + 2]}`);
      return wanted.every((colour) => seen.has(colour));
    },
    [element!, colours] as const,
  );
}

type Api = ReturnType<typeof authorized>;

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
 * Community activities in the H5 app. HQ creates 静安店会员群 and makes 周店长 its manager (API). 周店长 posts an
 * activity on her phone and publishes it; 林小满 signs up on hers and shows her check-in code; 周店长 checks her in
 * by pasting the code (a headless browser has no camera: the H5 build's manual entry). 阿青 and 安安 take the other
 * seats, 小雨 waits on the waitlist until 阿青 cancels, then checks in with the on-site code. 周店长 sends an
 * announcement and a coupon, reviews posts, and reads the dashboard after the activity.
 */
describe('H5 app: community activities, check-in and the manager’s tools', () => {
  let running: RunningApp;
  let manager: PhoneBrowser;
  let member: PhoneBrowser;
  let hq: Api;
  let communityId: string;
  let activityId: string;
  const people: Record<string, { api: Api; memberId: string; memberNo: string; token: string }> = {};
  const failures: string[] = [];

  /** A screenshot once the page has slid in and its toast has gone (the H5 router animates a new page over the old). */
  async function shot(browser: PhoneBrowser, name: string) {
    await browser.page.waitForTimeout(1600);
    await browser.screenshot(name);
  }

  /** The member's phone, signed out and opened on `hashPath` as `name`. */
  async function memberOpens(name: string, hashPath: string) {
    await member.page.goto(`${running.baseUrl}/api/v1/program`);
    await member.page.evaluate(() => window.localStorage.clear());
    await member.page.goto(`${running.baseUrl}/?as=${name}#${hashPath}`);
    return member.page;
  }

  async function person(name: string, nickname: string, phone?: string) {
    const login = await loginAs(running, name);
    const api = authorized(running, login.accessToken);
    expect((await api('/api/v1/me/profile', { method: 'PATCH', body: { nickname } })).status).toBe(200);
    if (phone) await running.app.get(MembersService).attachPhone(login.member.id, phone);
    people[name] = { api, memberId: login.member.id, memberNo: login.member.memberNo, token: login.accessToken };
  }

  beforeAll(async () => {
    if (!existsSync(H5_BUILD)) throw new Error('No H5 build: run "npm run build:h5 -w miniprogram" before the H5 suite');
    running = await startApp();
    hq = authorized(running, (await loginAsStaff(running, 'cm-hq', 'hq')).accessToken);

    const created = await hq('/api/v1/hq/communities', {
      body: {
        name: '静安店会员群',
        kind: 'store',
        storeCode: 'SH01',
        description: '静安店的老朋友们：新品试用、护肤沙龙、会员专享福利',
      },
    });
    expect(created.status).toBe(201);
    communityId = ((await created.json()) as { id: string }).id;

    await person('cm-mgr', '周店长');
    await person('cm-lin', '林小满', '13912345678');
    await person('cm-qing', '阿青', '13800001111');
    await person('cm-an', '安安', '13700002222');
    await person('cm-yu', '小雨', '13600003333');
    const assigned = await hq(`/api/v1/hq/communities/${communityId}/managers/${people['cm-mgr'].memberNo}`, { method: 'PUT' });
    expect(assigned.status).toBe(200);
    // HQ's tools also give the manager her store, which the analytics dashboard is scoped by.
    await running.app
      .get<Model<StaffRole>>(getModelToken(StaffRole.name))
      .updateOne({ memberId: new Types.ObjectId(people['cm-mgr'].memberId) }, { $set: { storeIds: ['SH01'] } });

    const template = await hq('/api/v1/hq/coupon-templates', {
      body: {
        name: '社群专享满199减30',
        benefit: { kind: 'threshold', thresholdFen: 19_900, amountFen: 3_000 },
        validity: { type: 'afterClaim', days: 30 },
        totalStock: 100,
        // Managers send only templates HQ released to them.
        releasedToManagers: true,
      },
    });
    expect(template.status).toBe(201);

    // Purchases at the store make the dashboard's figures and 林小满's recommendations.
    const pos = await running.app.get(IntegrationsService).register('cm-pos', 'Community POS');
    let order = 0;
    const buy = async (who: string, daysAgo: number, lines: Array<[string, number]>) => {
      const response = await signedPost(
        running.baseUrl,
        '/api/v1/purchases',
        {
          orderId: `CM-${++order}`,
          member: { memberId: people[who].memberId },
          storeCode: 'SH01',
          channel: 'store',
          paidAt: new Date(Date.now() - daysAgo * DAY_MS).toISOString(),
          lines: lines.map(([sku, priceFen]) => ({ sku, category: '护肤', quantity: 1, unitPriceFen: priceFen })),
          totalFen: lines.reduce((sum, [, fen]) => sum + fen, 0),
        },
        pos,
      );
      expect(response.status).toBe(200);
    };
    await buy('cm-lin', 20, [
      ['SERUM-30', 39_900],
      ['CREAM-50', 26_900],
    ]);
    await buy('cm-lin', 3, [['SERUM-30', 39_900]]);
    await buy('cm-qing', 12, [
      ['SERUM-30', 39_900],
      ['MASK-5', 9_900],
    ]);
    await buy('cm-an', 8, [
      ['CREAM-50', 26_900],
      ['TONER-200', 15_900],
    ]);
    await buy('cm-yu', 150, [['TONER-200', 15_900]]);
    await people['cm-lin'].api('/api/v1/me/consents', { method: 'PUT', body: { personalisation: true } });
    const settings = AnalyticsSettings.parse(await (await hq('/api/v1/hq/analytics/settings')).json());
    await hq('/api/v1/hq/analytics/settings', {
      method: 'PUT',
      body: { ...settings, recommendations: { ...settings.recommendations, minCoPurchases: 1 } },
    });
    await running.app.get(ProfileRecomputeService).recomputeAll();
    await running.app.get(RecommendationsService).recomputeAll();
    // Members see catalogue products by name, never a SKU.
    for (const [sku, name, priceFen] of [
      ['SERUM-30', '修护精华 30ml', 39_900],
      ['CREAM-50', '保湿面霜 50g', 26_900],
      ['MASK-5', '补水面膜 5 片', 9_900],
      ['TONER-200', '柔肤水 200ml', 15_900],
    ] as const) {
      const created = await hq('/api/v1/hq/catalogue/products', { body: { sku, name, category: '护肤', priceFen } });
      expect(created.status).toBe(201);
    }

    // 阿青 posts in the community twice: one post worth approving, one not.
    expect((await people['cm-qing'].api(`/api/v1/communities/${communityId}/membership`, { method: 'POST' })).status).toBe(200);
    for (const [key, text] of [
      ['qing-post-1', '修护精华用了一个月，换季也不泛红了，沙龙上学到的按摩手法很实用'],
      ['qing-post-2', '加我微信领小样，私聊有惊喜'],
    ]) {
      const posted = await people['cm-qing'].api('/api/v1/me/posts', {
        body: { kind: 'show', text, communityId },
        headers: { 'idempotency-key': key },
      });
      expect(posted.status).toBe(201);
    }

    manager = await openPhoneBrowser();
    member = await openPhoneBrowser();
    for (const browser of [manager, member]) browser.page.on('pageerror', (error) => failures.push(error.message));
  }, 120_000);
  afterAll(async () => {
    await manager?.close();
    await member?.close();
    await running?.close();
  });

  it('offers the manager’s desk on a manager’s member card, and lists her community', async () => {
    const { page } = manager;
    await page.goto(`${running.baseUrl}/?as=cm-mgr`);
    const entry = page.getByTestId('manager-entry');
    await entry.waitFor();
    await entry.scrollIntoViewIfNeeded();
    await shot(manager, 'h5-community-manager-card');
    await entry.click();
    const community = page.getByTestId('staff-community').filter({ hasText: '静安店会员群' });
    await community.waitFor();
    await expect(community.locator('.staff-community__meta').textContent()).resolves.toBe('1 位成员 · 运营 周店长');
    await shot(manager, 'h5-community-manager-desk');
  });

  it('drafts an activity with the form and publishes it', async () => {
    const { page } = manager;
    await page.getByTestId('staff-community').filter({ hasText: '静安店会员群' }).click();
    await page.getByText('还没有活动，点「新建活动」发布第一场吧').waitFor();
    await shot(manager, 'h5-community-manager-community');

    await page.getByText('新建活动', { exact: true }).click();
    await page.getByText('请填写活动标题').waitFor();
    await page.getByTestId('activity-title').locator('input').fill(ACTIVITY_TITLE);
    // The cover is a photo from the phone (a file input in H5), previewed before saving and uploaded with it.
    const photo = await page.evaluate(() => {
      const canvas = document.createElement('canvas');
      canvas.width = 640;
      canvas.height = 360;
      const draw = canvas.getContext('2d')!;
      const sky = draw.createLinearGradient(0, 0, 640, 360);
      sky.addColorStop(0, '#f6e3d3');
      sky.addColorStop(1, '#d9a77c');
      draw.fillStyle = sky;
      draw.fillRect(0, 0, 640, 360);
      draw.fillStyle = '#8a4b2a';
      draw.fillRect(250, 120, 140, 200);
      draw.fillStyle = '#fff8f0';
      draw.beginPath();
      draw.arc(320, 100, 48, 0, Math.PI * 2);
      draw.fill();
      return canvas.toDataURL('image/png').split(',')[1];
    });
    await page.getByText('请选择一张封面图片').waitFor();
    const chooser = page.waitForEvent('filechooser');
    await page.getByTestId('activity-cover-choose').click();
    await (await chooser).setFiles({ name: 'salon.png', mimeType: 'image/png', buffer: Buffer.from(photo, 'base64') });
    await page.getByTestId('activity-cover-preview').locator('img').waitFor();
    // Removed, then picked again: the form asks for a cover meanwhile.
    await page.getByTestId('activity-cover-remove').click();
    await page.getByTestId('activity-cover-choose').waitFor();
    const again = page.waitForEvent('filechooser');
    await page.getByTestId('activity-cover-choose').click();
    await (await again).setFiles({ name: 'salon.png', mimeType: 'image/png', buffer: Buffer.from(photo, 'base64') });
    await page.getByTestId('activity-cover-preview').locator('img').waitFor();
    await page
      .getByTestId('activity-description')
      .locator('textarea')
      .fill('换季护肤怎么做？品牌护肤顾问现场讲解修护步骤，带你体验新品修护精华。到场签到送 50 积分。');
    await page.getByTestId('activity-place').locator('input').fill('静安店二楼沙龙区');
    await page.getByTestId('activity-capacity').locator('input').fill('3');
    await page.getByTestId('activity-points').locator('input').fill('50');
    await page.getByText('请填写活动标题').waitFor({ state: 'detached' });
    // The pickers hold the default schedule: the next half hour, two hours long, sign-up until the start.
    await expect(page.getByTestId('activity-start').locator('.form-row__pick').allTextContents()).resolves.toHaveLength(2);
    await shot(manager, 'h5-community-manager-form');

    await page.getByText('存为草稿', { exact: true }).click();
    await expect(page.getByTestId('staff-status').filter({ hasText: '草稿' }).textContent()).resolves.toBe('草稿');
    activityId = /[?&]id=([0-9a-f]{24})/.exec(page.url())![1];
    // The activity shows the uploaded cover, served from our own store.
    const saved = (await (await hq(`/api/v1/staff/activities/${activityId}`)).json()) as {
      coverImageUrl: string;
    };
    expect(saved.coverImageUrl).toMatch(/^\/api\/v1\/activity-covers\/[0-9a-f]{32}$/);
    await page.locator(`img[src$="${saved.coverImageUrl}"]`).first().waitFor();
    await page.getByText('发布后会员才能报名').waitFor();
    await shot(manager, 'h5-community-manager-draft');

    await page.getByText('发布', { exact: true }).click();
    await page.getByTestId('staff-status').filter({ hasText: '报名中' }).waitFor();
    await page.getByText('还没有人报名').waitFor();
    await page.getByTestId('member-code-input').waitFor();
    // On a phone 375 px wide every action is whole on the screen: none pushed off the edge or cut short.
    await page.setViewportSize({ width: 375, height: 812 });
    const cut = await page.locator('.staff-actions').evaluate((row) => {
      const { left, right } = row.getBoundingClientRect();
      return Array.from(row.children)
        .filter((button) => {
          const box = button.getBoundingClientRect();
          return box.left < left || box.right > right || box.right > window.innerWidth || button.scrollWidth > button.clientWidth;
        })
        .map((button) => button.textContent);
    });
    expect(cut).toEqual([]);
    await shot(manager, 'h5-community-manager-published');
    await page.setViewportSize({ width: 390, height: 844 });
  });

  it('lets a member find the activity, sign up and show her check-in code', async () => {
    const page = await memberOpens('cm-lin', '/pages/index/index');
    await page.locator('.home__tier-badge').waitFor();
    await expect(page.getByTestId('manager-entry').count()).resolves.toBe(0);
    const picks = page.getByTestId('recommendation');
    await picks.first().waitFor();
    // What members who bought what she bought also bought: 阿青's mask with the serum, 安安's toner with the cream.
    expect((await picks.locator('.pick__name').allTextContents()).sort()).toEqual(['柔肤水 200ml', '补水面膜 5 片']);
    await page.getByText('根据你的购买推荐').scrollIntoViewIfNeeded();
    await shot(member, 'h5-community-member-card');

    await page.getByText('社群活动', { exact: true }).click();
    const card = page.getByTestId('activity').filter({ hasText: ACTIVITY_TITLE });
    await card.waitFor();
    await expect(card.getByTestId('activity-badge').textContent()).resolves.toBe('报名中');
    await expect(card.locator('.activity-card__seats').textContent()).resolves.toBe('剩余 3/3 个名额');
    await shot(member, 'h5-community-activities');

    // The manager's photo is the cover on the list and on the page, loaded (not the letter tile).
    const coverOnCard = card.locator('img[src*="/api/v1/activity-covers/"]');
    await coverOnCard.waitFor();
    await card.click();
    const cover = page
      .locator('.activity-page img[src*="/api/v1/activity-covers/"], img[src*="/api/v1/activity-covers/"]')
      .last();
    await cover.waitFor();
    await page.waitForFunction(
      (img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth === 640,
      await cover.elementHandle(),
    );
    const action = page.getByTestId('activity-action');
    await expect(action.filter({ hasText: '立即报名' }).textContent()).resolves.toBe('立即报名');
    await page.getByText('到场签到得 50 积分').waitFor();
    await shot(member, 'h5-community-activity');
    // On a slow network the button is disabled and says so; a second tap sends nothing, and once it is done the
    // button already reads 取消报名 (never 你已经报过名了 over the success).
    const signingUp = await holdWrites(page, '**/api/v1/activities/*/sign-up');
    await action.click();
    await action.filter({ hasText: '提交中…' }).waitFor();
    await expect(action.getAttribute('disabled')).resolves.not.toBeNull();
    await action.click({ force: true });
    await shot(member, 'h5-community-signing-up');
    // The ignored tap left the running sign-up's words on the button.
    await expect(action.textContent()).resolves.toBe('提交中…');
    await signingUp.done();
    await expect(page.getByTestId('my-state').filter({ hasText: '报名成功' }).textContent()).resolves.toBe('报名成功');
    await expect(action.textContent()).resolves.toBe('取消报名');
    expect(signingUp.count()).toBe(1);
    await expect(page.getByText('你已经报过名了').count()).resolves.toBe(0);
    await page.getByText('出示签到码', { exact: true }).click();
    await page.getByTestId('check-in-qr').locator('.qr-code__dark').first().waitFor();
    await page.getByText(/签到码每分钟自动刷新/).waitFor();
    await page
      .getByTestId('check-in-short-code')
      .filter({ hasText: /^签到数字码 \d{3} \d{3}$/ })
      .waitFor();
    await shot(member, 'h5-community-check-in-code');
  });

  it('checks the member in from her code, once, and her phone shows it', async () => {
    // 林小满 has a photo of her own: the desk, the lists and the members page show her face.
    const face = await member.page.evaluate(() => {
      const canvas = document.createElement('canvas');
      canvas.width = 160;
      canvas.height = 160;
      const draw = canvas.getContext('2d')!;
      draw.fillStyle = '#f2c6c2';
      draw.fillRect(0, 0, 160, 160);
      draw.fillStyle = '#6b3f2a';
      draw.beginPath();
      draw.arc(80, 64, 34, 0, Math.PI * 2);
      draw.fill();
      draw.fillRect(32, 112, 96, 48);
      return canvas.toDataURL('image/png').split(',')[1];
    });
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(Buffer.from(face, 'base64'))], { type: 'image/png' }), 'lin.png');
    const uploadedFace = await fetch(`${running.baseUrl}/api/v1/me/avatar`, {
      method: 'POST',
      headers: { authorization: `Bearer ${people['cm-lin'].token}` },
      body: form,
    });
    expect(uploadedFace.status).toBe(201);
    const { url: faceUrl } = (await uploadedFace.json()) as { url: string };
    expect((await people['cm-lin'].api('/api/v1/me/profile', { method: 'PATCH', body: { avatarUrl: faceUrl } })).status).toBe(
      200,
    );

    // The desk has no camera: the manager types the six digits under the code her phone shows.
    const shown = (await member.page.getByTestId('check-in-short-code').textContent())!;
    const digits = shown.replace(/\D/g, '');
    expect(digits).toMatch(/^\d{6}$/);
    // Her QR code itself, read through the API (a headless browser cannot scan the screen), for the second try.
    const response = await people['cm-lin'].api(`/api/v1/activities/${activityId}/check-in-token`);
    expect(response.status).toBe(200);
    const { token } = (await response.json()) as { token: string };

    const { page } = manager;
    await page
      .getByTestId('member-code-input')
      .locator('input')
      .fill(`${digits.slice(0, 3)} ${digits.slice(3)}`);
    await page.getByText('签到', { exact: true }).click();
    const result = page.getByTestId('check-in-result');
    await result.getByText('林小满 签到成功').waitFor();
    await result.locator(`img[src$="${faceUrl}"]`).waitFor();
    await expect(result.locator('.check-in-result__detail').textContent()).resolves.toBe('已发放 50 积分');
    await page.getByTestId('count-checked-in').filter({ hasText: /^1$/ }).waitFor();
    await shot(manager, 'h5-community-manager-checked-in');

    // Her QR code pasted afterwards pays nothing more.
    await page.getByTestId('member-code-input').locator('input').fill(token);
    await page.getByText('签到', { exact: true }).click();
    await result.getByText('林小满 已签到过').waitFor();

    await page.locator('.tabs__tab', { hasText: '已签到' }).click();
    const row = page.getByTestId('sign-up-row').filter({ hasText: '林小满' });
    await row.waitFor();
    await expect(row.locator('.sign-up-row__meta').textContent()).resolves.toMatch(/^普通|^银卡|^金卡/);
    await expect(row.locator('.sign-up-row__meta').textContent()).resolves.toContain('139****5678');
    await expect(row.locator('.chip').textContent()).resolves.toMatch(/^已签到 \d\d:\d\d · 扫码$/);
    await row.locator(`img[src$="${faceUrl}"]`).waitFor();
    await shot(manager, 'h5-community-attendance');

    // 林小满's phone notices the scan while it shows the code.
    await member.page.getByTestId('my-state').filter({ hasText: '已签到' }).waitFor({ timeout: 15_000 });
    await member.page.getByText('签到成功，已获得 50 积分').waitFor();
    await shot(member, 'h5-community-member-checked-in');
  });

  it('puts a member on the waitlist when it is full and gives her the seat someone frees', async () => {
    for (const name of ['cm-qing', 'cm-an']) {
      const signedUp = await people[name].api(`/api/v1/activities/${activityId}/sign-up`, { method: 'POST' });
      expect(((await signedUp.json()) as { state: string }).state).toBe('confirmed');
    }
    const page = await memberOpens('cm-yu', `/packages/community/activity?id=${activityId}`);
    const action = page.getByTestId('activity-action');
    await expect(action.filter({ hasText: '排队候补' }).textContent()).resolves.toBe('排队候补');
    await page.locator('.activity-bar__seats').getByText('名额已满，可排队候补').waitFor();
    await action.click();
    await expect(page.getByTestId('my-state').filter({ hasText: '候补' }).textContent()).resolves.toBe('候补第 1 位');
    await page.getByText('你是下一位，有人取消会自动递补并通知你').waitFor();
    await shot(member, 'h5-community-waitlisted');

    expect((await people['cm-qing'].api(`/api/v1/activities/${activityId}/sign-up`, { method: 'DELETE' })).status).toBe(200);
    await page.reload();
    await expect(page.getByTestId('my-state').filter({ hasText: '报名成功' }).textContent()).resolves.toBe('报名成功');

    await page.goto(`${running.baseUrl}/?as=cm-yu#/packages/community/mine`);
    const mine = page.getByTestId('activity').filter({ hasText: ACTIVITY_TITLE });
    await expect(mine.getByTestId('activity-badge').textContent()).resolves.toBe('报名成功');
    await shot(member, 'h5-community-my-activities');

    // Signing up joined her to the community.
    await page.goto(`${running.baseUrl}/?as=cm-yu#/packages/community/communities`);
    const community = page.getByTestId('community').filter({ hasText: '静安店会员群' });
    await expect(community.locator('.community-row__meta').textContent()).resolves.toBe('4 位成员');
    await community.getByText('已加入', { exact: true }).waitFor();
    await shot(member, 'h5-community-communities');

    // Offline: the activity's page says what to do, and comes back on retry.
    await page.route('**/api/v1/activities/*', (route) => route.abort('internetdisconnected'));
    await page.goto(`${running.baseUrl}/?as=cm-yu#/packages/community/activity?id=${activityId}`);
    await page.getByText('网络连接失败，请检查网络后重试').waitFor();
    await shot(member, 'h5-community-activity-offline');
    await page.unroute('**/api/v1/activities/*');
    await page.getByText('重试', { exact: true }).click();
    await page.getByTestId('my-state').filter({ hasText: '报名成功' }).waitFor();
  });

  it('shows the on-site code, which a member uses to check herself in', async () => {
    const { page } = manager;
    await page.goto(`${running.baseUrl}/?as=cm-mgr#/packages/manager/activity?id=${activityId}`);
    await page.getByText('显示现场签到码（会员自助扫码）').click();
    await page.getByTestId('site-code').locator('.qr-code__dark').first().waitFor();
    await shot(manager, 'h5-community-site-code');

    // Signed in again since HQ made her a manager: her token now carries the role.
    const mgr = authorized(running, (await loginAs(running, 'cm-mgr')).accessToken);
    const { token: code } = (await (await mgr(`/api/v1/staff/activities/${activityId}/check-in-code`)).json()) as {
      token: string;
    };
    const phone = await memberOpens('cm-yu', `/packages/community/activity?id=${activityId}`);
    // A code cut off when pasted: the field is named before anything is sent, and the button waits for a new one.
    const sent: string[] = [];
    phone.on('request', (request) => {
      if (request.method() === 'POST' && request.url().endsWith('/check-in')) sent.push(request.url());
    });
    const input = phone.getByTestId('site-code-input').locator('input');
    const send = phone.getByTestId('site-code-send');
    await input.fill(code.slice(0, 12));
    await send.click();
    await expect(phone.getByTestId('site-code-problem').textContent()).resolves.toBe('现场签到码不完整或有误，请重新扫描或粘贴');
    await expect(send.getAttribute('disabled')).resolves.not.toBeNull();
    await shot(member, 'h5-community-site-code-cut');
    expect(sent).toEqual([]);
    await input.fill(code);
    await phone.getByTestId('site-code-problem').waitFor({ state: 'detached' });
    await send.click();
    await expect(phone.getByTestId('my-state').filter({ hasText: '已签到' }).textContent()).resolves.toBe('已签到');
    expect(sent).toHaveLength(1);
    await shot(member, 'h5-community-site-code-checked-in');

    await page.reload();
    await page.getByTestId('count-checked-in').filter({ hasText: /^2$/ }).waitFor();
    await expect(page.getByTestId('count-confirmed').textContent()).resolves.toBe('3/3');
  });

  it('sends an announcement members read, and a coupon to every member', async () => {
    const { page } = manager;
    await page.goto(`${running.baseUrl}/?as=cm-mgr#/packages/manager/announce?communityId=${communityId}`);
    await page.getByText('还没有发过公告').waitFor();
    // An empty announcement is named field by field and never reaches the confirmation.
    await page.getByTestId('announcement-send').click();
    await page.getByText('请填写标题，20 字以内').waitFor();
    await page.getByText('请填写公告内容，500 字以内').waitFor();
    await expect(page.getByText('确定', { exact: true }).count()).resolves.toBe(0);
    await page.getByTestId('announcement-title').locator('input').fill('周六沙龙提醒');
    await page
      .getByTestId('announcement-body')
      .locator('textarea')
      .fill('本周六下午两点，静安店二楼沙龙区见。到场签到送 50 积分，记得带上会员码。');
    await page.getByText('发送公告', { exact: true }).click();
    await page.getByText('确定', { exact: true }).click();
    const sent = page.getByTestId('sent-announcement').filter({ hasText: '周六沙龙提醒' });
    await sent.waitFor();
    await expect(sent.locator('.sent-item__meta').textContent()).resolves.toContain('4 位成员');
    await shot(manager, 'h5-community-announce');

    await page.goto(`${running.baseUrl}/?as=cm-mgr#/packages/manager/members?communityId=${communityId}`);
    const members = page.getByTestId('community-member');
    await members.filter({ hasText: '小雨' }).waitFor();
    await expect(members.locator('.member-row__name').allTextContents()).resolves.toEqual(['阿青', '林小满', '安安', '小雨']);
    await expect(members.filter({ hasText: '小雨' }).locator('.member-row__meta').textContent()).resolves.toContain(
      '136****3333',
    );
    // Each member's face: 林小满's photo, the first character of a nickname for those without one.
    await members.filter({ hasText: '林小满' }).locator('img[src*="/api/v1/avatars/"]').waitFor();
    await expect(members.filter({ hasText: '小雨' }).locator('.avatar').textContent()).resolves.toBe('小');
    await shot(manager, 'h5-community-members');

    const phone = await memberOpens('cm-yu', `/packages/community/announcements?communityId=${communityId}`);
    await phone.getByTestId('announcement').filter({ hasText: '周六沙龙提醒' }).waitFor();
    await shot(member, 'h5-community-announcements');

    await page.goto(`${running.baseUrl}/?as=cm-mgr#/packages/manager/coupon?communityId=${communityId}`);
    await page.getByText('发给「静安店会员群」的全部 4 位成员，每人一张，直接放入券包').waitFor();
    // The manager picks the coupon from those HQ released, by its name and benefit, never by a pasted id.
    const pick = page.getByTestId('released-template').filter({ hasText: '社群专享满199减30' });
    await expect(pick.textContent()).resolves.toContain('满¥199可用');
    await pick.click();
    await page.getByTestId('coupon-send-button').click();
    await page.getByText('确定', { exact: true }).click();
    const send = page.getByTestId('coupon-send').filter({ hasText: '社群专享满199减30' });
    await send.waitFor();
    await shot(manager, 'h5-community-coupon');
    const wallet = (await (await people['cm-yu'].api('/api/v1/me/coupons?status=available')).json()) as {
      coupons: Array<{ name: string }>;
    };
    expect(wallet.coupons.map((c) => c.name)).toContain('社群专享满199减30');
  });

  it('reviews the community’s posts: approves one, rejects the other with a reason', async () => {
    const { page } = manager;
    await page.goto(`${running.baseUrl}/?as=cm-mgr#/packages/manager/review`);
    const good = page.getByTestId('review-post').filter({ hasText: '修护精华用了一个月' });
    const spam = page.getByTestId('review-post').filter({ hasText: '加我微信领小样' });
    await good.waitFor();
    await expect(good.locator('.review-card__meta').textContent()).resolves.toContain('静安店会员群');
    await shot(manager, 'h5-community-review');

    await good.getByText('通过', { exact: true }).click();
    await good.waitFor({ state: 'detached' });
    await spam.getByText('拒绝', { exact: true }).click();
    await spam.getByText('含广告或引流', { exact: true }).click();
    await shot(manager, 'h5-community-review-reject');
    await spam.getByText('确认拒绝', { exact: true }).click();
    await page.getByText('没有待审核的晒单，休息一下吧').waitFor();

    await page.locator('.tabs__tab', { hasText: '已拒绝' }).click();
    await page.getByText('拒绝原因：含广告或引流').waitFor();
    const mine = (await (await people['cm-qing'].api('/api/v1/me/posts')).json()) as {
      posts: Array<{ status: string; pointsEarned: number }>;
    };
    expect(mine.posts.map((p) => [p.status, p.pointsEarned]).sort()).toEqual([
      ['approved', 20],
      ['rejected', 0],
    ]);
  });

  it('shows the dashboard after the activity: rates, tiers, stages, segments and sales', async () => {
    // The activity is over: its attendance counts.
    timeOf(running).advance(3 * HOUR_MS);
    const { page } = manager;
    await page.goto(`${running.baseUrl}/?as=cm-mgr#/packages/manager/dashboard?communityId=${communityId}`);
    const attendance = page.getByLabel(/^到场率/);
    await attendance.waitFor();
    // 林小满 and 小雨 came; 安安 did not.
    await expect(attendance.getAttribute('aria-label')).resolves.toBe('到场率 67%');
    await expect(page.getByLabel(/^报名率/).getAttribute('aria-label')).resolves.toBe('报名率 75%');
    await expect(page.locator('.dashboard__total').textContent()).resolves.toBe('¥1,993');
    // The rings are filled to the rates, the best day's column stands out, each tier and stage has its colour.
    await paintedIn(attendance, ['#b3561e']);
    await paintedIn(page.getByLabel(/^报名率/), ['#b3561e']);
    await paintedIn(page.getByTestId('column-chart'), ['#b3561e', '#d9a45b']);
    const [tiers, stages, segments, churn] = ['会员等级', '生命周期', 'RFM 分层', '流失风险'].map((title) =>
      page.locator('.section').filter({ has: page.getByText(title, { exact: true }) }),
    );
    await paintedIn(tiers);
    await paintedIn(stages.getByTestId('donut-chart'));
    await expect(
      tiers.locator('.chart-legend__item').evaluateAll((items) => items.map((i) => i.getAttribute('aria-label'))),
    ).resolves.toEqual(['普通 3', '银卡 1']);
    await shot(manager, 'h5-community-dashboard');
    await segments.scrollIntoViewIfNeeded();
    await expect(stages.getByLabel(/^新客复购/).getAttribute('aria-label')).resolves.toBe('新客复购 1');
    await paintedIn(segments);
    await paintedIn(churn);
    await churn.scrollIntoViewIfNeeded();
    await shot(manager, 'h5-community-dashboard-segments');

    await page.getByText('近 7 天', { exact: true }).click();
    await page.locator('.dashboard__total').getByText('¥399').waitFor();
    await shot(manager, 'h5-community-dashboard-week');
    expect(failures).toEqual([]);
  });
});
