import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { exited, freePort, startServerProcess } from '../../server/bench/processes';
import { fakeLoginCode } from '../../server/src/wechat/fake/fake-wechat-identities';

/**
 * A brand deploying MemberLoop: the server refuses an unsafe production start and never offers the local WeChat
 * fake there; the first HQ account and every staff change come from `npm run hq`, on the deployed server's
 * database while it runs, in the audit log, applying at the staff member's next request.
 */
const ROOT = resolve(__dirname, '../..');
const TEMPLATES = ['POINTS_EXPIRING', 'TIER_CHANGED', 'COUPON_EXPIRING', 'GROUP_BUY_RESULT', 'ACTIVITY_UPDATE'];
const REQUIRED = ['PERSONAL_DATA_KEY', 'ACCESS_TOKEN_SECRET', 'BRAND_NAME', 'WECHAT_APP_ID', 'WECHAT_APP_SECRET']
  .concat(
    [...TEMPLATES, 'COMMUNITY_ANNOUNCEMENT', 'REWARD_ISSUED', 'SERVICE_TICKET_REPLY', 'MEMBERSHIP_RENEWAL'].map(
      (t) => `WECHAT_TEMPLATE_${t}`,
    ),
  )
  .concat('WECHAT_API_BASE');

/** A shell's environment without any of MemberLoop's settings (the suite runs with NODE_ENV=test). */
function bareEnvironment(extra: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: process.env.HOME, ...extra };
}

interface Run {
  child: ChildProcess;
  output(): string;
  done: Promise<number | null>;
  /** Stops the command and everything it started (npm's shell and the server under it). */
  stop(): Promise<void>;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Run {
  // Its own process group: npm does not pass SIGTERM down to the server it started, so the group is signalled.
  const child = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const closed = new Promise<void>((settle) => child.once('close', () => settle()));
  const done = new Promise<number | null>((settle) => child.once('exit', (code) => settle(code)));
  const stop = async () => {
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      // the group has already gone
    }
    // 'close': every process holding its output has gone, the server under npm included.
    await closed;
  };
  return { child, output: () => output, done, stop };
}

async function healthy(baseUrl: string, run: Run): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (run.child.exitCode !== null) throw new Error(`the server exited: ${run.output()}`);
    if (
      await fetch(`${baseUrl}/health`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the server did not come up: ${run.output()}`);
}

describe('a production start is safe by default', () => {
  const dir = mkdtempSync(join(tmpdir(), 'memberloop-production-'));
  const empty = join(dir, 'empty.env');
  writeFileSync(empty, '');

  it('exits within seconds without NODE_ENV or secrets, naming every missing setting in one message', async () => {
    const started = Date.now();
    const server = run(process.execPath, ['server/dist/main.js'], bareEnvironment({ ENV_FILE: empty, DATA_DIR: dir }));
    expect(await server.done).toBe(1);
    expect(Date.now() - started).toBeLessThan(10_000);
    const message = server.output();
    expect(message).toContain('NODE_ENV is not set, so this is a production start');
    for (const name of REQUIRED) expect(message).toMatch(new RegExp(`^  - ${name}: `, 'm'));
    expect(message).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m); // one message, no stack trace
  });

  it('starts the documented way (npm run start:production with .env) and refuses the fake WeChat login', async () => {
    const port = await freePort();
    const closedWechatPort = await freePort();
    const settings = join(dir, 'production.env');
    writeFileSync(
      settings,
      [
        `PERSONAL_DATA_KEY=${Buffer.alloc(32, 9).toString('base64')}`,
        `ACCESS_TOKEN_SECRET=${'s'.repeat(48)}`,
        'BRAND_NAME=示例咖啡',
        'WECHAT_APP_ID=wx1234567890abcdef',
        'WECHAT_APP_SECRET=0123456789abcdef0123456789abcdef',
        // The real WeChat is not reachable from this machine: a closed port stands for it.
        `WECHAT_API_BASE=https://127.0.0.1:${closedWechatPort}`,
        'WECHAT_TIMEOUT_MS=1000',
        ...REQUIRED.filter((n) => n.startsWith('WECHAT_TEMPLATE_')).map((n) => `${n}=tpl-${n.length}`),
        'HOST=127.0.0.1',
        `PORT=${port}`,
        `DATA_DIR=${dir}`,
        `H5_DIR=${join(dir, 'no-h5')}`,
        'JOBS_ENABLED=false',
        'MONGODB_URI=',
        'CORS_ORIGINS=',
      ].join('\n'),
    );
    const server = run('npm', ['run', 'start:production'], bareEnvironment({ ENV_FILE: settings }));
    try {
      const baseUrl = `http://127.0.0.1:${port}`;
      await healthy(baseUrl, server);
      const login = await fetch(`${baseUrl}/api/v1/auth/wechat-login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code: fakeLoginCode('intruder') }),
      });
      const body = (await login.json()) as Record<string, unknown>;
      expect(login.status).toBe(503);
      expect(body).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
      expect(JSON.stringify(body)).not.toMatch(/accessToken|refreshToken/);
      expect(server.output()).not.toMatch(/local fake/i);
      // CORS: production allows no other origin unless told to.
      const preflight = await fetch(`${baseUrl}/api/v1/auth/wechat-login`, {
        method: 'OPTIONS',
        headers: { origin: 'http://localhost:10086', 'access-control-request-method': 'POST' },
      });
      expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await server.stop();
    }
  });
});

describe('npm run hq: staff accounts from the command line, on the running server', () => {
  const dir = mkdtempSync(join(tmpdir(), 'memberloop-hq-'));
  const empty = join(dir, 'empty.env');
  writeFileSync(empty, '');
  const env = { EMBEDDED_DB_IN_MEMORY: 'false', DATA_DIR: dir };
  let server: { child: ChildProcess; baseUrl: string };

  beforeAll(async () => {
    server = await startServerProcess(env);
  });
  afterAll(async () => {
    server?.child.kill('SIGTERM');
    if (server) await exited(server.child);
  });

  async function hq(...args: string[]): Promise<{ code: number | null; output: string }> {
    const command = run('npm', ['run', '--silent', 'hq', '--', ...args], {
      ...process.env,
      NODE_ENV: 'development',
      ENV_FILE: empty,
      ...env,
    });
    const code = await command.done;
    return { code, output: command.output() };
  }

  async function login(name: string): Promise<{ token: string; refreshToken: string; memberNo: string }> {
    const response = await fetch(`${server.baseUrl}/api/v1/auth/wechat-login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: fakeLoginCode(name) }),
    });
    const body = (await response.json()) as { accessToken: string; refreshToken: string; member: { memberNo: string } };
    return { token: body.accessToken, refreshToken: body.refreshToken, memberNo: body.member.memberNo };
  }

  const programmeRules = (token: string) =>
    fetch(`${server.baseUrl}/api/v1/hq/programme-rules`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.status);

  it('grants the first HQ, lists it, revokes it: each at the next request, each in the audit log', async () => {
    const owner = await login('brand-owner');
    expect(await programmeRules(owner.token)).toBe(403);

    const granted = await hq('grant', owner.memberNo, 'hq');
    expect(granted).toMatchObject({ code: 0 });
    expect(granted.output).toContain(`${owner.memberNo}: no staff role -> HQ`);
    // A member's token carries no staff rights: the grant comes with their next sign-in or token refresh (the app
    // refreshes within the access token's 15 minutes).
    const refreshed = await fetch(`${server.baseUrl}/api/v1/auth/refresh`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken: owner.refreshToken }),
    }).then((r) => r.json() as Promise<{ accessToken: string }>);
    owner.token = refreshed.accessToken;
    expect(await programmeRules(owner.token)).toBe(200);

    const manager = await login('store-manager');
    expect(await hq('grant', manager.memberNo, 'manager', '--stores', 'S01,S02')).toMatchObject({ code: 0 });
    const list = await hq('list');
    expect(list.code).toBe(0);
    expect(list.output).toMatch(new RegExp(`${owner.memberNo}\\s.*HQ`));
    expect(list.output).toMatch(new RegExp(`${manager.memberNo}\\s.*manager \\(stores S01, S02\\)`));

    const audit = await fetch(`${server.baseUrl}/api/v1/hq/audit-log?action=staff.role-grant`, {
      headers: { authorization: `Bearer ${owner.token}` },
    }).then((r) => r.json() as Promise<{ entries: Array<{ action: string; target: { id: string }; actor: string }> }>);
    expect(audit.entries.map((e) => e.target.id).sort()).toEqual([manager.memberNo, owner.memberNo].sort());
    expect(audit.entries.every((e) => e.actor.startsWith('cli:'))).toBe(true);

    // A change or a revocation applies at the very next request, with the token they hold.
    const demoted = await hq('grant', owner.memberNo, 'manager', '--stores', 'S01');
    expect(demoted.output).toContain(`${owner.memberNo}: HQ -> manager (stores S01)`);
    expect(await programmeRules(owner.token)).toBe(403);
    expect(await hq('grant', owner.memberNo, 'hq')).toMatchObject({ code: 0 });
    expect(await programmeRules(owner.token)).toBe(200);
    const revoked = await hq('revoke', owner.memberNo);
    expect(revoked).toMatchObject({ code: 0 });
    expect(revoked.output).toContain('Warning: no HQ account is left');
    expect(await programmeRules(owner.token)).toBe(403);
  });

  it('says what is wrong with a command or a member, and changes nothing', async () => {
    const unknown = await hq('grant', 'M99999999', 'hq');
    expect(unknown.code).toBe(2);
    expect(unknown.output).toContain('No member with member number M99999999');
    const badRole = await hq('grant', 'M00000001', 'owner');
    expect(badRole.code).toBe(2);
    expect(badRole.output).toContain('the role is hq or manager, not "owner"');
    const badWho = await hq('revoke', 'alice');
    expect(badWho.code).toBe(2);
    expect(badWho.output).toContain('neither a member number');
    const storesForHq = await hq('grant', 'M00000001', 'hq', '--stores', 'S01');
    expect(storesForHq.code).toBe(2);
  });
});
