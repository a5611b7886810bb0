import { useRef, useState } from 'react';
import Taro from '@tarojs/taro';
import { ApiCallError, messageOf } from '../services/api-client';
import { IdempotencyKeys } from '../services/idempotency-keys';

export interface ActionOptions<T> {
  /** The toast after success: fixed words or words from the result. */
  success?: string | ((result: T) => string);
  /** Words for the server's refusals, by code, over the app's defaults. */
  refusals?: Partial<Record<ApiCallError['code'], string>>;
  /** Words for a refusal the server gave a reason for (`details.reason`), over `refusals`. */
  reasons?: Record<string, string>;
}

/**
 * One write a screen makes at a time. A tap while one runs is ignored (never a second request, never an error toast
 * over the first one's success); the busy flag disables the button meanwhile. `key` is the write's Idempotency-Key,
 * the same for the same `id` until the server answers, so a retry after a lost reply lands once.
 */
export class ActionGate {
  private running = false;
  private readonly keys = new IdempotencyKeys();

  get busy(): boolean {
    return this.running;
  }

  /** Runs `work` unless one is running; undefined when ignored or refused (the refusal is passed to `onError`). */
  async run<T>(
    work: (key: string) => Promise<T>,
    id: string,
    onError: (error: unknown) => Promise<void> | void,
  ): Promise<T | undefined> {
    if (this.running) return undefined;
    this.running = true;
    try {
      const result = await work(this.keys.for(id));
      this.keys.settle(id);
      return result;
    } catch (error) {
      this.keys.settle(id, error);
      await onError(error);
      return undefined;
    } finally {
      this.running = false;
    }
  }
}

/** The refusal in words: the reason's when the server gave one HQ or a member can act on, else the code's. */
export function refusalText(error: unknown, options: Pick<ActionOptions<unknown>, 'refusals' | 'reasons'>): string {
  const reason = error instanceof ApiCallError ? (error.details as { reason?: string } | undefined)?.reason : undefined;
  if (reason && options.reasons?.[reason]) return options.reasons[reason];
  return messageOf(error, options.refusals);
}

/** A screen's writes through one ActionGate: `run` them, show `busy` on the button. */
export function useAction() {
  const gate = useRef(new ActionGate()).current;
  const [busy, setBusy] = useState(false);
  const run = async <T>(work: (key: string) => Promise<T>, id: string, options: ActionOptions<T> = {}) => {
    if (gate.busy) return undefined;
    setBusy(true);
    try {
      const result = await gate.run(work, id, (error) =>
        Taro.showToast({ title: refusalText(error, options), icon: 'none', duration: 3000 }).then(() => undefined),
      );
      if (result !== undefined && options.success) {
        const title = typeof options.success === 'string' ? options.success : options.success(result);
        await Taro.showToast({ title, icon: title.length > 7 ? 'none' : 'success' });
      }
      return result;
    } finally {
      setBusy(false);
    }
  };
  return { busy, run };
}
