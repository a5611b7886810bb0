import { SIGNATURE_WORKED_EXAMPLE, INTEGRATION_SIGNATURE_DESCRIPTION } from '../signature-scheme.doc';
import { signIntegrationRequest, verifyIntegrationSignature } from './request-signature';

describe('integration request signatures', () => {
  const secret = 'store-secret-for-tests';
  const rawBody = '{"orderId":"S-1001","totalFen":39900}';
  const now = new Date('2026-11-22T08:00:00Z');
  const timestamp = String(Math.floor(now.getTime() / 1000));
  const nonce = 'nonce-for-tests-0001';
  const request = { method: 'POST', target: '/api/v1/purchases', timestamp, nonce, rawBody };
  const signature = signIntegrationRequest(secret, request);
  const verify = (changes: Partial<Parameters<typeof verifyIntegrationSignature>[0]> = {}) =>
    verifyIntegrationSignature({ secret, ...request, signature, now, ...changes });

  it('produces the worked example of the API description exactly', () => {
    const example = SIGNATURE_WORKED_EXAMPLE;
    const exampleRequest = { ...example, rawBody: example.body };
    expect(signIntegrationRequest(example.secret, exampleRequest)).toBe(example.signature);
    expect(
      verifyIntegrationSignature({
        ...exampleRequest,
        secret: example.secret,
        now: new Date(Number(example.timestamp) * 1000 + 60_000),
      }),
    ).toEqual({ ok: true, sentAt: new Date(Number(example.timestamp) * 1000) });
    expect(INTEGRATION_SIGNATURE_DESCRIPTION).toContain(example.signature);
    expect(INTEGRATION_SIGNATURE_DESCRIPTION).toContain(example.canonical.split('\n').join('\n    '));
  });

  it('accepts a correctly signed, fresh request (seconds or milliseconds), whatever the order of its query', () => {
    expect(verify()).toEqual({ ok: true, sentAt: now });
    const ms = String(now.getTime());
    expect(verify({ timestamp: ms, signature: signIntegrationRequest(secret, { ...request, timestamp: ms }) }).ok).toBe(true);
    const queried = { ...request, target: '/api/v1/x?b=2&a=1' };
    expect(verify({ target: '/api/v1/x?a=1&b=2', signature: signIntegrationRequest(secret, queried) })).toEqual({
      ok: true,
      sentAt: now,
    });
  });

  it('refuses the signature for another body, path, method, query, nonce or secret', () => {
    const refused = { ok: false, reason: 'BAD_SIGNATURE' };
    expect(verify({ rawBody: rawBody.replace('39900', '1') })).toEqual(refused);
    expect(verify({ target: '/api/v1/refunds' })).toEqual(refused);
    expect(verify({ method: 'PUT' })).toEqual(refused);
    expect(verify({ target: '/api/v1/purchases?dryRun=1' })).toEqual(refused);
    expect(verify({ nonce: 'nonce-for-tests-0002' })).toEqual(refused);
    expect(verify({ secret: 'other' })).toEqual(refused);
    expect(verify({ signature: 'zz' })).toEqual(refused);
    expect(verify({ target: '/api/v1/purchases?a=%E4' })).toEqual(refused);
  });

  it('refuses a request outside the five-minute window, either side', () => {
    expect(verify({ now: new Date(now.getTime() + 5 * 60 * 1000 + 1000) })).toEqual({ ok: false, reason: 'EXPIRED' });
    expect(verify({ now: new Date(now.getTime() - 6 * 60 * 1000) })).toEqual({ ok: false, reason: 'EXPIRED' });
  });

  it('refuses missing headers, non-numeric timestamps and malformed nonces', () => {
    expect(verify({ timestamp: undefined })).toEqual({ ok: false, reason: 'MISSING_HEADERS' });
    expect(verify({ nonce: undefined })).toEqual({ ok: false, reason: 'MISSING_HEADERS' });
    expect(verify({ signature: undefined })).toEqual({ ok: false, reason: 'MISSING_HEADERS' });
    expect(verify({ timestamp: '2026-11-22' })).toEqual({ ok: false, reason: 'BAD_TIMESTAMP' });
    expect(verify({ nonce: 'short' })).toEqual({ ok: false, reason: 'BAD_NONCE' });
    expect(verify({ nonce: 'n'.repeat(65) })).toEqual({ ok: false, reason: 'BAD_NONCE' });
  });
});
