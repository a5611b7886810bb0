import { getModelToken } from '@nestjs/mongoose';
import {
  ActivityView,
  type AuditEntryView,
  CheckInResult,
  CheckInToken,
  MySignUp,
  StaffActivityView,
  StaffCommunityView,
  StaffSignUpRow,
} from '@memberloop/shared';
import type { Model } from 'mongoose';
import { Clock } from '../../server/src/common/clock/clock';
import { ActivityNotices } from '../../server/src/communities/activity-notices.service';
import { CommunitiesPendingWorkJob } from '../../server/src/communities/communities-pending-work.job';
import { Activity } from '../../server/src/communities/schemas/activity.schema';
import { MembersService } from '../../server/src/members/members.service';
import { Notification } from '../../server/src/notifications/schemas/notification.schema';
import { PointsLedgerService } from '../../server/src/points/points-ledger.service';
import { PointsEntry } from '../../server/src/points/schemas/points-entry.schema';
import { Types } from 'mongoose';
import { startApp, type RunningApp } from '../support/app';
import { authorized, loginAs, loginAsStaff } from '../support/sessions';

type Api = ReturnType<typeof authorized>;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe('community activities: posting, sign-up with a waitlist, check-in', () => {
  let running: RunningApp;
  let hq: Api;
  let manager: Api;
  let otherManager: Api;
  let communityId: string;
  let otherCommunityId: string;
  /** How far the app's clock runs ahead of the real one. */
  let offset = 0;

  const now = () => Date.now() + offset;
  const at = (ms: number) => new Date(now() + ms).toISOString();

  beforeAll(async () => {
    running = await startApp({ JOBS_ENABLED: 'false' });
    jest.spyOn(running.app.get(Clock), 'now').mockImplementation(() => new Date(Date.now() + offset));
    hq = authorized(running, (await loginAsStaff(running, 'act-hq', 'hq')).accessToken);
    communityId = await community('美妆体验社');
    otherCommunityId = await community('徒步爱好者');
    manager = await managerOf(communityId, 'act-manager');
    otherManager = await managerOf(otherCommunityId, 'act-other-manager');
  });
  afterAll(async () => {
    await running?.close();
  });

  async function community(name: string): Promise<string> {
    const response = await hq('/api/v1/hq/communities', { body: { name, kind: 'interest' } });
    expect(response.status).toBe(201);
    return StaffCommunityView.parse(await response.json()).id;
  }

  /** A member HQ makes a manager of the community through the API, signed in again to carry the role. */
  async function managerOf(id: string, name: string): Promise<Api> {
    const { member } = await loginAs(running, name);
    const assigned = await hq(`/api/v1/hq/communities/${id}/managers/${member.memberNo}`, { method: 'PUT' });
    expect(assigned.status).toBe(200);
    return authorized(running, (await loginAs(running, name)).accessToken);
  }

  const member = async (name: string) => {
    const session = await loginAs(running, name);
    return { api: authorized(running, session.accessToken), id: session.member.id, memberNo: session.member.memberNo };
  };

  const activityBody = (over: Record<string, unknown> = {}) => ({
    title: '新品试用会',
    coverImageUrl: 'https://img.example.com/cover.jpg',
    description: '一起试用春季新品',
    startsAt: at(2 * HOUR),
    endsAt: at(4 * HOUR),
    place: '上海南京西路店',
    capacity: 30,
    pointsReward: 50,
    ...over,
  });

  const createActivity = async (over: Record<string, unknown> = {}, api = manager, id = communityId) => {
    const response = await api(`/api/v1/staff/communities/${id}/activities`, { body: activityBody(over) });
    expect(response.status).toBe(201);
    return StaffActivityView.parse(await response.json());
  };

  const published = async (over: Record<string, unknown> = {}) => {
    const activity = await createActivity(over);
    const response = await manager(`/api/v1/staff/activities/${activity.id}/publish`, { method: 'POST' });
    expect(response.status).toBe(200);
    return StaffActivityView.parse(await response.json());
  };

  const signUp = (api: Api, activityId: string) => api(`/api/v1/activities/${activityId}/sign-up`, { method: 'POST' });
  const cancelSignUp = (api: Api, activityId: string) => api(`/api/v1/activities/${activityId}/sign-up`, { method: 'DELETE' });
  const signUpRows = async (activityId: string, status = 'all', api = manager) => {
    const response = await api(`/api/v1/staff/activities/${activityId}/sign-ups?status=${status}`);
    expect(response.status).toBe(200);
    return ((await response.json()) as { signUps: unknown[] }).signUps.map((row) => StaffSignUpRow.parse(row));
  };
  const detail = async (api: Api, activityId: string) =>
    ActivityView.parse(await (await api(`/api/v1/activities/${activityId}`)).json());

  it('lets a manager draft, edit, publish and unpublish in their own community only; members see only what is published', async () => {
    const draft = await createActivity({ minTierCode: 'silver' });
    expect(draft).toMatchObject({ status: 'draft', capacity: 30, seatsLeft: 30, minTier: { code: 'silver', name: '银卡' } });
    const ann = await member('act-ann');
    expect((await ann.api(`/api/v1/activities/${draft.id}`)).status).toBe(404);

    // Wrong callers.
    const anonymous = await fetch(`${running.baseUrl}/api/v1/staff/communities/${communityId}/activities`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activityBody()),
    });
    expect(anonymous.status).toBe(401);
    expect((await ann.api(`/api/v1/staff/communities/${communityId}/activities`, { body: activityBody() })).status).toBe(403);
    const foreign = await otherManager(`/api/v1/staff/communities/${communityId}/activities`, { body: activityBody() });
    expect(foreign.status).toBe(403);
    expect(await foreign.json()).toMatchObject({ code: 'FORBIDDEN' });
    const missing = await manager(`/api/v1/staff/communities/${new Types.ObjectId().toHexString()}/activities`, {
      body: activityBody(),
    });
    expect(missing.status).toBe(404);
    expect((await otherManager(`/api/v1/staff/activities/${draft.id}`)).status).toBe(403);
    expect((await otherManager(`/api/v1/staff/activities/${draft.id}/publish`, { method: 'POST' })).status).toBe(403);
    expect((await manager(`/api/v1/staff/activities/${new Types.ObjectId().toHexString()}`)).status).toBe(404);
    // HQ may act in any community.
    expect((await hq(`/api/v1/staff/communities/${otherCommunityId}/activities`, { body: activityBody() })).status).toBe(201);

    // Bad input.
    for (const over of [
      { endsAt: at(HOUR) },
      { place: undefined },
      { minTierCode: 'platinum' },
      { signUpDeadline: at(5 * HOUR) },
      { startsAt: at(-3 * HOUR), endsAt: at(-HOUR) },
      { coverImageUrl: 'http://insecure.example.com/a.jpg' },
      { capacity: 0 },
    ]) {
      const response = await manager(`/api/v1/staff/communities/${communityId}/activities`, { body: activityBody(over) });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
    }

    const edited = await manager(`/api/v1/staff/activities/${draft.id}`, {
      method: 'PATCH',
      body: { title: '春季新品试用会', minTierCode: null, liveUrl: 'https://live.example.com/1' },
    });
    expect(edited.status).toBe(200);
    const view = StaffActivityView.parse(await edited.json());
    expect(view).toMatchObject({ title: '春季新品试用会', liveUrl: 'https://live.example.com/1' });
    expect(view.minTier).toBeUndefined();
    expect((await otherManager(`/api/v1/staff/activities/${draft.id}`, { method: 'PATCH', body: { title: 'x' } })).status).toBe(
      403,
    );

    expect((await manager(`/api/v1/staff/activities/${draft.id}/publish`, { method: 'POST' })).status).toBe(200);
    const listed = ((await (await ann.api('/api/v1/activities')).json()) as { activities: ActivityView[] }).activities;
    expect(listed.find((a) => a.id === draft.id)).toMatchObject({ seatsLeft: 30, signUpOpen: true, communityName: '美妆体验社' });
    const mine = ((await (await ann.api('/api/v1/activities?joined=true')).json()) as { activities: ActivityView[] }).activities;
    expect(mine.find((a) => a.id === draft.id)).toBeUndefined();

    // Back to draft while nobody has signed up; refused once someone has.
    expect(
      StaffActivityView.parse(await (await manager(`/api/v1/staff/activities/${draft.id}/unpublish`, { method: 'POST' })).json())
        .status,
    ).toBe('draft');
    expect((await manager(`/api/v1/staff/activities/${draft.id}/publish`, { method: 'POST' })).status).toBe(200);
    expect((await signUp(ann.api, draft.id)).status).toBe(200);
    const unpublish = await manager(`/api/v1/staff/activities/${draft.id}/unpublish`, { method: 'POST' });
    expect(unpublish.status).toBe(409);
    // Signing up joined the community.
    const joined = ((await (await ann.api('/api/v1/activities?joined=true')).json()) as { activities: ActivityView[] })
      .activities;
    expect(joined.find((a) => a.id === draft.id)?.me).toMatchObject({ state: 'confirmed' });

    const audit = await hq(`/api/v1/hq/audit-log?targetType=activity&targetId=${draft.id}`);
    const actions = ((await audit.json()) as { entries: AuditEntryView[] }).entries.map((e) => e.action);
    // The other manager's refused edit and publish are in the log too.
    expect(actions).toEqual([
      'activity.publish',
      'activity.unpublish',
      'activity.publish',
      'refused: PATCH /api/v1/staff/activities/:activityId',
      'activity.update',
      'refused: POST /api/v1/staff/activities/:activityId/publish',
      'activity.create',
    ]);
  });

  it('gives 30 seats to the first 30 of 100 concurrent sign-ups and waitlists the other 70 in order, promoting them as seats free up', async () => {
    const activity = await published({ capacity: 30 });
    const members = await Promise.all(Array.from({ length: 100 }, (_, i) => member(`rush-${i}`)));
    const responses = await Promise.all(members.map((m) => signUp(m.api, activity.id)));
    expect(responses.map((r) => r.status)).toEqual(Array(100).fill(200));
    const results = await Promise.all(responses.map(async (r) => MySignUp.parse(await r.json())));
    expect(results.filter((r) => r.state === 'confirmed')).toHaveLength(30);
    const waitlisted = results.filter((r) => r.state === 'waitlisted');
    expect(waitlisted.map((r) => r.waitlistPosition).sort((a, b) => a! - b!)).toEqual(
      Array.from({ length: 70 }, (_, i) => i + 1),
    );

    // The manager's list, in sign-up order: the first 30 confirmed, then the waitlist 1..70 with no gaps.
    const rows = await signUpRows(activity.id);
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(rows.slice(0, 30).every((r) => r.state === 'confirmed')).toBe(true);
    expect(rows.slice(30).map((r) => r.waitlistPosition)).toEqual(Array.from({ length: 70 }, (_, i) => i + 1));
    // What each member was told matches the list.
    const byMemberNo = new Map(rows.map((r) => [r.memberNo, r]));
    members.forEach((m, i) => {
      const row = byMemberNo.get(m.memberNo)!;
      expect(row.state).toBe(results[i].state);
      expect(row.waitlistPosition).toBe(results[i].waitlistPosition);
    });
    const again = await signUp(members[0].api, activity.id);
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ code: 'ALREADY_DONE' });
    expect(await detail(members[0].api, activity.id)).toMatchObject({ seatsLeft: 0, waitlistLength: 70 });

    // Two confirmed members cancel at once: waitlist positions 1 and 2 get their seats, and are told.
    const memberOf = (row: StaffSignUpRow) => members.find((m) => m.memberNo === row.memberNo)!;
    const [first, second] = [memberOf(rows[3]), memberOf(rows[7])];
    const cancels = await Promise.all([cancelSignUp(first.api, activity.id), cancelSignUp(second.api, activity.id)]);
    expect(cancels.map((r) => r.status)).toEqual([200, 200]);
    expect(MySignUp.parse(await cancels[0].json()).state).toBe('cancelled');
    const promoted = [memberOf(rows[30]), memberOf(rows[31])];
    for (const m of promoted) expect((await detail(m.api, activity.id)).me).toMatchObject({ state: 'confirmed' });
    expect((await detail(memberOf(rows[32]).api, activity.id)).me).toMatchObject({ state: 'waitlisted', waitlistPosition: 1 });
    const notifications = running.app.get<Model<Notification>>(getModelToken(Notification.name));
    const told = await notifications
      .find({ kind: 'activity-update', dedupeKey: { $regex: `^activity-promoted:${activity.id}:` } })
      .lean();
    expect(told.map((n) => n.memberId.toHexString()).sort()).toEqual(promoted.map((m) => m.id).sort());
    // Cancelling twice changes nothing more.
    expect(MySignUp.parse(await (await cancelSignUp(first.api, activity.id)).json()).state).toBe('cancelled');

    // A waitlisted member leaves: those behind move up; a cancelled member signing up again queues at the back.
    expect((await cancelSignUp(memberOf(rows[40]).api, activity.id)).status).toBe(200);
    const back = MySignUp.parse(await (await signUp(first.api, activity.id)).json());
    expect(back).toMatchObject({ state: 'waitlisted', waitlistPosition: 68 });
    const waitlist = await signUpRows(activity.id, 'waitlisted');
    expect(waitlist.map((r) => r.waitlistPosition)).toEqual(Array.from({ length: 68 }, (_, i) => i + 1));
    expect(waitlist[waitlist.length - 1]).toMatchObject({ memberNo: first.memberNo, seq: 101 });

    // More seats go to the waitlist in order; fewer than are confirmed is refused.
    const grown = await manager(`/api/v1/staff/activities/${activity.id}`, { method: 'PATCH', body: { capacity: 33 } });
    expect(StaffActivityView.parse(await grown.json()).counts).toMatchObject({ confirmed: 33, waitlisted: 65, cancelled: 2 });
    for (const row of [rows[32], rows[33], rows[34]])
      expect((await detail(memberOf(row).api, activity.id)).me?.state).toBe('confirmed');
    const shrink = await manager(`/api/v1/staff/activities/${activity.id}`, { method: 'PATCH', body: { capacity: 10 } });
    expect(shrink.status).toBe(409);
    const confirmedRows = await signUpRows(activity.id, 'confirmed');
    expect(confirmedRows).toHaveLength(33);
  }, 60_000);

  it('keeps sign-ups to the tier restriction and before the deadline', async () => {
    const goldOnly = await published({ minTierCode: 'gold' });
    const bo = await member('act-bo');
    const refused = await signUp(bo.api, goldOnly.id);
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ code: 'TIER_REQUIRED', details: { requiredTier: 'gold' } });
    expect(
      (await hq(`/api/v1/hq/members/${bo.memberNo}/tier-floor`, { method: 'PUT', body: { floorCode: 'gold' } })).status,
    ).toBe(200);
    expect(MySignUp.parse(await (await signUp(bo.api, goldOnly.id)).json()).state).toBe('confirmed');

    const soon = await published({ signUpDeadline: at(5 * MINUTE) });
    const cai = await member('act-cai');
    const late = await member('act-cai-late');
    expect((await signUp(cai.api, soon.id)).status).toBe(200);
    offset += 6 * MINUTE;
    const closed = await signUp(late.api, soon.id);
    expect(closed.status).toBe(409);
    expect(await closed.json()).toMatchObject({ code: 'ACTIVITY_CLOSED' });
    expect((await detail(late.api, soon.id)).signUpOpen).toBe(false);
    // Cancelling stays possible until the start.
    expect((await cancelSignUp(cai.api, soon.id)).status).toBe(200);
  });

  it('cancels an activity and notifies everyone confirmed or waitlisted', async () => {
    const activity = await published({ capacity: 1 });
    const [dee, eve, fay] = await Promise.all([member('act-dee'), member('act-eve'), member('act-fay')]);
    expect((await signUp(dee.api, activity.id)).status).toBe(200);
    expect(MySignUp.parse(await (await signUp(eve.api, activity.id)).json()).state).toBe('waitlisted');
    expect((await otherManager(`/api/v1/staff/activities/${activity.id}/cancel`, { body: { reason: '场地维修' } })).status).toBe(
      403,
    );
    expect((await dee.api(`/api/v1/staff/activities/${activity.id}/cancel`, { body: { reason: '场地维修' } })).status).toBe(403);
    const cancelled = await manager(`/api/v1/staff/activities/${activity.id}/cancel`, { body: { reason: '场地维修' } });
    expect(StaffActivityView.parse(await cancelled.json())).toMatchObject({ status: 'cancelled', cancelReason: '场地维修' });
    const notifications = running.app.get<Model<Notification>>(getModelToken(Notification.name));
    const told = await notifications.find({ dedupeKey: { $regex: `^activity-cancelled:${activity.id}:` } }).lean();
    expect(told.map((n) => n.memberId.toHexString()).sort()).toEqual([dee.id, eve.id].sort());
    expect(told.every((n) => n.kind === 'activity-update' && n.data.thing4.value === '场地维修')).toBe(true);
    const closed = await signUp(fay.api, activity.id);
    expect(await closed.json()).toMatchObject({ code: 'ACTIVITY_CLOSED' });
    expect(await detail(dee.api, activity.id)).toMatchObject({ status: 'cancelled', me: { state: 'confirmed' } });
    // Cancelling again is a no-op that tells nobody twice.
    expect((await manager(`/api/v1/staff/activities/${activity.id}/cancel`, { body: { reason: '再次' } })).status).toBe(200);
    expect(await notifications.countDocuments({ dedupeKey: { $regex: `^activity-cancelled:${activity.id}:` } })).toBe(2);
  });

  it('creates one activity for a retried request with the same Idempotency-Key, even at once', async () => {
    // A retry sends the very same body (activityBody's times move with the clock).
    const body = activityBody({ title: '重试也只有一场' });
    const create = (key?: string, title = body.title) =>
      manager(`/api/v1/staff/communities/${communityId}/activities`, {
        body: { ...body, title },
        ...(key ? { headers: { 'idempotency-key': key } } : {}),
      });
    const activities = running.app.get<Model<Activity>>(getModelToken(Activity.name));
    const count = () => activities.countDocuments({ title: '重试也只有一场' });

    const first = await create('create-once-0001');
    expect(first.status).toBe(201);
    const { id } = StaffActivityView.parse(await first.json());
    const again = await create('create-once-0001');
    expect(again.status).toBe(201);
    expect(StaffActivityView.parse(await again.json()).id).toBe(id);
    expect(await count()).toBe(1);

    const racing = await Promise.all(Array.from({ length: 5 }, () => create('create-once-0002')));
    const ids = await Promise.all(racing.map(async (r) => StaffActivityView.parse(await r.json()).id));
    expect(new Set(ids).size).toBe(1);
    expect(await count()).toBe(2);

    // The key sent again with another activity is refused, and makes nothing.
    const reused = await create('create-once-0001', '另一场');
    expect(reused.status).toBe(422);
    expect(await reused.json()).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    expect(await activities.countDocuments({ title: '另一场' })).toBe(0);

    // Without a key each request is a new activity (older clients); a malformed key is refused.
    expect((await create()).status).toBe(201);
    expect(await count()).toBe(3);
    const malformed = await create('short');
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await count()).toBe(3);
  });

  it('tells everyone signed up when the time or the place changes, once per change, and nobody for other edits', async () => {
    const activity = await published({ capacity: 1, place: '静安店二楼' });
    const [gia, hana] = await Promise.all([member('act-gia'), member('act-hana')]);
    expect((await signUp(gia.api, activity.id)).status).toBe(200);
    expect(MySignUp.parse(await (await signUp(hana.api, activity.id)).json()).state).toBe('waitlisted');
    const notifications = running.app.get<Model<Notification>>(getModelToken(Notification.name));
    const told = () =>
      notifications
        .find({ dedupeKey: { $regex: `^activity-rearranged:${activity.id}:` } })
        .sort({ dedupeKey: 1 })
        .lean();
    const edit = (body: Record<string, unknown>) => manager(`/api/v1/staff/activities/${activity.id}`, { method: 'PATCH', body });

    expect((await edit({ description: '新增试用装' })).status).toBe(200);
    expect(await told()).toHaveLength(0);

    const later = { startsAt: at(3 * HOUR), endsAt: at(5 * HOUR) };
    expect((await edit(later)).status).toBe(200);
    const first = await told();
    expect(first.map((n) => n.memberId.toHexString()).sort()).toEqual([gia.id, hana.id].sort());
    expect(first.every((n) => n.kind === 'activity-update' && n.data.thing2.value === '活动时间有调整')).toBe(true);
    expect(first[0].data.thing4.value).toBe('静安店二楼');

    // The same times again change nothing; a new place is a second message, saying where.
    expect((await edit(later)).status).toBe(200);
    expect(await told()).toHaveLength(2);
    expect((await edit({ place: '徐汇店一楼' })).status).toBe(200);
    const second = (await told()).filter((n) => n.dedupeKey.endsWith(':2'));
    expect(second).toHaveLength(2);
    expect(second.every((n) => n.data.thing2.value === '活动地点有调整' && n.data.thing4.value === '徐汇店一楼')).toBe(true);
    const activities = running.app.get<Model<Activity>>(getModelToken(Activity.name));
    expect(await activities.findById(activity.id).lean()).toMatchObject({ arrangementsVersion: 2 });
    expect((await activities.findById(activity.id).lean())?.arrangementsPending).toBeUndefined();

    // The process stops before the messages are queued: the change is kept, and the job tells everyone later.
    const notices = running.app.get(ActivityNotices);
    const cut = jest.spyOn(notices, 'rearranged').mockRejectedValueOnce(new Error('the process stopped'));
    expect((await edit({ place: '静安店三楼' })).status).toBe(500);
    cut.mockRestore();
    expect((await told()).filter((n) => n.dedupeKey.endsWith(':3'))).toHaveLength(0);
    const job = running.app.get(CommunitiesPendingWorkJob);
    expect((await job.run()).rearrangements).toBe(0);
    offset += 2 * MINUTE;
    expect((await job.run()).rearrangements).toBe(1);
    expect((await job.run()).rearrangements).toBe(0);
    const third = (await told()).filter((n) => n.dedupeKey.endsWith(':3'));
    expect(third.map((n) => n.data.thing4.value)).toEqual(['静安店三楼', '静安店三楼']);

    // A draft's members are nobody yet: editing its time tells no one.
    const draft = await createActivity();
    expect(
      (
        await manager(`/api/v1/staff/activities/${draft.id}`, {
          method: 'PATCH',
          body: { startsAt: at(4 * HOUR), endsAt: at(6 * HOUR) },
        })
      ).status,
    ).toBe(200);
    expect(await notifications.countDocuments({ dedupeKey: { $regex: `^activity-rearranged:${draft.id}:` } })).toBe(0);
  });

  it('checks members in by the scanned QR token or the on-site code, paying the reward exactly once', async () => {
    const activity = await published({ startsAt: at(30 * MINUTE), endsAt: at(3 * HOUR), capacity: 2, pointsReward: 50 });
    const [gus, hal, ivy] = await Promise.all([member('act-gus'), member('act-hal'), member('act-ivy')]);
    await running.app.get(MembersService).attachPhone(gus.id, '13812341234');
    for (const m of [gus, hal, ivy]) expect((await signUp(m.api, activity.id)).status).toBe(200);
    const ledger = running.app.get(PointsLedgerService);

    // The manager scans Gus's QR token five times at once: one check-in, one payment.
    const { token } = CheckInToken.parse(await (await gus.api(`/api/v1/activities/${activity.id}/check-in-token`)).json());
    const scan = (api: Api, body: unknown, id = activity.id) => api(`/api/v1/staff/activities/${id}/check-ins`, { body });
    const scans = await Promise.all(Array.from({ length: 5 }, () => scan(manager, { token })));
    expect(scans.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    const scanned = await Promise.all(scans.map(async (r) => CheckInResult.parse(await r.json())));
    expect(scanned.filter((r) => !r.replayed)).toHaveLength(1);
    expect(scanned.every((r) => r.memberNo === gus.memberNo && r.pointsAwarded === 50)).toBe(true);
    expect((await ledger.balanceOf(new Types.ObjectId(gus.id))).balance).toBe(50);
    const entries = running.app.get<Model<PointsEntry>>(getModelToken(PointsEntry.name));
    expect(await entries.countDocuments({ idempotencyKey: `activity:${activity.id}:${gus.id}` })).toBe(1);

    // Refused: another community's manager, a member, a token for another activity, a forged one, an expired one.
    expect((await scan(otherManager, { token })).status).toBe(403);
    expect((await scan(hal.api, { token })).status).toBe(403);
    const elsewhere = await published({ startsAt: at(20 * MINUTE) });
    const wrongActivity = await scan(manager, { token }, elsewhere.id);
    expect(await wrongActivity.json()).toMatchObject({ code: 'INVALID_CHECKIN_TOKEN' });
    const halToken = CheckInToken.parse(await (await hal.api(`/api/v1/activities/${activity.id}/check-in-token`)).json()).token;
    const forged = await scan(manager, { token: `${halToken.slice(0, -4)}AAAA` });
    expect(forged.status).toBe(400);
    expect(await forged.json()).toMatchObject({ code: 'INVALID_CHECKIN_TOKEN' });
    offset += 61_000;
    const expired = await scan(manager, { token: halToken });
    expect(expired.status).toBe(400);
    expect(await expired.json()).toMatchObject({ code: 'INVALID_CHECKIN_TOKEN' });

    // Hal scans the on-site code three times at once; a member's token is no site code.
    const site = await manager(`/api/v1/staff/activities/${activity.id}/check-in-code`);
    const { token: code } = CheckInToken.parse(await site.json());
    expect((await otherManager(`/api/v1/staff/activities/${activity.id}/check-in-code`)).status).toBe(403);
    const selfCheckIn = (api: Api, body: unknown) => api(`/api/v1/activities/${activity.id}/check-in`, { body });
    const notASiteCode = await selfCheckIn(hal.api, { code: halToken });
    expect(await notASiteCode.json()).toMatchObject({ code: 'INVALID_CHECKIN_TOKEN' });
    const selves = await Promise.all(Array.from({ length: 3 }, () => selfCheckIn(hal.api, { code })));
    const selfResults = await Promise.all(selves.map(async (r) => CheckInResult.parse(await r.json())));
    expect(selfResults.filter((r) => !r.replayed)).toHaveLength(1);
    expect((await ledger.balanceOf(new Types.ObjectId(hal.id))).balance).toBe(50);

    // Ivy is on the waitlist: no token, no check-in.
    const waitlistedToken = await ivy.api(`/api/v1/activities/${activity.id}/check-in-token`);
    expect(waitlistedToken.status).toBe(409);
    const waitlistedCheckIn = await selfCheckIn(ivy.api, { code });
    expect(waitlistedCheckIn.status).toBe(409);
    expect((await ledger.balanceOf(new Types.ObjectId(ivy.id))).balance).toBe(0);

    // The attendance list, phones masked, and the same as CSV.
    const attended = await signUpRows(activity.id, 'attended');
    expect(attended.map((r) => [r.memberNo, r.checkInMethod, r.pointsAwarded])).toEqual([
      [gus.memberNo, 'staff-scan', 50],
      [hal.memberNo, 'site-code', 50],
    ]);
    expect(attended[0].phoneMasked).toBe('138****1234');
    const csv = await manager(`/api/v1/staff/activities/${activity.id}/sign-ups.csv?status=attended`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('content-disposition')).toContain('attachment');
    const text = await csv.text();
    const lines = text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toContain('会员号');
    expect(lines[1]).toContain(gus.memberNo);
    expect(text).toContain('138****1234');
    expect(text).not.toContain('13812341234');
    expect((await otherManager(`/api/v1/staff/activities/${activity.id}/sign-ups.csv`)).status).toBe(403);
    expect((await hq(`/api/v1/staff/activities/${activity.id}/sign-ups`)).status).toBe(200);

    // Staff check-ins and the export are in the audit log; a member's own check-in is not a staff action.
    const audit = await hq(`/api/v1/hq/audit-log?action=activity.check-in&targetId=${activity.id}`);
    const checkIns = ((await audit.json()) as { entries: AuditEntryView[] }).entries;
    expect(checkIns).toHaveLength(1);
    expect(checkIns[0]).toMatchObject({ role: 'manager', details: { memberNo: gus.memberNo } });
    const exports = await hq(`/api/v1/hq/audit-log?action=activity.sign-ups-export&targetId=${activity.id}`);
    expect(((await exports.json()) as { entries: unknown[] }).entries).toHaveLength(1);
    expect(await detail(gus.api, activity.id)).toMatchObject({ me: { state: 'confirmed', pointsAwarded: 50 } });
    const mine = (await (await gus.api('/api/v1/me/activities')).json()) as { activities: ActivityView[] };
    expect(mine.activities.map((a) => a.id)).toContain(activity.id);
  });

  it('checks a member in by the six digits under their QR code at a desk without a camera, for that minute and the next only', async () => {
    const activity = await published({ startsAt: at(30 * MINUTE), endsAt: at(3 * HOUR), capacity: 5, pointsReward: 20 });
    const [kay, lou] = await Promise.all([member('act-kay'), member('act-lou')]);
    for (const m of [kay, lou]) expect((await signUp(m.api, activity.id)).status).toBe(200);
    const ledger = running.app.get(PointsLedgerService);
    const typed = (api: Api, shortCode: string, id = activity.id) =>
      api(`/api/v1/staff/activities/${id}/check-ins`, { body: { shortCode } });

    const { shortCode } = CheckInToken.parse(await (await kay.api(`/api/v1/activities/${activity.id}/check-in-token`)).json());
    expect(shortCode).toMatch(/^\d{6}$/);
    // Refused: another community's manager, the code at another activity, digits that are nobody's, not six digits.
    expect((await typed(otherManager, shortCode!)).status).toBe(403);
    const elsewhere = await published({ startsAt: at(20 * MINUTE) });
    expect(await (await typed(manager, shortCode!, elsewhere.id)).json()).toMatchObject({ code: 'INVALID_CHECKIN_TOKEN' });
    const nobody = String((Number(shortCode) + 1) % 1_000_000).padStart(6, '0');
    expect(await (await typed(manager, nobody)).json()).toMatchObject({ code: 'INVALID_CHECKIN_TOKEN' });
    expect((await typed(manager, '12345')).status).toBe(400);

    // A minute later the code still counts (typed as the minute turned); twice at once checks in and pays once.
    offset += 60_000;
    const both = await Promise.all([typed(manager, shortCode!), typed(manager, shortCode!)]);
    const results = await Promise.all(both.map(async (r) => CheckInResult.parse(await r.json())));
    expect(results.map((r) => r.memberNo)).toEqual([kay.memberNo, kay.memberNo]);
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    expect((await ledger.balanceOf(new Types.ObjectId(kay.id))).balance).toBe(20);
    expect((await ledger.balanceOf(new Types.ObjectId(lou.id))).balance).toBe(0);

    // Two minutes on, an old code is refused: Lou's fresh one works.
    const { shortCode: louOld } = CheckInToken.parse(
      await (await lou.api(`/api/v1/activities/${activity.id}/check-in-token`)).json(),
    );
    offset += 120_000;
    expect(await (await typed(manager, louOld!)).json()).toMatchObject({ code: 'INVALID_CHECKIN_TOKEN' });
    const { shortCode: louNow } = CheckInToken.parse(
      await (await lou.api(`/api/v1/activities/${activity.id}/check-in-token`)).json(),
    );
    expect(CheckInResult.parse(await (await typed(manager, louNow!)).json()).memberNo).toBe(lou.memberNo);
  });

  it('opens check-in only from an hour before the start', async () => {
    const later = await published({ startsAt: at(3 * HOUR), endsAt: at(5 * HOUR) });
    const jo = await member('act-jo');
    expect((await signUp(jo.api, later.id)).status).toBe(200);
    const early = await jo.api(`/api/v1/activities/${later.id}/check-in-token`);
    expect(early.status).toBe(409);
    expect(await early.json()).toMatchObject({ code: 'ACTIVITY_CLOSED' });
    expect((await manager(`/api/v1/staff/activities/${later.id}/check-in-code`)).status).toBe(409);
  });

  it('finishes a check-in reward that a failure interrupted, once, in the pending-work job', async () => {
    const activity = await published({ startsAt: at(20 * MINUTE), endsAt: at(2 * HOUR), pointsReward: 30 });
    const kim = await member('act-kim');
    expect((await signUp(kim.api, activity.id)).status).toBe(200);
    const ledger = running.app.get(PointsLedgerService);
    const earn = jest.spyOn(ledger, 'earn').mockRejectedValueOnce(new Error('the process stopped'));
    const { token } = CheckInToken.parse(await (await kim.api(`/api/v1/activities/${activity.id}/check-in-token`)).json());
    const failed = await manager(`/api/v1/staff/activities/${activity.id}/check-ins`, { body: { token } });
    expect(failed.status).toBe(500);
    earn.mockRestore();
    expect((await ledger.balanceOf(new Types.ObjectId(kim.id))).balance).toBe(0);
    expect((await signUpRows(activity.id, 'attended')).map((r) => [r.memberNo, r.pointsAwarded])).toEqual([[kim.memberNo, 0]]);

    const job = running.app.get(CommunitiesPendingWorkJob);
    // Within its first minute the request may still be finishing: the job leaves it alone.
    expect((await job.run()).rewards).toBe(0);
    offset += 2 * MINUTE;
    expect((await job.run()).rewards).toBe(1);
    expect((await job.run()).rewards).toBe(0);
    expect((await ledger.balanceOf(new Types.ObjectId(kim.id))).balance).toBe(30);
    expect(await detail(kim.api, activity.id)).toMatchObject({ me: { pointsAwarded: 30 } });
  });
});
