/**
 * The WeChat `errcode`s this product reacts to (the client, the fake and callers share the names).
 * WeChat answers HTTP 200 with `{ errcode, errmsg }` for every refusal.
 */
export const WECHAT_ERRCODE = {
  /** The access token is unknown, or an AppSecret is wrong. */
  INVALID_CREDENTIAL: 40001,
  INVALID_GRANT_TYPE: 40002,
  INVALID_OPENID: 40003,
  INVALID_APPID: 40013,
  INVALID_LOGIN_CODE: 40029,
  INVALID_TEMPLATE_ID: 40037,
  INVALID_ARGS: 40097,
  INVALID_APPSECRET: 40125,
  LOGIN_CODE_USED: 40163,
  INVALID_SCENE: 40169,
  ACCESS_TOKEN_MISSING: 41001,
  LOGIN_CODE_MISSING: 41008,
  INVALID_PAGE: 41030,
  ACCESS_TOKEN_EXPIRED: 42001,
  /** The member did not accept (or no longer accepts) this subscription message. */
  SUBSCRIPTION_REFUSED: 43101,
  DATA_FORMAT_ERROR: 47001,
  TEMPLATE_DATA_INVALID: 47003,
} as const;

/**
 * WeChat refused a call with an `errcode`. Callers decide what it means to the member: e.g. a rejected login
 * code is "sign in again", a refused subscription is "skip this notification".
 */
export class WechatApiError extends Error {
  constructor(
    /** The WeChat API that refused, e.g. `sns/jscode2session`. */
    readonly api: string,
    readonly errcode: number,
    /** WeChat's own explanation (English, with a request id `rid`). */
    readonly errmsg: string,
  ) {
    super(`WeChat ${api} refused the call: errcode ${errcode} (${errmsg})`);
    this.name = 'WechatApiError';
  }

  /** The mini-program's `wx.login()` code was bad, already used or expired: the member must log in again. */
  get isLoginCodeRejected(): boolean {
    return this.errcode === WECHAT_ERRCODE.INVALID_LOGIN_CODE || this.errcode === WECHAT_ERRCODE.LOGIN_CODE_USED;
  }

  get isSubscriptionRefused(): boolean {
    return this.errcode === WECHAT_ERRCODE.SUBSCRIPTION_REFUSED;
  }
}

/** WeChat could not be reached or answered something that is not its API (network, timeout, HTTP error). */
export class WechatUnreachableError extends Error {
  constructor(
    readonly api: string,
    readonly reason: string,
  ) {
    super(`WeChat ${api} could not be reached: ${reason}`);
    this.name = 'WechatUnreachableError';
  }
}
