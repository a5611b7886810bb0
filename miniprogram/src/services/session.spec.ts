import Taro from '@tarojs/taro';
import { getMemberHome } from '@memberloop/shared';
import { callAsMember, followStaffRole, forgetSession, noteLaunch, staffRoleOfSession } from './session';

const request = Taro.request as jest.Mock;
const storage = new Map<string, unknown>();

function reply(statusCode: number, data: unknown) {
  return Promise.resolve({ statusCode, data, header: {}, errMsg: 'request:ok' });
}

const tokens = (n: number) => ({
  accessToken: `access-${n}`,
  accessTokenExpiresAt: '2030-01-01T00:00:00.000Z',
  refreshToken: `refresh-token-number-${n}`,
  refreshTokenExpiresAt: '2030-01-01T00:00:00.000Z',
});
const member = { id: 'a'.repeat(24), memberNo: 'M00000001', isNew: false };

beforeEach(() => {
  storage.clear();
  request.mockReset();
  (Taro.getStorageSync as jest.Mock).mockImplementation((key: string) => storage.get(key) ?? '');
  (Taro.setStorageSync as jest.Mock).mockImplementation((key: string, value: unknown) => storage.set(key, value));
  (Taro.removeStorageSync as jest.Mock).mockImplementation((key: string) => storage.delete(key));
  forgetSession();
});

describe('the member session', () => {
  it('signs in once for concurrent calls and sends the access token', async () => {
    request.mockImplementation(({ url }: { url: string }) =>
      url.endsWith('/auth/wechat-login') ? reply(200, { ...tokens(1), member }) : reply(200, { ok: true }),
    );
    await Promise.all([callAsMember(getMemberHome), callAsMember(getMemberHome)]);
    const logins = request.mock.calls.filter(([options]) => options.url.endsWith('/auth/wechat-login'));
    expect(logins).toHaveLength(1);
    const home = request.mock.calls.filter(([options]) => options.url.endsWith('/me/home'));
    expect(home.map(([options]) => options.header.authorization)).toEqual(['Bearer access-1', 'Bearer access-1']);
  });

  it('renews an expired access token once and repeats the call', async () => {
    storage.set('memberloop.tokens', { ...tokens(1), member });
    let homeCalls = 0;
    request.mockImplementation(({ url, data }: { url: string; data?: { refreshToken?: string } }) => {
      if (url.endsWith('/auth/refresh')) {
        expect(data?.refreshToken).toBe('refresh-token-number-1');
        return reply(200, tokens(2));
      }
      homeCalls += 1;
      return homeCalls === 1 ? reply(401, { code: 'TOKEN_EXPIRED', message: 'expired' }) : reply(200, { ok: true });
    });
    await expect(callAsMember(getMemberHome)).resolves.toEqual({ ok: true });
    expect(request.mock.calls.at(-1)[0].header.authorization).toBe('Bearer access-2');
  });

  it('signs in again when the refresh token is refused', async () => {
    storage.set('memberloop.tokens', { ...tokens(1), member });
    request.mockImplementation(({ url, header }: { url: string; header: Record<string, string> }) => {
      if (url.endsWith('/auth/refresh')) return reply(401, { code: 'UNAUTHENTICATED', message: 'revoked' });
      if (url.endsWith('/auth/wechat-login')) return reply(200, { ...tokens(3), member });
      return header.authorization === 'Bearer access-3'
        ? reply(200, { ok: true })
        : reply(401, { code: 'TOKEN_EXPIRED', message: 'x' });
    });
    await expect(callAsMember(getMemberHome)).resolves.toEqual({ ok: true });
  });

  it('reports a network failure with a message the member can act on', async () => {
    storage.set('memberloop.tokens', { ...tokens(1), member });
    request.mockRejectedValue(new Error('offline'));
    await expect(callAsMember(getMemberHome)).rejects.toMatchObject({
      code: 'NETWORK_ERROR',
      message: '网络连接失败，请检查网络后重试',
    });
  });

  it('keeps the staff role the sign-in reported, and none for a plain member', async () => {
    expect(staffRoleOfSession()).toBeUndefined();
    request.mockImplementation(({ url }: { url: string }) =>
      url.endsWith('/auth/wechat-login')
        ? reply(200, { ...tokens(1), member: { ...member, staffRole: 'manager' } })
        : reply(200, { ok: true }),
    );
    await callAsMember(getMemberHome);
    expect(staffRoleOfSession()).toBe('manager');
    forgetSession();
    storage.set('memberloop.tokens', { ...tokens(2), member });
    expect(staffRoleOfSession()).toBeUndefined();
  });

  it('renews the tokens when the card reports a role granted or taken away since sign-in, and only then', async () => {
    storage.set('memberloop.tokens', { ...tokens(1), member });
    const refreshes: unknown[] = [];
    request.mockImplementation(({ url, data }: { url: string; data: unknown }) => {
      if (url.endsWith('/auth/refresh')) {
        refreshes.push(data);
        return reply(200, tokens(refreshes.length + 1));
      }
      return reply(200, { ok: true });
    });
    await followStaffRole(undefined);
    expect(refreshes).toHaveLength(0);
    await followStaffRole('manager');
    expect(refreshes).toHaveLength(1);
    expect(staffRoleOfSession()).toBe('manager');
    expect(storage.get('memberloop.tokens')).toMatchObject({ accessToken: 'access-2', member: { staffRole: 'manager' } });
    await followStaffRole('manager');
    expect(refreshes).toHaveLength(1);
    await followStaffRole(undefined);
    expect(refreshes).toHaveLength(2);
    expect(staffRoleOfSession()).toBeUndefined();
    expect(storage.get('memberloop.tokens')).not.toHaveProperty('member.staffRole');
  });
});

describe('an invitation the app was opened from', () => {
  /** The API: every sign-in answers with the next token pair; the `revoked` access tokens fail, and so does any refresh. */
  function serve(revoked: string[] = []) {
    let tokenNo = 0;
    request.mockImplementation(({ url, header }: { url: string; header: Record<string, string> }) => {
      if (url.endsWith('/auth/wechat-login')) return reply(200, { ...tokens(++tokenNo), member });
      if (url.endsWith('/auth/refresh')) return reply(401, { code: 'UNAUTHENTICATED', message: 'revoked' });
      return revoked.map((token) => `Bearer ${token}`).includes(header.authorization)
        ? reply(401, { code: 'TOKEN_EXPIRED', message: 'expired' })
        : reply(200, { ok: true });
    });
  }
  const logins = () =>
    request.mock.calls.filter(([options]) => options.url.endsWith('/auth/wechat-login')).map(([options]) => options.data);
  const plain = { code: expect.stringMatching(/^dev:/) };

  it('goes with the first sign-in of a device that has no session, and with no later sign-in', async () => {
    serve(['access-1']);
    noteLaunch({ scene: 'i%3DK7M2QX9P' });
    await Promise.all([callAsMember(getMemberHome), callAsMember(getMemberHome)]);
    // access-1 was refused and its refresh token revoked: the member signed in again, as the member they now are.
    expect(logins()).toEqual([{ ...plain, inviteCode: 'K7M2QX9P' }, plain]);
  });

  it('is not sent when the device had a session at launch: not on renewal, not after the account is deleted', async () => {
    storage.set('memberloop.tokens', { ...tokens(0), accessToken: 'stale', member });
    serve(['stale']);
    noteLaunch({ invite: 'K7M2QX9P' });
    await callAsMember(getMemberHome);
    forgetSession();
    await callAsMember(getMemberHome);
    expect(logins()).toEqual([plain, plain]);
  });

  it('survives a sign-in lost to the network, and is left out when the launch carries no well-formed code', async () => {
    noteLaunch({ invite: 'K7M2QX9P' });
    request.mockRejectedValueOnce(new Error('offline'));
    await expect(callAsMember(getMemberHome)).rejects.toMatchObject({ code: 'NETWORK_ERROR' });
    serve();
    await callAsMember(getMemberHome);
    expect(logins()).toEqual([
      { ...plain, inviteCode: 'K7M2QX9P' },
      { ...plain, inviteCode: 'K7M2QX9P' },
    ]);

    forgetSession();
    request.mockClear();
    noteLaunch({ invite: 'not-a-code' });
    await callAsMember(getMemberHome);
    expect(logins()).toEqual([plain]);
  });
});
