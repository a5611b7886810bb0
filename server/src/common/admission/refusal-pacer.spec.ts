import { RefusalPacer } from './refusal-pacer';

describe('RefusalPacer', () => {
  let now: number;
  const pacer = (fastRefusalsPerSecond = 10) => new RefusalPacer({ retryAfterMs: 1000, fastRefusalsPerSecond }, () => now);
  beforeEach(() => (now = 50_000));

  it('answers every refusal at once while the process refuses less than its budget, early comers too', () => {
    const p = pacer(10);
    const connection = {};
    // One client re-sending the moment it is refused, five times a second: under the budget, never held.
    for (let i = 0; i < 5; i++) {
      expect(p.holdFor(connection)).toBe(0);
      now += 200;
    }
    expect(p.held).toBe(0);
  });

  it('past the budget, a connection back before its Retry-After has its refusal held until that time', () => {
    const p = pacer(10);
    const flood = Array.from({ length: 20 }, () => ({}));
    // The flood's first refusals are immediate (nobody has been told to wait yet).
    for (const connection of flood) expect(p.holdFor(connection)).toBe(0);
    // Back 5 ms later, over the budget: each is held until a second after its first refusal.
    now += 5;
    for (const connection of flood) expect(p.holdFor(connection)).toBe(995);
    // And back the moment that held refusal arrives: held a whole Retry-After again.
    now += 995;
    expect(p.holdFor(flood[0])).toBe(1000);
    expect(p.held).toBe(21);
  });

  it('a paced connection stays paced while it keeps coming back early, even once the rate has dropped', () => {
    const p = pacer(10);
    const flood = Array.from({ length: 20 }, () => ({}));
    for (const connection of flood) p.holdFor(connection);
    now += 1;
    expect(p.holdFor(flood[0])).toBe(999);
    now += 999;
    // Seconds later only this one connection is still at it, back each time its held refusal arrives: fast refusals
    // have stopped, yet it is still held.
    for (let i = 0; i < 5; i++) {
      expect(p.holdFor(flood[0])).toBe(1000);
      now += 1000;
    }
  });

  it('a connection that honours its Retry-After is answered at once, even during a flood', () => {
    const p = pacer(10);
    const polite = {};
    const flood = Array.from({ length: 50 }, () => ({}));
    expect(p.holdFor(polite)).toBe(0);
    for (const connection of flood) p.holdFor(connection);
    now += 1000;
    for (const connection of flood) p.holdFor(connection);
    // The flood is over the budget, but the polite client waited its second: its refusal is not held.
    expect(p.holdFor(polite)).toBe(0);
  });

  it('a paced connection that starts honouring its Retry-After is answered at once again', () => {
    const p = pacer(1);
    const connection = {};
    p.holdFor({});
    p.holdFor({});
    p.holdFor(connection);
    now += 10;
    expect(p.holdFor(connection)).toBe(990); // paced: its refusal goes out at +1000
    now += 990 + 1000; // it then waits its Retry-After
    expect(p.holdFor(connection)).toBe(0);
    now += 1; // back early once more, but the process refuses little now: not held
    expect(p.holdFor(connection)).toBe(0);
  });
});
