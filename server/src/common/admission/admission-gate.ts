import { performance } from 'node:perf_hooks';
import { AdaptiveLimit } from './adaptive-limit';

/** What the gate answers a request: run now (call `release` when the response is done), or refused. */
export type Admission =
  { admitted: true; release: () => void } | { admitted: false; reason: 'queue-full' | 'waited-too-long' | 'gone' };

export interface AdmissionLimits {
  /** Requests the process works on at once (with `adaptiveMinInFlight`, the most it may learn to). */
  maxInFlight: number;
  /**
   * When set, the number in flight adapts between this and `maxInFlight` to the latency of completed requests
   * (see AdaptiveLimit); without it, `maxInFlight` is fixed.
   */
  adaptiveMinInFlight?: number;
  /** Requests waiting for one of those places; beyond this a request is refused at once. */
  maxQueue: number;
  /** The longest a request waits for a place before it is refused. */
  maxWaitMs: number;
}

interface Waiter {
  admit: () => void;
  refuse: () => void;
}

/**
 * Load shedding for one process: at most `maxInFlight` requests run, at most `maxQueue` wait in arrival order
 * for at most `maxWaitMs`, and the rest are refused at once. Past saturation the process keeps its throughput and
 * the latency of what it admits, and the excess learns in a millisecond to come back later, instead of every
 * request slowing down until clients time out (and retry, adding to the pile).
 *
 * A refused request never reached a handler, so nothing of it was written: retrying it (with the same
 * Idempotency-Key) is always safe.
 */
export class AdmissionGate {
  private running = 0;
  private readonly waiting: Waiter[] = [];
  private shedCount = 0;
  private readonly adaptive?: AdaptiveLimit;

  constructor(
    private readonly limits: AdmissionLimits,
    private readonly now: () => number = () => performance.now(),
  ) {
    if (limits.maxInFlight < 1) throw new Error('maxInFlight must be at least 1');
    if (limits.adaptiveMinInFlight !== undefined)
      this.adaptive = new AdaptiveLimit({
        min: Math.min(limits.adaptiveMinInFlight, limits.maxInFlight),
        max: limits.maxInFlight,
      });
  }

  /** How many requests may run at once now. */
  get limit(): number {
    return this.adaptive?.value ?? this.limits.maxInFlight;
  }

  /**
   * Asks for a place. `gone` is a signal the caller fires when the client left while it waited (its place is then
   * given up and the admission answers `gone`).
   */
  enter(gone?: (onGone: () => void) => void): Promise<Admission> | Admission {
    if (this.running < this.limit && this.waiting.length === 0) {
      this.running += 1;
      return { admitted: true, release: this.releaser() };
    }
    if (this.waiting.length >= this.limits.maxQueue) {
      this.shedCount += 1;
      return { admitted: false, reason: 'queue-full' };
    }
    return new Promise<Admission>((resolve) => {
      let settled = false;
      const waiter: Waiter = {
        admit: () => {
          settle();
          resolve({ admitted: true, release: this.releaser() });
        },
        refuse: () => {
          settle();
          this.shedCount += 1;
          resolve({ admitted: false, reason: 'waited-too-long' });
        },
      };
      const timer = setTimeout(() => {
        if (settled) return;
        this.remove(waiter);
        waiter.refuse();
      }, this.limits.maxWaitMs);
      const settle = () => {
        settled = true;
        clearTimeout(timer);
      };
      gone?.(() => {
        if (settled) return;
        this.remove(waiter);
        settle();
        resolve({ admitted: false, reason: 'gone' });
      });
      this.waiting.push(waiter);
    });
  }

  /**
   * Whether a request arriving now would be refused at once (every place taken, the queue full): counted as shed.
   * Lets the caller refuse it before reading its body, the cheapest way under a flood.
   */
  refuseIfFull(): boolean {
    const full = this.running >= this.limit && this.waiting.length >= this.limits.maxQueue;
    if (full) this.shedCount += 1;
    return full;
  }

  /** Requests running now, waiting now, and refused since start (for the health report and tests). */
  get load(): { running: number; waiting: number; shed: number } {
    return { running: this.running, waiting: this.waiting.length, shed: this.shedCount };
  }

  /**
   * A release that counts once however often it is called (a response may both finish and close). With an
   * adaptive limit it reports the request's time since admission, then fills the places the limit now allows.
   */
  private releaser(): () => void {
    let released = false;
    const admittedAt = this.adaptive ? this.now() : 0;
    return () => {
      if (released) return;
      released = true;
      this.adaptive?.onSample(this.now() - admittedAt, this.running);
      this.running -= 1;
      // The places free under the limit pass straight to the longest waiters (a newcomer never overtakes them).
      while (this.running < this.limit && this.waiting.length > 0) {
        this.running += 1;
        this.waiting.shift()!.admit();
      }
    };
  }

  private remove(waiter: Waiter): void {
    const at = this.waiting.indexOf(waiter);
    if (at >= 0) this.waiting.splice(at, 1);
  }
}
