import { createHmac, timingSafeEqual } from 'node:crypto';

/** How long a member's check-in QR code stays valid: the mini-program renews it before then. */
export const MEMBER_CHECK_IN_TOKEN_TTL_MS = 60_000;
/** How long the on-site code a manager displays stays valid: their screen renews it every minute, with slack for scanning. */
export const SITE_CHECK_IN_CODE_TTL_MS = 120_000;

const OBJECT_ID = /^[0-9a-f]{24}$/;

/** A member's short check-in code changes every minute and is taken for the minute it was shown and the next. */
export const SHORT_CODE_WINDOW_MS = 60_000;

/**
 * The two signed check-in codes, HMAC-SHA256 under a key of their own derived from the server secret:
 * - a member's QR token `m1.<activityId>.<memberId>.<expiry ms>.<mac>`, which the manager scans;
 * - an activity's on-site code `s1.<activityId>.<expiry ms>.<mac>`, which members scan.
 * The kind is part of what is signed, so neither can be passed off as the other, and both expire within minutes.
 */
export class CheckInTokenSigner {
  private readonly key: Buffer;

  constructor(secret: string) {
    this.key = createHmac('sha256', secret).update('memberloop activity check-in v1').digest();
  }

  signMember(activityId: string, memberId: string, expiresAt: Date): string {
    return this.seal(`m1.${activityId}.${memberId}.${expiresAt.getTime()}`);
  }

  signSite(activityId: string, expiresAt: Date): string {
    return this.seal(`s1.${activityId}.${expiresAt.getTime()}`);
  }

  /**
   * A member's six-digit check-in code for the minute `at` falls in, shown under their QR code for a desk without a
   * camera (the H5 build) to type: derived from the same key, the activity and the member, so it names one member of
   * one activity for one minute, and another activity's or minute's code is another number.
   */
  shortCode(activityId: string, memberId: string, at: Date): string {
    const window = Math.floor(at.getTime() / SHORT_CODE_WINDOW_MS);
    const mac = createHmac('sha256', this.key).update(`c1.${activityId}.${memberId}.${window}`).digest();
    return String(mac.readUInt32BE(0) % 1_000_000).padStart(6, '0');
  }

  /** Whether `code` is the member's short code now or in the minute before (typed as the minute turned). */
  matchesShortCode(code: string, activityId: string, memberId: string, now: Date): boolean {
    const previous = new Date(now.getTime() - SHORT_CODE_WINDOW_MS);
    const wanted = Buffer.from(code);
    return [now, previous].some((at) => {
      const expected = Buffer.from(this.shortCode(activityId, memberId, at));
      return expected.length === wanted.length && timingSafeEqual(expected, wanted);
    });
  }

  /** The activity and member a member's token names, or null when forged, garbled, of the other kind or expired. */
  verifyMember(token: string, now: Date): { activityId: string; memberId: string } | null {
    const parts = this.open(token, now);
    if (!parts || parts.length !== 4 || parts[0] !== 'm1' || !OBJECT_ID.test(parts[2])) return null;
    return { activityId: parts[1], memberId: parts[2] };
  }

  /** The activity an on-site code names, or null. */
  verifySite(code: string, now: Date): { activityId: string } | null {
    const parts = this.open(code, now);
    if (!parts || parts.length !== 3 || parts[0] !== 's1') return null;
    return { activityId: parts[1] };
  }

  private seal(body: string): string {
    return `${body}.${this.mac(body)}`;
  }

  /** The signed fields of an authentic, unexpired code (expiry last), or null. */
  private open(token: string, now: Date): string[] | null {
    const cut = token.lastIndexOf('.');
    if (cut < 0) return null;
    const body = token.slice(0, cut);
    const expected = Buffer.from(this.mac(body));
    const given = Buffer.from(token.slice(cut + 1));
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    const parts = body.split('.');
    const expiry = parts[parts.length - 1];
    if (!/^\d+$/.test(expiry) || Number(expiry) <= now.getTime()) return null;
    if (!OBJECT_ID.test(parts[1] ?? '')) return null;
    return parts;
  }

  private mac(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url');
  }
}
