import { getModelToken } from '@nestjs/mongoose';
import {
  type AuditEntryView,
  CommunityFigures,
  type CommunityView,
  CouponTemplateView,
  type CouponView,
  MySignUp,
  StaffActivityView,
  StaffCommunityView,
} from '@memberloop/shared';
import { Types, type Model } from 'mongoose';
import { Clock } from '../../server/src/common/clock/clock';
import { CommunitiesPendingWorkJob } from '../../server/src/communities/communities-pending-work.job';
import { IntegrationsService, type IntegrationCredentials } from '../../server/src/integrations/integrations.service';
import { MembersService } from '../../server/src/members/members.service';
import { NotificationsService } from '../../server/src/notifications/notifications.service';
import { Notification } from '../../server/src/notifications/schemas/notification.schema';
import { startApp, type RunningApp } from '../support/app';
import { authorized, loginAs, loginAsStaff } from '../support/sessions';
import { signedPost } from '../support/signed-request';

type Api = ReturnType<typeof authorized>;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('communities: managers, members, announcements, coupon sends, figures and the audit log', () => {
  let running: RunningApp;
  let hq: Api;
  let hqMemberId: string;
  let pos: IntegrationCredentials;
  let keySeq = 0;

  beforeAll(async () => {
    running = await startApp({ JOBS_ENABLED: 'false' });
    const session = await loginAsStaff(running, 'comm-hq', 'hq');
    hq = authorized(running, session.accessToken);
    hqMemberId = session.member.id;
    pos = await running.app.get(IntegrationsService).register('communities-pos', 'Communities POS');
  });
  afterAll(async () => {
    await running?.close();
  });

  const createCommunity = async (body: Record<string, unknown>) => {
    const response = await hq('/api/v1/hq/communities', { body });
    expect(response.status).toBe(201);
    return StaffCommunityView.parse(await response.json());
  };
  const member = async (name: string) => {
    const session = await loginAs(running, name);
    return { api: authorized(running, session.accessToken), id: session.member.id, memberNo: session.member.memberNo };
  };
  /** HQ makes the member a manager of the community; they sign in again to carry the staff role. */
  const makeManager = async (communityId: string, name: string) => {
    const { memberNo } = await member(name);
    const response = await hq(`/api/v1/hq/communities/${communityId}/managers/${memberNo}`, { method: 'PUT' });
    expect(response.status).toBe(200);
    return { api: authorized(running, (await loginAs(running, name)).accessToken), memberNo };
  };
  const join = (api: Api, communityId: string) => api(`/api/v1/communities/${communityId}/membership`, { method: 'POST' });
  const idempotent = (key = `community-key-${++keySeq}`) => ({ 'idempotency-key': key });
  const auditOf = async (query: string) =>
    ((await (await hq(`/api/v1/hq/audit-log?${query}`)).json()) as { entries: AuditEntryView[] }).entries;

  it('lets HQ create communities and assign managers, whose scope follows the assignment at once', async () => {
    const store = await createCommunity({ name: '杭州西湖店会员群', kind: 'store', storeCode: 'HZ01', description: '门店活动' });
    const interest = await createCommunity({ name: '护肤研究所', kind: 'interest' });
    expect(store).toMatchObject({ kind: 'store', storeCode: 'HZ01', memberCount: 0, managers: [] });

    const nobody = await member('comm-nobody');
    const anonymous = await fetch(`${running.baseUrl}/api/v1/hq/communities`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'x', kind: 'interest' }),
    });
    expect(anonymous.status).toBe(401);
    expect((await nobody.api('/api/v1/hq/communities', { body: { name: 'x', kind: 'interest' } })).status).toBe(403);
    expect((await hq('/api/v1/hq/communities', { body: { name: '门店群', kind: 'store' } })).status).toBe(400);
    expect((await nobody.api('/api/v1/staff/communities')).status).toBe(403);

    const manager = await makeManager(store.id, 'comm-manager');
    expect((await manager.api('/api/v1/hq/communities', { body: { name: 'x', kind: 'interest' } })).status).toBe(403);
    expect(
      (await manager.api(`/api/v1/hq/communities/${interest.id}/managers/${nobody.memberNo}`, { method: 'PUT' })).status,
    ).toBe(403);
    const mine = (await (await manager.api('/api/v1/staff/communities')).json()) as { communities: StaffCommunityView[] };
    expect(mine.communities.map((c) => c.id)).toEqual([store.id]);
    expect(mine.communities[0].managers.map((m) => m.memberNo)).toEqual([manager.memberNo]);
    const all = (await (await hq('/api/v1/staff/communities')).json()) as { communities: StaffCommunityView[] };
    expect(all.communities.map((c) => c.id)).toEqual(expect.arrayContaining([store.id, interest.id]));

    // Outside their scope: FORBIDDEN; an id that does not exist: NOT_FOUND.
    const foreign = await manager.api(`/api/v1/staff/communities/${interest.id}/figures`);
    expect(foreign.status).toBe(403);
    expect(await foreign.json()).toMatchObject({ code: 'FORBIDDEN' });
    expect((await manager.api(`/api/v1/staff/communities/${new Types.ObjectId().toHexString()}/figures`)).status).toBe(404);
    expect((await manager.api('/api/v1/staff/communities/not-an-id/figures')).status).toBe(400);

    // HQ adds the second community; the same access token reaches it at once, and loses the first when withdrawn.
    expect((await hq(`/api/v1/hq/communities/${interest.id}/managers/${manager.memberNo}`, { method: 'PUT' })).status).toBe(200);
    expect((await manager.api(`/api/v1/staff/communities/${interest.id}/figures`)).status).toBe(200);
    const withdrawn = await hq(`/api/v1/hq/communities/${store.id}/managers/${manager.memberNo}`, { method: 'DELETE' });
    expect(StaffCommunityView.parse(await withdrawn.json()).managers).toEqual([]);
    expect((await manager.api(`/api/v1/staff/communities/${store.id}/figures`)).status).toBe(403);
    expect((await hq(`/api/v1/hq/communities/${store.id}/managers/${manager.memberNo}`, { method: 'DELETE' })).status).toBe(404);

    const entries = await auditOf(`targetId=${store.id}`);
    expect(entries.map((e) => e.action)).toEqual(['community.manager-remove', 'community.manager-assign', 'community.create']);
    expect(entries[0]).toMatchObject({ actor: hqMemberId, role: 'hq', target: { type: 'community', id: store.id } });
  });

  it('lets members join and leave; a member a manager removed loses their upcoming sign-ups and cannot rejoin', async () => {
    const community = await createCommunity({ name: '瑜伽同好会', kind: 'interest' });
    const manager = await makeManager(community.id, 'comm-yoga-manager');
    const [ann, bo] = await Promise.all([member('comm-ann'), member('comm-bo')]);
    expect(await (await join(ann.api, community.id)).json()).toEqual({ communityId: community.id, joined: true });
    expect((await join(ann.api, community.id)).status).toBe(200);
    expect((await join(bo.api, community.id)).status).toBe(200);
    expect((await join(ann.api, new Types.ObjectId().toHexString())).status).toBe(404);
    const listed = (await (await ann.api('/api/v1/communities')).json()) as { communities: CommunityView[] };
    expect(listed.communities.find((c) => c.id === community.id)).toMatchObject({ memberCount: 2, joined: true });

    const left = await ann.api(`/api/v1/communities/${community.id}/membership`, { method: 'DELETE' });
    expect(await left.json()).toEqual({ communityId: community.id, joined: false });
    const afterLeaving = (await (await bo.api('/api/v1/communities')).json()) as { communities: CommunityView[] };
    expect(afterLeaving.communities.find((c) => c.id === community.id)).toMatchObject({ memberCount: 1, joined: true });
    expect((await join(ann.api, community.id)).status).toBe(200);

    // Bo holds a seat (capacity 1) and Ann waits behind him; removing Bo gives Ann the seat.
    const created = await manager.api(`/api/v1/staff/communities/${community.id}/activities`, {
      body: {
        title: '晨间瑜伽',
        coverImageUrl: 'https://img.example.com/yoga.jpg',
        startsAt: new Date(Date.now() + 2 * DAY).toISOString(),
        endsAt: new Date(Date.now() + 2 * DAY + HOUR).toISOString(),
        place: '西湖边',
        capacity: 1,
      },
    });
    const activity = StaffActivityView.parse(await created.json());
    expect((await manager.api(`/api/v1/staff/activities/${activity.id}/publish`, { method: 'POST' })).status).toBe(200);
    expect(
      MySignUp.parse(await (await bo.api(`/api/v1/activities/${activity.id}/sign-up`, { method: 'POST' })).json()).state,
    ).toBe('confirmed');
    expect(
      MySignUp.parse(await (await ann.api(`/api/v1/activities/${activity.id}/sign-up`, { method: 'POST' })).json()).state,
    ).toBe('waitlisted');

    const page = await manager.api(`/api/v1/staff/communities/${community.id}/members?limit=1`);
    const firstPage = (await page.json()) as { members: Array<{ memberNo: string }>; nextCursor?: string };
    expect(firstPage.members).toHaveLength(1);
    expect(firstPage.nextCursor).toBeDefined();
    const rest = (await (
      await manager.api(`/api/v1/staff/communities/${community.id}/members?limit=10&cursor=${firstPage.nextCursor}`)
    ).json()) as {
      members: Array<{ memberNo: string }>;
    };
    expect([...firstPage.members, ...rest.members].map((m) => m.memberNo).sort()).toEqual([ann.memberNo, bo.memberNo].sort());

    const outsider = await makeManager((await createCommunity({ name: '别的群', kind: 'interest' })).id, 'comm-other-manager');
    expect(
      (await outsider.api(`/api/v1/staff/communities/${community.id}/members/${bo.memberNo}`, { method: 'DELETE' })).status,
    ).toBe(403);
    expect((await ann.api(`/api/v1/staff/communities/${community.id}/members/${bo.memberNo}`, { method: 'DELETE' })).status).toBe(
      403,
    );
    const removed = await manager.api(`/api/v1/staff/communities/${community.id}/members/${bo.memberNo}`, { method: 'DELETE' });
    expect(await removed.json()).toEqual({ memberNo: bo.memberNo, removed: true, cancelledSignUps: 1 });
    const annNow = await ann.api(`/api/v1/activities/${activity.id}`);
    expect(((await annNow.json()) as { me: MySignUp }).me.state).toBe('confirmed');
    const rejoin = await join(bo.api, community.id);
    expect(rejoin.status).toBe(403);
    expect((await bo.api(`/api/v1/activities/${activity.id}/sign-up`, { method: 'POST' })).status).toBe(403);
    expect(
      (await manager.api(`/api/v1/staff/communities/${community.id}/members/${bo.memberNo}`, { method: 'DELETE' })).status,
    ).toBe(200);
    const notMember = await manager.api(`/api/v1/staff/communities/${community.id}/members/${outsider.memberNo}`, {
      method: 'DELETE',
    });
    expect(notMember.status).toBe(404);
    expect(await auditOf(`action=community.member-remove&targetId=${community.id}`)).toHaveLength(1);
  });

  it('announces to members once per Idempotency-Key, one WeChat message each, sent only to those who consented', async () => {
    const community = await createCommunity({ name: '香氛俱乐部', kind: 'interest' });
    const manager = await makeManager(community.id, 'comm-scent-manager');
    const members = await Promise.all([member('comm-cai'), member('comm-dee'), member('comm-eve')]);
    for (const m of members) expect((await join(m.api, community.id)).status).toBe(200);
    expect((await members[0].api('/api/v1/me/consents', { method: 'PUT', body: { notifications: true } })).status).toBe(200);
    const outsider = await member('comm-fay');

    const body = { title: '周末香氛沙龙报名开启', body: '本周六下午两点，门店二楼，名额有限。' };
    const headers = idempotent('announce-0001');
    const posts = await Promise.all([
      manager.api(`/api/v1/staff/communities/${community.id}/announcements`, { body, headers }),
      manager.api(`/api/v1/staff/communities/${community.id}/announcements`, { body, headers }),
    ]);
    expect(posts.map((r) => r.status)).toEqual([201, 201]);
    const results = (await Promise.all(posts.map((r) => r.json()))) as Array<{
      id: string;
      replayed: boolean;
      recipients: number;
    }>;
    expect(results[0].id).toBe(results[1].id);
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    const first = results.find((r) => !r.replayed)!;
    expect(first).toMatchObject({ recipients: 3, status: 'sent' });
    const reused = await manager.api(`/api/v1/staff/communities/${community.id}/announcements`, {
      body: { ...body, title: '别的公告' },
      headers,
    });
    expect(reused.status).toBe(422);
    expect((await manager.api(`/api/v1/staff/communities/${community.id}/announcements`, { body })).status).toBe(400);
    expect(
      (await outsider.api(`/api/v1/staff/communities/${community.id}/announcements`, { body, headers: idempotent() })).status,
    ).toBe(403);

    const notifications = running.app.get<Model<Notification>>(getModelToken(Notification.name));
    const queued = await notifications.find({ dedupeKey: { $regex: `^community-announcement:${first.id}:` } }).lean();
    expect(queued.map((n) => n.memberId.toHexString()).sort()).toEqual(members.map((m) => m.id).sort());
    expect(queued.every((n) => n.kind === 'community-announcement' && n.data.thing1.value === '香氛俱乐部')).toBe(true);

    await running.app.get(NotificationsService).dispatchDue(1000);
    const dispatched = await notifications.find({ dedupeKey: { $regex: `^community-announcement:${first.id}:` } }).lean();
    const statusOf = (id: string) => dispatched.find((n) => n.memberId.toHexString() === id)?.status;
    expect(statusOf(members[0].id)).toBe('sent');
    expect(statusOf(members[1].id)).toBe('skipped');

    const read = await members[1].api(`/api/v1/communities/${community.id}/announcements`);
    expect(((await read.json()) as { announcements: Array<{ title: string }> }).announcements.map((a) => a.title)).toEqual([
      body.title,
    ]);
    expect((await outsider.api(`/api/v1/communities/${community.id}/announcements`)).status).toBe(403);
    const staffList = await manager.api(`/api/v1/staff/communities/${community.id}/announcements`);
    expect(((await staffList.json()) as { announcements: unknown[] }).announcements).toHaveLength(1);
    expect(await auditOf(`action=community.announce&targetId=${community.id}`)).toHaveLength(1);
  });

  it('finishes an announcement whose fan-out a failure cut short: on the retry, or in the pending-work job', async () => {
    const community = await createCommunity({ name: '断点续传群', kind: 'interest' });
    const manager = await makeManager(community.id, 'comm-resume-manager');
    const members = await Promise.all(Array.from({ length: 4 }, (_, i) => member(`comm-resume-${i}`)));
    for (const m of members) expect((await join(m.api, community.id)).status).toBe(200);
    const notificationsService = running.app.get(NotificationsService);
    const enqueue = notificationsService.enqueue.bind(notificationsService);
    let calls = 0;
    const failing = jest.spyOn(notificationsService, 'enqueue').mockImplementation(async (notification) => {
      if (++calls === 2) throw new Error('the process stopped');
      return enqueue(notification);
    });
    const post = (key: string, title: string) =>
      manager.api(`/api/v1/staff/communities/${community.id}/announcements`, {
        body: { title, body: '正文' },
        headers: idempotent(key),
      });
    expect((await post('resume-announce-1', '第一条')).status).toBe(500);
    calls = 0;
    expect((await post('resume-announce-2', '第二条')).status).toBe(500);
    failing.mockRestore();
    const list = async () =>
      (
        (await (await manager.api(`/api/v1/staff/communities/${community.id}/announcements`)).json()) as {
          announcements: Array<{ id: string; title: string; status: string; recipients: number }>;
        }
      ).announcements;
    expect((await list()).map((a) => a.status)).toEqual(['sending', 'sending']);

    // The client retries the first with its key; the job finishes the second once its grace minute has passed.
    expect(await (await post('resume-announce-1', '第一条')).json()).toMatchObject({
      replayed: true,
      status: 'sent',
      recipients: 4,
    });
    const clock = running.app.get(Clock);
    const moved = jest.spyOn(clock, 'now').mockImplementation(() => new Date(Date.now() + 2 * 60_000));
    expect((await running.app.get(CommunitiesPendingWorkJob).run()).announcements).toBe(1);
    moved.mockRestore();
    expect((await list()).map((a) => [a.status, a.recipients])).toEqual([
      ['sent', 4],
      ['sent', 4],
    ]);
    const notifications = running.app.get<Model<Notification>>(getModelToken(Notification.name));
    for (const { id } of await list()) {
      const queued = await notifications.find({ dedupeKey: { $regex: `^community-announcement:${id}:` } }).lean();
      expect(queued.map((n) => n.memberId.toHexString()).sort()).toEqual(members.map((m) => m.id).sort());
    }
  });

  it('sends a coupon to every member once, however often the send is retried', async () => {
    const community = await createCommunity({ name: '口红控', kind: 'interest' });
    const manager = await makeManager(community.id, 'comm-lipstick-manager');
    const members = await Promise.all(Array.from({ length: 5 }, (_, i) => member(`comm-lip-${i}`)));
    for (const m of members) expect((await join(m.api, community.id)).status).toBe(200);
    const templateResponse = await hq('/api/v1/hq/coupon-templates', {
      body: {
        name: '社群专享 20 元券',
        benefit: { kind: 'fixed', amountFen: 2_000 },
        validity: { type: 'afterClaim', days: 30 },
        totalStock: 1000,
        // Two sends below: each member may hold two.
        perMemberLimit: 2,
        claimable: false,
        releasedToManagers: true,
      },
    });
    const template = CouponTemplateView.parse(await templateResponse.json());

    const send = (api: Api, key: string, templateId = template.id, id = community.id) =>
      api(`/api/v1/staff/communities/${id}/coupon-sends`, { body: { templateId }, headers: idempotent(key) });
    const sends = await Promise.all([
      send(manager.api, 'coupon-send-1'),
      send(manager.api, 'coupon-send-1'),
      send(manager.api, 'coupon-send-1'),
    ]);
    expect(sends.map((r) => r.status)).toEqual([201, 201, 201]);
    const results = (await Promise.all(sends.map((r) => r.json()))) as Array<{ id: string; replayed: boolean; issued: number }>;
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    expect(results.find((r) => !r.replayed)).toMatchObject({ recipients: 5, issued: 5, status: 'sent' });
    for (const m of members) {
      const { coupons } = (await (await m.api('/api/v1/me/coupons')).json()) as { coupons: CouponView[] };
      expect(coupons.filter((c) => c.templateId === template.id)).toHaveLength(1);
    }
    // Another key is another send; unknown templates, reused keys and other communities' managers are refused.
    expect(await (await send(manager.api, 'coupon-send-2')).json()).toMatchObject({ issued: 5, replayed: false });
    expect((await send(manager.api, 'coupon-send-3', new Types.ObjectId().toHexString())).status).toBe(404);
    expect((await send(manager.api, 'coupon-send-1', new Types.ObjectId().toHexString())).status).toBe(422);
    const other = await makeManager((await createCommunity({ name: '另一个群', kind: 'interest' })).id, 'comm-lip-other');
    expect((await send(other.api, 'coupon-send-4')).status).toBe(403);
    expect((await send(members[0].api, 'coupon-send-5')).status).toBe(403);
    expect(await auditOf(`action=community.coupon-send&targetId=${community.id}`)).toHaveLength(2);
  });

  it('counts members, active members and the sign-up and attendance rates', async () => {
    const community = await createCommunity({ name: '数据观察群', kind: 'interest' });
    const manager = await makeManager(community.id, 'comm-figures-manager');
    const members = await Promise.all(Array.from({ length: 4 }, (_, i) => member(`comm-fig-${i}`)));
    for (const m of members) expect((await join(m.api, community.id)).status).toBe(200);
    const empty = CommunityFigures.parse(await (await manager.api(`/api/v1/staff/communities/${community.id}/figures`)).json());
    expect(empty).toMatchObject({ members: 4, activeMembers: 0, signUps: { members: 0, rate: 0 }, attendance: { rate: null } });

    // Member 0 bought 10 days ago, member 1 200 days ago (not active).
    await running.app.get(MembersService).attachPhone(members[0].id, '13900001111');
    await running.app.get(MembersService).attachPhone(members[1].id, '13900002222');
    const buy = (phone: string, orderId: string, paidAt: Date) =>
      signedPost(
        running.baseUrl,
        '/api/v1/purchases',
        {
          orderId,
          member: { phone },
          channel: 'online',
          paidAt: paidAt.toISOString(),
          lines: [{ sku: 'SK-1', category: '护肤', quantity: 1, unitPriceFen: 10_000 }],
          totalFen: 10_000,
        },
        pos,
      );
    expect((await buy('13900001111', 'FIG-1', new Date(Date.now() - 10 * DAY))).status).toBe(200);
    expect((await buy('13900002222', 'FIG-2', new Date(Date.now() - 200 * DAY))).status).toBe(200);

    // Members 2 and 3 sign up for an activity under way; member 2 checks in.
    const created = await manager.api(`/api/v1/staff/communities/${community.id}/activities`, {
      body: {
        title: '线上护肤课',
        coverImageUrl: 'https://img.example.com/live.jpg',
        startsAt: new Date(Date.now() + 10 * 60_000).toISOString(),
        endsAt: new Date(Date.now() + 2 * HOUR).toISOString(),
        liveUrl: 'https://live.example.com/skin',
        capacity: 10,
        pointsReward: 5,
      },
    });
    const activity = StaffActivityView.parse(await created.json());
    expect((await manager.api(`/api/v1/staff/activities/${activity.id}/publish`, { method: 'POST' })).status).toBe(200);
    for (const m of [members[2], members[3]])
      expect((await m.api(`/api/v1/activities/${activity.id}/sign-up`, { method: 'POST' })).status).toBe(200);
    const { token } = (await (await members[2].api(`/api/v1/activities/${activity.id}/check-in-token`)).json()) as {
      token: string;
    };
    expect((await manager.api(`/api/v1/staff/activities/${activity.id}/check-ins`, { body: { token } })).status).toBe(200);

    const figures = CommunityFigures.parse(await (await manager.api(`/api/v1/staff/communities/${community.id}/figures`)).json());
    expect(figures).toMatchObject({
      windowDays: 90,
      members: 4,
      activeMembers: 2,
      signUps: { members: 2, rate: 0.5 },
      // The activity has not ended: nothing counts towards attendance yet.
      attendance: { confirmed: 0, attended: 0, rate: null },
    });
    expect((await members[0].api(`/api/v1/staff/communities/${community.id}/figures`)).status).toBe(403);

    // Three hours on, the activity has ended: one of its two confirmed members attended.
    const moved = jest.spyOn(running.app.get(Clock), 'now').mockImplementation(() => new Date(Date.now() + 3 * HOUR));
    try {
      const later = authorized(running, (await loginAs(running, 'comm-figures-manager')).accessToken);
      const after = CommunityFigures.parse(await (await later(`/api/v1/staff/communities/${community.id}/figures`)).json());
      expect(after).toMatchObject({
        activeMembers: 2,
        signUps: { members: 2, rate: 0.5 },
        attendance: { confirmed: 2, attended: 1, rate: 0.5 },
      });
    } finally {
      moved.mockRestore();
    }
  });

  it('shows HQ the audit log, newest first, a page at a time, and nobody else', async () => {
    const first = await hq('/api/v1/hq/audit-log?limit=2');
    const page = (await first.json()) as { entries: AuditEntryView[]; nextCursor?: string };
    expect(page.entries).toHaveLength(2);
    expect(Date.parse(page.entries[0].at)).toBeGreaterThanOrEqual(Date.parse(page.entries[1].at));
    const next = (await (await hq(`/api/v1/hq/audit-log?limit=2&cursor=${page.nextCursor}`)).json()) as {
      entries: AuditEntryView[];
    };
    expect(next.entries.map((e) => e.id)).not.toContain(page.entries[1].id);
    const community = await createCommunity({ name: '审计群', kind: 'interest' });
    const manager = await makeManager(community.id, 'comm-audit-manager');
    expect((await manager.api('/api/v1/hq/audit-log')).status).toBe(403);
    expect((await (await member('comm-audit-member')).api('/api/v1/hq/audit-log')).status).toBe(403);
    expect((await fetch(`${running.baseUrl}/api/v1/hq/audit-log`)).status).toBe(401);
  });

  it('documents its endpoints in the OpenAPI document, the CSV export as text', async () => {
    const document = (await (await fetch(`${running.baseUrl}/api/docs/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: unknown }> }> }>>;
    };
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/hq/communities',
        '/api/v1/activities/{activityId}/sign-up',
        '/api/v1/staff/activities/{activityId}/check-ins',
        '/api/v1/hq/audit-log',
      ]),
    );
    const csv = document.paths['/api/v1/staff/activities/{activityId}/sign-ups.csv'].get;
    expect(Object.values(csv.responses['200'].content ?? {})[0]?.schema).toMatchObject({ type: 'string' });
  });
});
