import { resolve } from 'node:path';
import { registerAs } from '@nestjs/config';
import { z } from 'zod';

// Development defaults only: production refuses to start with them (see loadAppConfig).
const DEV_PERSONAL_DATA_KEY = Buffer.alloc(32, 'memberloop-development-only').toString('base64');
const DEV_ACCESS_TOKEN_SECRET = 'memberloop-development-only-access-token-secret';
const DEV_BRAND_NAME = 'MemberLoop 示例品牌';

const booleanFlag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

/** Environment variables the server reads, with safe development defaults. */
const EnvSchema = z.object({
  /**
   * `development` (the local WeChat fake, development secrets allowed) must be asked for: unset means
   * `production`, which refuses to start without the brand's own secrets. `test` is the suites' mode.
   */
  NODE_ENV: z.enum(['development', 'test', 'production']).default('production'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /**
   * Behind a reverse proxy or load balancer: `true`, the number of proxy hops, or their addresses
   * (comma-separated). The client's address (rate limits, logs) is then read from X-Forwarded-For.
   */
  TRUST_PROXY: z.string().trim().default(''),
  /** A real MongoDB (a replica set, for transactions). When unset the embedded engine is started in-process. */
  MONGODB_URI: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\//, 'must be a mongodb:// or mongodb+srv:// URI')
    .optional(),
  /** Where the embedded engine keeps its files (under `<DATA_DIR>/db`). */
  DATA_DIR: z.string().min(1).default('data'),
  /** `true` keeps the embedded engine in memory only (tests). */
  EMBEDDED_DB_IN_MEMORY: booleanFlag.default(false),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Multiplies every endpoint's rate limit (load tests and end-to-end suites raise it; 0.5 halves them). */
  RATE_LIMIT_SCALE: z.coerce.number().positive().max(1_000_000).default(1),
  /**
   * Where rate-limit budgets are kept: `memory` (each server process limits on its own) or `database` (one budget
   * shared by every process on the same database: set it when several processes serve the API).
   */
  RATE_LIMIT_STORE: z.enum(['memory', 'database']).default('memory'),
  /**
   * Server processes sharing the port (node:cluster), one per core the machine gives the service. With more than
   * one, the first process runs the embedded database (unless MONGODB_URI is set) and the others serve the API.
   */
  SERVER_PROCESSES: z.coerce.number().int().min(1).max(64).default(1),
  /**
   * Load shedding, per process: API requests worked on at once, requests waiting for a place, and the longest
   * wait. The rest get 503 SERVER_BUSY with Retry-After at once (see AdmissionGate).
   */
  ADMISSION_MAX_IN_FLIGHT: z.coerce.number().int().min(1).max(10_000).default(24),
  /**
   * With ADMISSION_ADAPTIVE, the number in flight is learned between ADMISSION_MIN_IN_FLIGHT and
   * ADMISSION_MAX_IN_FLIGHT from the latency of completed requests (see AdaptiveLimit); off (the default), the
   * maximum is fixed. Off by default since measured (bench/RESULTS.md, 2026-12-03 evening): on the 2-core machine the
   * learned limit sat at its minimum and signed ingest made 150–171 purchases/s where a fixed 24 made 208–263/s (more
   * requests in flight let their inserts share one command), at no better p50.
   */
  ADMISSION_ADAPTIVE: booleanFlag.default(false),
  ADMISSION_MIN_IN_FLIGHT: z.coerce.number().int().min(1).max(10_000).default(8),
  ADMISSION_MAX_QUEUE: z.coerce.number().int().min(0).max(100_000).default(48),
  ADMISSION_MAX_WAIT_MS: z.coerce.number().int().min(1).max(60_000).default(250),
  /**
   * Comma-separated origins allowed by CORS; the H5 app served by this server needs none. Development allows the
   * H5 dev server (port 10086); production none unless set.
   */
  CORS_ORIGINS: z.string().optional(),
  /** The mini-program's H5 build, served at `/` when present. */
  H5_DIR: z.string().default('miniprogram/dist/h5'),
  BRAND_NAME: z.string().min(1).max(40).default(DEV_BRAND_NAME),
  BRAND_TIME_ZONE: z.string().default('Asia/Shanghai'),
  /** 32 random bytes, base64: encrypts personal data (phones) at rest. */
  PERSONAL_DATA_KEY: z.string().default(DEV_PERSONAL_DATA_KEY),
  /** Background jobs (points expiry, reminders, tier re-qualification, sending notifications) run in this process. */
  JOBS_ENABLED: booleanFlag.default(true),
  /** How often the job scheduler looks for due work. */
  JOBS_TICK_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  /** Subscribe-message template ids registered in the mini-program's WeChat admin console. */
  WECHAT_TEMPLATE_POINTS_EXPIRING: z.string().min(1).default('dev-points-expiring'),
  WECHAT_TEMPLATE_TIER_CHANGED: z.string().min(1).default('dev-tier-changed'),
  WECHAT_TEMPLATE_COUPON_EXPIRING: z.string().min(1).default('dev-coupon-expiring'),
  WECHAT_TEMPLATE_GROUP_BUY_RESULT: z.string().min(1).default('dev-group-buy-result'),
  WECHAT_TEMPLATE_ACTIVITY_UPDATE: z.string().min(1).default('dev-activity-update'),
  WECHAT_TEMPLATE_COMMUNITY_ANNOUNCEMENT: z.string().min(1).default('dev-community-announcement'),
  WECHAT_TEMPLATE_REWARD_ISSUED: z.string().min(1).default('dev-reward-issued'),
  WECHAT_TEMPLATE_SERVICE_TICKET_REPLY: z.string().min(1).default('dev-service-ticket-reply'),
  WECHAT_TEMPLATE_MEMBERSHIP_RENEWAL: z.string().min(1).default('dev-membership-renewal'),
  /** At least 32 bytes: signs access tokens. */
  ACCESS_TOKEN_SECRET: z.string().min(32, 'must be at least 32 characters').default(DEV_ACCESS_TOKEN_SECRET),
});

/**
 * Business rules that were environment variables once. The environment is for deployment only: these are the
 * programme's rules now, which HQ sets (PUT /api/v1/hq/programme-rules). Refused rather than ignored, so a
 * deployment that still sets one learns at start that its value no longer applies.
 */
export const MOVED_TO_PROGRAMME_RULES = {
  REFUND_SHORTFALL_POLICY: 'points.refundShortfallPolicy',
  POINTS_PENDING_DAYS: 'points.pendingDays',
  POINTS_EXPIRY_REMINDER_DAYS: 'points.expiryReminderDays',
  TIER_DOWNGRADE_POLICY: 'tiers.downgrade',
  TIER_HOLD_MONTHS: 'tiers.holdMonths',
  COUPON_EXPIRY_REMINDER_DAYS: 'coupons.expiryReminderDays',
} as const;

const TEMPLATE_VARIABLES = [
  'WECHAT_TEMPLATE_POINTS_EXPIRING',
  'WECHAT_TEMPLATE_TIER_CHANGED',
  'WECHAT_TEMPLATE_COUPON_EXPIRING',
  'WECHAT_TEMPLATE_GROUP_BUY_RESULT',
  'WECHAT_TEMPLATE_ACTIVITY_UPDATE',
  'WECHAT_TEMPLATE_COMMUNITY_ANNOUNCEMENT',
  'WECHAT_TEMPLATE_REWARD_ISSUED',
  'WECHAT_TEMPLATE_SERVICE_TICKET_REPLY',
  'WECHAT_TEMPLATE_MEMBERSHIP_RENEWAL',
] as const;

export type AppConfig = ReturnType<typeof toAppConfig>;

function toAppConfig(env: z.infer<typeof EnvSchema>) {
  return {
    env: env.NODE_ENV,
    http: {
      host: env.HOST,
      port: env.PORT,
      trustProxy: trustProxyOf(env.TRUST_PROXY),
      processes: env.SERVER_PROCESSES,
      admission: {
        maxInFlight: env.ADMISSION_MAX_IN_FLIGHT,
        ...(env.ADMISSION_ADAPTIVE
          ? { adaptiveMinInFlight: Math.min(env.ADMISSION_MIN_IN_FLIGHT, env.ADMISSION_MAX_IN_FLIGHT) }
          : {}),
        maxQueue: env.ADMISSION_MAX_QUEUE,
        maxWaitMs: env.ADMISSION_MAX_WAIT_MS,
      },
      corsOrigins: (env.CORS_ORIGINS ?? (env.NODE_ENV === 'production' ? '' : 'http://localhost:10086,http://127.0.0.1:10086'))
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean),
    },
    database: {
      uri: env.MONGODB_URI,
      embedded: { dbpath: env.EMBEDDED_DB_IN_MEMORY ? undefined : resolve(env.DATA_DIR, 'db') },
    },
    log: { level: env.LOG_LEVEL },
    rateLimitScale: env.RATE_LIMIT_SCALE,
    rateLimitStore: env.RATE_LIMIT_STORE,
    h5Dir: resolve(env.H5_DIR),
    brand: { name: env.BRAND_NAME, timeZone: env.BRAND_TIME_ZONE },
    jobs: { enabled: env.JOBS_ENABLED, tickMs: env.JOBS_TICK_SECONDS * 1000 },
    notifications: {
      templates: {
        pointsExpiring: env.WECHAT_TEMPLATE_POINTS_EXPIRING,
        tierChanged: env.WECHAT_TEMPLATE_TIER_CHANGED,
        couponExpiring: env.WECHAT_TEMPLATE_COUPON_EXPIRING,
        groupBuyResult: env.WECHAT_TEMPLATE_GROUP_BUY_RESULT,
        activityUpdate: env.WECHAT_TEMPLATE_ACTIVITY_UPDATE,
        communityAnnouncement: env.WECHAT_TEMPLATE_COMMUNITY_ANNOUNCEMENT,
        rewardIssued: env.WECHAT_TEMPLATE_REWARD_ISSUED,
        serviceTicketReply: env.WECHAT_TEMPLATE_SERVICE_TICKET_REPLY,
        membershipRenewal: env.WECHAT_TEMPLATE_MEMBERSHIP_RENEWAL,
      },
    },
    security: {
      personalDataKey: env.PERSONAL_DATA_KEY,
      accessTokenSecret: env.ACCESS_TOKEN_SECRET,
      accessTokenTtlSeconds: 15 * 60,
    },
  } as const;
}

/**
 * Every problem with the environment, one line each (`NAME: what is wrong`), and the configuration when there
 * is none: production names each setting that is missing or still the development default.
 */
export function readAppConfig(given: NodeJS.ProcessEnv): { config?: AppConfig; problems: string[] } {
  const env = withoutEmpty(given);
  const problems = Object.entries(MOVED_TO_PROGRAMME_RULES)
    .filter(([name]) => env[name] !== undefined)
    .map(([name, rule]) => `${name}: a programme rule now (${rule}), set by HQ with PUT /api/v1/hq/programme-rules`);
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    problems.push(...parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
    return { problems };
  }
  const unsafe = parsed.data.NODE_ENV === 'production' ? productionSecretProblems(env) : [];
  problems.push(...unsafe);
  if (
    !unsafe.some((p) => p.startsWith('PERSONAL_DATA_KEY')) &&
    Buffer.from(parsed.data.PERSONAL_DATA_KEY, 'base64').length !== 32
  ) {
    problems.push('PERSONAL_DATA_KEY: must be 32 bytes, base64-encoded');
  }
  if (!isValidTimeZone(parsed.data.BRAND_TIME_ZONE)) {
    problems.push(`BRAND_TIME_ZONE: unknown time zone "${parsed.data.BRAND_TIME_ZONE}"`);
  }
  return problems.length > 0 ? { problems } : { config: toAppConfig(parsed.data), problems };
}

/** Parses and validates the environment; throws one readable error listing every bad variable. */
export function loadAppConfig(env: NodeJS.ProcessEnv): AppConfig {
  const { config, problems } = readAppConfig(env);
  if (!config) throw new Error(`Invalid configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  return config;
}

/** A variable set to nothing (`NAME=` in .env) counts as not set. */
export function withoutEmpty(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value.trim() !== ''));
}

/** The secrets and ids production must have of its own: each one missing or left at its development value. */
function productionSecretProblems(env: NodeJS.ProcessEnv): string[] {
  const secret = (name: string, devValue: string, what: string): string | false =>
    env[name] === undefined || env[name] === ''
      ? `${name}: not set; ${what}`
      : env[name] === devValue && `${name}: is the development value; production needs its own (${what})`;
  return [
    secret(
      'PERSONAL_DATA_KEY',
      DEV_PERSONAL_DATA_KEY,
      "32 random bytes, base64, e.g. `openssl rand -base64 32`; it encrypts members' phone numbers: keep it, never change it",
    ),
    secret('ACCESS_TOKEN_SECRET', DEV_ACCESS_TOKEN_SECRET, 'at least 32 random characters, e.g. `openssl rand -base64 48`'),
    secret('BRAND_NAME', DEV_BRAND_NAME, "the brand's name as members see it"),
    ...TEMPLATE_VARIABLES.map((name) =>
      env[name] === undefined || env[name] === ''
        ? `${name}: not set; the subscribe-message template id from the mini-program's admin console`
        : env[name]!.startsWith('dev-') &&
          `${name}: is a development id; production needs the template id from the admin console`,
    ),
  ].filter((p): p is string => typeof p === 'string');
}

function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** The typed `app` config namespace: inject with `@Inject(appConfig.KEY) config: AppConfig`. */
export const appConfig = registerAs('app', () => loadAppConfig(process.env));

function trustProxyOf(value: string): boolean | number | string[] {
  if (value === '' || value === 'false') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) return Number(value);
  return value
    .split(',')
    .map((address) => address.trim())
    .filter(Boolean);
}
