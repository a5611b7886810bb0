import {
  type AuditEntryView,
  brandDay,
  MemberHome,
  MemberServiceTicketList,
  MemberSurveyInvitations,
  SurveyResults,
  SurveyView,
  type NewSurvey,
} from '@memberloop/shared';
import { Types } from 'mongoose';
import { ProfileRecomputeService } from '../../server/src/analytics/profile-recompute.service';
import { IntegrationsService, type IntegrationCredentials } from '../../server/src/integrations/integrations.service';
import { MembersService } from '../../server/src/members/members.service';
import { ServiceTicketsService } from '../../server/src/service-tickets';
import { SurveyInvitationsJob } from '../../server/src/surveys';
import { isoWeekOf } from '../../server/src/surveys/domain/nps';
import { startApp, timeOf, type RunningApp } from '../support/app';
import { authorized, loginAs, loginAsStaff } from '../support/sessions';
import { signedPost } from '../support/signed-request';

type Api = ReturnType<typeof authorized>;
const HOUR = 3_600_000;

/**
 * Satisfaction surveys and NPS (issue 25, item 3): HQ builds a survey and targets a segment or the buyers after a
 * purchase; a member answers their own invitation once, validated against the questions; the reward is paid once
 * (also under a concurrent double submit); a detractor with words gets a service ticket once; HQ reads NPS split by
 * tier, store, stage and ISO week and exports the answers masked. Every guard below is attacked.
 */
describe('satisfaction surveys and NPS', () => {
  let running: RunningApp;
  let pos: IntegrationCredentials;
  let hq: Api;
  let manager: Api;
  let phoneSeq = 0;

  const buy = async (phone: string, orderId: string, storeCode: string, paidAt = new Date(Date.now() - 60_000)) => {
    const bought = await signedPost(
      running.baseUrl,
      '/api/v1/purchases',
      {
        orderId,
        member: { phone },
        channel: 'store',
        storeCode,
        paidAt: paidAt.toISOString(),
        lines: [{ sku: 'SK-1', category: '护肤', quantity: 1, unitPriceFen: 19_900 }],
        totalFen: 19_900,
      },
      pos,
    );
    expect(bought.status).toBe(200);
  };
  const shopper = async (name: string, orderId?: string, storeCode = 'SH01') => {
    const session = await loginAs(running, name);
    const phone = `1370000${String(++phoneSeq).padStart(4, '0')}`;
    await running.app.get(MembersService).attachPhone(session.member.id, phone);
    if (orderId) await buy(phone, orderId, storeCode);
    return { api: authorized(running, session.accessToken), id: session.member.id, phone };
  };
  const balance = async (api: Api) => MemberHome.parse(await (await api('/api/v1/me/home')).json()).points.balance;
  const invitationsOf = async (api: Api) =>
    MemberSurveyInvitations.parse(await (await api('/api/v1/me/surveys')).json()).invitations;
  const answer = (api: Api, invitationId: string, body: unknown) => api(`/api/v1/me/surveys/${invitationId}/answers`, { body });

  const survey = (overrides: Partial<NewSurvey> = {}): NewSurvey => ({
    title: '门店服务满意度',
    npsQuestion: '您有多大可能把我们推荐给朋友？',
    questions: [
      { kind: 'single', title: '本次到店是否顺利', required: true, options: ['顺利', '一般', '不顺利'] },
      { kind: 'multi', title: '您喜欢哪些方面', required: false, options: ['产品', '服务', '环境'], maxChoices: 2 },
      { kind: 'rating', title: '店员服务打分', required: false },
      { kind: 'text', title: '还有什么建议', required: false, maxLength: 50 },
    ],
    rewardPoints: 30,
    targeting: { kind: 'segment', audience: { tiers: ['__set_below__'] } },
    ...overrides,
  });
  const create = async (api: Api, body: NewSurvey) => api('/api/v1/hq/surveys', { body });
  const auditActionsOn = async (surveyId: string) =>
    (
      (await (await hq(`/api/v1/hq/audit-log?targetType=survey&targetId=${surveyId}`)).json()) as { entries: AuditEntryView[] }
    ).entries.map((e) => e.action);

  beforeAll(async () => {
    running = await startApp({ JOBS_ENABLED: 'false' });
    pos = await running.app.get(IntegrationsService).register('surveys-pos', 'Surveys POS');
    hq = authorized(running, (await loginAsStaff(running, 'surveys-hq', 'hq')).accessToken);
    manager = authorized(
      running,
      (await loginAsStaff(running, 'surveys-manager', 'manager', { storeIds: ['SH01'] })).accessToken,
    );
  });
  afterAll(async () => {
    await running?.close();
  });

  describe('a segment survey', () => {
    let alice: Awaited<ReturnType<typeof shopper>>;
    let bob: Awaited<ReturnType<typeof shopper>>;
    let carol: Awaited<ReturnType<typeof shopper>>;
    let surveyId: string;
    let tier: string;

    beforeAll(async () => {
      alice = await shopper('survey-alice', 'SV-A-1', 'SH01');
      bob = await shopper('survey-bob', 'SV-B-1', 'GZ01');
      carol = await shopper('survey-carol', 'SV-C-1', 'SH01');
      await running.app.get(ProfileRecomputeService).recomputeAll();
      tier = (await running.app.get(MembersService).findById(new Types.ObjectId(alice.id)))!.tier.code;
    });

    it('is built by HQ only: a manager or a member is refused and nothing is made', async () => {
      const body = survey({ targeting: { kind: 'segment', audience: { tiers: [tier] } } });
      expect((await create(manager, body)).status).toBe(403);
      expect((await create(alice.api, body)).status).toBe(403);
      expect((await manager('/api/v1/hq/surveys')).status).toBe(403);
      const list = (await (await hq('/api/v1/hq/surveys')).json()) as { surveys: unknown[] };
      expect(list.surveys).toHaveLength(0);
    });

    it('refuses a survey with more than 5 questions, a multi choice allowing more than its options, a reward out of bounds', async () => {
      const base = survey({ targeting: { kind: 'segment', audience: { tiers: [tier] } } });
      const six = { ...base, questions: Array.from({ length: 6 }, () => ({ kind: 'rating', title: '打分', required: false })) };
      const many = {
        ...base,
        questions: [{ kind: 'multi', title: '多选', required: false, options: ['a', 'b'], maxChoices: 3 }],
      };
      for (const bad of [six, many, { ...base, rewardPoints: -5 }, { ...base, rewardPoints: 100_000 }]) {
        const refused = await hq('/api/v1/hq/surveys', { body: bad });
        expect(refused.status).toBe(400);
        expect(((await refused.json()) as { code: string }).code).toBe('VALIDATION_FAILED');
      }
    });

    it('starts once (audited) and invites each member of the segment once', async () => {
      const created = await create(hq, survey({ targeting: { kind: 'segment', audience: { tiers: [tier] } } }));
      expect(created.status).toBe(201);
      const draft = SurveyView.parse(await created.json());
      expect(draft.status).toBe('draft');
      expect(draft.questions.map((q) => q.id)).toEqual(['q1', 'q2', 'q3', 'q4']);
      surveyId = draft.id;
      expect(await invitationsOf(alice.api)).toHaveLength(0);
      const started = await hq(`/api/v1/hq/surveys/${surveyId}/activate`, { method: 'POST' });
      expect(started.status).toBe(200);
      const active = SurveyView.parse(await started.json());
      expect(active.status).toBe('active');
      expect(active.invited).toBeGreaterThanOrEqual(3);
      const again = await hq(`/api/v1/hq/surveys/${surveyId}/activate`, { method: 'POST' });
      expect(((await again.json()) as { code: string }).code).toBe('SURVEY_NOT_ACTIVE');
      expect((await manager(`/api/v1/hq/surveys/${surveyId}/activate`, { method: 'POST' })).status).toBe(403);
      const creations = (await (
        await hq(`/api/v1/hq/audit-log?action=${encodeURIComponent('POST /api/v1/hq/surveys')}`)
      ).json()) as {
        entries: AuditEntryView[];
      };
      expect(creations.entries.length).toBeGreaterThan(0);
      expect(await auditActionsOn(surveyId)).toContain('POST /api/v1/hq/surveys/:surveyId/activate');
      for (const member of [bob, carol]) expect(await invitationsOf(member.api)).toHaveLength(1);
      const mine = await invitationsOf(alice.api);
      expect(mine).toHaveLength(1);
      expect(mine[0]).toMatchObject({ surveyId, title: '门店服务满意度', rewardPoints: 30 });
    });

    it("refuses a member answering someone else's invitation, and stores nothing", async () => {
      const [alicesInvitation] = await invitationsOf(alice.api);
      const theirs = await answer(bob.api, alicesInvitation.invitationId, {
        nps: 10,
        answers: [{ questionId: 'q1', value: '顺利' }],
      });
      expect(theirs.status).toBe(404);
      expect(((await theirs.json()) as { code: string }).code).toBe('NOT_FOUND');
      expect((await bob.api(`/api/v1/me/surveys/${alicesInvitation.invitationId}`)).status).toBe(404);
      expect(await invitationsOf(alice.api)).toHaveLength(1);
      const results = SurveyResults.parse(await (await hq(`/api/v1/hq/surveys/${surveyId}/results`)).json());
      expect(results.nps.total).toBe(0);
    });

    it.each([
      ['an NPS above 10', { nps: 11, answers: [{ questionId: 'q1', value: '顺利' }] }, 'nps'],
      ['an NPS below 0', { nps: -1, answers: [{ questionId: 'q1', value: '顺利' }] }, 'nps'],
      [
        'a rating of 6',
        {
          nps: 9,
          answers: [
            { questionId: 'q1', value: '顺利' },
            { questionId: 'q3', value: 6 },
          ],
        },
        'q3',
      ],
      ['an unknown option', { nps: 9, answers: [{ questionId: 'q1', value: '很好' }] }, 'q1'],
      [
        'too many choices',
        {
          nps: 9,
          answers: [
            { questionId: 'q1', value: '顺利' },
            { questionId: 'q2', value: ['产品', '服务', '环境'] },
          ],
        },
        'q2',
      ],
      [
        'words over the limit',
        {
          nps: 9,
          answers: [
            { questionId: 'q1', value: '顺利' },
            { questionId: 'q4', value: '好'.repeat(51) },
          ],
        },
        'q4',
      ],
      ['a required question left out', { nps: 9, answers: [] }, 'q1'],
    ])('refuses %s naming the question, and pays nothing', async (_what, body, questionId) => {
      const [invitation] = await invitationsOf(alice.api);
      const before = await balance(alice.api);
      const refused = await answer(alice.api, invitation.invitationId, body);
      expect(refused.status).toBe(400);
      expect(await refused.json()).toMatchObject({ code: 'VALIDATION_FAILED', details: { questionId } });
      expect(await balance(alice.api)).toBe(before);
      expect(await invitationsOf(alice.api)).toHaveLength(1);
    });

    it('takes a concurrent double submit once and pays the reward once', async () => {
      const [invitation] = await invitationsOf(alice.api);
      const before = await balance(alice.api);
      const body = {
        nps: 10,
        answers: [
          { questionId: 'q1', value: '顺利' },
          { questionId: 'q2', value: ['产品', '服务'] },
          { questionId: 'q3', value: 5 },
          { questionId: 'q4', value: '很好，电话13800001234' },
        ],
      };
      const replies = await Promise.all([
        answer(alice.api, invitation.invitationId, body),
        answer(alice.api, invitation.invitationId, body),
      ]);
      const statuses = replies.map((r) => r.status).sort();
      expect(statuses).toEqual([200, 409]);
      const refused = replies.find((r) => r.status === 409)!;
      expect(((await refused.json()) as { code: string }).code).toBe('SURVEY_ALREADY_ANSWERED');
      const ok = replies.find((r) => r.status === 200)!;
      expect(await ok.json()).toEqual({ pointsEarned: 30, ticketOpened: false });
      expect(await balance(alice.api)).toBe(before + 30);
      const third = await answer(alice.api, invitation.invitationId, body);
      expect(((await third.json()) as { code: string }).code).toBe('SURVEY_ALREADY_ANSWERED');
      expect(await balance(alice.api)).toBe(before + 30);
      expect(await invitationsOf(alice.api)).toHaveLength(0);
    });

    it("opens a service ticket for a detractor's words, once", async () => {
      const [invitation] = await invitationsOf(bob.api);
      const body = {
        nps: 3,
        answers: [
          { questionId: 'q1', value: '不顺利' },
          { questionId: 'q4', value: '排队太久了' },
        ],
      };
      const answered = await answer(bob.api, invitation.invitationId, body);
      expect(answered.status).toBe(200);
      expect(await answered.json()).toEqual({ pointsEarned: 30, ticketOpened: true });
      expect(((await (await answer(bob.api, invitation.invitationId, body)).json()) as { code: string }).code).toBe(
        'SURVEY_ALREADY_ANSWERED',
      );
      const tickets = MemberServiceTicketList.parse(await (await bob.api('/api/v1/me/service-tickets')).json()).tickets;
      expect(tickets).toHaveLength(1);
    });

    it('gives HQ the NPS by tier, store, stage and ISO week in Beijing time, and the question summaries', async () => {
      expect((await manager(`/api/v1/hq/surveys/${surveyId}/results`)).status).toBe(403);
      const results = SurveyResults.parse(await (await hq(`/api/v1/hq/surveys/${surveyId}/results`)).json());
      expect(results.nps).toEqual({ score: 0, promoters: 1, passives: 0, detractors: 1, total: 2 });
      expect(results.byTier).toEqual([{ key: tier, score: 0, promoters: 1, passives: 0, detractors: 1, total: 2 }]);
      expect(results.byStore.map((g) => [g.key, g.score])).toEqual([
        ['GZ01', -100],
        ['SH01', 100],
      ]);
      expect(results.byStage.reduce((n, g) => n + g.total, 0)).toBe(2);
      expect(results.trend).toEqual([
        { week: isoWeekOf(brandDay(new Date(), 'Asia/Shanghai')), score: 0, promoters: 1, passives: 0, detractors: 1, total: 2 },
      ]);
      expect(results.ticketsOpened).toBe(1);
      const [q1, q2, q3, q4] = results.questions;
      expect(q1.options).toEqual([
        { option: '顺利', count: 1 },
        { option: '一般', count: 0 },
        { option: '不顺利', count: 1 },
      ]);
      expect(q2.options?.map((o) => o.count)).toEqual([1, 1, 0]);
      expect(q3).toMatchObject({ averageRating: 5, ratingCounts: [0, 0, 0, 0, 1] });
      expect(q4.answered).toBe(2);
    });

    it('exports the answers as CSV with members and phone numbers masked (HQ only)', async () => {
      expect((await manager(`/api/v1/hq/surveys/${surveyId}/responses.csv`)).status).toBe(403);
      const exported = await hq(`/api/v1/hq/surveys/${surveyId}/responses.csv`);
      expect(exported.status).toBe(200);
      expect(exported.headers.get('content-type')).toContain('text/csv');
      const csv = await exported.text();
      expect(csv.split('\r\n')[0]).toContain('回答时间,会员,等级,门店,生命周期,NPS,本次到店是否顺利');
      expect(csv).not.toContain(alice.id);
      expect(csv).not.toContain('13800001234');
      expect(csv).toContain('138****1234');
      expect(csv).toContain(`${alice.id.slice(0, 4)}****${alice.id.slice(-4)}`);
      expect(await auditActionsOn(surveyId)).toContain('GET /api/v1/hq/surveys/:surveyId/responses.csv');
    });

    it('takes no answer once closed', async () => {
      const [carols] = await invitationsOf(carol.api);
      const closed = await hq(`/api/v1/hq/surveys/${surveyId}/close`, { method: 'POST' });
      expect(SurveyView.parse(await closed.json()).status).toBe('closed');
      expect(await invitationsOf(carol.api)).toHaveLength(0);
      const late = await answer(carol.api, carols.invitationId, { nps: 9, answers: [{ questionId: 'q1', value: '顺利' }] });
      expect(late.status).toBe(409);
      expect(((await late.json()) as { code: string }).code).toBe('SURVEY_NOT_ACTIVE');
      expect(await auditActionsOn(surveyId)).toContain('POST /api/v1/hq/surveys/:surveyId/close');
      const list = await hq('/api/v1/hq/surveys');
      expect(
        ((await list.json()) as { surveys: Array<{ id: string; status: string }> }).surveys.find((s) => s.id === surveyId)
          ?.status,
      ).toBe('closed');
    });
  });

  describe('a survey after a purchase', () => {
    it('invites each buyer once, the delay after their purchase, at the store they bought in', async () => {
      const time = timeOf(running);
      const created = SurveyView.parse(
        await (
          await create(
            hq,
            survey({ title: '购物体验', questions: [], rewardPoints: 0, targeting: { kind: 'after-purchase', delayHours: 2 } }),
          )
        ).json(),
      );
      const before = await shopper('survey-dave');
      await buy(before.phone, 'SV-D-0', 'SH01', new Date(Date.now() - 10 * 60_000)); // paid before the survey started
      await hq(`/api/v1/hq/surveys/${created.id}/activate`, { method: 'POST' });
      const erin = await shopper('survey-erin');
      await buy(erin.phone, 'SV-E-1', 'BJ01', new Date());
      const job = running.app.get(SurveyInvitationsJob);
      expect(await job.invitePurchasers()).toEqual({ invited: 0 }); // not yet 2 hours after
      await buy(erin.phone, 'SV-E-2', 'SH01', new Date());
      time.advance(3 * HOUR);
      expect(await job.invitePurchasers()).toEqual({ invited: 1 });
      expect(await job.invitePurchasers()).toEqual({ invited: 0 });
      // three hours on, the access tokens have expired: sign in again
      const dave = { api: authorized(running, (await loginAs(running, 'survey-dave')).accessToken) };
      expect(await invitationsOf(dave.api)).toHaveLength(0);
      const again = { api: authorized(running, (await loginAs(running, 'survey-erin')).accessToken) };
      const [invitation] = await invitationsOf(again.api);
      expect(invitation.surveyId).toBe(created.id);
      const answered = await answer(again.api, invitation.invitationId, { nps: 8, answers: [] });
      expect(await answered.json()).toEqual({ pointsEarned: 0, ticketOpened: false });
      const hqAgain = authorized(running, (await loginAsStaff(running, 'surveys-hq', 'hq')).accessToken);
      const results = SurveyResults.parse(await (await hqAgain(`/api/v1/hq/surveys/${created.id}/results`)).json());
      expect(results.byStore).toEqual([{ key: 'BJ01', score: 0, promoters: 0, passives: 1, detractors: 0, total: 1 }]);
      expect((await hqAgain(`/api/v1/hq/surveys/${created.id}/close`, { method: 'POST' })).status).toBe(200);
      time.reset();
    });
  });

  describe('a survey after a service ticket is closed', () => {
    it('invites the member once, the delay after staff closed their ticket, at its store', async () => {
      const time = timeOf(running);
      const created = SurveyView.parse(
        await (
          await create(
            hq,
            survey({
              title: '售后回访',
              questions: [],
              rewardPoints: 10,
              targeting: { kind: 'after-ticket-close', delayHours: 1 },
            }),
          )
        ).json(),
      );
      await hq(`/api/v1/hq/surveys/${created.id}/activate`, { method: 'POST' });
      const frank = await shopper('survey-frank', 'SV-F-1', 'SH01');
      const { ticketId } = await running.app.get(ServiceTicketsService).openForDetractor({
        memberId: new Types.ObjectId(frank.id),
        surveyResponseId: 'survey-e2e-frank',
        text: '店员态度不好，希望改进',
        storeCode: 'SH01',
      });
      const resolved = await manager(`/api/v1/staff/service-tickets/${ticketId}/resolution`, {
        body: { note: '已致电道歉' },
        headers: { 'idempotency-key': 'survey-e2e-resolve-frank' },
      });
      expect(resolved.status).toBe(200);
      expect((await manager(`/api/v1/staff/service-tickets/${ticketId}/close`, { method: 'POST' })).status).toBe(200);
      const job = running.app.get(SurveyInvitationsJob);
      expect(await job.invitePurchasers()).toEqual({ invited: 0 }); // not yet an hour after
      expect(await invitationsOf(frank.api)).toHaveLength(0);
      time.advance(2 * HOUR);
      try {
        expect(await job.invitePurchasers()).toEqual({ invited: 1 });
        expect(await job.invitePurchasers()).toEqual({ invited: 0 });
        const again = authorized(running, (await loginAs(running, 'survey-frank')).accessToken);
        const invitations = await invitationsOf(again);
        expect(invitations.map((i) => i.surveyId)).toEqual([created.id]);
        const answered = await answer(again, invitations[0].invitationId, { nps: 9, answers: [] });
        expect(await answered.json()).toEqual({ pointsEarned: 10, ticketOpened: false });
        const hqAgain = authorized(running, (await loginAsStaff(running, 'surveys-hq', 'hq')).accessToken);
        const results = SurveyResults.parse(await (await hqAgain(`/api/v1/hq/surveys/${created.id}/results`)).json());
        expect(results.byStore).toEqual([{ key: 'SH01', score: 100, promoters: 1, passives: 0, detractors: 0, total: 1 }]);
      } finally {
        time.reset();
      }
    });
  });
});
