import type { SimulatedComponent } from 'miniprogram-simulate';
import { everyPage } from './weapp-build';
import { launchWeapp, openPage, type FakeApi, type SimulatedWechat } from './simulated-wechat';

export interface RenderedPage {
  path: string;
  /** Absent when the page could not be opened at all. */
  page?: SimulatedComponent;
  /** What went wrong: a throw while loading or rendering, an error logged, nothing rendered. */
  problems: string[];
}

/**
 * Launches the build's app once and opens every page app.json declares (main package, then each subpackage),
 * each with its own list of problems. A page's JS runs once per process, so pages stay attached for the caller
 * to inspect (tap, read) after this returns.
 */
export async function renderEveryPage(
  buildDir: string,
  api: FakeApi,
): Promise<{ wechat: SimulatedWechat; pages: RenderedPage[] }> {
  const wechat = launchWeapp(buildDir, api);
  const pages: RenderedPage[] = [];
  for (const path of everyPage(buildDir)) {
    wechat.errors.length = 0;
    const rendered: RenderedPage = { path, problems: [] };
    try {
      rendered.page = await openPage(buildDir, path);
      if (!rendered.page.dom.textContent?.trim()) rendered.problems.push('rendered no text');
    } catch (error) {
      rendered.problems.push(`threw: ${error instanceof Error ? error.message : String(error)}`);
    }
    rendered.problems.push(...wechat.errors);
    pages.push(rendered);
  }
  return { wechat, pages };
}
