import { fakeMemberApi } from './fake-member-api';
import { renderEveryPage, type RenderedPage } from './render-pages';
import { settle, type SimulatedWechat } from './simulated-wechat';
import { builtWeapp, everyPage } from './weapp-build';

/**
 * Every page of the compiled build opened in WeChat's simulator (wcc-compiled templates, Taro's runtime,
 * the app's own JS) with the API answered by a fake: the member card in full, every other page must start and
 * show something (its content or its error state) without an error.
 */
let wechat: SimulatedWechat;
let pages: RenderedPage[];

beforeAll(async () => {
  ({ wechat, pages } = await renderEveryPage(builtWeapp, fakeMemberApi));
});

function opened(path: string): NonNullable<RenderedPage['page']> {
  const rendered = pages.find((p) => p.path === path);
  if (!rendered?.page) throw new Error(`${path} was not opened`);
  return rendered.page;
}

test('every page in app.json starts and renders without an error', () => {
  expect(pages.map((p) => p.path)).toEqual(everyPage(builtWeapp));
  expect(pages.length).toBeGreaterThan(20);
  expect(pages.filter((p) => p.problems.length > 0)).toEqual([]);
});

describe('the member card (pages/index/index)', () => {
  test('shows the points, the tier bar at the member’s progress and what is left to the next tier', () => {
    const home = opened('pages/index/index');
    expect(home.querySelector('.home__points-value')?.dom.textContent).toBe('2680');
    expect(home.querySelector('.home__name')?.dom.textContent).toMatch(/^(早上好|中午好|下午好|晚上好)，小林$/);
    expect(home.querySelector('.tier-progress__fill')?.dom.getAttribute('style')).toMatch(/width:\s*70%/);
    expect(home.querySelector('.tier-progress__hint')?.dom.textContent).toBe('再消费 ¥1,500 即可升级金卡');
    expect(home.dom.textContent).toContain('3 张可用');
  });

  test('tapping an entry opens its page, a subpackage page included', async () => {
    const home = opened('pages/index/index');
    const entry = home.querySelectorAll('.home__entry').find((e) => e.dom.textContent?.includes('优惠券'));
    entry?.dispatchEvent('tap');
    const tile = home.querySelectorAll('.home__growth-tile').find((e) => e.dom.textContent?.includes('拼团'));
    tile?.dispatchEvent('tap');
    await settle(2);
    expect(wechat.navigations).toEqual(['/packages/coupons/index', '/packages/group-buy/index']);
  });
});

test('a page whose data cannot be loaded shows its error state with a way to retry', () => {
  expect(opened('pages/points/index').dom.textContent).toContain('重试');
});
