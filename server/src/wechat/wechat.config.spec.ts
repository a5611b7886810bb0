import { loadWechatConfig } from './wechat.config';

const REAL = {
  WECHAT_APP_ID: 'wx1234567890abcdef',
  WECHAT_APP_SECRET: '0123456789abcdef0123456789abcdef',
  WECHAT_API_BASE: 'https://api.weixin.qq.com/',
};

describe('loadWechatConfig', () => {
  it('uses the local fake with development credentials by default', () => {
    const config = loadWechatConfig({ NODE_ENV: 'development' });
    expect(config).toMatchObject({ apiBase: undefined, fakePort: 0, timeoutMs: 5000 });
    expect(config.appId).toMatch(/^wx[0-9a-f]{16}$/);
    expect(config.appSecret).toMatch(/^[0-9a-f]{32}$/);
  });

  it('talks to the real WeChat with the brand credentials, without a trailing slash', () => {
    expect(loadWechatConfig({ NODE_ENV: 'development', ...REAL, WECHAT_TIMEOUT_MS: '3000' })).toEqual({
      appId: REAL.WECHAT_APP_ID,
      appSecret: REAL.WECHAT_APP_SECRET,
      apiBase: 'https://api.weixin.qq.com',
      fakePort: 0,
      timeoutMs: 3000,
    });
  });

  it('lists every malformed variable in one error, never echoing the secret', () => {
    const secret = 'not-a-secret-but-must-not-be-echoed';
    let message = '';
    try {
      loadWechatConfig({
        WECHAT_APP_ID: 'gh_123',
        WECHAT_APP_SECRET: secret,
        WECHAT_API_BASE: 'ftp://x',
        WECHAT_FAKE_PORT: '70000',
      });
    } catch (error) {
      message = String(error);
    }
    expect(message).toMatch(
      /WECHAT_APP_ID: must be a mini-program AppID[\s\S]*WECHAT_APP_SECRET[\s\S]*WECHAT_API_BASE[\s\S]*WECHAT_FAKE_PORT/,
    );
    expect(message).not.toContain(secret);
  });

  it('needs real credentials as soon as the real WeChat is configured', () => {
    expect(() => loadWechatConfig({ NODE_ENV: 'development', WECHAT_API_BASE: REAL.WECHAT_API_BASE })).toThrow(
      /WECHAT_APP_ID: not set; required when WECHAT_API_BASE is set[^\n]*\n {2}WECHAT_APP_SECRET: not set; required when WECHAT_API_BASE is set/,
    );
    const dev = loadWechatConfig({ NODE_ENV: 'development' });
    expect(() =>
      loadWechatConfig({ NODE_ENV: 'development', ...REAL, WECHAT_APP_ID: dev.appId, WECHAT_APP_SECRET: dev.appSecret }),
    ).toThrow(/development AppID only works with the local fake[\s\S]*development AppSecret only works with the local fake/);
  });

  it('refuses to start in production without credentials and a real https base URL', () => {
    const production =
      /WECHAT_APP_ID: not set; required in production[^\n]*\n {2}WECHAT_APP_SECRET: not set; required in production[^\n]*\n {2}WECHAT_API_BASE: not set; production talks to the real WeChat API/;
    expect(() => loadWechatConfig({ NODE_ENV: 'production' })).toThrow(production);
    // Development is asked for, never assumed: no NODE_ENV is production, and never the local fake.
    expect(() => loadWechatConfig({})).toThrow(production);
    expect(() => loadWechatConfig({ NODE_ENV: 'production', ...REAL, WECHAT_API_BASE: 'http://api.weixin.qq.com' })).toThrow(
      /WECHAT_API_BASE: production needs an https:\/\/ URL/,
    );
    expect(loadWechatConfig({ NODE_ENV: 'production', ...REAL }).apiBase).toBe('https://api.weixin.qq.com');
  });
});
