import { resolve } from 'node:path';
import { loadAppConfig } from './app-config';

describe('loadAppConfig', () => {
  it('gives safe development defaults: loopback, port 3000, embedded database on disk', () => {
    const config = loadAppConfig({});
    expect(config.env).toBe('development');
    expect(config.http).toEqual({
      host: '127.0.0.1',
      port: 3000,
      trustProxy: false,
      corsOrigins: ['http://localhost:10086', 'http://127.0.0.1:10086'],
    });
    expect(config.database.uri).toBeUndefined();
    expect(config.database.embedded.dbpath).toBe(resolve('data', 'db'));
    expect(config.brand.timeZone).toBe('Asia/Shanghai');
  });

  it('keeps the embedded database in memory when asked', () => {
    expect(loadAppConfig({ EMBEDDED_DB_IN_MEMORY: 'true' }).database.embedded.dbpath).toBeUndefined();
  });

  it('lists every invalid variable in one error', () => {
    expect(() => loadAppConfig({ PORT: 'eighty', MONGODB_URI: 'postgres://x', LOG_LEVEL: 'loud' })).toThrow(
      /PORT[\s\S]*MONGODB_URI: must be a mongodb:\/\/ or mongodb\+srv:\/\/ URI[\s\S]*LOG_LEVEL/,
    );
  });

  it('refuses business rules in the environment: they are programme rules, set by HQ', () => {
    expect(loadAppConfig({})).not.toHaveProperty('tiers');
    expect(() => loadAppConfig({ TIER_HOLD_MONTHS: '24' })).toThrow(
      /TIER_HOLD_MONTHS: a programme rule now \(tiers\.holdMonths\)/,
    );
    expect(() => loadAppConfig({ POINTS_PENDING_DAYS: '7', REFUND_SHORTFALL_POLICY: 'debt' })).toThrow(
      /REFUND_SHORTFALL_POLICY: .*points\.refundShortfallPolicy[\s\S]*POINTS_PENDING_DAYS: .*points\.pendingDays/,
    );
  });

  it('rejects an unknown brand time zone', () => {
    expect(() => loadAppConfig({ BRAND_TIME_ZONE: 'Mars/Olympus' })).toThrow(/unknown time zone "Mars\/Olympus"/);
  });

  it('refuses to start in production with the development secrets and template ids', () => {
    expect(() => loadAppConfig({ NODE_ENV: 'production' })).toThrow(
      /PERSONAL_DATA_KEY, ACCESS_TOKEN_SECRET, WECHAT_TEMPLATE_POINTS_EXPIRING, WECHAT_TEMPLATE_TIER_CHANGED, WECHAT_TEMPLATE_COUPON_EXPIRING, WECHAT_TEMPLATE_GROUP_BUY_RESULT, WECHAT_TEMPLATE_ACTIVITY_UPDATE, WECHAT_TEMPLATE_COMMUNITY_ANNOUNCEMENT, WECHAT_TEMPLATE_REWARD_ISSUED: production needs real values/,
    );
    const secrets = {
      PERSONAL_DATA_KEY: Buffer.alloc(32, 7).toString('base64'),
      ACCESS_TOKEN_SECRET: 'x'.repeat(40),
      WECHAT_TEMPLATE_POINTS_EXPIRING: 'tpl-expiring',
      WECHAT_TEMPLATE_TIER_CHANGED: 'tpl-tier',
      WECHAT_TEMPLATE_COUPON_EXPIRING: 'tpl-coupon',
      WECHAT_TEMPLATE_GROUP_BUY_RESULT: 'tpl-group',
      WECHAT_TEMPLATE_ACTIVITY_UPDATE: 'tpl-activity',
      WECHAT_TEMPLATE_COMMUNITY_ANNOUNCEMENT: 'tpl-announcement',
      WECHAT_TEMPLATE_REWARD_ISSUED: 'tpl-reward',
    };
    expect(loadAppConfig({ NODE_ENV: 'production', ...secrets }).env).toBe('production');
  });

  it('refuses a personal-data key that is not 32 bytes', () => {
    expect(() => loadAppConfig({ PERSONAL_DATA_KEY: Buffer.alloc(16).toString('base64') })).toThrow(
      /PERSONAL_DATA_KEY: must be 32 bytes/,
    );
  });

  it('reads TRUST_PROXY as off, on, a hop count or addresses', () => {
    expect(loadAppConfig({}).http.trustProxy).toBe(false);
    expect(loadAppConfig({ TRUST_PROXY: 'true' }).http.trustProxy).toBe(true);
    expect(loadAppConfig({ TRUST_PROXY: '2' }).http.trustProxy).toBe(2);
    expect(loadAppConfig({ TRUST_PROXY: '10.0.0.1, 10.0.0.2' }).http.trustProxy).toEqual(['10.0.0.1', '10.0.0.2']);
  });
});
