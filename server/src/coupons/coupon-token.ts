import { createHmac, timingSafeEqual } from 'node:crypto';

/** How long a coupon's QR code stays valid: the mini-program refreshes it before then. */
export const COUPON_TOKEN_TTL_MS = 60_000;

/**
 * The token in a coupon's QR code: `<couponId>.<memberId>.<expiry ms>.<signature>`, HMAC-SHA256 with a key of
 * its own (derived from the server secret), so a screenshot is useless a minute later and nobody can forge one.
 */
export class CouponTokenSigner {
  private readonly key: Buffer;

  constructor(secret: string) {
    this.key = createHmac('sha256', secret).update('memberloop coupon qr v1').digest();
  }

  sign(couponId: string, memberId: string, expiresAt: Date): string {
    const body = `${couponId}.${memberId}.${expiresAt.getTime()}`;
    return `${body}.${this.mac(body)}`;
  }

  /** The coupon and member a token names, or null when forged, garbled or expired at `now`. */
  verify(token: string, now: Date): { couponId: string; memberId: string } | null {
    const parts = token.split('.');
    if (parts.length !== 4) return null;
    const [couponId, memberId, expiry, signature] = parts;
    const expected = Buffer.from(this.mac(`${couponId}.${memberId}.${expiry}`));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    if (!/^\d+$/.test(expiry) || Number(expiry) <= now.getTime()) return null;
    return { couponId, memberId };
  }

  private mac(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url');
  }
}
