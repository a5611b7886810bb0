import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { Logger } from '@nestjs/common';
import { ManualClock } from '../common/clock/clock';
import { fakeLoginCode, fakeOpenid, fakeUnionid } from './fake/fake-wechat-identities';
import { startFakeWechatServer, type FakeSentMessage, type FakeWechatServer } from './fake/fake-wechat-server';
import { WechatApiClient } from './wechat-api.client';
import { WECHAT_ERRCODE, WechatApiError, WechatUnreachableError } from './wechat-api.errors';

const APP_ID = 'wx1234567890abcdef';
const APP_SECRET = '0123456789abcdef0123456789abcdef';
const TEMPLATE_ID = 'activity-reminder-template';
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe('WechatApiClient against the local fake WeChat', () => {
  const start = new Date('2025-03-01T02:00:00Z');
  let fakeClock: ManualClock;
  let clientClock: ManualClock;
  let fake: FakeWechatServer;
  let client: WechatApiClient;
  /** Every token and session key the fake handed out: none may show up in an error. */
  const secretsSeen = new Set<string>([APP_SECRET]);

  beforeAll(() => {
    // The client logs token refreshes; the suite checks behaviour, not log lines.
    Logger.overrideLogger(false);
  });

  beforeEach(async () => {
    fakeClock = new ManualClock(start);
    clientClock = new ManualClock(start);
    fake = await startFakeWechatServer({ appId: APP_ID, appSecret: APP_SECRET, clock: fakeClock });
    client = new WechatApiClient({ baseUrl: fake.baseUrl, appId: APP_ID, appSecret: APP_SECRET, clock: clientClock });
  });

  afterEach(async () => {
    await fake.stop().catch(() => undefined);
  });

  async function rememberToken(): Promise<string> {
    const token = await client.getAccessToken();
    secretsSeen.add(token);
    return token;
  }

  function expectNoSecrets(error: unknown): void {
    const shown = [String(error), (error as Error).stack ?? '', inspect(error, { depth: 5 }), JSON.stringify(error)].join('\n');
    for (const secret of secretsSeen) expect(shown).not.toContain(secret);
  }

  async function failureOf(promise: Promise<unknown>): Promise<unknown> {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    if (error === undefined) throw new Error('expected the call to fail');
    expectNoSecrets(error);
    return error;
  }

  async function messagesTo(toUser: string): Promise<FakeSentMessage[]> {
    const response = await fetch(`${fake.baseUrl}/__fake/messages?toUser=${encodeURIComponent(toUser)}`);
    return (await response.json()) as FakeSentMessage[];
  }

  describe('login (code2Session)', () => {
    it('turns a login code into a stable openid, a unionid and a fresh secret session key', async () => {
      const first = await client.code2Session(fakeLoginCode('alice'));
      const again = await client.code2Session(fakeLoginCode('alice'));
      const bob = await client.code2Session(fakeLoginCode('bob'));
      secretsSeen.add(first.sessionKey).add(again.sessionKey).add(bob.sessionKey);

      expect(first.openid).toBe(fakeOpenid(APP_ID, 'alice'));
      expect(first.openid).toMatch(/^o[A-Za-z0-9_-]{27}$/);
      expect(first.unionid).toBe(fakeUnionid('alice'));
      expect(Buffer.from(first.sessionKey, 'base64')).toHaveLength(16);
      expect(again.openid).toBe(first.openid);
      expect(again.sessionKey).not.toBe(first.sessionKey);
      expect(bob.openid).not.toBe(first.openid);
    });

    it('accepts the plain dev:<name> form once', async () => {
      expect((await client.code2Session('dev:carol')).openid).toBe(fakeOpenid(APP_ID, 'carol'));
    });

    it('refuses a code used twice with errcode 40163, like WeChat', async () => {
      const code = fakeLoginCode('alice');
      await client.code2Session(code);
      const error = await failureOf(client.code2Session(code));
      expect(error).toBeInstanceOf(WechatApiError);
      expect(error).toMatchObject({
        api: 'sns/jscode2session',
        errcode: WECHAT_ERRCODE.LOGIN_CODE_USED,
        isLoginCodeRejected: true,
      });
    });

    it('refuses malformed codes with 40029 and a missing one with 41008', async () => {
      for (const code of ['0a3Bc', 'dev:', 'dev:alice:x:y', 'dev:名字']) {
        expect(await failureOf(client.code2Session(code))).toMatchObject({
          errcode: WECHAT_ERRCODE.INVALID_LOGIN_CODE,
          isLoginCodeRejected: true,
        });
      }
      expect(await failureOf(client.code2Session(''))).toMatchObject({ errcode: WECHAT_ERRCODE.LOGIN_CODE_MISSING });
    });

    it('reports a wrong AppSecret or AppID without revealing the secret', async () => {
      const wrongSecret = 'ffffffffffffffffffffffffffffffff';
      secretsSeen.add(wrongSecret);
      const misconfigured = new WechatApiClient({ baseUrl: fake.baseUrl, appId: APP_ID, appSecret: wrongSecret });
      const error = await failureOf(misconfigured.code2Session(fakeLoginCode('alice')));
      expect(error).toMatchObject({ errcode: WECHAT_ERRCODE.INVALID_APPSECRET, isLoginCodeRejected: false });
      expect(String(error)).toMatch(/WeChat sns\/jscode2session refused the call: errcode 40125 \(invalid appsecret rid: /);

      const otherApp = new WechatApiClient({ baseUrl: fake.baseUrl, appId: 'wxffffffffffffffff', appSecret: APP_SECRET });
      expect(await failureOf(otherApp.getAccessToken())).toMatchObject({ errcode: WECHAT_ERRCODE.INVALID_APPID });
    });
  });

  describe('access token', () => {
    it('fetches one token for many concurrent and later calls', async () => {
      const toUser = fakeOpenid(APP_ID, 'alice');
      const send = () => client.sendSubscribeMessage({ toUser, templateId: TEMPLATE_ID, data: { thing1: { value: '品鉴会' } } });
      const tokens = await Promise.all([rememberToken(), rememberToken(), send(), send(), rememberToken()]);
      await send();
      await client.getUnlimitedQrCode({ scene: 'ref=alice' });

      expect(fake.accessTokensIssued).toBe(1);
      expect(new Set(tokens.filter((t) => typeof t === 'string')).size).toBe(1);
      expect(await messagesTo(toUser)).toHaveLength(3);
    });

    it('refreshes the token shortly before it expires', async () => {
      const first = await rememberToken();
      clientClock.advance(7200_000 - 6 * 60_000);
      expect(await client.getAccessToken()).toBe(first);
      clientClock.advance(2 * 60_000);
      const second = await rememberToken();
      expect(second).not.toBe(first);
      expect(fake.accessTokensIssued).toBe(2);
    });

    it('fetches a new token and retries once when WeChat says the cached one expired (42001)', async () => {
      const first = await rememberToken();
      // Only WeChat's clock moves: the client still trusts its cached token and learns from the refusal.
      fakeClock.advance(7200_000 + 1000);
      const toUser = fakeOpenid(APP_ID, 'alice');
      await client.sendSubscribeMessage({ toUser, templateId: TEMPLATE_ID, data: { thing1: { value: '沙龙' } } });

      expect(fake.accessTokensIssued).toBe(2);
      expect(await rememberToken()).not.toBe(first);
      expect(await messagesTo(toUser)).toHaveLength(1);
    });

    it('fetches a new token when WeChat no longer knows the cached one (40001)', async () => {
      await rememberToken();
      // A restarted WeChat (here: a new fake on the same port) has forgotten every token.
      const port = new URL(fake.baseUrl).port;
      await fake.stop();
      fake = await startFakeWechatServer({ appId: APP_ID, appSecret: APP_SECRET, clock: fakeClock, port: Number(port) });

      const { image } = await client.getUnlimitedQrCode({ scene: 'a=1' });
      expect(image.subarray(0, 8)).toEqual(PNG_SIGNATURE);
      expect(fake.accessTokensIssued).toBe(1);
    });
  });

  describe('subscription messages', () => {
    const toUser = fakeOpenid(APP_ID, 'alice');

    it('sends the message with WeChat field names, recorded by the fake', async () => {
      await client.sendSubscribeMessage({
        toUser,
        templateId: TEMPLATE_ID,
        page: 'pages/activities/detail?id=42',
        data: { thing1: { value: '春季新品品鉴会' }, time2: { value: '2025-03-08 14:00' } },
        miniprogramState: 'developer',
      });

      expect(await messagesTo(toUser)).toEqual([
        {
          toUser,
          templateId: TEMPLATE_ID,
          page: 'pages/activities/detail?id=42',
          data: { thing1: { value: '春季新品品鉴会' }, time2: { value: '2025-03-08 14:00' } },
          miniprogramState: 'developer',
          lang: 'zh_CN',
          sentAt: start.toISOString(),
        },
      ]);
      expect(await messagesTo(fakeOpenid(APP_ID, 'bob'))).toEqual([]);

      await fetch(`${fake.baseUrl}/__fake/messages`, { method: 'DELETE' });
      expect(await messagesTo(toUser)).toEqual([]);
    });

    it('fails with 43101 when the member refused that template, and only that one', async () => {
      await fetch(`${fake.baseUrl}/__fake/refuse`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ toUser, templateId: TEMPLATE_ID }),
      });
      const data = { thing1: { value: '积分即将过期' } };

      const error = await failureOf(client.sendSubscribeMessage({ toUser, templateId: TEMPLATE_ID, data }));
      expect(error).toMatchObject({ errcode: WECHAT_ERRCODE.SUBSCRIPTION_REFUSED, isSubscriptionRefused: true });
      await client.sendSubscribeMessage({ toUser, templateId: 'another-template', data });
      expect((await messagesTo(toUser)).map((m) => m.templateId)).toEqual(['another-template']);
    });

    it('passes on WeChat refusing a bad recipient or empty template data', async () => {
      const bad = client.sendSubscribeMessage({ toUser: 'nobody', templateId: TEMPLATE_ID, data: { a: { value: 'x' } } });
      expect(await failureOf(bad)).toMatchObject({ errcode: WECHAT_ERRCODE.INVALID_OPENID });
      const empty = client.sendSubscribeMessage({ toUser, templateId: TEMPLATE_ID, data: {} });
      expect(await failureOf(empty)).toMatchObject({ errcode: WECHAT_ERRCODE.TEMPLATE_DATA_INVALID });
    });
  });

  describe('unlimited mini-program codes', () => {
    it('returns a PNG whose size follows the requested width', async () => {
      const small = await client.getUnlimitedQrCode({ scene: 'inv=A7x9', page: 'pages/invite/index', width: 280 });
      const large = await client.getUnlimitedQrCode({
        scene: 'inv=A7x9',
        page: 'pages/invite/index',
        width: 860,
        checkPath: false,
        envVersion: 'develop',
      });

      expect(small.contentType).toBe('image/png');
      expect(small.image.subarray(0, 8)).toEqual(PNG_SIGNATURE);
      expect(large.image.subarray(0, 8)).toEqual(PNG_SIGNATURE);
      expect(pngWidth(small.image)).toBeGreaterThanOrEqual(250);
      expect(pngWidth(small.image)).toBeLessThanOrEqual(280);
      expect(pngWidth(large.image)).toBeGreaterThan(pngWidth(small.image) * 2);
      expect(large.image.length).toBeGreaterThan(small.image.length);
    });

    it('checks the scene, page and width before calling WeChat', async () => {
      const bad = [
        { scene: 'x'.repeat(33) },
        { scene: '' },
        { scene: '邀请=1' },
        { scene: 'a%20b' },
        { scene: 'ok', page: '/pages/index/index' },
        { scene: 'ok', page: 'pages/index/index?x=1' },
        { scene: 'ok', width: 100 },
        { scene: 'ok', width: 430.5 },
      ];
      for (const request of bad) await expect(client.getUnlimitedQrCode(request)).rejects.toThrow(RangeError);
      expect(fake.accessTokensIssued).toBe(0);
      await expect(client.getUnlimitedQrCode({ scene: "!#$&'()*+,/:;=?@-._~0123456789Az" })).resolves.toBeDefined();
    });
  });

  describe('when WeChat cannot be reached', () => {
    it('reports a stopped server clearly, without secrets', async () => {
      await rememberToken();
      await fake.stop();
      const error = await failureOf(client.sendSubscribeMessage({ toUser: 'o'.repeat(28), templateId: 't', data: {} }));
      expect(error).toBeInstanceOf(WechatUnreachableError);
      expect(String(error)).toMatch(/WeChat cgi-bin\/message\/subscribe\/send could not be reached: .*ECONNREFUSED/);

      const login = await failureOf(client.code2Session(fakeLoginCode('alice')));
      expect(String(login)).toMatch(/WeChat sns\/jscode2session could not be reached/);
    });

    it('gives up after the timeout', async () => {
      const silent = await startSilentServer();
      try {
        const slow = new WechatApiClient({ baseUrl: silent.url, appId: APP_ID, appSecret: APP_SECRET, timeoutMs: 200 });
        const error = await failureOf(slow.getAccessToken());
        expect(String(error)).toBe('WechatUnreachableError: WeChat cgi-bin/token could not be reached: no answer within 200 ms');
      } finally {
        await silent.stop();
      }
    });

    it('treats an HTTP error or a non-JSON answer as unreachable', async () => {
      const proxy = await startServerAnswering(502, 'text/html', '<html>Bad Gateway</html>');
      try {
        const behindProxy = new WechatApiClient({ baseUrl: proxy.url, appId: APP_ID, appSecret: APP_SECRET });
        expect(String(await failureOf(behindProxy.getAccessToken()))).toMatch(/could not be reached: answered HTTP 502/);
      } finally {
        await proxy.stop();
      }
      const portal = await startServerAnswering(200, 'text/html', '<html>Wi-Fi login</html>');
      try {
        const captive = new WechatApiClient({ baseUrl: portal.url, appId: APP_ID, appSecret: APP_SECRET });
        expect(String(await failureOf(captive.getAccessToken()))).toMatch(/answered something that is not JSON/);
      } finally {
        await portal.stop();
      }
    });
  });

  it('keeps the AppSecret and the access token out of an inspected client', async () => {
    await rememberToken();
    expectNoSecrets(client);
  });
});

/** Width from a PNG's IHDR chunk (bytes 16–19, big-endian). */
function pngWidth(png: Buffer): number {
  return png.readUInt32BE(16);
}

async function listen(server: Server): Promise<{ url: string; stop: () => Promise<void> }> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Accepts connections and never answers. */
function startSilentServer() {
  return listen(createServer(() => undefined));
}

function startServerAnswering(status: number, contentType: string, body: string) {
  return listen(createServer((_request, response) => response.writeHead(status, { 'content-type': contentType }).end(body)));
}
