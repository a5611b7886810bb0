import {
  AssistCampaignView,
  AssistTaskView,
  GroupBuyGroupView,
  type LoginResult,
  MemberProfile,
  MyReferral,
  StaffGroupBuyDealView,
  UploadedAvatar,
} from '@memberloop/shared';
import { AvatarsService } from '../../server/src/me/avatars.service';
import { fakeLoginCode } from '../../server/src/wechat/fake/fake-wechat-identities';
import { startApp, type RunningApp } from '../support/app';
import { addProducts } from '../support/catalogue';
import { authorized, loginAs, loginAsStaff } from '../support/sessions';

/** The smallest valid PNG: a 1×1 transparent pixel. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
const HOUR = 3_600_000;
type Api = ReturnType<typeof authorized>;

describe('members have names and faces: avatar upload, nickname rules, names on seats, helpers and invitations', () => {
  let running: RunningApp;
  let hq: Api;

  beforeAll(async () => {
    running = await startApp({ JOBS_ENABLED: 'false' });
    hq = authorized(running, (await loginAsStaff(running, 'names-hq', 'hq')).accessToken);
    await addProducts(hq, [{ sku: 'SKU-NAME-01', name: '玫瑰精华水', priceFen: 19_900 }]);
  });
  afterAll(async () => {
    await running?.close();
  });

  const member = async (name: string) => {
    const login = await loginAs(running, name);
    return { token: login.accessToken, api: authorized(running, login.accessToken) };
  };
  const uploadAvatar = (token: string, bytes: Buffer, type = 'image/png') => {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(bytes)], { type }), 'avatar');
    return fetch(`${running.baseUrl}/api/v1/me/avatar`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: form,
    });
  };
  const setProfile = (api: Api, body: Record<string, unknown>) => api('/api/v1/me/profile', { method: 'PATCH', body });
  /** A member with a nickname and an uploaded avatar: the avatar's URL. */
  const named = async (name: string, nickname: string) => {
    const m = await member(name);
    const avatar = UploadedAvatar.parse(await (await uploadAvatar(m.token, PNG)).json());
    expect((await setProfile(m.api, { nickname, avatarUrl: avatar.url })).status).toBe(200);
    return { ...m, avatarUrl: avatar.url };
  };
  const deleteAccount = async (api: Api) =>
    expect((await api('/api/v1/me/delete-account', { body: { confirm: true } })).status).toBe(200);

  it('stores an uploaded avatar, serves it without a token, and sets it with the nickname', async () => {
    const { token, api } = await member('names-avatar');
    const uploaded = await uploadAvatar(token, PNG);
    expect(uploaded.status).toBe(201);
    const avatar = UploadedAvatar.parse(await uploaded.json());
    expect(avatar.url).toBe(`/api/v1/avatars/${avatar.avatarId}`);
    const served = await fetch(`${running.baseUrl}${avatar.url}`);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await served.arrayBuffer()).equals(PNG)).toBe(true);

    const saved = await setProfile(api, { nickname: '  小满  ', avatarUrl: avatar.url });
    expect(saved.status).toBe(200);
    expect(MemberProfile.parse(await saved.json())).toMatchObject({ nickname: '小满', avatarUrl: avatar.url });

    // A new avatar replaces the old one, which is no longer served.
    const next = UploadedAvatar.parse(await (await uploadAvatar(token, PNG)).json());
    expect((await setProfile(api, { avatarUrl: next.url })).status).toBe(200);
    expect((await fetch(`${running.baseUrl}${avatar.url}`)).status).toBe(404);
    expect((await fetch(`${running.baseUrl}${next.url}`)).status).toBe(200);
  });

  it('refuses an avatar that is not a photo, an address elsewhere and another member’s upload', async () => {
    const { token, api } = await member('names-attacker');
    const text = await uploadAvatar(token, Buffer.from('<svg onload="alert(1)"></svg>'), 'image/svg+xml');
    expect(text.status).toBe(415);
    expect((await setProfile(api, { avatarUrl: 'https://evil.example/tracker.png' })).status).toBe(400);
    expect((await setProfile(api, { avatarUrl: '/api/v1/images/0123456789abcdef0123456789abcdef' })).status).toBe(400);
    expect((await setProfile(api, { avatarUrl: '/api/v1/avatars/0123456789abcdef0123456789abcdef' })).status).toBe(400);

    const victim = await member('names-victim');
    const theirs = UploadedAvatar.parse(await (await uploadAvatar(victim.token, PNG)).json());
    const stolen = await setProfile(api, { avatarUrl: theirs.url });
    expect(stolen.status).toBe(400);
    expect(MemberProfile.parse(await (await api('/api/v1/me/profile')).json()).avatarUrl).toBeUndefined();
    // The victim's upload is untouched and still theirs to set.
    expect((await setProfile(victim.api, { avatarUrl: theirs.url })).status).toBe(200);
  });

  it('takes a nickname of 1 to 20 characters, trimmed, without control or invisible characters', async () => {
    const { api } = await member('names-rules');
    for (const nickname of ['', '   ', 'x'.repeat(21), '小\u0000满', '小\n满', 'abc\u202eevil', 'a\u200bb'])
      expect({ nickname, status: (await setProfile(api, { nickname })).status }).toEqual({ nickname, status: 400 });
    // 20 characters, emoji counted once each.
    expect((await setProfile(api, { nickname: '😀'.repeat(20) })).status).toBe(200);
    expect((await setProfile(api, { nickname: '安 安' })).status).toBe(200);
  });

  it('removes the avatar when the member deletes their account', async () => {
    const m = await named('names-leaver', '离开的人');
    await deleteAccount(m.api);
    expect((await fetch(`${running.baseUrl}${m.avatarUrl}`)).status).toBe(404);
  });

  it('clears uploads never set on a profile after a day', async () => {
    const { token } = await member('names-unused');
    const avatar = UploadedAvatar.parse(await (await uploadAvatar(token, PNG)).json());
    const avatars = running.app.get(AvatarsService);
    expect((await avatars.removeUnused()).removed).toBe(0);
    const later = new Date(Date.now() + 25 * HOUR);
    const { Clock } = await import('../../server/src/common/clock/clock');
    const spy = jest.spyOn(running.app.get(Clock), 'now').mockReturnValue(later);
    try {
      expect((await avatars.removeUnused()).removed).toBeGreaterThanOrEqual(1);
    } finally {
      spy.mockRestore();
    }
    expect((await fetch(`${running.baseUrl}${avatar.url}`)).status).toBe(404);
  });

  it('shows group-buy seats with nicknames and avatars, and a member who left as gone', async () => {
    const now = Date.now();
    const created = await hq('/api/v1/staff/group-buy-deals', {
      body: {
        skuCode: 'SKU-NAME-01',
        skuName: '玫瑰精华水',
        normalPriceFen: 19_900,
        groupPriceFen: 9_900,
        groupSize: 4,
        timeLimitMinutes: 60,
        maxGroups: 10,
        perMemberLimit: 1,
        startsAt: new Date(now - 60_000).toISOString(),
        endsAt: new Date(now + 24 * HOUR).toISOString(),
      },
    });
    expect(created.status).toBe(201);
    const deal = StaffGroupBuyDealView.parse(await created.json());
    const leader = await named('names-leader', '林团长');
    const opened = await leader.api(`/api/v1/group-buys/deals/${deal.id}/groups`, {
      method: 'POST',
      headers: { 'idempotency-key': 'names-open-1' },
    });
    expect(opened.status).toBe(201);
    const group = GroupBuyGroupView.parse(await opened.json());
    const friend = await member('names-joiner');
    const leaving = await named('names-joiner-leaves', '要走的人');
    for (const m of [friend, leaving])
      expect((await m.api(`/api/v1/group-buys/groups/${group.id}/join`, { method: 'POST' })).status).toBe(200);
    await deleteAccount(leaving.api);

    const seen = GroupBuyGroupView.parse(await (await friend.api(`/api/v1/group-buys/groups/${group.id}`)).json());
    expect(seen.members).toEqual([
      expect.objectContaining({ nickname: '林团长', avatarUrl: leader.avatarUrl, gone: false, leader: true, me: false }),
      expect.objectContaining({ nickname: null, avatarUrl: null, gone: false, me: true }),
      expect.objectContaining({ nickname: null, avatarUrl: null, gone: true, me: false }),
    ]);
    const own = GroupBuyGroupView.parse(await (await leader.api(`/api/v1/group-buys/groups/${group.id}`)).json());
    expect(own.members[0]).toMatchObject({ me: true, nickname: '林团长', avatarUrl: leader.avatarUrl });
  });

  it('shows the assist starter and helpers with nicknames and avatars, and a helper who left as gone', async () => {
    const now = Date.now();
    const created = await hq('/api/v1/hq/assist-campaigns', {
      body: {
        title: '好友助力得积分',
        helpersNeeded: 3,
        hoursToComplete: 24,
        reward: { points: 10 },
        startsAt: new Date(now - HOUR).toISOString(),
        endsAt: new Date(now + 48 * HOUR).toISOString(),
      },
    });
    expect(created.status).toBe(201);
    const campaign = AssistCampaignView.parse(await created.json());
    const starter = await named('names-starter', '发起人小周');
    const task = AssistTaskView.parse(
      await (await starter.api(`/api/v1/assist-campaigns/${campaign.id}/tasks`, { method: 'POST' })).json(),
    );
    const helper = await named('names-helper', '热心阿青');
    const leaves = await named('names-helper-leaves', '走了的朋友');
    for (const m of [helper, leaves])
      expect((await m.api(`/api/v1/assists/${task.id}/help`, { method: 'POST' })).status).toBe(200);
    await deleteAccount(leaves.api);

    const seen = AssistTaskView.parse(await (await helper.api(`/api/v1/assists/${task.id}`)).json());
    expect(seen.starter).toEqual({ nickname: '发起人小周', avatarUrl: starter.avatarUrl, gone: false });
    expect(seen.helpers).toEqual([
      expect.objectContaining({ nickname: '热心阿青', avatarUrl: helper.avatarUrl, gone: false }),
      expect.objectContaining({ nickname: null, gone: true }),
    ]);
    expect(seen.helpers[1].avatarUrl).toBeUndefined();
  });

  it('shows the inviter’s name and face to the friend, and the friend’s to the inviter', async () => {
    const inviter = await named('names-inviter', '邀请人安安');
    const { code } = MyReferral.parse(await (await inviter.api('/api/v1/me/referral')).json());
    const response = await fetch(`${running.baseUrl}/api/v1/auth/wechat-login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: fakeLoginCode('names-invitee'), inviteCode: code }),
    });
    const friend = (await response.json()) as LoginResult;
    const friendApi = authorized(running, friend.accessToken);
    const avatar = UploadedAvatar.parse(await (await uploadAvatar(friend.accessToken, PNG)).json());
    expect((await setProfile(friendApi, { nickname: '新朋友', avatarUrl: avatar.url })).status).toBe(200);

    const mine = MyReferral.parse(await (await friendApi('/api/v1/me/referral')).json());
    expect(mine.inviter).toEqual({ nickname: '邀请人安安', avatarUrl: inviter.avatarUrl, gone: false });
    const theirs = MyReferral.parse(await (await inviter.api('/api/v1/me/referral')).json());
    expect(theirs.invitations).toEqual([
      expect.objectContaining({ friend: { nickname: '新朋友', avatarUrl: avatar.url, gone: false } }),
    ]);

    await deleteAccount(inviter.api);
    const after = MyReferral.parse(await (await friendApi('/api/v1/me/referral')).json());
    expect(after.inviter).toEqual({ nickname: null, avatarUrl: null, gone: true });
  });
});
