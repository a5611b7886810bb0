import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import { AppError } from '../errors/app-error';
import type { Principal, StaffRole } from './principal';

/**
 * Short-lived access tokens (JWT, HS256) carrying the caller's identity (and, for the mini-program, the staff role
 * and scope at sign-in). They are not stored: revocation happens through the refresh token, which is. A staff
 * token's role and scope are never trusted: the access guard reads them from the database on every request.
 */
export class AccessTokens {
  private readonly key: Uint8Array;

  constructor(
    secret: string,
    private readonly ttlSeconds: number,
    private readonly issuer = 'memberloop',
    private readonly now: () => Date = () => new Date(),
  ) {
    if (Buffer.byteLength(secret) < 32) throw new Error('the access-token secret must be at least 32 bytes');
    this.key = new TextEncoder().encode(secret);
  }

  async issue(principal: Exclude<Principal, { kind: 'integration' }>): Promise<{ token: string; expiresAt: Date }> {
    const issuedAt = Math.floor(this.now().getTime() / 1000);
    const claims: Record<string, unknown> = { kind: principal.kind };
    if (principal.kind === 'staff')
      Object.assign(claims, { role: principal.role, communityIds: principal.communityIds, storeIds: principal.storeIds });
    const token = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(principal.memberId)
      .setIssuer(this.issuer)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + this.ttlSeconds)
      .sign(this.key);
    return { token, expiresAt: new Date((issuedAt + this.ttlSeconds) * 1000) };
  }

  /** The caller behind a bearer token; TOKEN_EXPIRED lets the client refresh, anything else is UNAUTHENTICATED. */
  async verify(token: string): Promise<Principal> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        issuer: this.issuer,
        algorithms: ['HS256'],
        currentDate: this.now(),
      });
      const memberId = payload.sub;
      if (!memberId) throw new AppError('UNAUTHENTICATED', 'The access token names no member.');
      if (payload.kind === 'member') return { kind: 'member', memberId };
      if (payload.kind === 'staff' && (payload.role === 'manager' || payload.role === 'hq')) {
        return {
          kind: 'staff',
          memberId,
          role: payload.role as StaffRole,
          communityIds: stringArray(payload.communityIds),
          storeIds: stringArray(payload.storeIds),
        };
      }
      throw new AppError('UNAUTHENTICATED', 'The access token is not valid.');
    } catch (error) {
      if (error instanceof AppError) throw error;
      if (error instanceof joseErrors.JWTExpired)
        throw new AppError('TOKEN_EXPIRED', 'The access token has expired: refresh it.');
      throw new AppError('UNAUTHENTICATED', 'The access token is not valid.');
    }
  }
}

function stringArray(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
