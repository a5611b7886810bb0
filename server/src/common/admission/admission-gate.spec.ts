import { AdmissionGate, type Admission } from './admission-gate';

const admitted = (a: Admission): (() => void) => {
  if (!a.admitted) throw new Error(`refused: ${a.reason}`);
  return a.release;
};

describe('AdmissionGate', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('admits up to maxInFlight at once, queues the next in arrival order and refuses past the queue', async () => {
    const gate = new AdmissionGate({ maxInFlight: 2, maxQueue: 2, maxWaitMs: 1000 });
    const first = admitted(gate.enter() as Admission);
    admitted(gate.enter() as Admission);
    const order: string[] = [];
    const third = Promise.resolve(gate.enter()).then((a) => (order.push('third'), a));
    const fourth = Promise.resolve(gate.enter()).then((a) => (order.push('fourth'), a));
    // The fifth finds two running and two waiting: refused at once, not after a wait.
    expect(gate.enter()).toEqual({ admitted: false, reason: 'queue-full' });
    expect(gate.load).toEqual({ running: 2, waiting: 2, shed: 1 });

    first();
    first(); // a second call of the same release (finish and close both fire) frees nothing more
    const thirdAdmission = await third;
    expect(thirdAdmission.admitted).toBe(true);
    expect(order).toEqual(['third']);
    expect(gate.load).toEqual({ running: 2, waiting: 1, shed: 1 });
    admitted(thirdAdmission)();
    expect((await fourth).admitted).toBe(true);
    expect(order).toEqual(['third', 'fourth']);
  });

  it('a newcomer never overtakes a waiting request even when a place is free for an instant', async () => {
    const gate = new AdmissionGate({ maxInFlight: 1, maxQueue: 5, maxWaitMs: 1000 });
    const release = admitted(gate.enter() as Admission);
    const waiting = Promise.resolve(gate.enter());
    release(); // the place passes to the waiter, so the newcomer must queue behind it
    const newcomer = gate.enter();
    expect(newcomer).toBeInstanceOf(Promise);
    expect((await waiting).admitted).toBe(true);
    expect(gate.load.running).toBe(1);
  });

  it('refuses a request that waited maxWaitMs, and its place in the queue is free again', async () => {
    const gate = new AdmissionGate({ maxInFlight: 1, maxQueue: 1, maxWaitMs: 200 });
    const release = admitted(gate.enter() as Admission);
    const waiting = gate.enter();
    jest.advanceTimersByTime(200);
    expect(await waiting).toEqual({ admitted: false, reason: 'waited-too-long' });
    expect(gate.load).toEqual({ running: 1, waiting: 0, shed: 1 });
    // Releasing the running one afterwards neither admits the refused one nor drives `running` below zero.
    release();
    expect(gate.load.running).toBe(0);
    expect(gate.enter()).toMatchObject({ admitted: true });
  });

  it('a client that leaves while waiting gives its place up and is never admitted', async () => {
    const gate = new AdmissionGate({ maxInFlight: 1, maxQueue: 3, maxWaitMs: 1000 });
    const release = admitted(gate.enter() as Admission);
    let leave!: () => void;
    const leaving = gate.enter((onGone) => (leave = onGone));
    const staying = gate.enter();
    leave();
    expect(await leaving).toEqual({ admitted: false, reason: 'gone' });
    expect(gate.load.waiting).toBe(1);
    release();
    expect((await staying).admitted).toBe(true);
    expect(gate.load).toEqual({ running: 1, waiting: 0, shed: 0 });
  });

  it('with no queue, refuses at once when every place is taken', () => {
    const gate = new AdmissionGate({ maxInFlight: 1, maxQueue: 0, maxWaitMs: 1000 });
    admitted(gate.enter() as Admission);
    expect(gate.enter()).toEqual({ admitted: false, reason: 'queue-full' });
  });

  it('says a newcomer would be refused only when every place and the whole queue are taken, and counts it', async () => {
    const gate = new AdmissionGate({ maxInFlight: 1, maxQueue: 1, maxWaitMs: 1000 });
    expect(gate.refuseIfFull()).toBe(false);
    const release = admitted(gate.enter() as Admission);
    expect(gate.refuseIfFull()).toBe(false); // a place in the queue is still free
    const waiting = gate.enter();
    expect(gate.refuseIfFull()).toBe(true);
    expect(gate.load).toEqual({ running: 1, waiting: 1, shed: 1 });
    release();
    await waiting;
    expect(gate.refuseIfFull()).toBe(false);
  });

  describe('with an adaptive limit', () => {
    /** A gate on a hand-driven clock: each request takes `ms` from admission to release. */
    function driven(limits: { min: number; max: number }) {
      let now = 0;
      const gate = new AdmissionGate(
        { maxInFlight: limits.max, adaptiveMinInFlight: limits.min, maxQueue: 1_000, maxWaitMs: 60_000 },
        () => now,
      );
      /** Keeps the gate full for `rounds` waves: admits as many as it allows, releases them all `ms` later. */
      const run = (rounds: number, ms: (inFlight: number) => number) => {
        for (let i = 0; i < rounds; i++) {
          const releases: Array<() => void> = [];
          for (let k = gate.limit; k > 0; k--) releases.push(admitted(gate.enter() as Admission));
          now += ms(releases.length);
          for (const release of releases) release();
        }
      };
      return { gate, run, tick: (ms: number) => (now += ms) };
    }

    it('starts at its minimum and opens up to the ceiling while latency holds', async () => {
      const { gate, run, tick } = driven({ min: 2, max: 16 });
      expect(gate.limit).toBe(2);
      // The third request waits although the ceiling is 16: the gate has not yet seen how the process copes.
      const a = admitted(gate.enter() as Admission);
      const b = admitted(gate.enter() as Admission);
      const third = gate.enter();
      expect(third).toBeInstanceOf(Promise);
      tick(10);
      a();
      const thirdRelease = admitted(await third);
      tick(10);
      b();
      thirdRelease();
      run(60, () => 10);
      expect(gate.limit).toBe(16);
    });

    it('closes down when latency grows with the number in flight (a busy thread), so the excess waits instead', () => {
      const { gate, run } = driven({ min: 2, max: 32 });
      run(40, () => 10);
      expect(gate.limit).toBe(32);
      // Now every request in flight costs 5 ms of the one thread: 32 at once take 160 ms each.
      run(200, (inFlight) => Math.max(10, 5 * inFlight));
      expect(gate.limit).toBeLessThan(12);
      expect(gate.load.running).toBe(0);
    });

    it('when the limit grows, as many waiters as it now allows are admitted at once, in arrival order', async () => {
      const { gate, run, tick } = driven({ min: 2, max: 16 });
      run(10, () => 10);
      const before = gate.limit;
      const running = Array.from({ length: before }, () => admitted(gate.enter() as Admission));
      const order: number[] = [];
      const waiting = Array.from({ length: 20 }, (_, i) =>
        Promise.resolve(gate.enter()).then((a) => (order.push(i), admitted(a))),
      );
      tick(10);
      for (const release of running) release();
      await Promise.resolve();
      await Promise.resolve();
      // Fast completions raised the limit: more than the places just freed are filled, the longest waiters first.
      expect(gate.limit).toBeGreaterThan(before);
      expect(order).toEqual(Array.from({ length: gate.limit }, (_, i) => i));
      expect(gate.load).toMatchObject({ running: gate.limit, waiting: 20 - gate.limit });
      // The rest follow as places free.
      for (let i = 0; i < waiting.length; i++) (await waiting[i])();
      expect(order).toEqual(Array.from({ length: 20 }, (_, i) => i));
      expect(gate.load.running).toBe(0);
    });
  });
});
