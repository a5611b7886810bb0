import { StrictMode } from 'react';
import { act, renderHook } from '@testing-library/react';
import { useDidHide, useDidShow } from '@tarojs/taro';
import { Poller, usePolling } from './use-polling';

/** A promise and the hands that settle it. */
function deferred() {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((ok, fail) => {
    resolve = ok;
    reject = fail;
  });
  return { promise, resolve, reject };
}

const flush = () => act(async () => undefined);

describe('Poller', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('runs on its interval once enabled, and not before', async () => {
    const work = jest.fn(async () => undefined);
    const poller = new Poller(work, 1000);
    await jest.advanceTimersByTimeAsync(5000);
    expect(work).not.toHaveBeenCalled();
    poller.setEnabled(true);
    await jest.advanceTimersByTimeAsync(999);
    expect(work).toHaveBeenCalledTimes(0);
    await jest.advanceTimersByTimeAsync(1);
    expect(work).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(3000);
    expect(work).toHaveBeenCalledTimes(4);
    poller.setEnabled(false);
    await jest.advanceTimersByTimeAsync(5000);
    expect(work).toHaveBeenCalledTimes(4);
  });

  it('never runs twice at once: a slow reload holds the next one back until it ends', async () => {
    const calls: Array<ReturnType<typeof deferred>> = [];
    let inFlight = 0;
    let most = 0;
    const poller = new Poller(async () => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      const call = deferred();
      calls.push(call);
      await call.promise.finally(() => (inFlight -= 1));
    }, 1000);
    poller.setEnabled(true);
    await jest.advanceTimersByTimeAsync(1000);
    expect(calls).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(10_000);
    expect(calls).toHaveLength(1);
    // Coming back to the page while the reload is still out does not start a second one either.
    poller.hide();
    poller.show();
    expect(calls).toHaveLength(1);
    calls[0].resolve();
    await jest.advanceTimersByTimeAsync(1000);
    expect(calls).toHaveLength(2);
    expect(most).toBe(1);
  });

  it('waits while the page is hidden and runs at once when it is shown again', async () => {
    const work = jest.fn(async () => undefined);
    const poller = new Poller(work, 1000);
    poller.setEnabled(true);
    poller.hide();
    await jest.advanceTimersByTimeAsync(10_000);
    expect(work).not.toHaveBeenCalled();
    poller.show();
    await jest.advanceTimersByTimeAsync(0);
    expect(work).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(1000);
    expect(work).toHaveBeenCalledTimes(2);
  });

  it('does not run at once on the first show (the page has just loaded)', async () => {
    const work = jest.fn(async () => undefined);
    const poller = new Poller(work, 1000);
    poller.setEnabled(true);
    poller.show();
    await jest.advanceTimersByTimeAsync(500);
    expect(work).not.toHaveBeenCalled();
  });

  it('keeps polling after a failed reload', async () => {
    const work = jest.fn().mockRejectedValueOnce(new Error('offline')).mockResolvedValue(undefined);
    const poller = new Poller(work, 1000);
    poller.setEnabled(true);
    await jest.advanceTimersByTimeAsync(2000);
    expect(work).toHaveBeenCalledTimes(2);
  });

  it('never runs after it is stopped, even when a reload under way ends later', async () => {
    const call = deferred();
    const work = jest.fn(() => call.promise);
    const poller = new Poller(work, 1000);
    poller.setEnabled(true);
    await jest.advanceTimersByTimeAsync(1000);
    poller.stop();
    call.resolve();
    await jest.advanceTimersByTimeAsync(10_000);
    poller.show();
    poller.setEnabled(false);
    poller.setEnabled(true);
    await jest.advanceTimersByTimeAsync(10_000);
    expect(work).toHaveBeenCalledTimes(1);
  });
});

describe('usePolling', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => {
    jest.useRealTimers();
    jest.mocked(useDidShow).mockReset();
    jest.mocked(useDidHide).mockReset();
  });

  it('calls the latest reload while enabled and shown, pauses on didHide, and stops on unmount', async () => {
    let show = () => undefined as unknown;
    let hide = () => undefined as unknown;
    jest.mocked(useDidShow).mockImplementation((callback) => void (show = callback));
    jest.mocked(useDidHide).mockImplementation((callback) => void (hide = callback));
    const first = jest.fn(async () => undefined);
    const second = jest.fn(async () => undefined);
    const { rerender, unmount } = renderHook(({ reload, enabled }) => usePolling(reload, 1000, enabled), {
      initialProps: { reload: first, enabled: false },
    });
    await act(async () => void (await jest.advanceTimersByTimeAsync(3000)));
    expect(first).not.toHaveBeenCalled();

    rerender({ reload: second, enabled: true });
    await act(async () => void (await jest.advanceTimersByTimeAsync(1000)));
    expect(first).not.toHaveBeenCalled();
    expect(second).toHaveBeenCalledTimes(1);

    act(() => void hide());
    await act(async () => void (await jest.advanceTimersByTimeAsync(5000)));
    expect(second).toHaveBeenCalledTimes(1);
    act(() => void show());
    await flush();
    expect(second).toHaveBeenCalledTimes(2);

    unmount();
    await act(async () => void (await jest.advanceTimersByTimeAsync(10_000)));
    expect(second).toHaveBeenCalledTimes(2);
  });

  it('polls under React’s strict mode too (mounted, unmounted and mounted again on purpose)', async () => {
    const reload = jest.fn(async () => undefined);
    const { unmount } = renderHook(() => usePolling(reload, 1000), { wrapper: StrictMode });
    await act(async () => void (await jest.advanceTimersByTimeAsync(3000)));
    expect(reload).toHaveBeenCalledTimes(3);
    unmount();
    await act(async () => void (await jest.advanceTimersByTimeAsync(3000)));
    expect(reload).toHaveBeenCalledTimes(3);
  });
});
