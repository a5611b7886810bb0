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
});
