import { useCallback, useEffect, useRef, useState } from 'react';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { messageOf } from '../services/api-client';
import { loadBrandTimeZone } from '../services/brand-time-zone';

export type Remote<T> = { kind: 'loading' } | { kind: 'ready'; data: T } | { kind: 'failed'; message: string };

/**
 * Loads a screen's data: loading, ready or failed (with the message to show), reloaded by pull-down and by
 * `reload()`. A reload keeps the data on screen until the new data arrives.
 */
export function useRemote<T>(load: () => Promise<T>): { state: Remote<T>; reload: () => Promise<void>; set: (data: T) => void } {
  const [state, setState] = useState<Remote<T>>({ kind: 'loading' });
  const loader = useRef(load);
  loader.current = load;

  const reload = useCallback(async () => {
    try {
      // Dates on the screen read in the brand's time zone: known before the data shows (asked once per launch).
      const [data] = await Promise.all([loader.current(), loadBrandTimeZone()]);
      setState({ kind: 'ready', data });
    } catch (error) {
      setState({ kind: 'failed', message: messageOf(error) });
    } finally {
      Taro.stopPullDownRefresh();
    }
  }, []);

  useEffect(() => {
    void reload();
  }, [reload]);
  usePullDownRefresh(() => void reload());

  const set = useCallback((data: T) => setState({ kind: 'ready', data }), []);
  return { state, reload, set };
}
