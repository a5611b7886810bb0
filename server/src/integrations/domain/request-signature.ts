import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Stores and the online shop sign every request: HMAC-SHA256 over `<X-Timestamp>\n<raw body>` with their
 * integration's secret, hex-encoded in X-Signature. A request outside the time window is refused so a
 * captured request cannot be replayed later; within the window, idempotency keys make replays harmless.
 */
export const SIGNATURE_WINDOW_MS = 5 * 60 * 1000;

export function signIntegrationRequest(secret: string, timestamp: string, rawBody: string): string {
  return createHmac('sha256', secret).update(`${timestamp}\n${rawBody}`).digest('hex');
}

export type SignatureCheck =
  { ok: true } | { ok: false; reason: 'MISSING_HEADERS' | 'BAD_TIMESTAMP' | 'EXPIRED' | 'BAD_SIGNATURE' };

export function verifyIntegrationSignature(input: {
  secret: string;
  timestamp: string | undefined;
  signature: string | undefined;
  rawBody: string;
  now: Date;
  windowMs?: number;
}): SignatureCheck {
  const { secret, timestamp, signature, rawBody, now } = input;
  if (!timestamp || !signature) return { ok: false, reason: 'MISSING_HEADERS' };
  // Unix seconds or milliseconds, digits only: anything else is not a timestamp we issued.
  if (!/^\d{10,13}$/.test(timestamp)) return { ok: false, reason: 'BAD_TIMESTAMP' };
  const sentAt = timestamp.length <= 10 ? Number(timestamp) * 1000 : Number(timestamp);
  if (Math.abs(now.getTime() - sentAt) > (input.windowMs ?? SIGNATURE_WINDOW_MS)) return { ok: false, reason: 'EXPIRED' };
  if (!/^[0-9a-f]{64}$/i.test(signature)) return { ok: false, reason: 'BAD_SIGNATURE' };
  const expected = Buffer.from(signIntegrationRequest(secret, timestamp, rawBody), 'hex');
  const given = Buffer.from(signature, 'hex');
  return timingSafeEqual(expected, given) ? { ok: true } : { ok: false, reason: 'BAD_SIGNATURE' };
}
