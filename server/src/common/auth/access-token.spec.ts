import { SignJWT } from 'jose';
import { AppError } from '../errors/app-error';
import { AccessTokens } from './access-token';

const secret = 'a-test-secret-that-is-long-enough-for-hs256';

describe('AccessTokens', () => {
  let clock = new Date('2026-11-22T08:00:00Z');
  const tokens = new AccessTokens(secret, 900, 'memberloop', () => clock);

  afterEach(() => {
    clock = new Date('2026-11-22T08:00:00Z');
  });

  it('round-trips a member and a scoped manager', async () => {
    const member = await tokens.issue({ kind: 'member', memberId: 'm1' });
    expect(member.expiresAt).toEqual(new Date('2026-11-22T08:15:00Z'));
    await expect(tokens.verify(member.token)).resolves.toEqual({ kind: 'member', memberId: 'm1' });

    const manager = await tokens.issue({
      kind: 'staff',
      memberId: 'm2',
      role: 'manager',
      communityIds: ['c1'],
      storeIds: ['s9'],
    });
    await expect(tokens.verify(manager.token)).resolves.toEqual({
      kind: 'staff',
      memberId: 'm2',
      role: 'manager',
      communityIds: ['c1'],
      storeIds: ['s9'],
    });
  });

  it('says TOKEN_EXPIRED once the token has lapsed, so the client refreshes', async () => {
    const { token } = await tokens.issue({ kind: 'member', memberId: 'm1' });
    clock = new Date('2026-11-22T08:15:01Z');
    await expect(tokens.verify(token)).rejects.toMatchObject({ code: 'TOKEN_EXPIRED' });
  });

  it('still refuses a token it verified before once it has lapsed, and hands each caller a principal of its own', async () => {
    const { token } = await tokens.issue({ kind: 'staff', memberId: 'm3', role: 'manager', communityIds: ['c1'], storeIds: [] });
    const first = await tokens.verify(token);
    const second = await tokens.verify(token);
    expect(second).toEqual(first);
    if (first.kind !== 'staff') throw new Error('a staff token names staff');
    first.communityIds.push('c2');
    expect(second).toMatchObject({ communityIds: ['c1'] });
    expect(await tokens.verify(token)).toMatchObject({ communityIds: ['c1'] });
    clock = new Date('2026-11-22T08:14:59Z');
    await expect(tokens.verify(token)).resolves.toMatchObject({ memberId: 'm3' });
    clock = new Date('2026-11-22T08:15:00Z');
    await expect(tokens.verify(token)).rejects.toMatchObject({ code: 'TOKEN_EXPIRED' });
  });

  it('refuses tampered tokens, other keys, unsigned tokens and garbage', async () => {
    const { token } = await tokens.issue({ kind: 'member', memberId: 'm1' });
    // The genuine token verified first, so it is remembered: a forgery reusing its signature is still checked.
    await expect(tokens.verify(token)).resolves.toEqual({ kind: 'member', memberId: 'm1' });
    const [header, , signature] = token.split('.');
    const forgedPayload = Buffer.from(
      JSON.stringify({ kind: 'staff', role: 'hq', sub: 'm1', iss: 'memberloop', exp: 2e9 }),
    ).toString('base64url');
    const attempts = [
      `${header}.${forgedPayload}.${signature}`,
      await new SignJWT({ kind: 'member' })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('m1')
        .setIssuer('memberloop')
        .setExpirationTime('1h')
        .sign(new TextEncoder().encode('another-secret-that-is-long-enough-too!!')),
      `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"sub":"m1","kind":"member","iss":"memberloop"}').toString('base64url')}.`,
      'not-a-token',
    ];
    for (const attempt of attempts) {
      const error = await tokens.verify(attempt).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('UNAUTHENTICATED');
    }
  });

  it('refuses a secret too short for HS256', () => {
    expect(() => new AccessTokens('short', 900)).toThrow(/at least 32 bytes/);
  });
});
