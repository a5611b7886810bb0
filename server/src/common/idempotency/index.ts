export { Idempotent } from './idempotent.decorator';
export { IdempotencyInterceptor } from './idempotency.interceptor';
