import { ManualClock } from '../../common/clock/clock';
import { WECHAT_ERRCODE } from '../wechat-api.errors';
import { fakeLoginCode, memberNameOfFakeLoginCode } from './fake-wechat-identities';
import { startFakeWechatServer, type FakeWechatServer } from './fake-wechat-server';

const APP = { appId: 'wx1234567890abcdef', appSecret: '0123456789abcdef0123456789abcdef' };

/** The fake's own contract, over raw HTTP as any client would see it. */
describe('the local fake WeChat', () => {
  const clock = new ManualClock(new Date('2025-03-01T00:00:00Z'));
  let fake: FakeWechatServer;

  beforeEach(async () => {
    fake = await startFakeWechatServer({ ...APP, clock });
  });
  afterEach(() => fake.stop());

  async function get(path: string, query: Record<string, string>) {
    const response = await fetch(`${fake.baseUrl}${path}?${new URLSearchParams(query).toString()}`);
    return { contentType: response.headers.get('content-type'), body: (await response.json()) as Record<string, unknown> };
  }

  async function token(): Promise<string> {
    const { body } = await get('/cgi-bin/token', { grant_type: 'client_credential', appid: APP.appId, secret: APP.appSecret });
    return body.access_token as string;
  }

  async function post(path: string, accessToken: string, body: string) {
    const response = await fetch(`${fake.baseUrl}${path}?access_token=${accessToken}`, { method: 'POST', body });
    return (await response.json()) as Record<string, unknown>;
  }

  it('listens on loopback only', () => {
    expect(fake.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('answers jscode2session as text/plain JSON, like WeChat, and checks the AppID first', async () => {
    const login = { grant_type: 'authorization_code', js_code: fakeLoginCode('alice') };
    const wrongApp = await get('/sns/jscode2session', { ...login, appid: 'wxffffffffffffffff', secret: APP.appSecret });
    expect(wrongApp.body).toMatchObject({
      errcode: WECHAT_ERRCODE.INVALID_APPID,
      errmsg: expect.stringMatching(/^invalid appid rid: /),
    });
    const ok = await get('/sns/jscode2session', { ...login, appid: APP.appId, secret: APP.appSecret });
    expect(ok.contentType).toBe('text/plain');
    expect(Object.keys(ok.body).sort()).toEqual(['openid', 'session_key', 'unionid']);
  });

  it('issues tokens for 7200 s and keeps a replaced one valid for 5 more minutes', async () => {
    const sendWith = (accessToken: string) => post('/cgi-bin/message/subscribe/send', accessToken, '{}');
    const first = await token();
    const second = await token();
    expect(second).not.toBe(first);
    expect(await sendWith(first)).toMatchObject({ errcode: WECHAT_ERRCODE.INVALID_OPENID });
    clock.advance(5 * 60_000);
    expect(await sendWith(first)).toMatchObject({ errcode: WECHAT_ERRCODE.ACCESS_TOKEN_EXPIRED });
    expect(await sendWith(second)).toMatchObject({ errcode: WECHAT_ERRCODE.INVALID_OPENID });
    expect(await sendWith('made-up')).toMatchObject({ errcode: WECHAT_ERRCODE.INVALID_CREDENTIAL });
    expect(await sendWith('')).toMatchObject({ errcode: WECHAT_ERRCODE.ACCESS_TOKEN_MISSING });
  });

  it('answers a body that is not JSON with 47001 and a bad scene with 40169', async () => {
    const accessToken = await token();
    expect(await post('/wxa/getwxacodeunlimit', accessToken, 'scene=1')).toMatchObject({
      errcode: WECHAT_ERRCODE.DATA_FORMAT_ERROR,
    });
    expect(await post('/wxa/getwxacodeunlimit', accessToken, JSON.stringify({ scene: 'x'.repeat(33) }))).toMatchObject({
      errcode: WECHAT_ERRCODE.INVALID_SCENE,
    });
  });

  it('refuses a refusal request without toUser and templateId', async () => {
    const response = await fetch(`${fake.baseUrl}/__fake/refuse`, { method: 'POST', body: '{"toUser":"o1"}' });
    expect(response.status).toBe(400);
  });

  it('reads the member name back from a login code', () => {
    expect(memberNameOfFakeLoginCode(fakeLoginCode('store-7.alice@example'))).toBe('store-7.alice@example');
    expect(memberNameOfFakeLoginCode('dev:a b')).toBeUndefined();
    expect(() => fakeLoginCode('张三')).toThrow(RangeError);
  });
});
