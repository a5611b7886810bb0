import type { ExperimentResults, ExperimentSendResult, ExperimentView } from '@memberloop/shared';
import { getConnectionToken } from '@nestjs/mongoose';
import { Types, type Connection } from 'mongoose';
import { Clock } from '../../server/src/common/clock/clock';
import { ProfileRecomputeService } from '../../server/src/analytics/profile-recompute.service';
import { assignArm } from '../../server/src/campaign-experiments/domain/assignment';
import { IntegrationsService } from '../../server/src/integrations/integrations.service';
import { MembersService } from '../../server/src/members/members.service';
import { startApp, timeOf, type RunningApp } from '../support/app';
import { authorized, loginAs, loginAsStaff } from '../support/sessions';
import { signedPost } from '../support/signed-request';

const MEMBERS = 24;
const WITHOUT_CONSENT = new Set([3, 11, 17, 22]);
const DAY = 86_400_000;

describe('A/B-tested campaigns', () => {
  let running: RunningApp;
  let hq: ReturnType<typeof authorized>;
  let pos: Awaited<ReturnType<IntegrationsService['register']>>;
  let templateId: string;
  const memberIds: string[] = [];
  const sessions: Array<ReturnType<typeof authorized>> = [];

  const buy = (i: number, orderId: string, totalFen: number) =>
    signedPost(
      running.baseUrl,
      '/api/v1/purchases',
      {
        orderId,
        member: { phone: String(13_900_000_500 + i) },
        channel: 'store',
        storeCode: 'SH01',
        paidAt: new Date(Date.now() + clockAhead).toISOString(),
        lines: [{ sku: 'SK', category: '护肤', quantity: 1, unitPriceFen: totalFen }],
        totalFen,
      },
      pos,
    );
  let clockAhead = 0;

  /** Lets days pass for the app; sessions are signed in again (their tokens have expired meanwhile). */
  const letDaysPass = async (days: number) => {
    timeOf(running).advance(days * DAY);
    clockAhead += days * DAY;
    hq = authorized(running, (await loginAsStaff(running, 'abtest-hq', 'hq')).accessToken);
    for (let i = 0; i < MEMBERS; i++) sessions[i] = authorized(running, (await loginAs(running, `abtest-${i}`)).accessToken);
  };

  const template = async (name: string) =>
    (
      (await (
        await hq('/api/v1/hq/coupon-templates', {
          body: {
            name,
            benefit: { kind: 'fixed', amountFen: 2_000 },
            validity: { type: 'afterClaim', days: 30 },
            totalStock: 1_000,
            claimable: false,
          },
        })
      ).json()) as { id: string }
    ).id;

  const draft = (overrides: Record<string, unknown> = {}) => ({
    name: '回购券对比测试',
    audience: { stages: ['new-one-time'] },
    variants: [
      { name: '20元券', percent: 40, reward: { kind: 'coupon', templateId }, message: '送你一张20元回购券' },
      { name: '200积分', percent: 30, reward: { kind: 'points', points: 200 }, message: '送你200积分' },
    ],
    controlPercent: 30,
    attributionDays: 7,
    ...overrides,
  });

  const create = (body: Record<string, unknown>, api = hq) => api('/api/v1/hq/campaign-experiments', { body });

  beforeAll(async () => {
    running = await startApp();
    hq = authorized(running, (await loginAsStaff(running, 'abtest-hq', 'hq')).accessToken);
    pos = await running.app.get(IntegrationsService).register('abtest-pos', 'A/B POS');
    for (let i = 0; i < MEMBERS; i++) {
      const session = await loginAs(running, `abtest-${i}`);
      memberIds.push(session.member.id);
      await running.app.get(MembersService).attachPhone(session.member.id, String(13_900_000_500 + i));
      const api = authorized(running, session.accessToken);
      sessions.push(api);
      await api('/api/v1/me/consents', { method: 'PUT', body: { marketing: !WITHOUT_CONSENT.has(i) } });
      await buy(i, `AB-FIRST-${i}`, 10_000);
    }
    await running.app.get(ProfileRecomputeService).recomputeAll();
    templateId = await template('回购20元券');
  });
  afterAll(async () => {
    timeOf(running)?.reset();
    await running?.close();
  });

  it('refuses bad designs with stable codes and changes nothing', async () => {
    const sizes = await create(draft({ controlPercent: 20 }));
    expect(sizes.status).toBe(422);
    expect(await sizes.json()).toMatchObject({ code: 'EXPERIMENT_SIZES_NOT_100', details: { total: 90 } });
    const one = await create(draft({ variants: [draft().variants[0]], controlPercent: 60 }));
    expect(await one.json()).toMatchObject({ code: 'EXPERIMENT_VARIANT_COUNT' });
    const five = await create(
      draft({
        variants: Array.from({ length: 5 }, (_, i) => ({ ...draft().variants[1], name: `积分${i}`, percent: 18 })),
        controlPercent: 10,
      }),
    );
    expect(await five.json()).toMatchObject({ code: 'EXPERIMENT_VARIANT_COUNT' });
    const retiredId = await template('已下架券');
    expect((await hq(`/api/v1/hq/coupon-templates/${retiredId}/retire`, { method: 'POST' })).status).toBe(200);
    const retired = await create(
      draft({ variants: [{ ...draft().variants[0], reward: { kind: 'coupon', templateId: retiredId } }, draft().variants[1]] }),
    );
    expect(retired.status).toBe(409);
    expect(await retired.json()).toMatchObject({ code: 'COUPON_TEMPLATE_RETIRED', details: { variant: 'A' } });
    expect((await create(draft({ controlPercent: 0, variants: [] }))).status).toBe(400);
    const list = (await (await hq('/api/v1/hq/campaign-experiments')).json()) as { experiments: unknown[] };
    expect(list.experiments).toHaveLength(0);
  });

  let experiment: ExperimentView;
  const armOf = (i: number) =>
    assignArm(experiment.id, memberIds[i], [
      { arm: 'control', percent: 30 },
      { arm: 'A', percent: 40 },
      { arm: 'B', percent: 30 },
    ]);
  const couponsOf = async (i: number) =>
    ((await (await sessions[i]('/api/v1/me/coupons')).json()) as { coupons: Array<{ templateId: string }> }).coupons.filter(
      (c) => c.templateId === templateId,
    ).length;
  const experimentPointsOf = async (i: number) =>
    (
      (await (await sessions[i]('/api/v1/me/points/history')).json()) as { entries: Array<{ points: number; code: string }> }
    ).entries.filter((e) => e.points === 200).length;

  it('assigns members by a stable hash, pays each variant member once under concurrent runs, gives control nothing', async () => {
    const created = await create(draft({ attributionDays: 5 }));
    expect(created.status).toBe(201);
    experiment = (await created.json()) as ExperimentView;
    expect(experiment).toMatchObject({ status: 'draft', variants: [{ key: 'A' }, { key: 'B' }] });
    // A draft may still change.
    const edited = await hq(`/api/v1/hq/campaign-experiments/${experiment.id}`, { method: 'PUT', body: draft() });
    expect(await edited.json()).toMatchObject({ attributionDays: 7 });

    const started = await hq(`/api/v1/hq/campaign-experiments/${experiment.id}/start`, { method: 'POST' });
    expect(started.status).toBe(200);
    const { send, experiment: running_ } = (await started.json()) as { send: ExperimentSendResult; experiment: ExperimentView };
    experiment = running_;
    expect(experiment.status).toBe('running');
    expect(new Date(experiment.windowEndsAt!).getTime() - new Date(experiment.startedAt!).getTime()).toBe(7 * DAY);

    const consenting = [...Array(MEMBERS).keys()].filter((i) => !WITHOUT_CONSENT.has(i));
    const expected = { control: 0, A: 0, B: 0 } as Record<string, number>;
    for (const i of consenting) expected[armOf(i)] += 1;
    expect(send).toEqual({
      assigned: MEMBERS,
      sent: expected.A + expected.B,
      control: expected.control,
      undelivered: 0,
      excluded: [{ reason: 'no-marketing-consent', count: WITHOUT_CONSENT.size }],
    });

    // Three more runs at once, and a repeated start: nobody is moved or paid twice.
    const reruns = await Promise.all([
      hq(`/api/v1/hq/campaign-experiments/${experiment.id}/send`, { method: 'POST' }),
      hq(`/api/v1/hq/campaign-experiments/${experiment.id}/send`, { method: 'POST' }),
      hq(`/api/v1/hq/campaign-experiments/${experiment.id}/send`, { method: 'POST' }),
      hq(`/api/v1/hq/campaign-experiments/${experiment.id}/start`, { method: 'POST' }),
    ]);
    for (const r of reruns) expect(r.status).toBe(200);
    expect(await reruns[0].json()).toEqual(send);

    for (let i = 0; i < MEMBERS; i++) {
      const arm = WITHOUT_CONSENT.has(i) ? 'none' : armOf(i);
      expect([i, arm, await couponsOf(i), await experimentPointsOf(i)]).toEqual([
        i,
        arm,
        arm === 'A' ? 1 : 0,
        arm === 'B' ? 1 : 0,
      ]);
    }

    const locked = await hq(`/api/v1/hq/campaign-experiments/${experiment.id}`, { method: 'PUT', body: draft() });
    expect(locked.status).toBe(409);
    expect(await locked.json()).toMatchObject({ code: 'EXPERIMENT_NOT_EDITABLE' });
  });

  it('keeps the stage contact cap: a second test on the same segment leaves out who was just contacted', async () => {
    const second = (await (
      await create(
        draft({
          name: '第二轮',
          variants: [
            { name: '新品提醒', percent: 35, reward: { kind: 'message' }, message: '新品到店，欢迎回来看看' },
            { name: '50积分', percent: 35, reward: { kind: 'points', points: 50 }, message: '送你50积分' },
          ],
        }),
      )
    ).json()) as ExperimentView;
    // One consenting member of the first test's control group got a festival calendar pack yesterday: every
    // automation's contacts count in the cap, so the second test leaves them out too.
    const packed = [...Array(MEMBERS).keys()].find((i) => !WITHOUT_CONSENT.has(i) && armOf(i) === 'control')!;
    const yesterday = new Date(running.app.get(Clock).now().getTime() - DAY);
    await running.app
      .get<Connection>(getConnectionToken())
      .collection('calendar_pack_sends')
      .insertOne({
        packId: new Types.ObjectId(),
        occurrence: '2026-12-02',
        memberId: new Types.ObjectId(memberIds[packed]),
        status: 'sent',
        decidedAt: yesterday,
        sentAt: yesterday,
      });
    const started = await hq(`/api/v1/hq/campaign-experiments/${second.id}/start`, { method: 'POST' });
    const { send } = (await started.json()) as { send: ExperimentSendResult };
    const firstSent = [...Array(MEMBERS).keys()].filter((i) => !WITHOUT_CONSENT.has(i) && armOf(i) !== 'control').length;
    expect(send.excluded).toEqual(
      expect.arrayContaining([
        { reason: 'no-marketing-consent', count: WITHOUT_CONSENT.size },
        { reason: 'contacted-recently', count: firstSent + 1 },
      ]),
    );
    expect(send.assigned).toBe(MEMBERS);
  });

  it('measures each variant against control over the window, and promotes the chosen winner once, after it', async () => {
    // Variant A members buy in the window; control does not.
    const aMembers = [...Array(MEMBERS).keys()].filter((i) => !WITHOUT_CONSENT.has(i) && armOf(i) === 'A');
    for (const i of aMembers) expect((await buy(i, `AB-WIN-${i}`, 30_000)).status).toBeLessThan(300);

    const early = await hq(`/api/v1/hq/campaign-experiments/${experiment.id}/promote`, {
      body: { variant: 'A', target: 'control' },
    });
    expect(early.status).toBe(409);
    expect(await early.json()).toMatchObject({
      code: 'EXPERIMENT_WINDOW_OPEN',
      details: { windowEndsAt: experiment.windowEndsAt },
    });

    await letDaysPass(8);
    // A purchase after the window does not count.
    const control = [...Array(MEMBERS).keys()].filter((i) => !WITHOUT_CONSENT.has(i) && armOf(i) === 'control');
    await buy(control[0], 'AB-LATE', 50_000);

    const results = (await (await hq(`/api/v1/hq/campaign-experiments/${experiment.id}/results`)).json()) as ExperimentResults;
    expect(results.windowClosed).toBe(true);
    const [c, a, b] = results.arms;
    expect(c).toMatchObject({
      arm: 'control',
      members: control.length,
      converted: 0,
      revenuePerMemberFen: 0,
      conversionVsControl: null,
    });
    expect(a).toMatchObject({
      arm: 'A',
      members: aMembers.length,
      sent: aMembers.length,
      converted: aMembers.length,
      conversionRate: 1,
    });
    expect(a.revenuePerMemberFen).toBe(30_000);
    expect(a.redeemed).toBe(0);
    expect(a.conversionVsControl!.difference).toBe(1);
    expect(a.conversionVsControl!.significant).toBe(true);
    // Every A member spent ¥300, every control member nothing: no spread, an interval of width 0 above 0.
    expect(a.revenueVsControl).toMatchObject({ difference: 30_000, low: 30_000, high: 30_000, significant: true });
    expect(b).toMatchObject({ arm: 'B', converted: 0, redeemed: 0 });
    expect(b.conversionVsControl!.significant).toBe(false);
    expect(results.best).toBe('A');

    const promote = () =>
      hq(`/api/v1/hq/campaign-experiments/${experiment.id}/promote`, { body: { variant: 'A', target: 'control' } });
    const [first, racing] = await Promise.all([promote(), promote()]);
    const statuses = [first.status, racing.status].sort();
    expect(statuses[0]).toBe(200);
    // The racing request either was refused or resumed the same promotion: with both done, the figures are final.
    expect([first.status, racing.status].every((status) => status === 200 || status === 409)).toBe(true);
    const promoted = (await (await hq(`/api/v1/hq/campaign-experiments/${experiment.id}`)).json()) as ExperimentView;
    expect(promoted).toMatchObject({ status: 'promoted', promotion: { variant: 'A', target: 'control', finished: true } });
    // Control members: the day-0 cap has long passed, each gets the winner's coupon once.
    for (const i of control) expect(await couponsOf(i)).toBe(1);
    expect(promoted.promotion!.sent).toBe(control.length);
    const again = await promote();
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ code: 'EXPERIMENT_ALREADY_PROMOTED' });
    for (const i of control) expect(await couponsOf(i)).toBe(1);
    // Over: no more sends (members new to the segment belong to the rest of it).
    const late = await hq(`/api/v1/hq/campaign-experiments/${experiment.id}/send`, { method: 'POST' });
    expect(await late.json()).toMatchObject({ code: 'EXPERIMENT_NOT_RUNNING' });
  });

  it('is HQ only: a manager or a member is refused everything, and HQ actions are audited', async () => {
    const manager = authorized(
      running,
      (await loginAsStaff(running, 'abtest-manager', 'manager', { storeIds: ['SH01'] })).accessToken,
    );
    const member = sessions[0];
    for (const api of [manager, member]) {
      expect((await create(draft(), api)).status).toBe(403);
      expect((await api('/api/v1/hq/campaign-experiments')).status).toBe(403);
      expect((await api(`/api/v1/hq/campaign-experiments/${experiment.id}/results`)).status).toBe(403);
      expect((await api(`/api/v1/hq/campaign-experiments/${experiment.id}/send`, { method: 'POST' })).status).toBe(403);
      expect(
        (await api(`/api/v1/hq/campaign-experiments/${experiment.id}/promote`, { body: { variant: 'B', target: 'rest' } }))
          .status,
      ).toBe(403);
    }
    const anonymous = await fetch(`${running.baseUrl}/api/v1/hq/campaign-experiments`);
    expect(anonymous.status).toBe(401);
    const audit = (await (await hq('/api/v1/hq/audit-log?limit=200')).json()) as { entries: Array<{ action: string }> };
    const actions = audit.entries.map((e) => e.action);
    expect(actions).toContain('POST /api/v1/hq/campaign-experiments');
    expect(actions).toContain('POST /api/v1/hq/campaign-experiments/:experimentId/start');
    expect(actions).toContain('POST /api/v1/hq/campaign-experiments/:experimentId/promote');
  });

  it('refuses to start a draft whose coupon template was retired since, and to send a draft', async () => {
    const couponId = await template('待下架券');
    const body = draft({
      variants: [{ ...draft().variants[0], reward: { kind: 'coupon', templateId: couponId } }, draft().variants[1]],
    });
    const saved = (await (await create(body)).json()) as ExperimentView;
    const early = await hq(`/api/v1/hq/campaign-experiments/${saved.id}/send`, { method: 'POST' });
    expect(await early.json()).toMatchObject({ code: 'EXPERIMENT_NOT_RUNNING' });
    expect((await hq(`/api/v1/hq/coupon-templates/${couponId}/retire`, { method: 'POST' })).status).toBe(200);
    const start = await hq(`/api/v1/hq/campaign-experiments/${saved.id}/start`, { method: 'POST' });
    expect(await start.json()).toMatchObject({ code: 'COUPON_TEMPLATE_RETIRED', details: { variant: 'A' } });
    expect(await (await hq(`/api/v1/hq/campaign-experiments/${saved.id}`)).json()).toMatchObject({ status: 'draft' });
  });

  it('promotes to the rest of the segment outside the sample', async () => {
    const sampled = (await (
      await create(draft({ name: '抽样测试', samplePercent: 50, audience: { stages: ['new-one-time', 'new-repeat'] } }))
    ).json()) as ExperimentView;
    const { send } = (await (await hq(`/api/v1/hq/campaign-experiments/${sampled.id}/start`, { method: 'POST' })).json()) as {
      send: ExperimentSendResult;
    };
    expect(send.assigned).toBeGreaterThan(0);
    expect(send.assigned).toBeLessThan(MEMBERS);
    await letDaysPass(8);
    const promoted = await hq(`/api/v1/hq/campaign-experiments/${sampled.id}/promote`, {
      body: { variant: 'B', target: 'rest' },
    });
    expect(promoted.status).toBe(200);
    const view = (await promoted.json()) as ExperimentView;
    // The rest: members outside the sample who agreed to marketing and were not contacted in their stage's cap.
    expect(view.promotion).toMatchObject({ variant: 'B', target: 'rest', finished: true });
    expect(view.promotion!.sent).toBeGreaterThan(0);
    expect(view.promotion!.sent).toBeLessThanOrEqual(MEMBERS - send.assigned);
  });
});
