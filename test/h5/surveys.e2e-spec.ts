import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { MemberHome, SurveyView } from '@memberloop/shared';
import { Types } from 'mongoose';
import { ProfileRecomputeService } from '../../server/src/analytics/profile-recompute.service';
import { IntegrationsService } from '../../server/src/integrations/integrations.service';
import { MembersService } from '../../server/src/members/members.service';
import { startApp, type RunningApp } from '../support/app';
import { openPhoneBrowser, type PhoneBrowser } from '../support/browser';
import { authorized, loginAs, loginAsStaff } from '../support/sessions';
import { signedPost } from '../support/signed-request';

const H5_BUILD = resolve(__dirname, '../../miniprogram/dist/h5/index.html');

/**
 * Satisfaction surveys in the H5 build: HQ starts a segment survey, the member finds it on 我的, taps an NPS score,
 * is told which required question is empty (nothing is sent), answers, and reads the thank-you with the points;
 * HQ reads the NPS on the results page.
 */
describe('H5 app: satisfaction surveys', () => {
  let running: RunningApp;
  let member: PhoneBrowser;
  let hqPhone: PhoneBrowser;
  let memberApi: ReturnType<typeof authorized>;
  const failures: string[] = [];

  beforeAll(async () => {
    if (!existsSync(H5_BUILD)) throw new Error('No H5 build: run "npm run build:h5 -w miniprogram" before the H5 suite');
    running = await startApp({ JOBS_ENABLED: 'false' });
    const pos = await running.app.get(IntegrationsService).register('h5-surveys-pos', 'H5 Surveys POS');
    const shopper = await loginAs(running, 'h5-survey-member');
    memberApi = authorized(running, shopper.accessToken);
    await running.app.get(MembersService).attachPhone(shopper.member.id, '13766667777');
    const bought = await signedPost(
      running.baseUrl,
      '/api/v1/purchases',
      {
        orderId: 'SV-20261203-001',
        member: { phone: '13766667777' },
        channel: 'store',
        storeCode: 'SH01',
        paidAt: new Date(Date.now() - 3_600_000).toISOString(),
        lines: [{ sku: 'SK-CREAM', category: '护肤', quantity: 1, unitPriceFen: 29_900 }],
        totalFen: 29_900,
      },
      pos,
    );
    expect(bought.status).toBe(200);
    await running.app.get(ProfileRecomputeService).recomputeAll();
    const tier = (await running.app.get(MembersService).findById(new Types.ObjectId(shopper.member.id)))!.tier.code;

    const hq = authorized(running, (await loginAsStaff(running, 'h5-survey-hq', 'hq')).accessToken);
    const created = await hq('/api/v1/hq/surveys', {
      body: {
        title: '门店服务满意度',
        npsQuestion: '您有多大可能把我们推荐给朋友？',
        questions: [
          { kind: 'single', title: '本次到店是否顺利', required: true, options: ['顺利', '一般', '不顺利'] },
          { kind: 'multi', title: '您喜欢哪些方面', required: false, options: ['产品', '服务', '环境'], maxChoices: 2 },
          { kind: 'rating', title: '店员服务打分', required: false },
          { kind: 'text', title: '还有什么建议', required: false, maxLength: 100 },
        ],
        rewardPoints: 30,
        targeting: { kind: 'segment', audience: { tiers: [tier] } },
      },
    });
    expect(created.status).toBe(201);
    const { id } = SurveyView.parse(await created.json());
    expect((await hq(`/api/v1/hq/surveys/${id}/activate`, { method: 'POST' })).status).toBe(200);

    member = await openPhoneBrowser();
    hqPhone = await openPhoneBrowser();
    for (const browser of [member, hqPhone]) browser.page.on('pageerror', (error) => failures.push(error.message));
  }, 120_000);
  afterAll(async () => {
    await member?.close();
    await hqPhone?.close();
    await running?.close();
  });
  afterEach(() => expect(failures).toEqual([]));

  const shot = async (browser: PhoneBrowser, name: string) => {
    await browser.page.waitForTimeout(1200);
    await browser.screenshot(name);
  };
  const balance = async () => MemberHome.parse(await (await memberApi('/api/v1/me/home')).json()).points.balance;

  it('the member answers from 我的: an empty required question is named and nothing is sent; then the thank-you and the points', async () => {
    const { page } = member;
    const sent: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().includes('/answers')) sent.push(request.url());
    });
    const before = await balance();
    await page.goto(`${running.baseUrl}/?as=h5-survey-member#/pages/me/index`);
    await page.getByTestId('me-surveys').filter({ hasText: '1 份问卷待填写' }).click();
    const row = page.getByTestId('survey-row').filter({ hasText: '门店服务满意度' });
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain('完成可得 30 积分');
    await shot(member, 'survey-member-list');
    await row.click();
    await page.getByTestId('survey-reward').filter({ hasText: '完成可得 30 积分' }).waitFor();
    await expect(page.getByTestId('survey-nps').count()).resolves.toBe(11);
    await page.getByText('0 不可能').waitFor();
    await page.getByText('极有可能 10').waitFor();
    await page.getByTestId('survey-nps').filter({ hasText: /^9$/ }).click();
    await page.getByTestId('survey-submit').click();
    // Named under the question, before anything is sent.
    const first = page.getByTestId('survey-question').filter({ hasText: '本次到店是否顺利' });
    await first.getByTestId('survey-problem').filter({ hasText: '「本次到店是否顺利」是必答题，请作答' }).waitFor();
    await shot(member, 'survey-member-problem');
    expect(sent).toEqual([]);

    await first.getByTestId('survey-option').filter({ hasText: '顺利' }).first().click();
    const liked = page.getByTestId('survey-question').filter({ hasText: '您喜欢哪些方面' });
    await liked.getByTestId('survey-option').filter({ hasText: '产品' }).click();
    await liked.getByTestId('survey-option').filter({ hasText: '服务' }).click();
    await page.getByTestId('survey-star').nth(3).click();
    await page.getByText('满意', { exact: true }).waitFor();
    await page.getByTestId('survey-text').locator('textarea').fill('店员很耐心，试用装再多一点就好了');
    await expect(page.getByTestId('survey-problem').count()).resolves.toBe(0);
    await shot(member, 'survey-member-answered');
    await page.getByTestId('survey-submit').click();
    await page.getByTestId('survey-thanks').waitFor();
    await expect(page.getByTestId('survey-points').textContent()).resolves.toBe('30 积分已发放到您的账户');
    expect(sent).toHaveLength(1);
    expect(await balance()).toBe(before + 30);
    const body = (await page.locator('body').textContent()) ?? '';
    expect(body).not.toMatch(/SURVEY_|undefined|NaN/);
    await shot(member, 'survey-member-thanks');

    // Answered: the entry on 我的 goes away.
    await page.goto(`${running.baseUrl}/?as=h5-survey-member#/pages/me/index`);
    await page.getByTestId('me-service').waitFor();
    // The page may come back from the router's stack showing what it had; its on-show reload then removes the entry.
    await page.getByTestId('me-surveys').waitFor({ state: 'detached' });
  });

  it('HQ opens the results and reads the NPS', async () => {
    const { page } = hqPhone;
    await page.goto(`${running.baseUrl}/?as=h5-survey-hq#/packages/hq/index`);
    await page.getByTestId('hq-area').filter({ hasText: '满意度问卷' }).click();
    const row = page.getByTestId('survey-row').filter({ hasText: '门店服务满意度' });
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain('进行中');
    await shot(hqPhone, 'survey-hq-list');
    await row.getByTestId('survey-results').click();
    await page.getByTestId('survey-nps-score').filter({ hasText: '+100' }).waitFor();
    await page.getByText('1 份答卷', { exact: false }).first().waitFor();
    await expect(page.getByTestId('survey-group').filter({ hasText: 'SH01' }).count()).resolves.toBe(1);
    await page.getByTestId('survey-export').waitFor();
    const body = (await page.locator('body').textContent()) ?? '';
    // Tiers and stages by their names, never their codes.
    expect(body).not.toMatch(/regular|new-one-time|undefined|NaN/);
    await shot(hqPhone, 'survey-hq-results');
  });
});
