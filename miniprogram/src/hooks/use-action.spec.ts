import { ApiCallError } from '../services/api-client';
import { ActionGate, refusalText } from './use-action';

describe('ActionGate', () => {
  it('ignores a second tap while the first write runs, so no error toast lands over its success', async () => {
    const gate = new ActionGate();
    const errors: unknown[] = [];
    let finish!: (value: string) => void;
    const first = gate.run(
      () => new Promise<string>((resolve) => (finish = resolve)),
      'send',
      (e) => void errors.push(e),
    );
    const second = await gate.run(
      async () => 'again',
      'send',
      (e) => void errors.push(e),
    );
    expect(second).toBeUndefined();
    expect(gate.busy).toBe(true);
    finish('sent');
    await expect(first).resolves.toBe('sent');
    expect(gate.busy).toBe(false);
    expect(errors).toEqual([]);
  });

  it('keeps the idempotency key of a write whose reply was lost, and takes a new one after an answer', async () => {
    const gate = new ActionGate();
    const keys: string[] = [];
    const lost = new ApiCallError('NETWORK_ERROR', 'timeout');
    await gate.run(
      async (key) => {
        keys.push(key);
        throw lost;
      },
      'adjust',
      () => undefined,
    );
    await gate.run(
      async (key) => keys.push(key),
      'adjust',
      () => undefined,
    );
    await gate.run(
      async (key) => keys.push(key),
      'adjust',
      () => undefined,
    );
    expect(keys[0]).toBe(keys[1]);
    expect(keys[2]).not.toBe(keys[1]);
  });

  it('passes a refusal to its handler and frees the gate', async () => {
    const gate = new ActionGate();
    const refused = new ApiCallError('FORBIDDEN', 'no', 403, { reason: 'OWN_ACCOUNT' });
    const seen: unknown[] = [];
    await expect(
      gate.run(
        () => Promise.reject(refused),
        'x',
        (e) => void seen.push(e),
      ),
    ).resolves.toBeUndefined();
    expect(seen).toEqual([refused]);
    expect(gate.busy).toBe(false);
  });
});

describe('refusalText', () => {
  it('words a refusal by its reason first, then its code', () => {
    const own = new ApiCallError('FORBIDDEN', 'no', 403, { reason: 'OWN_ACCOUNT' });
    expect(refusalText(own, { reasons: { OWN_ACCOUNT: '不能操作自己的账户' }, refusals: { FORBIDDEN: '没有权限' } })).toBe(
      '不能操作自己的账户',
    );
    expect(refusalText(new ApiCallError('FORBIDDEN', 'no', 403), { refusals: { FORBIDDEN: '没有权限' } })).toBe('没有权限');
    expect(refusalText(new Error('boom'), {})).toBe('出了点问题，请稍后重试');
  });
});
