import { Logger } from '@nestjs/common';
import { z } from 'zod';
import { Clock, SystemClock } from '../common/clock/clock';
import { WECHAT_ERRCODE, WechatApiError, WechatUnreachableError } from './wechat-api.errors';

export interface WechatApiClientOptions {
  /** e.g. https://api.weixin.qq.com, or the local fake's URL. */
  baseUrl: string;
  appId: string;
  appSecret: string;
  /** Per call; default 5 s. */
  timeoutMs?: number;
  clock?: Clock;
}

/** Who a `wx.login()` code belongs to. */
export interface WechatSession {
  openid: string;
  /** Present when the mini-program is bound to a WeChat Open Platform account. */
  unionid?: string;
  /**
   * SECRET. Decrypts what the mini-program sends (phone number, user info) and signs its data. It must never
   * leave the server: never send it to the mini-program, never log it.
   */
  sessionKey: string;
}

/** Where a subscription message (订阅消息) opens and which mini-program build it targets. */
export type WechatMiniprogramState = 'developer' | 'trial' | 'formal';

export interface WechatSubscribeMessage {
  /** The member's openid. */
  toUser: string;
  templateId: string;
  /** Mini-program page opened from the message, may carry a query (`pages/coupons/index?id=1`). */
  page?: string;
  /** Template fields, e.g. `{ thing1: { value: '春季沙龙' }, time2: { value: '2025-04-01 14:00' } }`. */
  data: Record<string, { value: string }>;
  miniprogramState?: WechatMiniprogramState;
  lang?: 'zh_CN' | 'en_US' | 'zh_HK' | 'zh_TW';
}

export interface WechatUnlimitedQrCodeRequest {
  /** Up to 32 visible characters: letters, digits and !#$&'()*+,/:;=?@-._~ (the page reads it as `query.scene`). */
  scene: string;
  /** A page path without a leading slash or query, e.g. `pages/invite/index`; WeChat opens the home page when unset. */
  page?: string;
  /** In pixels, 280–1280; WeChat's default is 430. */
  width?: number;
  /** When true (WeChat's default) the page must exist in the published version. */
  checkPath?: boolean;
  envVersion?: 'release' | 'trial' | 'develop';
}

export interface WechatQrCodeImage {
  /** WeChat sends image/jpeg (image/png when transparent); the local fake sends image/png. */
  contentType: string;
  image: Buffer;
}

const SCENE_PATTERN = /^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]{1,32}$/;
const QR_WIDTH_RANGE = { min: 280, max: 1280 };
/** WeChat keeps a replaced token valid for 5 more minutes; refreshing this early never hands out a dying one. */
const ACCESS_TOKEN_REFRESH_MARGIN_MS = 5 * 60_000;
/** Errcodes meaning "this access token is no longer good": refresh and retry once. */
const ACCESS_TOKEN_REJECTED = new Set<number>([WECHAT_ERRCODE.INVALID_CREDENTIAL, WECHAT_ERRCODE.ACCESS_TOKEN_EXPIRED]);

/** What WeChat answers on success; checked so a changed or broken answer fails loudly instead of as `undefined`. */
const SessionAnswer = z.object({
  openid: z.string().min(1),
  unionid: z.string().min(1).optional(),
  session_key: z.string().min(1),
});
const AccessTokenAnswer = z.object({ access_token: z.string().min(1), expires_in: z.number().int().positive() });
const AcknowledgedAnswer = z.object({});

interface CachedAccessToken {
  value: string;
  refreshAt: number;
}

interface WechatCall {
  /** The API path without its leading slash, e.g. `sns/jscode2session`; names the call in errors. */
  api: string;
  query: Record<string, string>;
  /** Sent as JSON with POST when present. */
  body?: unknown;
}

/**
 * A typed client of WeChat's server API (api.weixin.qq.com) for the mini-program: login, access token,
 * subscription messages, mini-program codes. Errors never carry the AppSecret, access tokens or session keys.
 */
export class WechatApiClient {
  private readonly logger = new Logger('WechatApiClient');
  private readonly baseUrl: string;
  private readonly appId: string;
  private readonly timeoutMs: number;
  private readonly clock: Clock;
  // Private fields stay out of util.inspect and JSON, so a logged client shows no secrets.
  readonly #appSecret: string;
  #accessToken: CachedAccessToken | undefined;
  #refreshingAccessToken: Promise<string> | undefined;

  constructor(options: WechatApiClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.appId = options.appId;
    this.#appSecret = options.appSecret;
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.clock = options.clock ?? new SystemClock();
  }

  /** Exchanges a mini-program `wx.login()` code (single use, valid 5 minutes) for the member's identity. */
  async code2Session(jsCode: string): Promise<WechatSession> {
    const answer = await this.call(SessionAnswer, {
      api: 'sns/jscode2session',
      query: { appid: this.appId, secret: this.#appSecret, js_code: jsCode, grant_type: 'authorization_code' },
    });
    return { openid: answer.openid, ...(answer.unionid ? { unionid: answer.unionid } : {}), sessionKey: answer.session_key };
  }

  /**
   * The app's access token (SECRET: it calls WeChat on the brand's behalf). Cached until shortly before it
   * expires; concurrent callers share one refresh.
   */
  async getAccessToken(): Promise<string> {
    const cached = this.#accessToken;
    if (cached && this.clock.now().getTime() < cached.refreshAt) return cached.value;
    this.#refreshingAccessToken ??= this.fetchAccessToken().finally(() => {
      this.#refreshingAccessToken = undefined;
    });
    return this.#refreshingAccessToken;
  }

  /** Sends a subscription message (订阅消息); fails with errcode 43101 when the member has not accepted it. */
  async sendSubscribeMessage(message: WechatSubscribeMessage): Promise<void> {
    await this.withAccessToken((accessToken) =>
      this.call(AcknowledgedAnswer, {
        api: 'cgi-bin/message/subscribe/send',
        query: { access_token: accessToken },
        body: {
          touser: message.toUser,
          template_id: message.templateId,
          page: message.page,
          data: message.data,
          miniprogram_state: message.miniprogramState,
          lang: message.lang,
        },
      }),
    );
  }

  /** A mini-program code (小程序码) opening `page` with `scene`; unlimited in number, valid forever. */
  async getUnlimitedQrCode(request: WechatUnlimitedQrCodeRequest): Promise<WechatQrCodeImage> {
    assertValidQrCodeRequest(request);
    return this.withAccessToken((accessToken) =>
      this.callForImage({
        api: 'wxa/getwxacodeunlimit',
        query: { access_token: accessToken },
        body: {
          scene: request.scene,
          page: request.page,
          width: request.width,
          check_path: request.checkPath,
          env_version: request.envVersion,
        },
      }),
    );
  }

  private async fetchAccessToken(): Promise<string> {
    const answer = await this.call(AccessTokenAnswer, {
      api: 'cgi-bin/token',
      query: { grant_type: 'client_credential', appid: this.appId, secret: this.#appSecret },
    });
    const lifetimeMs = answer.expires_in * 1000;
    const refreshAt = this.clock.now().getTime() + lifetimeMs - Math.min(ACCESS_TOKEN_REFRESH_MARGIN_MS, lifetimeMs / 2);
    this.#accessToken = { value: answer.access_token, refreshAt };
    this.logger.debug(`Fetched a WeChat access token valid for ${answer.expires_in} s`);
    return answer.access_token;
  }

  /** Runs a call with the access token; when WeChat says the token is no longer good, refreshes it and retries once. */
  private async withAccessToken<T>(call: (accessToken: string) => Promise<T>): Promise<T> {
    const accessToken = await this.getAccessToken();
    try {
      return await call(accessToken);
    } catch (error) {
      if (!(error instanceof WechatApiError) || !ACCESS_TOKEN_REJECTED.has(error.errcode)) throw error;
      // Another caller may already have replaced it: only drop the token that was refused.
      if (this.#accessToken?.value === accessToken) this.#accessToken = undefined;
      this.logger.warn(`WeChat ${error.api} refused the access token (errcode ${error.errcode}): fetching a new one`);
      return call(await this.getAccessToken());
    }
  }

  private async call<T>(answerSchema: z.ZodType<T>, call: WechatCall): Promise<T> {
    const answer = answerSchema.safeParse(await this.readJson(call, await this.send(call)));
    if (!answer.success) throw new WechatUnreachableError(call.api, 'answered JSON of an unexpected shape');
    return answer.data;
  }

  /** WeChat answers image bytes on success and a JSON error otherwise: the content type tells which. */
  private async callForImage(call: WechatCall): Promise<WechatQrCodeImage> {
    const response = await this.send(call);
    const contentType = response.headers.get('content-type') ?? '';
    if (!contentType.startsWith('image/')) {
      await this.readJson(call, response);
      throw new WechatUnreachableError(call.api, `answered ${contentType || 'no content type'} instead of an image`);
    }
    const image = Buffer.from(await this.readBody(call, response, (r) => r.arrayBuffer()));
    return { contentType: contentType.split(';')[0].trim(), image };
  }

  private async send(call: WechatCall): Promise<Response> {
    const url = `${this.baseUrl}/${call.api}?${new URLSearchParams(call.query).toString()}`;
    let response: Response;
    try {
      response = await fetch(url, {
        method: call.body === undefined ? 'GET' : 'POST',
        headers: call.body === undefined ? undefined : { 'content-type': 'application/json' },
        body: call.body === undefined ? undefined : JSON.stringify(call.body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new WechatUnreachableError(call.api, this.describeFailure(error));
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new WechatUnreachableError(call.api, `answered HTTP ${response.status}`);
    }
    return response;
  }

  /** Parses a JSON answer (WeChat sometimes labels it text/plain) and turns a non-zero errcode into WechatApiError. */
  private async readJson(call: WechatCall, response: Response): Promise<Record<string, unknown>> {
    const text = await this.readBody(call, response, (r) => r.text());
    let answer: unknown;
    try {
      answer = JSON.parse(text);
    } catch {
      throw new WechatUnreachableError(call.api, 'answered something that is not JSON');
    }
    if (typeof answer !== 'object' || answer === null) throw new WechatUnreachableError(call.api, 'answered unexpected JSON');
    const { errcode, errmsg } = answer as { errcode?: unknown; errmsg?: unknown };
    if (typeof errcode === 'number' && errcode !== 0) {
      throw new WechatApiError(call.api, errcode, this.redact(typeof errmsg === 'string' ? errmsg : ''));
    }
    return answer as Record<string, unknown>;
  }

  /** The body can still time out or break after the headers arrived. */
  private async readBody<T>(call: WechatCall, response: Response, read: (response: Response) => Promise<T>): Promise<T> {
    try {
      return await read(response);
    } catch (error) {
      throw new WechatUnreachableError(call.api, this.describeFailure(error));
    }
  }

  // Duck-typed: fetch's errors may come from another realm (jest, vm), where `instanceof Error` is false.
  private describeFailure(error: unknown): string {
    const failure = asErrorLike(error);
    if (failure.name === 'TimeoutError' || failure.name === 'AbortError') return `no answer within ${this.timeoutMs} ms`;
    // fetch() says only "fetch failed" and keeps the real reason (ECONNREFUSED, ENOTFOUND…) in its cause.
    const cause = failure.cause === undefined ? failure : asErrorLike(failure.cause);
    return this.redact(cause.message || cause.code || 'network error');
  }

  /** Defence in depth: nothing WeChat or the network says may carry our secret or token into an error. */
  private redact(text: string): string {
    const secrets = [this.#appSecret, this.#accessToken?.value].filter((s): s is string => !!s);
    return secrets.reduce((out, secret) => out.split(secret).join('***'), text);
  }
}

function asErrorLike(error: unknown): { name?: string; message?: string; code?: string; cause?: unknown } {
  if (typeof error !== 'object' || error === null) return { message: String(error) };
  const { name, message, code, cause } = error as Record<string, unknown>;
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  return { name: text(name), message: text(message), code: text(code), cause };
}

function assertValidQrCodeRequest({ scene, page, width }: WechatUnlimitedQrCodeRequest): void {
  if (!SCENE_PATTERN.test(scene)) {
    throw new RangeError(
      `A mini-program code scene must be 1 to 32 characters among letters, digits and !#$&'()*+,/:;=?@-._~ (got ${scene.length} characters)`,
    );
  }
  if (page !== undefined && (page === '' || page.startsWith('/') || page.includes('?'))) {
    throw new RangeError('A mini-program code page is a path like "pages/invite/index": no leading slash, no query');
  }
  if (width !== undefined && !(Number.isInteger(width) && width >= QR_WIDTH_RANGE.min && width <= QR_WIDTH_RANGE.max)) {
    throw new RangeError(
      `A mini-program code width must be a whole number of pixels from ${QR_WIDTH_RANGE.min} to ${QR_WIDTH_RANGE.max}`,
    );
  }
}
