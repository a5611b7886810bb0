import { busyRetryDelayMs } from './api-client';

const busy = (retryAfter?: string) => ({
  statusCode: 503,
  data: { code: 'SERVER_BUSY', message: 'busy' },
  header: retryAfter === undefined ? {} : { 'Retry-After': retryAfter },
});

describe('busyRetryDelayMs', () => {
  it('waits the server’s Retry-After, with up to a quarter more of jitter', () => {
    expect(busyRetryDelayMs(busy('1'), 0, () => 0)).toBe(1000);
    expect(busyRetryDelayMs(busy('2'), 1, () => 1)).toBe(2500);
  });

  it('sends again at most twice, then lets the member see the refusal', () => {
    expect(busyRetryDelayMs(busy('1'), 2, () => 0)).toBeUndefined();
  });

  it('never waits longer than 5 s nor retries at once, whatever the header says', () => {
    expect(busyRetryDelayMs(busy('3600'), 0, () => 0)).toBe(5000);
    expect(busyRetryDelayMs(busy('0'), 0, () => 0)).toBe(1000);
    expect(busyRetryDelayMs(busy('soon'), 0, () => 0)).toBe(1000);
    expect(busyRetryDelayMs({ ...busy(), header: { 'retry-after': '2' } }, 0, () => 0)).toBe(2000);
  });

  it('retries only a shed call: any other 503 or error may have done something and is the page’s to handle', () => {
    expect(busyRetryDelayMs({ statusCode: 503, data: { code: 'SERVICE_UNAVAILABLE' } }, 0)).toBeUndefined();
    expect(busyRetryDelayMs({ statusCode: 500, data: { code: 'SERVER_BUSY' } }, 0)).toBeUndefined();
    expect(busyRetryDelayMs({ statusCode: 200, data: {} }, 0)).toBeUndefined();
  });
});
