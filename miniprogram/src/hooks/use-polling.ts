import { useEffect, useRef } from 'react';
import { useDidHide, useDidShow } from '@tarojs/taro';

/** The timer functions a Poller uses (the real ones by default; a spec passes fakes or uses jest's). */
export interface PollTimers {
  set: (run: () => void, ms: number) => unknown;
  clear: (handle: unknown) => void;
}

const REAL_TIMERS: PollTimers = {
  set: (run, ms) => setTimeout(run, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * Runs `work` every `intervalMs` while it is on (`enabled`) and the page is shown, without React. The next run is
 * timed from the end of the last one, so two never overlap, however slow the network. Hidden, it waits; shown
 * again after being hidden, it runs at once (what changed meanwhile shows without waiting a whole interval).
 * Stopped (the screen is gone), it never runs again. A failing `work` is the caller's to report; polling goes on.
 */
export class Poller {
  private shown = true;
  private enabled = false;
  private stopped = false;
  private running = false;
  private timer: unknown;
  private wasHidden = false;

  constructor(
    private readonly work: () => Promise<unknown> | void,
    private readonly intervalMs: number,
    private readonly timers: PollTimers = REAL_TIMERS,
  ) {}

  /** True while `work` runs. */
  get busy(): boolean {
    return this.running;
  }

  /** Turns polling on or off (e.g. only while a group fills or a code is on screen). */
  setEnabled(enabled: boolean): void {
    if (this.enabled === enabled) return;
    this.enabled = enabled;
    this.reschedule();
  }

  /** The page came on screen; runs now when it had been hidden. */
  show(): void {
    this.shown = true;
    if (this.wasHidden && this.active()) {
      this.wasHidden = false;
      this.cancel();
      void this.tick();
      return;
    }
    this.reschedule();
  }

  /** The page left the screen: no run until it is shown again. */
  hide(): void {
    this.shown = false;
    this.wasHidden = true;
    this.cancel();
  }

  /** No run after this, and a run under way schedules no next one. */
  stop(): void {
    this.stopped = true;
    this.cancel();
  }

  /** Polls again after `stop` (a component mounted again, as React's strict mode does on purpose). */
  start(): void {
    this.stopped = false;
    this.reschedule();
  }

  private active(): boolean {
    return this.enabled && this.shown && !this.stopped;
  }

  private reschedule(): void {
    this.cancel();
    if (this.active() && !this.running) this.timer = this.timers.set(() => void this.tick(), this.intervalMs);
  }

  private cancel(): void {
    if (this.timer !== undefined) this.timers.clear(this.timer);
    this.timer = undefined;
  }

  private async tick(): Promise<void> {
    this.timer = undefined;
    if (!this.active() || this.running) return;
    this.running = true;
    try {
      await this.work();
    } catch {
      // The caller's work reports its own failures; the next run may well succeed.
    } finally {
      this.running = false;
      this.reschedule();
    }
  }
}

/**
 * Calls `reload` every `intervalMs` while `enabled` and the page is shown (paused by Taro's didHide, and run at once
 * on coming back), never two calls at once, and never after the component unmounts. `reload` may change identity
 * between renders: the latest is called.
 */
export function usePolling(reload: () => Promise<unknown> | void, intervalMs: number, enabled = true): void {
  const latest = useRef(reload);
  latest.current = reload;
  const poller = useRef<Poller>();
  poller.current ??= new Poller(() => latest.current(), intervalMs);
  const current = poller.current;

  useDidShow(() => current.show());
  useDidHide(() => current.hide());
  useEffect(() => current.setEnabled(enabled), [current, enabled]);
  useEffect(() => {
    current.start();
    return () => current.stop();
  }, [current]);
}
