import type { Connection } from 'mongoose';
import { loadAppConfig } from '../../config/app-config';
import { DatabaseThrottlerStorage } from './database-throttler-storage';
import { MemoryThrottlerStorage } from './memory-throttler-storage';
import { rateLimitStorage } from './rate-limit-storage';

describe('the rate-limit store a deployment chooses (RATE_LIMIT_STORE)', () => {
  const connection = { models: {}, model: jest.fn(() => ({ collection: {} })) } as unknown as Connection;

  it('keeps budgets in this process unless told otherwise', () => {
    expect(loadAppConfig({ NODE_ENV: 'development' }).rateLimitStore).toBe('memory');
    expect(rateLimitStorage('memory', connection)).toBeInstanceOf(MemoryThrottlerStorage);
    expect(connection.model).not.toHaveBeenCalled();
  });

  it('shares them through the database when several processes serve', () => {
    expect(loadAppConfig({ NODE_ENV: 'development', RATE_LIMIT_STORE: 'database' }).rateLimitStore).toBe('database');
    expect(rateLimitStorage('database', connection)).toBeInstanceOf(DatabaseThrottlerStorage);
    expect(connection.model).toHaveBeenCalledWith('RateLimitBucket', expect.anything());
  });

  it('refuses an unknown store at start-up', () => {
    expect(() => loadAppConfig({ NODE_ENV: 'development', RATE_LIMIT_STORE: 'redis' })).toThrow(/RATE_LIMIT_STORE/);
  });
});
