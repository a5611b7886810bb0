import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { BuildCopies, replaceIn } from './build-copies';
import { fakeMemberApi } from './fake-member-api';
import { renderEveryPage } from './render-pages';

/** The render check refuses a copy of the build with a page that throws on load and one with a chunk missing. */
const copies = new BuildCopies();
afterAll(() => copies.removeAll());

test('a page that throws on load and a page whose subpackage chunk is missing are reported, and only they', async () => {
  const dir = copies.copy();
  replaceIn(dir, 'pages/points/index.js', '"use strict";', '"use strict";throw new Error("points page broken on load");');
  const coupons = readFileSync(path.join(dir, 'packages/coupons/index.js'), 'utf8');
  const chunk = /require\("\.\/(sub-common\/[0-9a-f]+\.js)"\)/.exec(coupons)?.[1];
  if (!chunk) throw new Error('packages/coupons/index.js requires no sub-common chunk');
  rmSync(path.join(dir, 'packages/coupons', chunk));

  const { pages } = await renderEveryPage(dir, fakeMemberApi);
  const broken = pages.filter((p) => p.problems.length > 0);
  expect(broken.map((p) => p.path)).toEqual(['pages/points/index', 'packages/coupons/index']);
  expect(broken[0].problems.join('\n')).toContain('points page broken on load');
  expect(broken[1].problems.join('\n')).toMatch(/Cannot find module/);
});
