import type { ThrottlerStorage } from '@nestjs/throttler';
import type { Connection } from 'mongoose';
import type { AppConfig } from '../../config/app-config';
import { DatabaseThrottlerStorage, rateLimitBuckets } from './database-throttler-storage';
import { MemoryThrottlerStorage } from './memory-throttler-storage';

/** Where the access guard keeps rate-limit budgets, as the deployment setting RATE_LIMIT_STORE says. */
export function rateLimitStorage(store: AppConfig['rateLimitStore'], connection: Connection): ThrottlerStorage {
  return store === 'database' ? new DatabaseThrottlerStorage(rateLimitBuckets(connection)) : new MemoryThrottlerStorage();
}
