/**
 * The server and the standalone embedded engine as child processes, for the API benchmark and the crash suite
 * (test/security/crash.e2e-spec.ts): the real `src/main.ts` and `npm run db`, on ports of their own.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { openSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const SERVER_DIR = resolve(__dirname, '..');

export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => done(port));
    });
  });
}

export function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => child.once('exit', () => done()));
}

export async function kill9(child: ChildProcess): Promise<void> {
  child.kill('SIGKILL');
  await exited(child);
}

/**
 * `src/main.ts` in its own process with `env` over quiet defaults (no jobs, no H5); resolves once /health answers.
 * The free port is found before the server binds it, so another process may take it meanwhile: then it starts again
 * on another port.
 */
export async function startServerProcess(env: Record<string, string>): Promise<{ child: ChildProcess; baseUrl: string }> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startServerOnce(env);
    } catch (error) {
      if (attempt >= 3 || !String((error as Error).message).includes('EADDRINUSE')) throw error;
    }
  }
}

async function startServerOnce(env: Record<string, string>): Promise<{ child: ChildProcess; baseUrl: string }> {
  const port = await freePort();
  // BENCH_PROFILE_DIR=<dir>: the server writes a V8 CPU profile there when it stops (see bench/profile-summary.ts).
  const profile = process.env.BENCH_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] : [];
  const child = spawn(process.execPath, [...profile, '-r', './src/import/cli/register-swc.cjs', 'src/main.ts'], {
    cwd: SERVER_DIR,
    env: {
      ...process.env,
      NODE_ENV: 'development',
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'silent',
      JOBS_ENABLED: 'false',
      RATE_LIMIT_SCALE: '1000',
      ADMISSION_MAX_QUEUE: '100000',
      ADMISSION_MAX_WAIT_MS: '60000',
      H5_DIR: join(tmpdir(), 'no-h5-here'),
      ...env,
    },
    // BENCH_SERVER_LOG=<file>: the server's log (stdout) is appended there, e.g. the admission's reports of what it
    // shed and its limit, with LOG_LEVEL=warn.
    stdio: ['ignore', process.env.BENCH_SERVER_LOG ? openSync(process.env.BENCH_SERVER_LOG, 'a') : 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const baseUrl = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`the server exited: ${stderr}`);
    const up = await fetch(`${baseUrl}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return { child, baseUrl };
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the server did not come up: ${stderr}`);
}

/** The standalone engine (`npm run db`) on a fixed port, so a restarted engine keeps its URI. */
export async function startEngineProcess(port: number, dbpath: string): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    ['-r', 'tsx/cjs', 'src/database/embedded/cli.ts', '--port', String(port), '--dbpath', dbpath],
    {
      cwd: SERVER_DIR,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  await new Promise<void>((done, fail) => {
    child.stdout!.once('data', () => done());
    child.once('exit', (code) => fail(new Error(`engine exited with ${code}`)));
  });
  return child;
}
