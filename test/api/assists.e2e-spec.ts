import { AssistCampaignView, AssistTaskView, type CouponView, MemberHome } from '@memberloop/shared';
import { AssistsService } from '../../server/src/assists/assists.service';
import { startApp, timeOf, type RunningApp } from '../support/app';
import { authorized, loginAs, loginAsStaff } from '../support/sessions';

const HOUR_MS = 3_600_000;

describe('friend assist: a task, friends helping once each, the reward exactly once', () => {
  let running: RunningApp;
  let hq: ReturnType<typeof authorized>;

  beforeAll(async () => {
    running = await startApp();
    hq = authorized(running, (await loginAsStaff(running, 'assist-hq', 'hq')).accessToken);
  });
  afterEach(() => timeOf(running).reset());
  afterAll(async () => {
    await running?.close();
  });

  const member = async (name: string) => authorized(running, (await loginAs(running, name)).accessToken);
  const campaign = async (helpersNeeded: number, reward: Record<string, unknown>) => {
    const now = Date.now();
    const response = await hq('/api/v1/hq/assist-campaigns', {
      body: {
        title: '5 位好友助力得券',
        helpersNeeded,
        hoursToComplete: 24,
        reward,
        startsAt: new Date(now - HOUR_MS).toISOString(),
        endsAt: new Date(now + 7 * 24 * HOUR_MS).toISOString(),
      },
    });
    expect(response.status).toBe(201);
    return AssistCampaignView.parse(await response.json());
  };
  const couponTemplate = async () => {
    const response = await hq('/api/v1/hq/coupon-templates', {
      body: {
        name: '助力券 ¥30',
        benefit: { kind: 'fixed', amountFen: 3_000 },
        validity: { type: 'afterClaim', days: 30 },
        totalStock: 1_000,
        claimable: false,
      },
    });
    return ((await response.json()) as { id: string }).id;
  };
  const start = async (api: ReturnType<typeof authorized>, campaignId: string) =>
    AssistTaskView.parse(await (await api(`/api/v1/assist-campaigns/${campaignId}/tasks`, { method: 'POST' })).json());
  const help = (api: ReturnType<typeof authorized>, taskId: string) => api(`/api/v1/assists/${taskId}/help`, { method: 'POST' });

  it('takes 50 friends helping at once as exactly 5 helps and issues the coupon once', async () => {
    const templateId = await couponTemplate();
    const c = await campaign(5, { couponTemplateId: templateId, points: 50 });
    const starter = await member('assist-starter');
    const task = await start(starter, c.id);
    expect(task).toMatchObject({ status: 'open', helpersNeeded: 5, helpers: [], mine: true });
    expect((await start(starter, c.id)).id).toBe(task.id);

    const friends = await Promise.all(Array.from({ length: 50 }, (_, i) => member(`assist-friend-${i}`)));
    const results = await Promise.all(friends.map((api) => help(api, task.id)));
    expect(results.filter((r) => r.status === 200)).toHaveLength(5);
    for (const r of results.filter((x) => x.status !== 200)) expect(await r.json()).toMatchObject({ code: 'ASSIST_CLOSED' });

    const done = AssistTaskView.parse(await (await starter(`/api/v1/assists/${task.id}`)).json());
    expect(done).toMatchObject({ status: 'completed' });
    expect(done.helpers).toHaveLength(5);
    const { coupons } = (await (await starter('/api/v1/me/coupons')).json()) as { coupons: CouponView[] };
    expect(coupons.filter((x) => x.templateId === templateId)).toHaveLength(1);
    expect(MemberHome.parse(await (await starter('/api/v1/me/home')).json()).points.balance).toBe(50);

    // The job finds nothing left to pay.
    expect(await running.app.get(AssistsService).settleDue()).toEqual({ rewarded: 0, expired: 0 });
    expect(MemberHome.parse(await (await starter('/api/v1/me/home')).json()).points.balance).toBe(50);
  }, 60_000);

  it('lets each friend help once and never the starter', async () => {
    const c = await campaign(3, { points: 10 });
    const starter = await member('assist-solo');
    const task = await start(starter, c.id);
    const own = await help(starter, task.id);
    expect(own.status).toBe(403);
    const friend = await member('assist-once');
    expect((await help(friend, task.id)).status).toBe(200);
    const twice = await help(friend, task.id);
    expect(twice.status).toBe(409);
    expect(await twice.json()).toMatchObject({ code: 'ALREADY_DONE' });
    const seen = AssistTaskView.parse(await (await friend(`/api/v1/assists/${task.id}`)).json());
    expect(seen).toMatchObject({ mine: false, helpedByMe: true, status: 'open' });
    expect(seen.helpers).toHaveLength(1);
    expect((await friend('/api/v1/assists/' + 'f'.repeat(24))).status).toBe(404);
    expect((await friend('/api/v1/assists/not-an-id')).status).toBe(400);
  });

  it('expires a task whose deadline passes unfilled: no reward, no more help', async () => {
    const c = await campaign(2, { points: 99 });
    const starter = await member('assist-late');
    const task = await start(starter, c.id);
    expect((await help(await member('assist-late-1'), task.id)).status).toBe(200);
    timeOf(running).advance(25 * HOUR_MS);
    const late = await help(await member('assist-late-2'), task.id);
    expect(late.status).toBe(409);
    expect(await late.json()).toMatchObject({ code: 'ASSIST_CLOSED' });
    const settled = await running.app.get(AssistsService).settleDue();
    expect(settled.rewarded).toBe(0);
    // This task and any other left open by earlier tests.
    expect(settled.expired).toBeGreaterThanOrEqual(1);
    timeOf(running).reset();
    const mine = (await (await (await member('assist-late'))('/api/v1/me/assists')).json()) as { tasks: AssistTaskView[] };
    expect(mine.tasks).toEqual([expect.objectContaining({ id: task.id, status: 'expired' })]);
    expect(MemberHome.parse(await (await (await member('assist-late'))('/api/v1/me/home')).json()).points.balance).toBe(0);
  });

  it('lets only HQ create campaigns and checks them', async () => {
    const api = await member('assist-nosy');
    expect((await api('/api/v1/hq/assist-campaigns', { body: {} })).status).toBe(403);
    const bad = await hq('/api/v1/hq/assist-campaigns', {
      body: {
        title: 'x',
        helpersNeeded: 0,
        hoursToComplete: 24,
        reward: {},
        startsAt: new Date().toISOString(),
        endsAt: new Date().toISOString(),
      },
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
    const live = (await (await api('/api/v1/assist-campaigns')).json()) as { campaigns: AssistCampaignView[] };
    expect(live.campaigns.length).toBeGreaterThan(0);
  });
});
