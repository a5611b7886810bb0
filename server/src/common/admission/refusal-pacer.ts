import { performance } from 'node:perf_hooks';

export interface RefusalPacerOptions {
  /** The Retry-After every refusal carries, in ms. */
  retryAfterMs: number;
  /**
   * Refusals per second the process sends at once before it starts pacing the connections that ignore their
   * Retry-After. Under it every refusal is immediate; a well-behaved crowd (each client back only after its
   * Retry-After) stays far below it.
   */
  fastRefusalsPerSecond: number;
}

interface ConnectionState {
  /** When its last refusal was (or will be, while held) sent. */
  refusedAt: number;
  /** Held already: it keeps being held for as long as it keeps coming back before its Retry-After. */
  paced: boolean;
}

/**
 * Makes a flood that ignores Retry-After pay for itself, instead of the process.
 *
 * A refusal is cheap, but not free: a client that re-sends the moment it is refused (a load generator, a naive
 * retry loop) turns each of its connections into a busy loop of request and 503, and a few hundred such connections
 * spend the process's CPU (and the client's, on the same machine) on refusals instead of the requests admitted.
 *
 * So a connection that comes back sooner than the Retry-After it was given, while the process is refusing more than
 * its budget of requests a second at once, has its next refusals held until that Retry-After has passed: still
 * a 503 with Retry-After, nothing of the request done, but the connection now asks once a Retry-After instead of
 * hundreds of times. It stays paced while it keeps coming back early, and is answered at once again when it honours
 * the Retry-After. A client that honours it never has a refusal held; under the budget nobody does.
 */
export class RefusalPacer {
  private readonly connections = new WeakMap<object, ConnectionState>();
  /** Refusals sent at once in the current and the previous second (a sliding estimate of the rate). */
  private windowStart = Number.NEGATIVE_INFINITY;
  private inWindow = 0;
  private inPreviousWindow = 0;
  private heldCount = 0;

  constructor(
    private readonly options: RefusalPacerOptions,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /**
   * A request on `connection` is refused: how long (ms) to hold its refusal before sending it (0: at once). The
   * refusal counts as sent at the end of that time.
   */
  holdFor(connection: object): number {
    const now = this.now();
    const state = this.connections.get(connection);
    const early = state !== undefined && now - state.refusedAt < this.options.retryAfterMs;
    const paced = early && (state.paced || this.fastRefusalRate(now) > this.options.fastRefusalsPerSecond);
    const hold = paced ? state!.refusedAt + this.options.retryAfterMs - now : 0;
    if (hold > 0) this.heldCount += 1;
    else this.countFast(now);
    const refusedAt = now + hold;
    if (state) {
      state.refusedAt = refusedAt;
      state.paced = paced;
    } else this.connections.set(connection, { refusedAt, paced: false });
    return hold;
  }

  /** Refusals held since start (for tests and the bench). */
  get held(): number {
    return this.heldCount;
  }

  private countFast(now: number): void {
    this.roll(now);
    this.inWindow += 1;
  }

  private fastRefusalRate(now: number): number {
    this.roll(now);
    // The previous second weighted by how much of it still lies within the last second.
    return this.inWindow + this.inPreviousWindow * Math.max(0, 1 - (now - this.windowStart) / 1000);
  }

  private roll(now: number): void {
    const elapsed = now - this.windowStart;
    if (elapsed < 1000) return;
    this.inPreviousWindow = elapsed < 2000 ? this.inWindow : 0;
    this.inWindow = 0;
    this.windowStart = Number.isFinite(elapsed) ? now - (elapsed % 1000) : now;
  }
}
