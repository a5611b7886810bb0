import path from 'node:path';
import * as simulate from 'miniprogram-simulate';

/**
 * The compiled weapp build run the way WeChat runs it, as far as Node can: app.js loaded first (it requires
 * Taro's runtime, vendors and common chunks), App() launched, then a page's own JS, WXML (compiled by WeChat's
 * wcc through miniprogram-simulate's `official` compiler) and the recursive `comp` component it uses.
 * miniprogram-simulate loads components only, so Page() is turned into a Component here with the page's
 * lifecycle mapped onto the component's.
 */

export interface FakeRequest {
  url: string;
  method: string;
  data: unknown;
  header: Record<string, string>;
}
export interface FakeResponse {
  statusCode: number;
  data: unknown;
}
/** Answers the app's wx.request calls (the API) in the test process. */
export type FakeApi = (request: FakeRequest) => FakeResponse;

interface PageOptions {
  data?: Record<string, unknown>;
  options?: Record<string, unknown>;
  onLoad?: (query: Record<string, string>) => void;
  onShow?: () => void;
  onReady?: () => void;
  onHide?: () => void;
  onUnload?: () => void;
  [key: string]: unknown;
}

interface AppOptions {
  onLaunch?: (options: unknown) => void;
  onShow?: (options: unknown) => void;
  [key: string]: unknown;
}

export interface SimulatedWechat {
  /** Every URL the app navigated to (navigateTo, redirectTo, switchTab, reLaunch). */
  navigations: string[];
  /** Every request the app sent, in order. */
  requests: FakeRequest[];
  /** Errors WeChat would show in its console: thrown by page code, logged by React or Taro, unhandled rejections. */
  errors: string[];
}

type Globals = typeof globalThis & Record<string, unknown>;

/**
 * Installs a WeChat in this jsdom: miniprogram-simulate's wx mock with the network, login, storage and
 * navigation answered by this test, App() and Page(), then loads the build's app.js and launches it.
 */
export function launchWeapp(buildDir: string, api: FakeApi): SimulatedWechat {
  const g = globalThis as Globals;
  const state: SimulatedWechat = { navigations: [], requests: [], errors: [] };
  const storage = new Map<string, unknown>();
  const wx = g.wx as Record<string, unknown>;
  const later = (fn: () => void) => setTimeout(fn, 0);
  const ok = (name: string) => ({ errMsg: `${name}:ok` });
  type Callbacks = { success?: (r: unknown) => void; fail?: (e: unknown) => void; complete?: (r: unknown) => void };
  const answer = (opts: Callbacks, result: unknown) =>
    later(() => {
      opts.success?.(result);
      opts.complete?.(result);
    });

  Object.assign(wx, {
    request(opts: Callbacks & { url: string; method?: string; data?: unknown; header?: Record<string, string> }) {
      const request: FakeRequest = { url: opts.url, method: opts.method ?? 'GET', data: opts.data, header: opts.header ?? {} };
      state.requests.push(request);
      later(() => {
        let response: FakeResponse;
        try {
          response = api(request);
        } catch (error) {
          state.errors.push(`fake API failed for ${request.method} ${request.url}: ${String(error)}`);
          response = { statusCode: 500, data: { code: 'INTERNAL_ERROR', message: 'fake API failed' } };
        }
        const result = { ...ok('request'), statusCode: response.statusCode, data: response.data, header: {} };
        opts.success?.(result);
        opts.complete?.(result);
      });
      return { abort() {}, onHeadersReceived() {}, offHeadersReceived() {} };
    },
    login: (opts: Callbacks) => answer(opts, { ...ok('login'), code: 'weapp-check-code' }),
    getStorageSync: (key: string) => (storage.has(key) ? storage.get(key) : ''),
    setStorageSync: (key: string, value: unknown) => void storage.set(key, value),
    removeStorageSync: (key: string) => void storage.delete(key),
    ...Object.fromEntries(
      ['navigateTo', 'redirectTo', 'switchTab', 'reLaunch'].map((name) => [
        name,
        (opts: Callbacks & { url: string }) => {
          state.navigations.push(opts.url);
          answer(opts, ok(name));
        },
      ]),
    ),
  });

  let app: AppOptions | undefined;
  g.App = (options: AppOptions) => {
    app = options;
  };
  g.getApp = () => app;
  g.getCurrentPages = () => [];
  g.Page = (options: PageOptions) => registerPageAsComponent(options);

  console.error = (...args: unknown[]) => {
    state.errors.push(args.map((a) => (a instanceof Error ? `${a.message}\n${a.stack}` : String(a))).join(' '));
  };
  process.on('unhandledRejection', (reason) => state.errors.push(`unhandled rejection: ${String(reason)}`));
  // app.js requires Taro's runtime, vendors and common chunks, and calls App() with Taro's app config: loaded
  // with require, synchronously, as WeChat's own module loader does.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require(path.join(buildDir, 'app.js'));
  if (!app) throw new Error('app.js did not call App()');
  const launch = { path: 'pages/index/index', query: {}, scene: 1001, referrerInfo: {} };
  app.onLaunch?.call(app, launch);
  app.onShow?.call(app, launch);
  return state;
}

/** The query a page is opened with, the way WeChat passes it to onLoad. */
let nextQuery: Record<string, string> = {};

function registerPageAsComponent(options: PageOptions): void {
  const methods: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options)) if (typeof value === 'function') methods[key] = value;
  const Component = (globalThis as Globals).Component as (definition: Record<string, unknown>) => void;
  Component({
    data: options.data ?? {},
    methods,
    lifetimes: {
      attached(this: PageOptions) {
        this.onLoad?.call(this, nextQuery);
        this.onShow?.call(this);
      },
      ready(this: PageOptions) {
        this.onReady?.call(this);
      },
      detached(this: PageOptions) {
        this.onUnload?.call(this);
      },
    },
  });
}

/**
 * Opens one page of the build (its path as in app.json, e.g. `packages/manager/index`): loads its JS and its
 * WXML with WeChat's compiler, attaches it to the document and waits for the app's requests to settle.
 */
export async function openPage(
  buildDir: string,
  pagePath: string,
  query: Record<string, string> = {},
): Promise<simulate.SimulatedComponent> {
  nextQuery = query;
  const id = simulate.load(path.join(buildDir, pagePath), { compiler: 'official', rootPath: buildDir });
  const page = simulate.render(id);
  const parent = document.createElement('div');
  document.body.appendChild(parent);
  page.attach(parent);
  await settle();
  return page;
}

/** Lets timers, fake responses and React's updates run until the page is quiet. */
export async function settle(rounds = 6): Promise<void> {
  for (let i = 0; i < rounds; i++) await simulate.sleep(10);
}
