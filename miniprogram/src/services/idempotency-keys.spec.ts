import { ApiCallError } from './api-client';
import { IdempotencyKeys } from './idempotency-keys';

describe('IdempotencyKeys', () => {
  it('keeps the key across a lost reply, and starts afresh once the server answered', () => {
    const keys = new IdempotencyKeys();
    const first = keys.for('gift-1');
    expect(first).toMatch(/^[a-z0-9-]{8,64}$/);
    keys.settle('gift-1', new ApiCallError('NETWORK_ERROR', 'offline'));
    expect(keys.for('gift-1')).toBe(first);
    expect(keys.for('gift-2')).not.toBe(first);
    keys.settle('gift-1', new ApiCallError('OUT_OF_STOCK', 'gone', 409));
    const second = keys.for('gift-1');
    expect(second).not.toBe(first);
    keys.settle('gift-1');
    expect(keys.for('gift-1')).not.toBe(second);
  });
});
