import { MongoCommandError } from '../errors';
import { CursorRegistry } from './cursors';
import { limited, MaxTimeMSExpired, TimeLimit, timeLimitOf } from './time-limit';

function cursorId(reply: Record<string, unknown>): bigint {
  return (reply.cursor as { id: { toBigInt(): bigint } }).id.toBigInt();
}

function codeOf(run: () => unknown): number | undefined {
  try {
    run();
  } catch (error) {
    return error instanceof MongoCommandError ? error.code : -1;
  }
  return undefined;
}

describe('CursorRegistry', () => {
  const docs = Array.from({ length: 10 }, (_, i) => ({ _id: i }));

  it('a cursor idle past the timeout is reaped: its getMore is CursorNotFound 43', () => {
    let now = 0;
    const registry = new CursorRegistry(() => new Date(now), 1_000);
    const id = cursorId(registry.open('db.c', docs, 2));
    now = 500;
    registry.reapIdle();
    expect(codeOf(() => registry.getMore(id, 'db.c', 2))).toBeUndefined();
    now = 2_000;
    registry.reapIdle();
    expect(codeOf(() => registry.getMore(id, 'db.c', 2))).toBe(43);
  });

  it("ending a session kills its cursors and no other session's", () => {
    const registry = new CursorRegistry(() => new Date(0), 60_000);
    const mine = cursorId(registry.open('db.c', docs, 2, { sessionKey: 'a' }));
    const theirs = cursorId(registry.open('db.c', docs, 2, { sessionKey: 'b' }));
    registry.closeForSession('a');
    expect(codeOf(() => registry.getMore(mine, 'db.c', 2, 'a'))).toBe(43);
    expect(codeOf(() => registry.getMore(theirs, 'db.c', 2, 'b'))).toBeUndefined();
  });

  it("a getMore from another session than the cursor's, or without one, is refused (50738 / 50737 / 50736)", () => {
    const registry = new CursorRegistry(() => new Date(0), 60_000);
    const inSession = cursorId(registry.open('db.c', docs, 2, { sessionKey: 'a' }));
    const without = cursorId(registry.open('db.c', docs, 2));
    expect(codeOf(() => registry.getMore(inSession, 'db.c', 2, 'b'))).toBe(50738);
    expect(codeOf(() => registry.getMore(inSession, 'db.c', 2))).toBe(50737);
    expect(codeOf(() => registry.getMore(without, 'db.c', 2, 'a'))).toBe(50736);
    expect(codeOf(() => registry.getMore(inSession, 'db.c', 2, 'a'))).toBeUndefined();
    expect(codeOf(() => registry.getMore(without, 'db.c', 2))).toBeUndefined();
  });

  it('a getMore that fails kills the cursor', () => {
    const registry = new CursorRegistry(() => new Date(0), 60_000);
    function* failing() {
      yield { _id: 1 };
      yield { _id: 2 };
      throw new MaxTimeMSExpired();
    }
    const id = cursorId(registry.open('db.c', failing(), 1));
    expect(codeOf(() => registry.getMore(id, 'db.c', 5))).toBe(50);
    expect(codeOf(() => registry.getMore(id, 'db.c', 5))).toBe(43);
  });
});

describe('TimeLimit', () => {
  it('maxTimeMS 0 or absent means no limit; negative, fractional or non-numeric is BadValue', () => {
    expect(timeLimitOf({ find: 'c' })).toBeUndefined();
    expect(timeLimitOf({ find: 'c', maxTimeMS: 0 })).toBeUndefined();
    expect(timeLimitOf({ find: 'c', maxTimeMS: 5 })).toBeInstanceOf(TimeLimit);
    for (const bad of [-1, 1.5, 'x']) expect(codeOf(() => timeLimitOf({ find: 'c', maxTimeMS: bad }))).toBe(2);
  });

  it('only working time counts: a paused limit does not expire', async () => {
    const limit = new TimeLimit(20);
    limit.pause();
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(codeOf(() => limit.check())).toBeUndefined();
    limit.start();
    await new Promise((resolve) => setTimeout(resolve, 40));
    const error = (() => {
      try {
        limit.check();
      } catch (e) {
        return e as MongoCommandError;
      }
      return undefined;
    })();
    expect(error?.code).toBe(50);
    expect(error?.codeName).toBe('MaxTimeMSExpired');
    expect(error?.toReply()).toMatchObject({ ok: 0, code: 50, codeName: 'MaxTimeMSExpired' });
  });

  it('limited() checks before each document', () => {
    const limit = new TimeLimit(1_000);
    expect([...limited([1, 2, 3], limit)]).toEqual([1, 2, 3]);
    expect([...limited([1, 2], undefined)]).toEqual([1, 2]);
  });
});
