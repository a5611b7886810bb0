import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import { AppError } from '../errors/app-error';
import type { Principal, StaffRole } from './principal';

/**
 * Short-lived access tokens (JWT, HS256) carrying the caller's identity (and, for the mini-program, the staff role
 * and scope at sign-in). They are not stored: revocation happens through the refresh token, which is. A staff
 * token's role and scope are never trusted: the access guard reads them from the database on every request.
 */
/** How many verified tokens a process remembers (about 300 bytes each): a few thousand members signed in at once. */
const VERIFIED_TOKENS_KEPT = 10_000;

export class AccessTokens {
  private readonly key: Uint8Array;
  /**
   * Tokens this process has verified, with who they name and when they stop being valid: a member's device sends
   * the same token with every request for its lifetime, and checking its signature again each time (the HMAC and
   * jose's parsing) is a good part of a cheap request. Only a token's expiry can make a verified token invalid
   * (nothing revokes an access token), and it is checked at each use.
   */
  private readonly verified = new Map<string, { principal: Principal; exp: number; nbf?: number }>();

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
    const known = this.verified.get(token);
    if (known) {
      const now = Math.floor(this.now().getTime() / 1000);
      // jose's checks, with no clock tolerance: expired from `exp` on, valid from `nbf` on.
      if (known.exp <= now) throw new AppError('TOKEN_EXPIRED', 'The access token has expired: refresh it.');
      if (known.nbf === undefined || known.nbf <= now) return copyOf(known.principal);
    }
    try {
      const { payload } = await jwtVerify(token, this.key, {
        issuer: this.issuer,
        algorithms: ['HS256'],
        currentDate: this.now(),
      });
      const memberId = payload.sub;
      if (!memberId) throw new AppError('UNAUTHENTICATED', 'The access token names no member.');
      let principal: Principal;
      if (payload.kind === 'member') principal = { kind: 'member', memberId };
      else if (payload.kind === 'staff' && (payload.role === 'manager' || payload.role === 'hq')) {
        principal = {
          kind: 'staff',
          memberId,
          role: payload.role as StaffRole,
          communityIds: stringArray(payload.communityIds),
          storeIds: stringArray(payload.storeIds),
        };
      } else throw new AppError('UNAUTHENTICATED', 'The access token is not valid.');
      // Tokens this server issues always expire; one without `exp` is verified each time.
      if (typeof payload.exp === 'number') this.remember(token, { principal, exp: payload.exp, nbf: payload.nbf });
      return copyOf(principal);
    } catch (error) {
      if (error instanceof AppError) throw error;
      if (error instanceof joseErrors.JWTExpired)
        throw new AppError('TOKEN_EXPIRED', 'The access token has expired: refresh it.');
      throw new AppError('UNAUTHENTICATED', 'The access token is not valid.');
    }
  }

  private remember(token: string, entry: { principal: Principal; exp: number; nbf?: number }): void {
    // The oldest remembered token makes room (Map keeps insertion order); forgetting one only costs a verification.
    if (this.verified.size >= VERIFIED_TOKENS_KEPT) this.verified.delete(this.verified.keys().next().value!);
    this.verified.set(token, entry);
  }
}

/** Each request gets a principal of its own (callers may build on it). */
function copyOf(principal: Principal): Principal {
  if (principal.kind === 'staff')
    return { ...principal, communityIds: [...principal.communityIds], storeIds: [...principal.storeIds] };
  if (principal.kind === 'integration') return { ...principal, storeIds: [...principal.storeIds] };
  return { ...principal };
}

function stringArray(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
