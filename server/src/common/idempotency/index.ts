export { Idempotent } from './idempotent.decorator';
export { IdempotencyInterceptor } from './idempotency.interceptor';
export { IdempotentRequest, IdempotentRequestSchema } from './idempotent-request.schema';
