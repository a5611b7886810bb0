import { AppError } from './errors/app-error';

export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;

/** The client's Idempotency-Key header, required on member writes that must happen once however often retried. */
export function requireIdempotencyKey(key: string | undefined, what: string): string {
  if (!key || !IDEMPOTENCY_KEY_PATTERN.test(key)) {
    throw new AppError(
      'VALIDATION_FAILED',
      `Send an Idempotency-Key header (8 to 64 letters, digits, - or _) so a retry ${what} once.`,
      {
        issues: [{ path: 'headers.idempotency-key', message: 'required: 8 to 64 of A-Z a-z 0-9 - _' }],
      },
    );
  }
  return key;
}
