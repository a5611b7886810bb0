import Taro from '@tarojs/taro';
import {
  refreshTokens,
  wechatLogin,
  type EndpointContract,
  type LoginResult,
  type ResponseOf,
  type TokenPair,
} from '@memberloop/shared';
import { ApiCallError, callEndpoint, type CallOptions } from './api-client';
import { inviteCodeOfLaunch, type LaunchQuery } from './launch-invite';

const TOKENS_KEY = 'memberloop.tokens';
const DEVICE_KEY = 'memberloop.h5-member';
/**
 * The invitation the app was launched from, kept until a sign-in succeeds. Kept in storage rather than in memory:
 * the H5 build gives every page its own copy of this module, and the launch is seen by the app, not by a page.
 */
const LAUNCH_INVITE_KEY = 'memberloop.launch-invite';

interface StoredSession extends TokenPair {
  member: LoginResult['member'];
}

let current: StoredSession | undefined;
let signingIn: Promise<StoredSession> | undefined;

function stored(): StoredSession | undefined {
  if (current) return current;
  const saved = Taro.getStorageSync(TOKENS_KEY) as StoredSession | '';
  current = saved || undefined;
  return current;
}

function save(session: StoredSession): StoredSession {
  current = session;
  Taro.setStorageSync(TOKENS_KEY, session);
  return session;
}

function randomToken(length: number): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return Array.from({ length }, () => alphabet[Math.floor(Math.random() * alphabet.length)]).join('');
}

/**
 * The login code: WeChat's own in the mini-program. The H5 build is a demo of it against the local WeChat
 * fake, whose codes name the member: `?as=<name>` in the address picks one (e.g. a seeded manager), else
 * this browser keeps a name of its own.
 */
async function loginCode(): Promise<string> {
  if (process.env.TARO_ENV === 'weapp') return (await Taro.login()).code;
  const asked = typeof window === 'undefined' ? null : new URLSearchParams(window.location.search).get('as');
  let name = asked ?? (Taro.getStorageSync(DEVICE_KEY) as string);
  if (!name) name = `h5-${randomToken(10)}`;
  Taro.setStorageSync(DEVICE_KEY, name);
  return `dev:${name}:${randomToken(12)}`;
}

/**
 * Called by the app on launch with the launch query. An invitation (a shared card's `invite=`, a mini-program
 * code's scene) is kept for the first sign-in of a device that has no session: it binds a member registering now
 * to the friend who invited them. A device with a session at launch belongs to a member already: nothing is kept.
 */
export function noteLaunch(query: LaunchQuery | undefined): void {
  const inviteCode = stored() ? undefined : inviteCodeOfLaunch(query);
  if (inviteCode) Taro.setStorageSync(LAUNCH_INVITE_KEY, inviteCode);
  else Taro.removeStorageSync(LAUNCH_INVITE_KEY);
}

async function signIn(): Promise<StoredSession> {
  const inviteCode = (Taro.getStorageSync(LAUNCH_INVITE_KEY) as string) || undefined;
  const result = await callEndpoint(wechatLogin, { body: { code: await loginCode(), ...(inviteCode ? { inviteCode } : {}) } });
  // Sent once: a later sign-in (a revoked session, a deleted account) is no new registration through this friend.
  Taro.removeStorageSync(LAUNCH_INVITE_KEY);
  return save(result);
}

/** The signed-in member, signing in first when needed (one sign-in however many callers ask at once). */
export async function ensureSession(): Promise<StoredSession> {
  const session = stored();
  if (session) return session;
  signingIn ??= signIn().finally(() => (signingIn = undefined));
  return signingIn;
}

async function renew(session: StoredSession): Promise<StoredSession> {
  try {
    const tokens = await callEndpoint(refreshTokens, { body: { refreshToken: session.refreshToken } });
    return save({ ...session, ...tokens });
  } catch (error) {
    if (error instanceof ApiCallError && error.code === 'NETWORK_ERROR') throw error;
    // The refresh token expired or was revoked: sign in again.
    current = undefined;
    Taro.removeStorageSync(TOKENS_KEY);
    return ensureSession();
  }
}

/** Runs a call with the session's access token, renewing the token once when the API says it has expired. */
export async function withAccessToken<T>(call: (accessToken: string) => Promise<T>): Promise<T> {
  const session = await ensureSession();
  try {
    return await call(session.accessToken);
  } catch (error) {
    if (!(error instanceof ApiCallError) || error.status !== 401) throw error;
    const renewed = await renew(session);
    return call(renewed.accessToken);
  }
}

/** Calls a member endpoint with the session's access token, renewing it once when it has expired. */
export function callAsMember<E extends EndpointContract>(endpoint: E, options: CallOptions = {}): Promise<ResponseOf<E>> {
  return withAccessToken((token) =>
    callEndpoint(endpoint, { ...options, headers: { ...options.headers, authorization: `Bearer ${token}` } }),
  );
}

/**
 * The staff role ('manager' or 'hq') of the signed-in member as this device last heard it: at sign-in, and since
 * from the member card (see followStaffRole).
 */
export function staffRoleOfSession(): LoginResult['member']['staffRole'] {
  return stored()?.member.staffRole;
}

/**
 * Brings the session in line with the staff role the server reports now (the member card carries it). A role HQ
 * granted or took away since this device signed in renews the tokens, so that staff calls carry the new role
 * at once instead of after the access token lapses.
 */
export async function followStaffRole(role: LoginResult['member']['staffRole']): Promise<void> {
  const session = stored();
  if (!session || session.member.staffRole === role) return;
  const renewed = await renew(session);
  const { staffRole: _previous, ...member } = renewed.member;
  save({ ...renewed, member: role ? { ...member, staffRole: role } : member });
}

/** Forgets the session on this device (the next call signs in again). */
export function forgetSession(): void {
  current = undefined;
  Taro.removeStorageSync(TOKENS_KEY);
}
