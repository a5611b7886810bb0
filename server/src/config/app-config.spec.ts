import { resolve } from 'node:path';
import { loadAppConfig } from './app-config';

/** Development asked for explicitly: without NODE_ENV the configuration is production's. */
const DEV = { NODE_ENV: 'development' } as const;

describe('loadAppConfig', () => {
  it('gives safe development defaults: loopback, port 3000, embedded database on disk', () => {
    const config = loadAppConfig(DEV);
    expect(config.env).toBe('development');
    expect(config.http).toEqual({
      host: '127.0.0.1',
      port: 3000,
      trustProxy: false,
      corsOrigins: ['http://localhost:10086', 'http://127.0.0.1:10086'],
      // One process; load shedding past 24 running and 48 waiting (at most 250 ms).
      processes: 1,
      admission: { maxInFlight: 24, maxQueue: 48, maxWaitMs: 250 },
    });
    expect(config.database.uri).toBeUndefined();
    expect(config.database.embedded.dbpath).toBe(resolve('data', 'db'));
    expect(config.brand.timeZone).toBe('Asia/Shanghai');
  });

  it('takes a variable set to nothing as not set, and allows no CORS origin in production unless set', () => {
    expect(loadAppConfig({ ...DEV, MONGODB_URI: '', PORT: ' ' }).database.uri).toBeUndefined();
    expect(loadAppConfig({ NODE_ENV: 'production', ...PRODUCTION_SECRETS, CORS_ORIGINS: '' }).http.corsOrigins).toEqual([]);
    expect(() => loadAppConfig({ NODE_ENV: 'production', ...PRODUCTION_SECRETS, PERSONAL_DATA_KEY: '' })).toThrow(
      /PERSONAL_DATA_KEY: not set/,
    );
  });

  it('keeps the embedded database in memory when asked', () => {
    expect(loadAppConfig({ ...DEV, EMBEDDED_DB_IN_MEMORY: 'true' }).database.embedded.dbpath).toBeUndefined();
  });

  it('learns the number in flight only when asked, never below one or above the maximum', () => {
    expect(loadAppConfig({ ...DEV, ADMISSION_ADAPTIVE: 'true' }).http.admission).toEqual({
      maxInFlight: 24,
      adaptiveMinInFlight: 8,
      maxQueue: 48,
      maxWaitMs: 250,
    });
    const narrow = { ...DEV, ADMISSION_ADAPTIVE: 'true', ADMISSION_MIN_IN_FLIGHT: '40', ADMISSION_MAX_IN_FLIGHT: '16' };
    expect(loadAppConfig(narrow).http.admission).toMatchObject({ maxInFlight: 16, adaptiveMinInFlight: 16 });
  });

  it('lists every invalid variable in one error', () => {
    expect(() => loadAppConfig({ ...DEV, PORT: 'eighty', MONGODB_URI: 'postgres://x', LOG_LEVEL: 'loud' })).toThrow(
      /PORT[\s\S]*MONGODB_URI: must be a mongodb:\/\/ or mongodb\+srv:\/\/ URI[\s\S]*LOG_LEVEL/,
    );
  });

  it('refuses business rules in the environment: they are programme rules, set by HQ', () => {
    expect(loadAppConfig(DEV)).not.toHaveProperty('tiers');
    expect(() => loadAppConfig({ ...DEV, TIER_HOLD_MONTHS: '24' })).toThrow(
      /TIER_HOLD_MONTHS: a programme rule now \(tiers\.holdMonths\)/,
    );
    expect(() => loadAppConfig({ ...DEV, POINTS_PENDING_DAYS: '7', REFUND_SHORTFALL_POLICY: 'debt' })).toThrow(
      /REFUND_SHORTFALL_POLICY: .*points\.refundShortfallPolicy[\s\S]*POINTS_PENDING_DAYS: .*points\.pendingDays/,
    );
  });

  it('rejects an unknown brand time zone', () => {
    expect(() => loadAppConfig({ ...DEV, BRAND_TIME_ZONE: 'Mars/Olympus' })).toThrow(/unknown time zone "Mars\/Olympus"/);
  });

  it('is production when NODE_ENV is not set, and names every secret production lacks', () => {
    let message = '';
    try {
      loadAppConfig({});
    } catch (error) {
      message = (error as Error).message;
    }
    for (const name of [
      'PERSONAL_DATA_KEY: not set',
      'ACCESS_TOKEN_SECRET: not set',
      'BRAND_NAME: not set',
      'WECHAT_TEMPLATE_POINTS_EXPIRING: not set',
      'WECHAT_TEMPLATE_TIER_CHANGED: not set',
      'WECHAT_TEMPLATE_COUPON_EXPIRING: not set',
      'WECHAT_TEMPLATE_GROUP_BUY_RESULT: not set',
      'WECHAT_TEMPLATE_ACTIVITY_UPDATE: not set',
      'WECHAT_TEMPLATE_COMMUNITY_ANNOUNCEMENT: not set',
      'WECHAT_TEMPLATE_REWARD_ISSUED: not set',
      'WECHAT_TEMPLATE_SERVICE_TICKET_REPLY: not set',
      'WECHAT_TEMPLATE_MEMBERSHIP_RENEWAL: not set',
    ]) {
      expect(message).toContain(`  ${name}`);
    }
    expect(message.split('\n')).toHaveLength(13);
  });

  it('refuses the development secrets and template ids in production, naming each one', () => {
    const dev = loadAppConfig(DEV);
    expect(() =>
      loadAppConfig({
        NODE_ENV: 'production',
        ...PRODUCTION_SECRETS,
        PERSONAL_DATA_KEY: dev.security.personalDataKey,
        ACCESS_TOKEN_SECRET: dev.security.accessTokenSecret,
        WECHAT_TEMPLATE_TIER_CHANGED: dev.notifications.templates.tierChanged,
      }),
    ).toThrow(
      /PERSONAL_DATA_KEY: is the development value[\s\S]*ACCESS_TOKEN_SECRET: is the development value[\s\S]*WECHAT_TEMPLATE_TIER_CHANGED: is a development id/,
    );
    expect(loadAppConfig({ NODE_ENV: 'production', ...PRODUCTION_SECRETS }).env).toBe('production');
  });

  it('refuses a personal-data key that is not 32 bytes', () => {
    expect(() => loadAppConfig({ ...DEV, PERSONAL_DATA_KEY: Buffer.alloc(16).toString('base64') })).toThrow(
      /PERSONAL_DATA_KEY: must be 32 bytes/,
    );
  });

  it('reads TRUST_PROXY as off, on, a hop count or addresses', () => {
    expect(loadAppConfig(DEV).http.trustProxy).toBe(false);
    expect(loadAppConfig({ ...DEV, TRUST_PROXY: 'true' }).http.trustProxy).toBe(true);
    expect(loadAppConfig({ ...DEV, TRUST_PROXY: '2' }).http.trustProxy).toBe(2);
    expect(loadAppConfig({ ...DEV, TRUST_PROXY: '10.0.0.1, 10.0.0.2' }).http.trustProxy).toEqual(['10.0.0.1', '10.0.0.2']);
  });
});

const PRODUCTION_SECRETS = {
  PERSONAL_DATA_KEY: Buffer.alloc(32, 7).toString('base64'),
  ACCESS_TOKEN_SECRET: 'x'.repeat(40),
  BRAND_NAME: '示例咖啡',
  WECHAT_TEMPLATE_POINTS_EXPIRING: 'tpl-expiring',
  WECHAT_TEMPLATE_TIER_CHANGED: 'tpl-tier',
  WECHAT_TEMPLATE_COUPON_EXPIRING: 'tpl-coupon',
  WECHAT_TEMPLATE_GROUP_BUY_RESULT: 'tpl-group',
  WECHAT_TEMPLATE_ACTIVITY_UPDATE: 'tpl-activity',
  WECHAT_TEMPLATE_COMMUNITY_ANNOUNCEMENT: 'tpl-announcement',
  WECHAT_TEMPLATE_REWARD_ISSUED: 'tpl-reward',
  WECHAT_TEMPLATE_SERVICE_TICKET_REPLY: 'tpl-ticket-reply',
  WECHAT_TEMPLATE_MEMBERSHIP_RENEWAL: 'tpl-membership-renewal',
};
