import { createHash, createHmac } from 'node:crypto';
import fc from 'fast-check';
import {
  INTEGRATION_NONCE_PATTERN,
  UnsignableQueryError,
  canonicalIntegrationRequest,
  canonicalQuery,
  signIntegrationRequest,
  splitRequestTarget,
  type SignableRequest,
} from './integration-signature';

const nodeCrypto = {
  sha256Hex: (data: string) => createHash('sha256').update(data, 'utf8').digest('hex'),
  hmacSha256Hex: (key: string, data: string) => createHmac('sha256', key).update(data, 'utf8').digest('hex'),
};

const request: SignableRequest = {
  method: 'post',
  path: '/api/v1/holds/H-1/cancel',
  query: 'b=2&a=1',
  timestamp: '1795248000',
  nonce: 'n0nce-0123456789abcdef',
  body: '{"reason":"customer left"}',
};

describe('the integration request signature (reference client)', () => {
  it('signs the canonical string of method, path, canonical query, timestamp, nonce and body hash', () => {
    const bodyHash = createHash('sha256').update(request.body).digest('hex');
    const { canonical, signature } = signIntegrationRequest('s3cret', request, nodeCrypto);
    expect(canonical).toBe(`POST\n/api/v1/holds/H-1/cancel\na=1&b=2\n1795248000\nn0nce-0123456789abcdef\n${bodyHash}`);
    expect(signature).toBe(createHmac('sha256', 's3cret').update(canonical).digest('hex'));
    expect(signature).toMatch(/^[0-9a-f]{64}$/);
  });

  it('gives a different signature when any part of the request changes', () => {
    const base = signIntegrationRequest('s3cret', request, nodeCrypto).signature;
    const variants: Partial<SignableRequest>[] = [
      { method: 'PUT' },
      { path: '/api/v1/holds/H-2/cancel' },
      { path: '/api/v1/holds/H-1/commit' },
      { query: 'a=1&b=3' },
      { query: '' },
      { timestamp: '1795248001' },
      { nonce: 'n0nce-0123456789abcdeF' },
      { body: '{"reason":"customer left "}' },
    ];
    for (const variant of variants) {
      expect(signIntegrationRequest('s3cret', { ...request, ...variant }, nodeCrypto).signature).not.toBe(base);
    }
    expect(signIntegrationRequest('other', request, nodeCrypto).signature).not.toBe(base);
  });

  it('keeps fields apart: moving text between path and query changes the canonical string', () => {
    const a = canonicalIntegrationRequest({ ...request, path: '/x', query: 'y=1', bodySha256Hex: 'ab' });
    const b = canonicalIntegrationRequest({ ...request, path: '/x?y=1', query: '', bodySha256Hex: 'ab' });
    expect(a).not.toBe(b);
  });

  describe('canonical query', () => {
    it('sorts pairs, drops empty parts and normalizes the encoding', () => {
      expect(canonicalQuery('')).toBe('');
      expect(canonicalQuery('?b=2&a=1')).toBe('a=1&b=2');
      expect(canonicalQuery('a=2&a=1&&b')).toBe('a=1&a=2&b=');
      expect(canonicalQuery('q=x+y&r=%7e%41')).toBe('q=x%20y&r=~A');
      expect(canonicalQuery("name=it's(*)")).toBe('name=it%27s%28%2A%29');
      expect(canonicalQuery('city=%E4%B8%8A%E6%B5%B7')).toBe(canonicalQuery('city=上海'));
    });

    it('refuses malformed percent-encoding', () => {
      expect(() => canonicalQuery('a=%E4%B8')).toThrow(UnsignableQueryError);
      expect(() => canonicalQuery('a=%zz')).toThrow(UnsignableQueryError);
      expect(() => canonicalQuery('a=\uD800')).toThrow(UnsignableQueryError);
    });

    it('does not depend on the order of the pairs, and is idempotent', () => {
      const pair = fc.tuple(fc.string({ maxLength: 6 }), fc.string({ maxLength: 6 }));
      fc.assert(
        fc.property(fc.array(pair, { maxLength: 6 }), (pairs) => {
          const encode = (list: [string, string][]) =>
            list.map(([n, v]) => `${encodeURIComponent(n)}=${encodeURIComponent(v)}`).join('&');
          const forwards = canonicalQuery(encode(pairs));
          expect(canonicalQuery(encode([...pairs].reverse()))).toBe(forwards);
          expect(canonicalQuery(forwards)).toBe(forwards);
        }),
      );
    });
  });

  it('splits a request target into path and query', () => {
    expect(splitRequestTarget('/api/v1/purchases')).toEqual({ path: '/api/v1/purchases', query: '' });
    expect(splitRequestTarget('/a/b?x=1&y=?')).toEqual({ path: '/a/b', query: 'x=1&y=?' });
  });

  it('accepts only nonces of 16–64 characters of [A-Za-z0-9_-]', () => {
    expect(INTEGRATION_NONCE_PATTERN.test('a'.repeat(16))).toBe(true);
    expect(INTEGRATION_NONCE_PATTERN.test('A-z_9'.repeat(12) + 'abcd')).toBe(true);
    expect(INTEGRATION_NONCE_PATTERN.test('a'.repeat(15))).toBe(false);
    expect(INTEGRATION_NONCE_PATTERN.test('a'.repeat(65))).toBe(false);
    expect(INTEGRATION_NONCE_PATTERN.test('a'.repeat(15) + '\n')).toBe(false);
    expect(INTEGRATION_NONCE_PATTERN.test('a'.repeat(15) + '.')).toBe(false);
  });
});
