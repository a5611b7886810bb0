import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import QRCode from 'qrcode';
import { Clock, SystemClock } from '../../common/clock/clock';
import { WECHAT_ERRCODE } from '../wechat-api.errors';
import { fakeOpenid, fakeSessionKey, fakeUnionid, memberNameOfFakeLoginCode } from './fake-wechat-identities';

export interface FakeWechatServerOptions {
  /** The credentials the fake accepts, as WeChat knows the mini-program's. */
  appId: string;
  appSecret: string;
  /** 0 (default) picks any free port. Always bound to 127.0.0.1. */
  port?: number;
  /** Decides when access tokens expire; tests pass a ManualClock. */
  clock?: Clock;
}

/** A message the fake accepted, as tests read it back from GET /__fake/messages. */
export interface FakeSentMessage {
  toUser: string;
  templateId: string;
  page?: string;
  data: Record<string, { value: string }>;
  miniprogramState: string;
  lang: string;
  sentAt: string;
}

export interface FakeWechatServer {
  /** e.g. http://127.0.0.1:41234: use it as WeChat's API base URL. */
  readonly baseUrl: string;
  /** How many access tokens were handed out, so tests can prove a client caches them. */
  readonly accessTokensIssued: number;
  stop(): Promise<void>;
}

const ACCESS_TOKEN_LIFETIME_S = 7200;
/** Like WeChat: fetching a new token leaves the previous one valid for 5 more minutes. */
const REPLACED_TOKEN_GRACE_MS = 5 * 60_000;
const QR_WIDTH = { default: 430, min: 280, max: 1280 };
const SCENE_PATTERN = /^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]{1,32}$/;
const MAX_BODY_BYTES = 64 * 1024;

type WechatAnswer = { status?: number; contentType?: string; body: string | Buffer };

class WechatRefusal extends Error {
  constructor(
    readonly errcode: number,
    readonly errmsg: string,
  ) {
    super(errmsg);
  }
}

/**
 * Starts a local stand-in for the WeChat server API endpoints MemberLoop uses, for development and tests:
 * login (jscode2session), access tokens, subscription messages and unlimited mini-program codes, with
 * WeChat's errcodes. Not for production: it trusts anyone on the loopback interface.
 */
export async function startFakeWechatServer(options: FakeWechatServerOptions): Promise<FakeWechatServer> {
  const wechat = new FakeWechat(options.appId, options.appSecret, options.clock ?? new SystemClock());
  const server = createServer((request, response) => {
    wechat.handle(request).then(
      (answer) => reply(response, answer),
      (error: unknown) => reply(response, { status: 500, contentType: 'text/plain', body: String(error) }),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    get accessTokensIssued() {
      return wechat.accessTokensIssued;
    },
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // fetch() keeps connections alive: without this close() would wait for them to idle out.
        server.closeAllConnections();
      }),
  };
}

class FakeWechat {
  accessTokensIssued = 0;
  private readonly accessTokens = new Map<string, number>();
  private readonly usedLoginCodes = new Set<string>();
  private readonly refusals = new Set<string>();
  private messages: FakeSentMessage[] = [];

  constructor(
    private readonly appId: string,
    private readonly appSecret: string,
    private readonly clock: Clock,
  ) {}

  async handle(request: IncomingMessage): Promise<WechatAnswer> {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const query = url.searchParams;
    try {
      switch (`${request.method} ${url.pathname}`) {
        case 'GET /sns/jscode2session':
          // WeChat labels this answer text/plain although it is JSON.
          return { contentType: 'text/plain', body: JSON.stringify(this.code2Session(query)) };
        case 'GET /cgi-bin/token':
          return json(this.issueAccessToken(query));
        case 'POST /cgi-bin/message/subscribe/send':
          this.checkAccessToken(query);
          this.sendSubscribeMessage(await readJsonBody(request));
          return json({ errcode: 0, errmsg: 'ok' });
        case 'POST /wxa/getwxacodeunlimit':
          this.checkAccessToken(query);
          return { contentType: 'image/png', body: await this.unlimitedQrCode(await readJsonBody(request)) };
        case 'GET /__fake/messages':
          return json(this.messages.filter((m) => !query.has('toUser') || m.toUser === query.get('toUser')));
        case 'DELETE /__fake/messages':
          this.messages = [];
          return { status: 204, body: '' };
        case 'POST /__fake/refuse': {
          const { toUser, templateId } = (await readJsonBody(request)) as { toUser?: unknown; templateId?: unknown };
          if (typeof toUser !== 'string' || typeof templateId !== 'string') {
            return { status: 400, ...json({ message: 'send { toUser, templateId }' }) };
          }
          this.refusals.add(refusalKey(toUser, templateId));
          return { status: 204, body: '' };
        }
        default:
          return { status: 404, ...json({ errcode: 404, errmsg: `no fake for ${request.method} ${url.pathname}` }) };
      }
    } catch (error) {
      if (error instanceof WechatRefusal) return json({ errcode: error.errcode, errmsg: `${error.errmsg} rid: ${requestId()}` });
      throw error;
    }
  }

  private code2Session(query: URLSearchParams) {
    this.checkCredentials(query);
    if (query.get('grant_type') !== 'authorization_code') refuse(WECHAT_ERRCODE.INVALID_GRANT_TYPE, 'invalid grant_type');
    const code = query.get('js_code');
    if (!code) refuse(WECHAT_ERRCODE.LOGIN_CODE_MISSING, 'missing code');
    const name = memberNameOfFakeLoginCode(code);
    if (!name) refuse(WECHAT_ERRCODE.INVALID_LOGIN_CODE, 'invalid code');
    if (this.usedLoginCodes.has(code)) refuse(WECHAT_ERRCODE.LOGIN_CODE_USED, 'code been used');
    this.usedLoginCodes.add(code);
    return { openid: fakeOpenid(this.appId, name), unionid: fakeUnionid(name), session_key: fakeSessionKey() };
  }

  private issueAccessToken(query: URLSearchParams) {
    if (query.get('grant_type') !== 'client_credential') refuse(WECHAT_ERRCODE.INVALID_GRANT_TYPE, 'invalid grant_type');
    this.checkCredentials(query);
    const now = this.now();
    for (const [token, expiresAt] of this.accessTokens) {
      this.accessTokens.set(token, Math.min(expiresAt, now + REPLACED_TOKEN_GRACE_MS));
    }
    const token = randomBytes(48).toString('base64url');
    this.accessTokens.set(token, now + ACCESS_TOKEN_LIFETIME_S * 1000);
    this.accessTokensIssued += 1;
    return { access_token: token, expires_in: ACCESS_TOKEN_LIFETIME_S };
  }

  private checkCredentials(query: URLSearchParams): void {
    if (query.get('appid') !== this.appId) refuse(WECHAT_ERRCODE.INVALID_APPID, 'invalid appid');
    if (query.get('secret') !== this.appSecret) refuse(WECHAT_ERRCODE.INVALID_APPSECRET, 'invalid appsecret');
  }

  private checkAccessToken(query: URLSearchParams): void {
    const token = query.get('access_token');
    if (!token) refuse(WECHAT_ERRCODE.ACCESS_TOKEN_MISSING, 'access_token missing');
    const expiresAt = this.accessTokens.get(token);
    if (expiresAt === undefined)
      refuse(WECHAT_ERRCODE.INVALID_CREDENTIAL, 'invalid credential, access_token is invalid or not latest');
    if (this.now() >= expiresAt) refuse(WECHAT_ERRCODE.ACCESS_TOKEN_EXPIRED, 'access_token expired');
  }

  private sendSubscribeMessage(body: Record<string, unknown>): void {
    const { touser, template_id, page, data, miniprogram_state = 'formal', lang = 'zh_CN' } = body;
    if (typeof touser !== 'string' || !/^[A-Za-z0-9_-]{20,64}$/.test(touser))
      refuse(WECHAT_ERRCODE.INVALID_OPENID, 'invalid openid');
    if (typeof template_id !== 'string' || template_id === '') refuse(WECHAT_ERRCODE.INVALID_TEMPLATE_ID, 'invalid template_id');
    if (!isTemplateData(data)) refuse(WECHAT_ERRCODE.TEMPLATE_DATA_INVALID, 'argument invalid! data.value invalid');
    if (page !== undefined && typeof page !== 'string') refuse(WECHAT_ERRCODE.INVALID_PAGE, 'invalid page');
    if (typeof miniprogram_state !== 'string' || !['developer', 'trial', 'formal'].includes(miniprogram_state)) {
      refuse(WECHAT_ERRCODE.INVALID_ARGS, 'invalid args miniprogram_state');
    }
    if (typeof lang !== 'string') refuse(WECHAT_ERRCODE.INVALID_ARGS, 'invalid args lang');
    if (this.refusals.has(refusalKey(touser, template_id)))
      refuse(WECHAT_ERRCODE.SUBSCRIPTION_REFUSED, 'user refuse to accept the msg');
    this.messages.push({
      toUser: touser,
      templateId: template_id,
      ...(page === undefined ? {} : { page }),
      data,
      miniprogramState: miniprogram_state,
      lang,
      sentAt: new Date(this.now()).toISOString(),
    });
  }

  private async unlimitedQrCode(body: Record<string, unknown>): Promise<Buffer> {
    const { scene, page = '', width = QR_WIDTH.default, env_version = 'release' } = body;
    if (typeof scene !== 'string' || !SCENE_PATTERN.test(scene)) {
      refuse(WECHAT_ERRCODE.INVALID_SCENE, 'invalid length for scene, or the data is not json string');
    }
    if (typeof page !== 'string' || page.startsWith('/') || page.includes('?'))
      refuse(WECHAT_ERRCODE.INVALID_PAGE, 'invalid page');
    if (typeof env_version !== 'string' || !['release', 'trial', 'develop'].includes(env_version)) {
      refuse(WECHAT_ERRCODE.INVALID_ARGS, 'invalid args env_version');
    }
    if (typeof width !== 'number') refuse(WECHAT_ERRCODE.DATA_FORMAT_ERROR, 'data format error');
    // WeChat clamps the width rather than refusing it.
    const size = Math.min(QR_WIDTH.max, Math.max(QR_WIDTH.min, Math.round(width)));
    // The page receives the scene URL-encoded in `query.scene`, as from a real mini-program code.
    return QRCode.toBuffer(`${page}?scene=${encodeURIComponent(scene)}`, {
      type: 'png',
      width: size,
      margin: 2,
      rendererOpts: pngOptions(),
    });
  }

  private now(): number {
    return this.clock.now().getTime();
  }
}

/**
 * One PNG row filter and zlib's default strategy: pngjs's adaptive filter choice costs seconds per image under
 * jest (Math.abs is slow in its sandbox) and gains nothing on a two-colour image. A fresh object each time,
 * because qrcode writes the image size into it.
 */
function pngOptions(): { deflateStrategy: number } {
  return { deflateStrategy: 0, filterType: 0 } as { deflateStrategy: number };
}

function refuse(errcode: number, errmsg: string): never {
  throw new WechatRefusal(errcode, errmsg);
}

function refusalKey(toUser: string, templateId: string): string {
  return `${toUser}\n${templateId}`;
}

function isTemplateData(data: unknown): data is Record<string, { value: string }> {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return false;
  const fields = Object.values(data);
  return fields.length > 0 && fields.every((f) => typeof f === 'object' && f !== null && typeof f.value === 'string');
}

/** WeChat ends every errmsg with a request id; the fake does too so logs look alike. */
function requestId(): string {
  return `${randomBytes(4).toString('hex')}-${randomBytes(4).toString('hex')}`;
}

function json(value: unknown): WechatAnswer {
  return { contentType: 'application/json; encoding=utf-8', body: JSON.stringify(value) };
}

/** WeChat answers a body that is not JSON with errcode 47001. */
async function readJsonBody(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) refuse(WECHAT_ERRCODE.DATA_FORMAT_ERROR, 'data format error, body too large');
    chunks.push(chunk);
  }
  try {
    const body: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    if (typeof body === 'object' && body !== null && !Array.isArray(body)) return body as Record<string, unknown>;
  } catch {
    // Falls through to WeChat's answer for a malformed body.
  }
  return refuse(WECHAT_ERRCODE.DATA_FORMAT_ERROR, 'data format error');
}

function reply(response: ServerResponse, answer: WechatAnswer): void {
  response.statusCode = answer.status ?? 200;
  if (answer.contentType) response.setHeader('content-type', answer.contentType);
  response.end(answer.body);
}
