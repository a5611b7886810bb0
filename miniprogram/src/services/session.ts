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

const TOKENS_KEY = 'memberloop.tokens';
const DEVICE_KEY = 'memberloop.h5-member';

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

async function signIn(): Promise<StoredSession> {
  const result = await callEndpoint(wechatLogin, { body: { code: await loginCode() } });
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

/** Calls a member endpoint with the session's access token, renewing it once when it has expired. */
export async function callAsMember<E extends EndpointContract>(endpoint: E, options: CallOptions = {}): Promise<ResponseOf<E>> {
  const session = await ensureSession();
  const call = (token: string) =>
    callEndpoint(endpoint, { ...options, headers: { ...options.headers, authorization: `Bearer ${token}` } });
  try {
    return await call(session.accessToken);
  } catch (error) {
    if (!(error instanceof ApiCallError) || error.status !== 401) throw error;
    const renewed = await renew(session);
    return call(renewed.accessToken);
  }
}

/** Forgets the session on this device (the next call signs in again). */
export function forgetSession(): void {
  current = undefined;
  Taro.removeStorageSync(TOKENS_KEY);
}
