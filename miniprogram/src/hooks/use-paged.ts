import { useCallback, useEffect, useRef, useState } from 'react';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { messageOf } from '../services/api-client';
import { loadBrandTimeZone } from '../services/brand-time-zone';

/** A page of a cursor-paged endpoint: any reply with `nextCursor` (absent on the last page). */
export interface CursorPage {
  nextCursor?: string;
}

/** Where a paged list stands: what is shown, and what it is doing. */
export interface PagedState<T, P> {
  /** Every item loaded so far, in order, each key once. */
  items: T[];
  /** The first page's whole reply (for what comes beside the list, e.g. pending points), once loaded. */
  first?: P;
  /** `first`: the first page (or a refresh) is loading; `more`: the next page is. */
  loading: 'first' | 'more' | false;
  /** The last fetch failed: on the first page nothing is shown; on a later page the items stay. */
  error?: unknown;
  /** The last page is in: nothing more to load. */
  done: boolean;
}

export interface PagedSource<T, P extends CursorPage> {
  /** Fetches the page after `cursor` (undefined: the first page). */
  fetch: (cursor: string | undefined) => Promise<P>;
  /** The page's items (`reply.entries`, `reply.posts`…). */
  items: (page: P) => T[];
  /** The identity of an item: an item already shown is not shown twice when pages overlap. */
  key: (item: T) => string;
}

/**
 * A cursor-paged list, without React: the first page, the next one, a refresh. Never two fetches at once: "more"
 * while a fetch runs is ignored; a refresh while one runs waits for it, drops its answer and then loads the first
 * page (refreshes asked meanwhile make one). Items are de-duplicated by key (a new item pushing the list down
 * makes the next page repeat the last one). `onChange` hears every new state.
 */
export class PagedList<T, P extends CursorPage> {
  private current: PagedState<T, P> = { items: [], loading: false, done: false };
  private cursor: string | undefined;
  private running: Promise<void> | undefined;
  private refreshing: Promise<void> | undefined;
  /** Bumped by a refresh: an answer for an older generation is dropped. */
  private generation = 0;
  private stopped = false;

  constructor(
    private readonly source: PagedSource<T, P>,
    private readonly onChange: (state: PagedState<T, P>) => void = () => undefined,
  ) {}

  get state(): PagedState<T, P> {
    return this.current;
  }

  /** True while a page is being fetched. */
  get busy(): boolean {
    return this.running !== undefined;
  }

  /** Loads the first page again, replacing the list once it arrives (the old items stay on screen meanwhile). */
  refresh(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    this.generation += 1;
    if (this.refreshing) return this.refreshing;
    if (!this.running) return this.fetch(undefined);
    const refreshing = (async () => {
      while (this.running) await this.running;
      this.refreshing = undefined;
      await this.fetch(undefined);
    })();
    this.refreshing = refreshing;
    return refreshing;
  }

  /** Loads the next page; ignored while a fetch runs, before the first page, after the last or once stopped. */
  more(): Promise<void> {
    const { first, done } = this.current;
    if (this.stopped || this.running || this.refreshing || !first || done || this.cursor === undefined) return Promise.resolve();
    return this.fetch(this.cursor);
  }

  /** Stops (the screen is gone): answers still on their way are dropped, nothing more is fetched. */
  stop(): void {
    this.stopped = true;
    this.generation += 1;
  }

  /** Works again after `stop` (a component mounted again, as React's strict mode does on purpose). */
  start(): void {
    this.stopped = false;
  }

  private fetch(cursor: string | undefined): Promise<void> {
    const generation = this.generation;
    this.set({ ...this.current, loading: cursor === undefined ? 'first' : 'more', error: undefined });
    // Started on the next tick, so `running` is set before the fetch can end.
    const running = Promise.resolve().then(() => this.load(cursor, generation));
    this.running = running;
    return running;
  }

  private async load(cursor: string | undefined, generation: number): Promise<void> {
    const firstPage = cursor === undefined;
    try {
      const page = await this.source.fetch(cursor);
      if (this.stale(generation)) return;
      const seen = new Set<string>();
      const items: T[] = [];
      for (const item of [...(firstPage ? [] : this.current.items), ...this.source.items(page)]) {
        const key = this.source.key(item);
        if (seen.has(key)) continue;
        seen.add(key);
        items.push(item);
      }
      this.cursor = page.nextCursor;
      this.set({ items, first: firstPage ? page : this.current.first, loading: false, done: !page.nextCursor });
    } catch (error) {
      if (this.stale(generation)) return;
      this.set({ ...this.current, loading: false, error });
    } finally {
      this.running = undefined;
    }
  }

  private stale(generation: number): boolean {
    return this.stopped || generation !== this.generation;
  }

  private set(state: PagedState<T, P>): void {
    this.current = state;
    if (!this.stopped) this.onChange(state);
  }
}

export interface Paged<T, P> extends PagedState<T, P> {
  /** The first page's failure in words (what `Screen` shows), when it failed. */
  failure?: string;
  /** A later fetch's failure in words while the list stays shown (a next page or a refresh; "more" tries again). */
  problem?: string;
  more: () => Promise<void>;
  refresh: () => Promise<void>;
}

/**
 * A paginated list on a screen: the first page on mount (and again when `deps` change, e.g. the tab), the next on
 * `more()`, all of it again on `refresh()` and on pull-down. See PagedList for the guarantees. `source` may change
 * identity between renders: the latest is used.
 */
export function usePaged<T, P extends CursorPage>(
  source: PagedSource<T, P>,
  deps: readonly unknown[] = [],
  options: { pullDown?: boolean } = {},
): Paged<T, P> {
  const latest = useRef(source);
  latest.current = source;
  const [state, setState] = useState<PagedState<T, P>>({ items: [], loading: 'first', done: false });
  const list = useRef<PagedList<T, P>>();
  if (!list.current) {
    list.current = new PagedList<T, P>(
      {
        // Dates on the list read in the brand's time zone: known before the first page shows.
        fetch: async (cursor) => (await Promise.all([latest.current.fetch(cursor), loadBrandTimeZone()]))[0],
        items: (page) => latest.current.items(page),
        key: (item) => latest.current.key(item),
      },
      setState,
    );
  }
  const paged = list.current;

  useEffect(() => {
    paged.start();
    return () => paged.stop();
  }, [paged]);
  useEffect(() => {
    void paged.refresh();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the caller's deps say when the list starts over
  }, deps);
  usePullDownRefresh(() => {
    if (options.pullDown === false) return;
    void paged.refresh().finally(() => Taro.stopPullDownRefresh());
  });

  const more = useCallback(() => paged.more(), [paged]);
  const refresh = useCallback(() => paged.refresh(), [paged]);
  const failedFirst = state.error !== undefined && !state.first;
  return {
    ...state,
    ...(failedFirst ? { failure: messageOf(state.error) } : {}),
    ...(state.error !== undefined && state.first ? { problem: messageOf(state.error) } : {}),
    more,
    refresh,
  };
}
