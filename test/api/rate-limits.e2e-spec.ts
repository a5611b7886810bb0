import { getModelToken } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { Member } from '../../server/src/members/schemas/member.schema';
import { fakeLoginCode } from '../../server/src/wechat/fake/fake-wechat-identities';
import { startApp, type RunningApp } from '../support/app';
import { authorized } from '../support/sessions';

describe('rate limits and request size limits', () => {
  let running: RunningApp;

  beforeAll(async () => {
    running = await startApp({ RATE_LIMIT_SCALE: '1' });
  });
  afterAll(async () => {
    await running?.close();
  });

  const login = (name: string) =>
    fetch(`${running.baseUrl}/api/v1/auth/wechat-login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: fakeLoginCode(name) }),
    });

  it('limits logins per client address: past 120 in a minute they are refused with Retry-After, changing nothing', async () => {
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => login(`limited-${i}`)));
    const refused = results.filter((r) => r.status === 429);
    // 120 at once, plus the two a second the bucket refills while they are served.
    expect(refused.length).toBeGreaterThanOrEqual(1);
    expect(refused.length).toBeLessThanOrEqual(80);
    expect(Number(refused[0].headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await refused[0].json()).toMatchObject({ code: 'RATE_LIMITED', details: { retryAfterSeconds: expect.any(Number) } });
    // Refused before the handler: only the admitted logins registered anyone.
    const members = running.app.get<Model<Member>>(getModelToken(Member.name));
    expect(await members.countDocuments({ memberNo: { $exists: true } })).toBe(200 - refused.length);
  });

  it('limits a member’s daily sign-in taps per member, not for everyone', async () => {
    // Logins are used up for this address above: make the sessions directly through the service.
    const { AuthService } = await import('../../server/src/auth/auth.service');
    const auth = running.app.get(AuthService);
    const [a, b] = await Promise.all([
      auth.loginWithWechat(fakeLoginCode('tapper-a')),
      auth.loginWithWechat(fakeLoginCode('tapper-b')),
    ]);
    const tapA = authorized(running, a.accessToken);
    const results = await Promise.all(Array.from({ length: 12 }, () => tapA('/api/v1/me/sign-in', { method: 'POST' })));
    expect(results.filter((r) => r.status === 429)).toHaveLength(2);
    expect(results.filter((r) => r.status === 200)).toHaveLength(10);
    // One sign-in paid however many taps went through.
    const bodies = (await Promise.all(results.filter((r) => r.status === 200).map((r) => r.json()))) as Array<{
      signedIn: boolean;
    }>;
    expect(bodies.filter((x) => x.signedIn)).toHaveLength(1);
    expect((await authorized(running, b.accessToken)('/api/v1/me/sign-in', { method: 'POST' })).status).toBe(200);
  });

  it('refuses bodies over 1 MB before any handler runs', async () => {
    const { AuthService } = await import('../../server/src/auth/auth.service');
    const session = await running.app.get(AuthService).loginWithWechat(fakeLoginCode('big-body'));
    const response = await fetch(`${running.baseUrl}/api/v1/me/profile`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${session.accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ nickname: 'x'.repeat(1024 * 1024 + 10) }),
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
  });

  it('does not limit endpoints without a limit', async () => {
    const results = await Promise.all(Array.from({ length: 50 }, () => fetch(`${running.baseUrl}/api/v1/program`)));
    expect(results.every((r) => r.status === 200)).toBe(true);
  });
});

describe('rate limits behind a proxy (TRUST_PROXY)', () => {
  let running: RunningApp;

  beforeAll(async () => {
    // One login a minute per address, to see the addresses apart.
    running = await startApp({ TRUST_PROXY: 'true', RATE_LIMIT_SCALE: '0.001' });
  });
  afterAll(async () => {
    await running?.close();
  });

  const loginFrom = (address: string, name: string) =>
    fetch(`${running.baseUrl}/api/v1/auth/wechat-login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
      body: JSON.stringify({ code: fakeLoginCode(name) }),
    });

  it('counts each client address the proxy forwards, not the proxy', async () => {
    expect((await loginFrom('203.0.113.7', 'proxied-a')).status).toBe(200);
    expect((await loginFrom('203.0.113.7', 'proxied-b')).status).toBe(429);
    expect((await loginFrom('198.51.100.9', 'proxied-c')).status).toBe(200);
  });
});
