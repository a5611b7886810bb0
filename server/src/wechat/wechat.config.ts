import { registerAs } from '@nestjs/config';
import { z } from 'zod';

// Development credentials for the local fake only: they open nothing at WeChat, and production refuses them.
const DEV_APP_ID = 'wx00000000de7e1000';
const DEV_APP_SECRET = '00000000000000000000000000de7e10';

/** Environment variables of the WeChat integration. */
const WechatEnvSchema = z.object({
  /** Unset means production (see the app configuration): only development and test may use the local fake. */
  NODE_ENV: z.enum(['development', 'test', 'production']).default('production'),
  /** The mini-program's AppID (小程序 AppID): `wx` and 16 hex digits. */
  WECHAT_APP_ID: z
    .string()
    .regex(/^wx[0-9a-f]{16}$/i, 'must be a mini-program AppID: "wx" followed by 16 hex digits')
    .optional(),
  /** The mini-program's AppSecret: 32 hex digits. */
  WECHAT_APP_SECRET: z
    .string()
    .regex(/^[0-9a-f]{32}$/i, 'must be a mini-program AppSecret: 32 hex digits')
    .optional(),
  /** WeChat's API, normally https://api.weixin.qq.com. When unset the local fake is started in-process. */
  WECHAT_API_BASE: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
  /** Port of the in-process fake; 0 picks any free port. */
  WECHAT_FAKE_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  /** How long one call to WeChat may take before it is abandoned. */
  WECHAT_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5000),
});

export interface WechatConfig {
  readonly appId: string;
  /** Secret: signs every call to WeChat. Never log it or put it in an error. */
  readonly appSecret: string;
  /** WeChat's API base URL; undefined means "start the local fake". */
  readonly apiBase: string | undefined;
  readonly fakePort: number;
  readonly timeoutMs: number;
}

/** Every problem with the WeChat part of the environment, one line each (`NAME: what is wrong`). */
export function wechatConfigProblems(env: NodeJS.ProcessEnv): string[] {
  return readWechatConfig(env).problems;
}

/** Parses and validates the WeChat part of the environment; throws one readable error listing every problem. */
export function loadWechatConfig(env: NodeJS.ProcessEnv): WechatConfig {
  const { config, problems } = readWechatConfig(env);
  if (!config) throw new Error(`Invalid configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  return config;
}

function readWechatConfig(env: NodeJS.ProcessEnv): { config?: WechatConfig; problems: string[] } {
  // A variable set to nothing (`NAME=` in .env) counts as not set.
  const parsed = WechatEnvSchema.safeParse(
    Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value.trim() !== '')),
  );
  if (!parsed.success) return { problems: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) };
  const { NODE_ENV, WECHAT_APP_ID, WECHAT_APP_SECRET, WECHAT_API_BASE } = parsed.data;
  const problems = [
    ...missingForRealWechat(parsed.data),
    NODE_ENV === 'production' &&
      !WECHAT_API_BASE &&
      'WECHAT_API_BASE: not set; production talks to the real WeChat API (https://api.weixin.qq.com), never the local fake',
    // The AppSecret travels in query strings: only TLS keeps it off the wire in clear text.
    NODE_ENV === 'production' &&
      WECHAT_API_BASE?.startsWith('http:') &&
      'WECHAT_API_BASE: production needs an https:// URL (the AppSecret travels in the query string)',
  ].filter((p): p is string => typeof p === 'string');
  if (problems.length > 0) return { problems };
  return {
    problems,
    config: {
      appId: WECHAT_APP_ID ?? DEV_APP_ID,
      appSecret: WECHAT_APP_SECRET ?? DEV_APP_SECRET,
      apiBase: WECHAT_API_BASE?.replace(/\/+$/, ''),
      fakePort: parsed.data.WECHAT_FAKE_PORT,
      timeoutMs: parsed.data.WECHAT_TIMEOUT_MS,
    },
  };
}

/** Real WeChat (or production) needs the brand's own credentials: the development ones would only be refused. */
function missingForRealWechat(env: z.infer<typeof WechatEnvSchema>): string[] {
  if (!env.WECHAT_API_BASE && env.NODE_ENV !== 'production') return [];
  const why = env.NODE_ENV === 'production' ? 'required in production' : 'required when WECHAT_API_BASE is set';
  return [
    !env.WECHAT_APP_ID && `WECHAT_APP_ID: not set; ${why}: the mini-program's AppID (wx + 16 hex digits)`,
    !env.WECHAT_APP_SECRET && `WECHAT_APP_SECRET: not set; ${why}: the mini-program's AppSecret (32 hex digits)`,
    env.WECHAT_APP_ID?.toLowerCase() === DEV_APP_ID && `WECHAT_APP_ID: the development AppID only works with the local fake`,
    env.WECHAT_APP_SECRET?.toLowerCase() === DEV_APP_SECRET &&
      `WECHAT_APP_SECRET: the development AppSecret only works with the local fake`,
  ].filter((p): p is string => typeof p === 'string');
}

/** The typed `wechat` config namespace: inject with `@Inject(wechatConfig.KEY) config: WechatConfig`. */
export const wechatConfig = registerAs('wechat', () => loadWechatConfig(process.env));
