import { signIntegrationRequest, verifyIntegrationSignature } from './request-signature';

describe('integration request signatures', () => {
  const secret = 'store-secret-for-tests';
  const body = '{"orderId":"S-1001","totalFen":39900}';
  const now = new Date('2026-11-22T08:00:00Z');
  const ts = String(Math.floor(now.getTime() / 1000));
  const signature = signIntegrationRequest(secret, ts, body);

  it('accepts a correctly signed, fresh request (seconds or milliseconds)', () => {
    expect(verifyIntegrationSignature({ secret, timestamp: ts, signature, rawBody: body, now })).toEqual({ ok: true });
    const ms = String(now.getTime());
    expect(
      verifyIntegrationSignature({
        secret,
        timestamp: ms,
        signature: signIntegrationRequest(secret, ms, body),
        rawBody: body,
        now,
      }),
    ).toEqual({ ok: true });
  });

  it('refuses a changed body, a wrong secret or a malformed signature', () => {
    expect(verifyIntegrationSignature({ secret, timestamp: ts, signature, rawBody: body.replace('39900', '1'), now })).toEqual({
      ok: false,
      reason: 'BAD_SIGNATURE',
    });
    expect(verifyIntegrationSignature({ secret: 'other', timestamp: ts, signature, rawBody: body, now })).toEqual({
      ok: false,
      reason: 'BAD_SIGNATURE',
    });
    expect(verifyIntegrationSignature({ secret, timestamp: ts, signature: 'zz', rawBody: body, now })).toEqual({
      ok: false,
      reason: 'BAD_SIGNATURE',
    });
  });

  it('refuses a request outside the five-minute window, either side', () => {
    const late = new Date(now.getTime() + 5 * 60 * 1000 + 1000);
    expect(verifyIntegrationSignature({ secret, timestamp: ts, signature, rawBody: body, now: late })).toEqual({
      ok: false,
      reason: 'EXPIRED',
    });
    const early = new Date(now.getTime() - 6 * 60 * 1000);
    expect(verifyIntegrationSignature({ secret, timestamp: ts, signature, rawBody: body, now: early })).toEqual({
      ok: false,
      reason: 'EXPIRED',
    });
  });

  it('refuses missing headers and non-numeric timestamps', () => {
    expect(verifyIntegrationSignature({ secret, timestamp: undefined, signature, rawBody: body, now })).toEqual({
      ok: false,
      reason: 'MISSING_HEADERS',
    });
    expect(verifyIntegrationSignature({ secret, timestamp: '2026-11-22', signature, rawBody: body, now })).toEqual({
      ok: false,
      reason: 'BAD_TIMESTAMP',
    });
  });
});
