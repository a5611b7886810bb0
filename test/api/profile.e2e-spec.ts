import { MemberHome, MemberProfile, StaffMemberView } from '@memberloop/shared';
import { IntegrationsService, type IntegrationCredentials } from '../../server/src/integrations/integrations.service';
import { MembersService } from '../../server/src/members/members.service';
import { startApp, type RunningApp } from '../support/app';
import { authorized, loginAs, loginAsStaff } from '../support/sessions';
import { signedPost } from '../support/signed-request';

describe('member profile, consents and the staff view', () => {
  let running: RunningApp;
  let pos: IntegrationCredentials;
  let order = 0;

  beforeAll(async () => {
    running = await startApp();
    pos = await running.app.get(IntegrationsService).register('profile-pos', 'Profile POS');
  });
  afterAll(async () => {
    await running?.close();
  });

  const memberWithPhone = async (name: string, phone: string) => {
    const session = await loginAs(running, name);
    await running.app.get(MembersService).attachPhone(session.member.id, phone);
    return { session, api: authorized(running, session.accessToken) };
  };
  const buyAt = (phone: string, storeCode: string, priceFen: number) =>
    signedPost(
      running.baseUrl,
      '/api/v1/purchases',
      {
        orderId: `PROFILE-${++order}`,
        member: { phone },
        storeCode,
        channel: 'store',
        paidAt: new Date().toISOString(),
        lines: [{ sku: 'SK-9', category: '护肤', quantity: 1, unitPriceFen: priceFen }],
        totalFen: priceFen,
      },
      pos,
    );

  it('shows the member their profile with the phone masked, and saves changes', async () => {
    const { api } = await memberWithPhone('profile-ann', '13812341234');
    const profile = MemberProfile.parse(await (await api('/api/v1/me/profile')).json());
    expect(profile.phoneMasked).toBe('138****1234');
    expect(JSON.stringify(profile)).not.toContain('13812341234');

    const saved = await api('/api/v1/me/profile', {
      method: 'PATCH',
      body: { nickname: '安安', region: '华东', city: '杭州', birthday: { month: 5, day: 20 } },
    });
    expect(saved.status).toBe(200);
    expect(MemberProfile.parse(await saved.json())).toMatchObject({
      nickname: '安安',
      city: '杭州',
      birthday: { month: 5, day: 20 },
    });
  });

  it('sets the birthday once, and refuses bad input with a clear error, changing nothing', async () => {
    const { api } = await memberWithPhone('profile-bo', '13812345678');
    await api('/api/v1/me/profile', { method: 'PATCH', body: { birthday: { month: 2, day: 29 } } });
    const again = await api('/api/v1/me/profile', { method: 'PATCH', body: { birthday: { month: 3, day: 1 } } });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ code: 'CONFLICT' });
    // The same birthday with other changes is fine.
    const same = await api('/api/v1/me/profile', { method: 'PATCH', body: { birthday: { month: 2, day: 29 }, nickname: '波' } });
    expect(same.status).toBe(200);

    for (const body of [
      { birthday: { month: 2, day: 30 } },
      { nickname: '' },
      { nickname: 'x'.repeat(21) },
      { avatarUrl: 'http://insecure.example/a.png' },
      { memberNo: 'M00000001' },
      { nickname: { $gt: '' } },
    ]) {
      const refused = await api('/api/v1/me/profile', { method: 'PATCH', body });
      expect(refused.status).toBe(400);
      expect(await refused.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
    }
    const profile = MemberProfile.parse(await (await api('/api/v1/me/profile')).json());
    expect(profile).toMatchObject({ nickname: '波', birthday: { month: 2, day: 29 } });
  });

  it('records consents with their time, and lets the member withdraw them', async () => {
    const { api } = await memberWithPhone('profile-cai', '13700001111');
    const granted = MemberProfile.parse(
      await (await api('/api/v1/me/consents', { method: 'PUT', body: { notifications: true, marketing: true } })).json(),
    );
    expect(granted.consents.notifications?.granted).toBe(true);
    expect(Date.parse(granted.consents.marketing!.at)).toBeGreaterThan(Date.now() - 60_000);
    const withdrawn = MemberProfile.parse(
      await (await api('/api/v1/me/consents', { method: 'PUT', body: { marketing: false } })).json(),
    );
    expect(withdrawn.consents).toMatchObject({ notifications: { granted: true }, marketing: { granted: false } });
    expect((await api('/api/v1/me/consents', { method: 'PUT', body: {} })).status).toBe(400);
  });

  it('shows a manager only the members of their stores, masked; HQ sees all', async () => {
    const { session } = await memberWithPhone('profile-dee', '13911112222');
    expect((await buyAt('13911112222', 'HZ01', 10_000)).status).toBe(200);
    const memberNo = session.member.memberNo;
    const hzManager = authorized(
      running,
      (await loginAsStaff(running, 'manager-hz', 'manager', { storeIds: ['HZ01'] })).accessToken,
    );
    const shManager = authorized(
      running,
      (await loginAsStaff(running, 'manager-sh', 'manager', { storeIds: ['SH01'] })).accessToken,
    );
    const hq = authorized(running, (await loginAsStaff(running, 'profile-hq', 'hq')).accessToken);

    const seen = StaffMemberView.parse(await (await hzManager(`/api/v1/staff/members/${memberNo}`)).json());
    expect(seen).toMatchObject({ memberNo, phoneMasked: '139****2222', storeCodes: ['HZ01'], points: { balance: 100 } });
    expect(JSON.stringify(seen)).not.toContain('13911112222');

    const other = await shManager(`/api/v1/staff/members/${memberNo}`);
    expect(other.status).toBe(404);
    expect((await hq(`/api/v1/staff/members/${memberNo}`)).status).toBe(200);
    // A member cannot use staff routes, even for themselves.
    expect((await authorized(running, session.accessToken)(`/api/v1/staff/members/${memberNo}`)).status).toBe(403);
    expect((await hq('/api/v1/staff/members/not-a-number')).status).toBe(400);
  });

  it('lets HQ set a tier floor, lifting the member at once, and nobody else', async () => {
    const { session } = await memberWithPhone('profile-eve', '13622223333');
    const memberNo = session.member.memberNo;
    const hq = authorized(running, (await loginAsStaff(running, 'floor-hq', 'hq')).accessToken);
    const manager = authorized(
      running,
      (await loginAsStaff(running, 'floor-manager', 'manager', { storeIds: ['HZ01'] })).accessToken,
    );
    expect(
      (await manager(`/api/v1/hq/members/${memberNo}/tier-floor`, { method: 'PUT', body: { floorCode: 'gold' } })).status,
    ).toBe(403);
    const unknown = await hq(`/api/v1/hq/members/${memberNo}/tier-floor`, { method: 'PUT', body: { floorCode: 'platinum' } });
    expect(unknown.status).toBe(400);
    const set = await hq(`/api/v1/hq/members/${memberNo}/tier-floor`, { method: 'PUT', body: { floorCode: 'gold' } });
    expect(StaffMemberView.parse(await set.json()).tier).toMatchObject({ code: 'gold', floorCode: 'gold' });
    const cleared = await hq(`/api/v1/hq/members/${memberNo}/tier-floor`, { method: 'PUT', body: { floorCode: null } });
    const tier = StaffMemberView.parse(await cleared.json()).tier;
    expect(tier.code).toBe('gold');
    expect(tier.floorCode).toBeUndefined();
  });

  it('lets HQ give a staff member their stores, and the manager then sees those stores’ members', async () => {
    const { session } = await memberWithPhone('profile-fay', '13633334444');
    expect((await buyAt('13633334444', 'NJ01', 10_000)).status).toBe(200);
    const hq = authorized(running, (await loginAsStaff(running, 'stores-hq', 'hq')).accessToken);
    const newcomer = await loginAs(running, 'stores-newcomer');
    expect((await authorized(running, newcomer.accessToken)(`/api/v1/staff/members/${session.member.memberNo}`)).status).toBe(
      403,
    );
    const homeOf = async (token: string) => MemberHome.parse(await (await authorized(running, token)('/api/v1/me/home')).json());
    expect((await homeOf(newcomer.accessToken)).staffRole).toBeUndefined();

    const set = await hq(`/api/v1/hq/staff/${newcomer.member.memberNo}/stores`, {
      method: 'PUT',
      body: { storeCodes: ['NJ01', 'NJ02'] },
    });
    expect(await set.json()).toEqual({
      memberNo: newcomer.member.memberNo,
      role: 'manager',
      storeCodes: ['NJ01', 'NJ02'],
      communityIds: [],
    });
    // The device signed in before the grant: its member card says so, and renewing its tokens carries the role.
    expect((await homeOf(newcomer.accessToken)).staffRole).toBe('manager');
    const renewed = await fetch(`${running.baseUrl}/api/v1/auth/refresh`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken: newcomer.refreshToken }),
    });
    const { accessToken } = (await renewed.json()) as { accessToken: string };
    expect((await authorized(running, accessToken)(`/api/v1/staff/members/${session.member.memberNo}`)).status).toBe(200);
    const manager = authorized(running, (await loginAs(running, 'stores-newcomer')).accessToken);
    expect((await manager(`/api/v1/staff/members/${session.member.memberNo}`)).status).toBe(200);

    expect(
      (await manager(`/api/v1/hq/staff/${newcomer.member.memberNo}/stores`, { method: 'PUT', body: { storeCodes: ['SH01'] } }))
        .status,
    ).toBe(403);
    expect(
      (await hq(`/api/v1/hq/staff/${newcomer.member.memberNo}/stores`, { method: 'PUT', body: { storeCodes: ['A', 'A'] } }))
        .status,
    ).toBe(400);
  });
});
