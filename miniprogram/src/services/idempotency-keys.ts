import { ApiCallError } from './api-client';

function newKey(): string {
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}

/**
 * Idempotency keys for taps (redeem, claim): the same key for an item until the server has answered, so a retry
 * after a lost reply is done once; after an answer, success or refusal, the next tap is a new attempt.
 */
export class IdempotencyKeys {
  private readonly keys = new Map<string, string>();

  for(id: string): string {
    const key = this.keys.get(id) ?? newKey();
    this.keys.set(id, key);
    return key;
  }

  /** The call for `id` ended: with no error, or with one the server gave. A network failure keeps the key. */
  settle(id: string, error?: unknown): void {
    if (error === undefined || (error instanceof ApiCallError && error.code !== 'NETWORK_ERROR')) this.keys.delete(id);
  }
}
