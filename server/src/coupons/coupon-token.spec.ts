import { CouponTokenSigner } from './coupon-token';

describe('coupon QR tokens', () => {
  const signer = new CouponTokenSigner('x'.repeat(40));
  const now = new Date('2026-05-01T00:00:00Z');
  const token = signer.sign('a'.repeat(24), 'b'.repeat(24), new Date(now.getTime() + 60_000));

  it('names the coupon and member until it expires', () => {
    expect(signer.verify(token, now)).toEqual({ couponId: 'a'.repeat(24), memberId: 'b'.repeat(24) });
    expect(signer.verify(token, new Date(now.getTime() + 60_000))).toBeNull();
  });

  it('refuses forged, altered and garbled tokens', () => {
    const [coupon, member, expiry, signature] = token.split('.');
    expect(signer.verify([coupon, member, String(Number(expiry) + 3_600_000), signature].join('.'), now)).toBeNull();
    expect(signer.verify(['c'.repeat(24), member, expiry, signature].join('.'), now)).toBeNull();
    expect(new CouponTokenSigner('y'.repeat(40)).verify(token, now)).toBeNull();
    expect(signer.verify('not-a-token', now)).toBeNull();
  });
});
