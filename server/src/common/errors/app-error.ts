import { httpStatusOf, type ErrorCode } from '@memberloop/shared';

/**
 * An expected failure with a stable code from shared/. Services throw it; the global filter turns it
 * into `{ code, message, details? }` with the code's HTTP status.
 */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }

  get status(): number {
    return httpStatusOf(this.code);
  }
}
