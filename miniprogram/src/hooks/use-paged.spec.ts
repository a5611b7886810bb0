import { StrictMode } from 'react';
import { act, renderHook } from '@testing-library/react';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { ApiCallError } from '../services/api-client';
import { PagedList, usePaged, type PagedSource } from './use-paged';

jest.mock('../services/brand-time-zone', () => ({ loadBrandTimeZone: async () => 'Asia/Shanghai' }));

interface Entry {
  id: string;
}
interface EntryPage {
  entries: Entry[];
  nextCursor?: string;
  pending?: string[];
}

/** Lets the fetches started and the answers given run their course. */
const tick = () => new Promise((done) => setTimeout(done, 0));

/** An endpoint whose answers the test hands out one by one, seeing each cursor asked for. */
function scriptedEndpoint() {
  const asked: Array<string | undefined> = [];
  const waiting: Array<{ resolve: (page: EntryPage) => void; reject: (error: unknown) => void }> = [];
  let inFlight = 0;
  let most = 0;
  const source: PagedSource<Entry, EntryPage> = {
    fetch: (cursor) => {
      asked.push(cursor);
      inFlight += 1;
      most = Math.max(most, inFlight);
      return new Promise<EntryPage>((resolve, reject) => waiting.push({ resolve, reject })).finally(() => (inFlight -= 1));
    },
    items: (page) => page.entries,
    key: (entry) => entry.id,
  };
  const answer = async (ids: string[], nextCursor?: string, extra: Partial<EntryPage> = {}) => {
    await tick();
    waiting.shift()!.resolve({ entries: ids.map((id) => ({ id })), ...(nextCursor ? { nextCursor } : {}), ...extra });
    await tick();
  };
  const fail = async (error: unknown) => {
    await tick();
    waiting.shift()!.reject(error);
    await tick();
  };
  return { source, asked, answer, fail, mostAtOnce: () => most, waiting };
}

const ids = (items: Entry[]) => items.map((item) => item.id);

describe('PagedList', () => {
  it('loads the first page, then the next ones by cursor, until the last', async () => {
    const api = scriptedEndpoint();
    const list = new PagedList(api.source);
    void list.refresh();
    expect(list.state.loading).toBe('first');
    await api.answer(['a', 'b'], 'c1', { pending: ['p'] });
    expect(list.state).toMatchObject({ loading: false, done: false });
    expect(list.state.first?.pending).toEqual(['p']);
    void list.more();
    expect(list.state.loading).toBe('more');
    await api.answer(['c'], undefined);
    expect(ids(list.state.items)).toEqual(['a', 'b', 'c']);
    expect(list.state.done).toBe(true);
    await list.more();
    expect(api.asked).toEqual([undefined, 'c1']);
  });

  it('never fetches twice at once: a second "more" while one runs is ignored', async () => {
    const api = scriptedEndpoint();
    const list = new PagedList(api.source);
    void list.refresh();
    void list.more(); // before the first page: nothing to continue from
    await api.answer(['a'], 'c1');
    void list.more();
    void list.more();
    void list.more();
    await api.answer(['b'], 'c2');
    expect(api.asked).toEqual([undefined, 'c1']);
    expect(api.mostAtOnce()).toBe(1);
  });

  it('shows an item once when pages overlap (a new entry pushed the list down)', async () => {
    const api = scriptedEndpoint();
    const list = new PagedList(api.source);
    void list.refresh();
    await api.answer(['a', 'b'], 'c1');
    void list.more();
    await api.answer(['b', 'c', 'c'], undefined);
    expect(ids(list.state.items)).toEqual(['a', 'b', 'c']);
  });

  it('a refresh during "more" waits for it, drops its answer, and starts over from the first page', async () => {
    const api = scriptedEndpoint();
    const list = new PagedList(api.source);
    void list.refresh();
    await api.answer(['a', 'b'], 'c1');
    void list.more();
    const refreshed = list.refresh();
    void list.refresh(); // asked twice meanwhile: one refresh
    await tick();
    expect(api.asked).toEqual([undefined, 'c1']);
    await api.answer(['old-page-2'], 'c2');
    expect(api.asked).toEqual([undefined, 'c1', undefined]);
    expect(ids(list.state.items)).toEqual(['a', 'b']);
    await api.answer(['new', 'a'], 'n1');
    await refreshed;
    expect(ids(list.state.items)).toEqual(['new', 'a']);
    expect(list.state.done).toBe(false);
    expect(api.mostAtOnce()).toBe(1);
    void list.more();
    await tick();
    expect(api.asked.at(-1)).toBe('n1');
  });

  it('keeps the list on a failed next page and tries that page again', async () => {
    const api = scriptedEndpoint();
    const list = new PagedList(api.source);
    void list.refresh();
    await api.answer(['a'], 'c1');
    void list.more();
    await api.fail(new ApiCallError('NETWORK_ERROR', '网络连接失败'));
    expect(ids(list.state.items)).toEqual(['a']);
    expect(list.state).toMatchObject({ loading: false, done: false });
    expect(list.state.error).toBeInstanceOf(ApiCallError);
    void list.more();
    expect(list.state.error).toBeUndefined();
    await api.answer(['b'], undefined);
    expect(api.asked).toEqual([undefined, 'c1', 'c1']);
    expect(ids(list.state.items)).toEqual(['a', 'b']);
  });

  it('reports a failed first page, and "more" cannot run before one has loaded', async () => {
    const api = scriptedEndpoint();
    const list = new PagedList(api.source);
    void list.refresh();
    await api.fail(new Error('boom'));
    expect(list.state).toMatchObject({ items: [], loading: false });
    expect(list.state.first).toBeUndefined();
    await list.more();
    expect(api.asked).toEqual([undefined]);
  });

  it('drops answers once stopped (the screen is gone)', async () => {
    const api = scriptedEndpoint();
    const changes: unknown[] = [];
    const list = new PagedList(api.source, (state) => changes.push(state));
    void list.refresh();
    list.stop();
    await api.answer(['a'], undefined);
    expect(changes).toHaveLength(1); // the "loading" only
    await list.refresh();
    expect(api.asked).toEqual([undefined]);
  });
});

describe('usePaged', () => {
  afterEach(() => jest.mocked(usePullDownRefresh).mockReset());

  it('loads on mount, starts over when its deps change, and refreshes on pull-down', async () => {
    let pullDown = () => undefined as unknown;
    jest.mocked(usePullDownRefresh).mockImplementation((callback) => void (pullDown = callback));
    const asked: string[] = [];
    const { result, rerender } = renderHook(
      ({ tab }) =>
        usePaged<Entry, EntryPage>(
          {
            fetch: async (cursor) => {
              asked.push(`${tab}:${cursor ?? ''}`);
              return cursor ? { entries: [{ id: `${tab}-2` }] } : { entries: [{ id: `${tab}-1` }], nextCursor: 'p2' };
            },
            items: (page) => page.entries,
            key: (entry) => entry.id,
          },
          [tab],
        ),
      { initialProps: { tab: 'used' } },
    );
    expect(result.current.loading).toBe('first');
    await act(async () => undefined);
    expect(ids(result.current.items)).toEqual(['used-1']);
    await act(() => result.current.more());
    expect(ids(result.current.items)).toEqual(['used-1', 'used-2']);
    expect(result.current.done).toBe(true);

    rerender({ tab: 'expired' });
    await act(async () => undefined);
    expect(ids(result.current.items)).toEqual(['expired-1']);

    await act(async () => void pullDown());
    expect(asked).toEqual(['used:', 'used:p2', 'expired:', 'expired:']);
    expect(Taro.stopPullDownRefresh).toHaveBeenCalled();
  });

  it('loads under React’s strict mode too (mounted, unmounted and mounted again on purpose)', async () => {
    const { result } = renderHook(
      () =>
        usePaged<Entry, EntryPage>({
          fetch: async () => ({ entries: [{ id: 'a' }] }),
          items: (page) => page.entries,
          key: (entry) => entry.id,
        }),
      { wrapper: StrictMode },
    );
    await act(async () => undefined);
    expect(ids(result.current.items)).toEqual(['a']);
    expect(result.current).toMatchObject({ loading: false, done: true });
  });

  it('words a failed first page for the screen, and a failed next page beside the list', async () => {
    let fail = true;
    const { result } = renderHook(() =>
      usePaged<Entry, EntryPage>({
        fetch: async (cursor) => {
          if (fail) throw new ApiCallError('NETWORK_ERROR', '网络连接失败，请检查网络后重试');
          return cursor ? { entries: [] } : { entries: [{ id: 'a' }], nextCursor: 'p2' };
        },
        items: (page) => page.entries,
        key: (entry) => entry.id,
      }),
    );
    await act(async () => undefined);
    expect(result.current.failure).toBe('网络连接失败，请检查网络后重试');
    fail = false;
    await act(() => result.current.refresh());
    expect(result.current.failure).toBeUndefined();
    fail = true;
    await act(() => result.current.more());
    expect(result.current.problem).toBe('网络连接失败，请检查网络后重试');
    expect(ids(result.current.items)).toEqual(['a']);
  });
});
