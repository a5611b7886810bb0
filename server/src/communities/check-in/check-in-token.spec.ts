import { CheckInTokenSigner } from './check-in-token';

describe('CheckInTokenSigner', () => {
  const signer = new CheckInTokenSigner('a-test-secret-that-is-long-enough-0001');
  const activityId = '65f0c0ffee0000000000a001';
  const memberId = '65f0c0ffee0000000000b002';
  const now = new Date('2026-05-01T10:00:00Z');
  const inAMinute = new Date(now.getTime() + 60_000);

  it('reads back what it signed until it expires', () => {
    const token = signer.signMember(activityId, memberId, inAMinute);
    expect(signer.verifyMember(token, now)).toEqual({ activityId, memberId });
    expect(signer.verifyMember(token, new Date(inAMinute.getTime() - 1))).not.toBeNull();
    expect(signer.verifyMember(token, inAMinute)).toBeNull();
    const code = signer.signSite(activityId, inAMinute);
    expect(signer.verifySite(code, now)).toEqual({ activityId });
    expect(signer.verifySite(code, inAMinute)).toBeNull();
  });

  it('refuses a member token as a site code and the other way round', () => {
    expect(signer.verifySite(signer.signMember(activityId, memberId, inAMinute), now)).toBeNull();
    expect(signer.verifyMember(signer.signSite(activityId, inAMinute), now)).toBeNull();
  });

  it('refuses anything altered, garbled, or signed with another secret', () => {
    const token = signer.signMember(activityId, memberId, inAMinute);
    const otherMember = token.replace(memberId, '65f0c0ffee0000000000b003');
    expect(signer.verifyMember(otherMember, now)).toBeNull();
    const later = token.replace(String(inAMinute.getTime()), String(inAMinute.getTime() + 3_600_000));
    expect(signer.verifyMember(later, now)).toBeNull();
    expect(signer.verifyMember(`${token.slice(0, -2)}xx`, now)).toBeNull();
    for (const garbage of ['', 'nodots', '...', 'm1.x.y.z.w']) expect(signer.verifyMember(garbage, now)).toBeNull();
    expect(new CheckInTokenSigner('another-secret-that-is-long-enough-002').verifyMember(token, now)).toBeNull();
  });

  it('gives each member of each activity a six-digit code for the minute, taken that minute and the next only', () => {
    const code = signer.shortCode(activityId, memberId, now);
    expect(code).toMatch(/^\d{6}$/);
    expect(signer.matchesShortCode(code, activityId, memberId, now)).toBe(true);
    expect(signer.matchesShortCode(code, activityId, memberId, new Date(now.getTime() + 60_000))).toBe(true);
    expect(signer.matchesShortCode(code, activityId, memberId, new Date(now.getTime() + 120_000))).toBe(false);
    expect(signer.matchesShortCode(code, activityId, '65f0c0ffee0000000000b003', now)).toBe(false);
    expect(signer.matchesShortCode(code, '65f0c0ffee0000000000a009', memberId, now)).toBe(false);
    expect(signer.matchesShortCode(code.slice(1), activityId, memberId, now)).toBe(false);
    expect(new CheckInTokenSigner('another-secret-that-is-long-enough-002').shortCode(activityId, memberId, now)).not.toBe(code);
  });
});
