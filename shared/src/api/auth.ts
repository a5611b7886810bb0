import { z } from 'zod';
import { defineEndpoint } from './endpoint';
import { InviteCode } from './referrals';

export const TokenPair = z.object({
  accessToken: z.string(),
  accessTokenExpiresAt: z.iso.datetime(),
  refreshToken: z.string(),
  refreshTokenExpiresAt: z.iso.datetime(),
});
export type TokenPair = z.infer<typeof TokenPair>;

export const WechatLoginRequest = z
  .object({
    /** The code from `Taro.login()`, valid once for five minutes. */
    code: z.string().trim().min(1).max(128),
    /** The invitation the app was opened from: binds a member registering now to the friend who invited them. */
    inviteCode: InviteCode.optional(),
  })
  .strict();

export const LoginResult = TokenPair.extend({
  member: z.object({
    id: z.string(),
    memberNo: z.string(),
    /** True on the first login: the member was registered just now. */
    isNew: z.boolean(),
    /** Staff roles the member also holds, if any. */
    staffRole: z.enum(['manager', 'hq']).optional(),
    /** What became of an invitation sent with the login: bound to the inviter, or refused (an existing member, an unknown code). */
    referral: z.enum(['bound', 'refused']).optional(),
  }),
});
export type LoginResult = z.infer<typeof LoginResult>;

export const wechatLogin = defineEndpoint({
  method: 'POST',
  path: '/api/v1/auth/wechat-login',
  // Per client address: a store event puts a hundred members behind one Wi-Fi address at once.
  rateLimit: { limit: 120, windowSeconds: 60 },
  summary: 'Sign in with the code from Taro.login(); registers the member on first login',
  tag: 'auth',
  auth: 'public',
  body: WechatLoginRequest,
  successStatus: 200,
  response: LoginResult,
});

export const RefreshRequest = z.object({ refreshToken: z.string().min(20).max(200) }).strict();

export const refreshTokens = defineEndpoint({
  method: 'POST',
  path: '/api/v1/auth/refresh',
  rateLimit: { limit: 30, windowSeconds: 60 },
  summary: 'Trade a refresh token for a new token pair (the old refresh token stops working)',
  tag: 'auth',
  auth: 'public',
  body: RefreshRequest,
  successStatus: 200,
  response: TokenPair,
});

export const logout = defineEndpoint({
  method: 'POST',
  path: '/api/v1/auth/logout',
  summary: 'Revoke a refresh token (and the tokens refreshed from it)',
  tag: 'auth',
  auth: 'public',
  body: RefreshRequest,
  successStatus: 200,
  response: z.object({ revoked: z.boolean() }),
});
