import { execFileSync } from 'node:child_process';
import path from 'node:path';

export interface WechatCiResult {
  /** What miniprogram-ci's getCompiledResult refused, as its message; null when the build compiled. */
  compileError: string | null;
  /** checkCodeQuality's bytes per package: `__APP__` is the main package, subpackages by root with a slash. */
  packageBytes: Record<string, number>;
}

/** miniprogram-ci on a build, offline, in a child process (see run-miniprogram-ci.js). */
export function runWechatCi(buildDir: string): WechatCiResult {
  const output = execFileSync(process.execPath, [path.join(__dirname, 'run-miniprogram-ci.js'), buildDir], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const line = output.split('\n').find((l) => l.startsWith('WECHAT_CI_RESULT '));
  if (!line) throw new Error(`miniprogram-ci printed no result:\n${output.slice(-2000)}`);
  return JSON.parse(line.slice('WECHAT_CI_RESULT '.length)) as WechatCiResult;
}
