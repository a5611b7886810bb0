/**
 * How a store system (a till, the online shop) signs a request to the ingest API: the reference client.
 *
 * The signature is HMAC-SHA256, keyed with the integration's secret, over a canonical string that binds
 * everything the request does, so a captured request cannot be replayed against another path, method or
 * query, nor sent again (the nonce is accepted once):
 *
 *     <METHOD>\n<path>\n<canonical query>\n<X-Timestamp>\n<X-Nonce>\n<SHA-256 hex of the raw body>
 *
 * This module is pure and has no crypto of its own: shared/ is bundled into the mini-program, which must not
 * pull in node:crypto, so the caller passes the two primitives of its platform (node:crypto on a server or a
 * till, any SHA-256/HMAC library elsewhere). The scheme is defined once, here; the server verifies with it.
 */

/** The headers a signed request carries (HTTP header names are case-insensitive). */
export const INTEGRATION_SIGNATURE_HEADERS = {
  integrationId: 'X-Integration-Id',
  timestamp: 'X-Timestamp',
  nonce: 'X-Nonce',
  signature: 'X-Signature',
} as const;

/** A nonce: 16 to 64 characters of A–Z, a–z, 0–9, "_" and "-" (e.g. a UUID without braces, or 24 random base64url bytes). */
export const INTEGRATION_NONCE_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;

/** The crypto a signer needs, from its platform. Both return lowercase hex. */
export interface SignatureCrypto {
  sha256Hex(data: string): string;
  hmacSha256Hex(key: string, data: string): string;
}

export interface SignableRequest {
  /** GET, POST, … (compared in upper case). */
  method: string;
  /** The path as sent on the request line, without the query: `/api/v1/purchases`. */
  path: string;
  /** The query string as sent, without "?" (or "" when there is none). */
  query: string;
  /** Unix time in seconds (10 digits) or milliseconds (13 digits), as sent in X-Timestamp. */
  timestamp: string;
  /** As sent in X-Nonce; never reused. */
  nonce: string;
  /** The exact body bytes sent, as UTF-8 text ("" when there is no body). */
  body: string;
}

/** A query string that cannot be canonicalized (a malformed %-escape): such a request cannot be signed. */
export class UnsignableQueryError extends Error {
  constructor(part: string) {
    super(`the query part "${part}" is not valid percent-encoding`);
    this.name = 'UnsignableQueryError';
  }
}

/** RFC 3986 encoding: everything but A–Z a–z 0–9 - . _ ~ as %XX of its UTF-8 bytes (upper-case hex). */
function encodeRfc3986(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Decoded ("+" is a space) and encoded again; a malformed escape or a lone surrogate cannot be signed. */
function normalizeQueryComponent(text: string): string {
  try {
    return encodeRfc3986(decodeURIComponent(text.replace(/\+/g, ' ')));
  } catch {
    throw new UnsignableQueryError(text);
  }
}

/**
 * The canonical form of a query string: each `name=value` pair decoded ("+" is a space) and encoded again
 * the RFC 3986 way, empty parts dropped, pairs sorted by name and then value (by UTF-16 code units), joined
 * with "&". So `b=2&a=x y&a=1` and `a=1&a=x%20y&b=2` sign the same.
 */
export function canonicalQuery(query: string): string {
  const stripped = query.startsWith('?') ? query.slice(1) : query;
  const pairs = stripped
    .split('&')
    .filter((part) => part !== '')
    .map((part) => {
      const equals = part.indexOf('=');
      const name = equals === -1 ? part : part.slice(0, equals);
      const value = equals === -1 ? '' : part.slice(equals + 1);
      return [normalizeQueryComponent(name), normalizeQueryComponent(value)] as const;
    });
  pairs.sort(([nameA, valueA], [nameB, valueB]) =>
    nameA < nameB ? -1 : nameA > nameB ? 1 : valueA < valueB ? -1 : valueA > valueB ? 1 : 0,
  );
  return pairs.map(([name, value]) => `${name}=${value}`).join('&');
}

/** The string that is signed, given the SHA-256 hex of the body. */
export function canonicalIntegrationRequest(request: Omit<SignableRequest, 'body'> & { bodySha256Hex: string }): string {
  return [
    request.method.toUpperCase(),
    request.path,
    canonicalQuery(request.query),
    request.timestamp,
    request.nonce,
    request.bodySha256Hex.toLowerCase(),
  ].join('\n');
}

/** Signs a request: the canonical string and the X-Signature value (lowercase hex). */
export function signIntegrationRequest(
  secret: string,
  request: SignableRequest,
  crypto: SignatureCrypto,
): { canonical: string; signature: string } {
  const canonical = canonicalIntegrationRequest({ ...request, bodySha256Hex: crypto.sha256Hex(request.body) });
  return { canonical, signature: crypto.hmacSha256Hex(secret, canonical) };
}

/** Splits a request target (`/path?query`) into its path and query, as the signature sees them. */
export function splitRequestTarget(target: string): { path: string; query: string } {
  const mark = target.indexOf('?');
  return mark === -1 ? { path: target, query: '' } : { path: target.slice(0, mark), query: target.slice(mark + 1) };
}
