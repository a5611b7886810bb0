import { createHash, randomBytes } from 'node:crypto';

/**
 * Login codes the local fake accepts instead of real `wx.login()` codes: `dev:<name>` or `dev:<name>:<nonce>`.
 * The name picks the member (same name, same openid); the nonce makes each code single-use like WeChat's.
 */
const FAKE_LOGIN_CODE = /^dev:([A-Za-z0-9_.@-]{1,64})(?::[A-Za-z0-9_-]{1,64})?$/;

/** A fresh, single-use login code for the member called `name` (letters, digits, `_.@-`, at most 64). */
export function fakeLoginCode(name: string): string {
  const code = `dev:${name}:${randomBytes(9).toString('base64url')}`;
  if (!FAKE_LOGIN_CODE.test(code)) {
    throw new RangeError('A fake WeChat member name is 1 to 64 letters, digits or _.@- characters');
  }
  return code;
}

/** The member name a fake login code stands for, or undefined when WeChat would call it an invalid code. */
export function memberNameOfFakeLoginCode(code: string): string | undefined {
  return FAKE_LOGIN_CODE.exec(code)?.[1];
}

/** The openid WeChat would give this member in this mini-program: stable, 28 characters like real ones. */
export function fakeOpenid(appId: string, name: string): string {
  return `o${digest(`${appId}:${name}`).slice(0, 27)}`;
}

/** The unionid is the same in every app of one Open Platform account, so it ignores the AppID. */
export function fakeUnionid(name: string): string {
  return `o${digest(`union:${name}`).slice(0, 27)}`;
}

/** A session key looks like WeChat's: 16 random bytes, base64. */
export function fakeSessionKey(): string {
  return randomBytes(16).toString('base64');
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('base64url');
}
