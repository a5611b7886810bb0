import { applyDecorators, UseInterceptors } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import { IDEMPOTENCY_KEY_PATTERN } from '../idempotency-key';
import { IdempotencyInterceptor, idempotencyOptions } from './idempotency.interceptor';

/**
 * Marks an endpoint as taking an Idempotency-Key header (as Stripe's API does): copies of a request sent at once
 * run once, a copy arriving while the first runs waits briefly for its answer or gets 409
 * IDEMPOTENCY_KEY_IN_PROGRESS, every later copy gets the first answer (success or error), and the key sent with
 * a different request is refused with IDEMPOTENCY_KEY_REUSED. `what` finishes "so a retry … once".
 */
export function Idempotent(what: string, key: 'required' | 'optional' = 'required'): MethodDecorator {
  return applyDecorators(
    idempotencyOptions({ key, what }),
    ApiHeader({
      name: 'Idempotency-Key',
      required: key === 'required',
      description: `8 to 64 of A-Z a-z 0-9 - _: a retry with the same key ${what} once and gets the first answer`,
      schema: { type: 'string', pattern: IDEMPOTENCY_KEY_PATTERN.source },
    }),
    UseInterceptors(IdempotencyInterceptor),
  );
}
