import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import {
  INTEGRATION_NONCE_PATTERN,
  UnsignableQueryError,
  signIntegrationRequest as signWith,
  splitRequestTarget,
  type SignatureCrypto,
} from '@memberloop/shared';

/**
 * Stores and the online shop sign every request: HMAC-SHA256 with their integration's secret over the canonical
 * string of method, path, query, X-Timestamp, X-Nonce and the body's SHA-256 (the scheme lives in shared/, the
 * reference client). A request outside the time window is refused so a captured request cannot be replayed later;
 * within the window its nonce is accepted once (the guard records it under a unique index).
 */
export const SIGNATURE_WINDOW_MS = 5 * 60 * 1000;

export const nodeSignatureCrypto: SignatureCrypto = {
  sha256Hex: (data) => createHash('sha256').update(data, 'utf8').digest('hex'),
  hmacSha256Hex: (key, data) => createHmac('sha256', key).update(data, 'utf8').digest('hex'),
};

/** What a store system sends: the request target is the path with its query, as on the request line. */
export interface IntegrationRequest {
  method: string;
  target: string;
  timestamp: string;
  nonce: string;
  rawBody: string;
}

/** The X-Signature of a request (Node's crypto). */
export function signIntegrationRequest(secret: string, request: IntegrationRequest): string {
  const { path, query } = splitRequestTarget(request.target);
  return signWith(secret, { ...request, path, query, body: request.rawBody }, nodeSignatureCrypto).signature;
}

export type SignatureRefusal = 'MISSING_HEADERS' | 'BAD_TIMESTAMP' | 'EXPIRED' | 'BAD_NONCE' | 'BAD_SIGNATURE';

export type SignatureCheck = { ok: true; sentAt: Date } | { ok: false; reason: SignatureRefusal };

/** Whether a request is signed by `secret` and fresh; the nonce's single use is the caller's to record. */
export function verifyIntegrationSignature(input: {
  secret: string;
  method: string;
  target: string;
  timestamp: string | undefined;
  nonce: string | undefined;
  signature: string | undefined;
  rawBody: string;
  now: Date;
  windowMs?: number;
}): SignatureCheck {
  const { secret, timestamp, nonce, signature, now } = input;
  if (!timestamp || !nonce || !signature) return { ok: false, reason: 'MISSING_HEADERS' };
  // Unix seconds or milliseconds, digits only: anything else is not a timestamp we issued.
  if (!/^\d{10,13}$/.test(timestamp)) return { ok: false, reason: 'BAD_TIMESTAMP' };
  const sentAt = timestamp.length <= 10 ? Number(timestamp) * 1000 : Number(timestamp);
  if (Math.abs(now.getTime() - sentAt) > (input.windowMs ?? SIGNATURE_WINDOW_MS)) return { ok: false, reason: 'EXPIRED' };
  if (!INTEGRATION_NONCE_PATTERN.test(nonce)) return { ok: false, reason: 'BAD_NONCE' };
  if (!/^[0-9a-f]{64}$/i.test(signature)) return { ok: false, reason: 'BAD_SIGNATURE' };
  let expectedHex: string;
  try {
    expectedHex = signIntegrationRequest(secret, { ...input, timestamp, nonce });
  } catch (error) {
    if (error instanceof UnsignableQueryError) return { ok: false, reason: 'BAD_SIGNATURE' };
    throw error;
  }
  const matches = timingSafeEqual(Buffer.from(expectedHex, 'hex'), Buffer.from(signature, 'hex'));
  return matches ? { ok: true, sentAt: new Date(sentAt) } : { ok: false, reason: 'BAD_SIGNATURE' };
}
