import { readAppConfig } from './config/app-config';
import { wechatConfigProblems } from './wechat/wechat.config';

/**
 * Everything wrong with the deployment's settings, checked before anything starts, as one message (or
 * undefined when the server may start). Unset NODE_ENV means production: the development secrets and the
 * local WeChat fake are only for a start that asks for development explicitly.
 */
export function startupProblems(env: NodeJS.ProcessEnv): string | undefined {
  const problems = [...readAppConfig(env).problems, ...wechatConfigProblems(env)];
  // Both parts read NODE_ENV: say it once.
  const unique = [...new Set(problems)];
  if (unique.length === 0) return undefined;
  const mode =
    env.NODE_ENV === undefined || env.NODE_ENV === ''
      ? 'NODE_ENV is not set, so this is a production start (a local trial sets NODE_ENV=development, as `npm start` does)'
      : `NODE_ENV=${env.NODE_ENV}`;
  return [
    `MemberLoop cannot start: ${mode}. Fix these settings (in the environment, or in .env: see .env.example):`,
    ...unique.map((p) => `  - ${p}`),
  ].join('\n');
}
