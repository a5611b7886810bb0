import {
  ActivityView,
  StaffActivityView,
  StaffCommunityMemberView,
  StaffCommunityView,
  StaffSignUpRow,
  UploadedActivityCover,
  UploadedAvatar,
} from '@memberloop/shared';
import { Types } from 'mongoose';
import { Clock } from '../../server/src/common/clock/clock';
import { ActivityCoversService } from '../../server/src/communities/activity-covers.service';
import { startApp, type RunningApp } from '../support/app';
import { authorized, loginAs, loginAsStaff } from '../support/sessions';

/** The smallest valid PNG: a 1×1 transparent pixel. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
const HOUR = 3_600_000;
type Api = ReturnType<typeof authorized>;

describe('activity covers: a manager uploads a photo for an activity of their community; members see it', () => {
  let running: RunningApp;
  let hq: Api;
  let manager: { api: Api; token: string };
  let otherManager: { api: Api; token: string };
  let communityId: string;
  let otherCommunityId: string;

  beforeAll(async () => {
    running = await startApp({ JOBS_ENABLED: 'false' });
    hq = authorized(running, (await loginAsStaff(running, 'cover-hq', 'hq')).accessToken);
    communityId = await community('护肤沙龙社');
    otherCommunityId = await community('咖啡品鉴社');
    manager = await managerOf(communityId, 'cover-manager');
    otherManager = await managerOf(otherCommunityId, 'cover-other-manager');
  });
  afterAll(async () => {
    await running?.close();
  });

  async function community(name: string): Promise<string> {
    const response = await hq('/api/v1/hq/communities', { body: { name, kind: 'interest' } });
    expect(response.status).toBe(201);
    return StaffCommunityView.parse(await response.json()).id;
  }

  async function managerOf(id: string, name: string): Promise<{ api: Api; token: string }> {
    const { member } = await loginAs(running, name);
    expect((await hq(`/api/v1/hq/communities/${id}/managers/${member.memberNo}`, { method: 'PUT' })).status).toBe(200);
    const token = (await loginAs(running, name)).accessToken;
    return { api: authorized(running, token), token };
  }

  const member = async (name: string) => {
    const login = await loginAs(running, name);
    return { token: login.accessToken, api: authorized(running, login.accessToken), memberNo: login.member.memberNo };
  };

  const upload = (token: string | undefined, id: string, bytes: Buffer, type = 'image/png') => {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(bytes)], { type }), 'cover');
    return fetch(`${running.baseUrl}/api/v1/staff/communities/${id}/activity-covers`, {
      method: 'POST',
      headers: token ? { authorization: `Bearer ${token}` } : {},
      body: form,
    });
  };
  const uploaded = async (token = manager.token, id = communityId) => {
    const response = await upload(token, id, PNG);
    expect(response.status).toBe(201);
    return UploadedActivityCover.parse(await response.json());
  };
  const served = (url: string) => fetch(`${running.baseUrl}${url}`);

  const activityBody = (over: Record<string, unknown> = {}) => ({
    title: '冬季护肤沙龙',
    coverImageUrl: 'https://img.example.com/cover.jpg',
    startsAt: new Date(Date.now() + 2 * HOUR).toISOString(),
    endsAt: new Date(Date.now() + 4 * HOUR).toISOString(),
    place: '上海南京西路店',
    capacity: 30,
    ...over,
  });
  const create = (api: Api, over: Record<string, unknown> = {}, id = communityId) =>
    api(`/api/v1/staff/communities/${id}/activities`, { body: activityBody(over) });
  const created = async (over: Record<string, unknown> = {}) => {
    const response = await create(manager.api, over);
    expect(response.status).toBe(201);
    return StaffActivityView.parse(await response.json());
  };
  const edit = (api: Api, activityId: string, body: Record<string, unknown>) =>
    api(`/api/v1/staff/activities/${activityId}`, { method: 'PATCH', body });

  it('stores the photo, serves it without a token for a year, and the published activity shows it to members', async () => {
    const cover = await uploaded();
    expect(cover.url).toBe(`/api/v1/activity-covers/${cover.coverId}`);
    const photo = await served(cover.url);
    expect(photo.status).toBe(200);
    expect(photo.headers.get('content-type')).toBe('image/png');
    expect(photo.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(photo.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await photo.arrayBuffer()).equals(PNG)).toBe(true);

    const activity = await created({ coverImageUrl: cover.url });
    expect(activity.coverImageUrl).toBe(cover.url);
    expect((await manager.api(`/api/v1/staff/activities/${activity.id}/publish`, { method: 'POST' })).status).toBe(200);
    const ann = await member('cover-ann');
    const seen = ActivityView.parse(await (await ann.api(`/api/v1/activities/${activity.id}`)).json());
    expect(seen.coverImageUrl).toBe(cover.url);

    // The upload is in the staff audit log.
    const audit = (await (await hq('/api/v1/hq/audit-log?limit=200')).json()) as { entries: Array<{ action: string }> };
    expect(audit.entries.map((e) => e.action)).toContain('POST /api/v1/staff/communities/:communityId/activity-covers');
  });

  it('refuses an upload for a community the manager does not run, from a member, and without a token: nothing is stored', async () => {
    const files = () => running.app.get(ActivityCoversService)['files']().countDocuments({});
    const before = await files();
    const foreign = await upload(otherManager.token, communityId, PNG);
    expect(foreign.status).toBe(403);
    expect(await foreign.json()).toMatchObject({ code: 'FORBIDDEN' });
    const ann = await member('cover-plain-member');
    expect((await upload(ann.token, communityId, PNG)).status).toBe(403);
    expect((await upload(undefined, communityId, PNG)).status).toBe(401);
    expect((await upload(manager.token, new Types.ObjectId().toHexString(), PNG)).status).toBe(404);
    expect(await files()).toBe(before);
  });

  it('takes only a JPEG, PNG or WebP photo up to 2 MB, whatever the client claims', async () => {
    const svg = await upload(manager.token, communityId, Buffer.from('<svg onload="alert(1)"></svg>'), 'image/png');
    expect(svg.status).toBe(415);
    expect(await svg.json()).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' });
    const html = await upload(manager.token, communityId, Buffer.from('<html><script>alert(1)</script></html>'), 'image/jpeg');
    expect(html.status).toBe(415);
    const large = Buffer.concat([PNG, Buffer.alloc(2 * 1024 * 1024)]);
    const tooLarge = await upload(manager.token, communityId, large);
    expect(tooLarge.status).toBe(413);
    expect(await tooLarge.json()).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    const notMultipart = await manager.api(`/api/v1/staff/communities/${communityId}/activity-covers`, { body: { url: 'x' } });
    expect(notMultipart.status).toBe(415);
  });

  it('refuses another community’s cover, a made-up one and another store’s photo on an activity, on create and on edit', async () => {
    const theirs = await uploaded(otherManager.token, otherCommunityId);
    const stolen = await create(manager.api, { coverImageUrl: theirs.url });
    expect(stolen.status).toBe(400);
    expect(await stolen.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
    for (const coverImageUrl of [
      '/api/v1/activity-covers/0123456789abcdef0123456789abcdef',
      '/api/v1/avatars/0123456789abcdef0123456789abcdef',
      '/api/v1/images/0123456789abcdef0123456789abcdef',
      'http://insecure.example.com/a.jpg',
    ])
      expect({ coverImageUrl, status: (await create(manager.api, { coverImageUrl })).status }).toEqual({
        coverImageUrl,
        status: 400,
      });

    const activity = await created();
    const editStolen = await edit(manager.api, activity.id, { coverImageUrl: theirs.url });
    expect(editStolen.status).toBe(400);
    const unchanged = StaffActivityView.parse(await (await manager.api(`/api/v1/staff/activities/${activity.id}`)).json());
    expect(unchanged.coverImageUrl).toBe('https://img.example.com/cover.jpg');
    // The other community's upload is untouched and still theirs to use.
    expect((await served(theirs.url)).status).toBe(200);
    expect((await create(otherManager.api, { coverImageUrl: theirs.url }, otherCommunityId)).status).toBe(201);
    // HQ may use a cover in the community it was uploaded for.
    const hqCover = await upload((await loginAsStaff(running, 'cover-hq', 'hq')).accessToken, communityId, PNG);
    expect(hqCover.status).toBe(201);
  });

  it('keeps an older activity’s https cover, and replacing a cover removes the old upload', async () => {
    const activity = await created();
    expect(activity.coverImageUrl).toBe('https://img.example.com/cover.jpg');
    const first = await uploaded();
    const withFirst = await edit(manager.api, activity.id, { coverImageUrl: first.url });
    expect(withFirst.status).toBe(200);
    expect(StaffActivityView.parse(await withFirst.json()).coverImageUrl).toBe(first.url);

    const second = await uploaded();
    expect((await edit(manager.api, activity.id, { coverImageUrl: second.url })).status).toBe(200);
    expect((await served(first.url)).status).toBe(404);
    expect((await served(second.url)).status).toBe(200);

    // A cover two activities show stays while one of them does.
    const twin = await created({ coverImageUrl: second.url });
    const third = await uploaded();
    expect((await edit(manager.api, activity.id, { coverImageUrl: third.url })).status).toBe(200);
    expect((await served(second.url)).status).toBe(200);
    expect((await edit(manager.api, twin.id, { coverImageUrl: third.url })).status).toBe(200);
    expect((await served(second.url)).status).toBe(404);
  });

  it('clears uploads no activity shows after a day, and keeps those shown', async () => {
    const unused = await uploaded();
    const shown = await uploaded();
    await created({ coverImageUrl: shown.url });
    const covers = running.app.get(ActivityCoversService);
    // Shown, but its in-use mark lost (a stop between the activity's write and the mark): the activity is the truth.
    await covers['files']().updateOne({ _id: shown.coverId }, { $unset: { 'metadata.inUse': 1 } });
    expect((await covers.removeUnused()).removed).toBe(0);
    const spy = jest.spyOn(running.app.get(Clock), 'now').mockReturnValue(new Date(Date.now() + 25 * HOUR));
    try {
      expect((await covers.removeUnused()).removed).toBeGreaterThanOrEqual(1);
    } finally {
      spy.mockRestore();
    }
    expect((await served(unused.url)).status).toBe(404);
    expect((await served(shown.url)).status).toBe(200);
  });

  it('shows the manager each member’s nickname and face on the member and sign-up lists; another community’s manager reads neither', async () => {
    const bea = await member('cover-bea');
    const avatarForm = new FormData();
    avatarForm.append('file', new Blob([new Uint8Array(PNG)], { type: 'image/png' }), 'avatar');
    const avatarResponse = await fetch(`${running.baseUrl}/api/v1/me/avatar`, {
      method: 'POST',
      headers: { authorization: `Bearer ${bea.token}` },
      body: avatarForm,
    });
    const avatar = UploadedAvatar.parse(await avatarResponse.json());
    expect(
      (await bea.api('/api/v1/me/profile', { method: 'PATCH', body: { nickname: '小贝', avatarUrl: avatar.url } })).status,
    ).toBe(200);
    expect((await bea.api(`/api/v1/communities/${communityId}/membership`, { method: 'POST' })).status).toBe(200);

    const list = await manager.api(`/api/v1/staff/communities/${communityId}/members?limit=200`);
    expect(list.status).toBe(200);
    const members = ((await list.json()) as { members: unknown[] }).members.map((m) => StaffCommunityMemberView.parse(m));
    expect(members.find((m) => m.memberNo === bea.memberNo)).toMatchObject({ nickname: '小贝', avatarUrl: avatar.url });

    const activity = await created();
    expect((await manager.api(`/api/v1/staff/activities/${activity.id}/publish`, { method: 'POST' })).status).toBe(200);
    expect((await bea.api(`/api/v1/activities/${activity.id}/sign-up`, { method: 'POST' })).status).toBe(200);
    const rows = (
      (await (await manager.api(`/api/v1/staff/activities/${activity.id}/sign-ups?status=all`)).json()) as {
        signUps: unknown[];
      }
    ).signUps.map((r) => StaffSignUpRow.parse(r));
    expect(rows).toEqual([expect.objectContaining({ memberNo: bea.memberNo, nickname: '小贝', avatarUrl: avatar.url })]);

    const foreignMembers = await otherManager.api(`/api/v1/staff/communities/${communityId}/members`);
    expect(foreignMembers.status).toBe(403);
    expect(JSON.stringify(await foreignMembers.json())).not.toContain(avatar.url);
    const foreignRows = await otherManager.api(`/api/v1/staff/activities/${activity.id}/sign-ups?status=all`);
    expect(foreignRows.status).toBe(403);
    expect(JSON.stringify(await foreignRows.json())).not.toContain('小贝');
  });
});
