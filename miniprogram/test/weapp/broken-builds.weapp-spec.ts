import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { addWeight, BuildCopies, replaceIn } from './build-copies';
import { findDynamicCode } from './dynamic-code';
import { packageSizeProblems } from './package-budgets';
import { subpackageRoots } from './weapp-build';
import { runWechatCi } from './wechat-ci';
import { compileStyles, compileTemplates } from './wechat-compilers';

/** Each check refuses a copy of the real build broken the way it guards against. */
const copies = new BuildCopies();
afterAll(() => copies.removeAll());

test("a broken end tag in Taro's base.wxml fails WeChat's template compiler", () => {
  const dir = copies.copy();
  replaceIn(dir, 'base.wxml', '</text>', '</txt>');
  expect(() => compileTemplates(dir)).toThrow(/base\.wxml:\d+:\d+: expect end-tag `text`/);
});

test("an unclosed tag in a page's own template fails it too", () => {
  const dir = copies.copy();
  replaceIn(dir, 'packages/manager/review.wxml', '/>', '>');
  expect(() => compileTemplates(dir)).toThrow(/packages\/manager\/review\.wxml/);
});

test("a broken rule in a page's stylesheet fails WeChat's style compiler", () => {
  const dir = copies.copy();
  replaceIn(dir, 'pages/index/index.wxss', '}', '}}');
  expect(() => compileStyles(dir)).toThrow(/pages\/index\/index\.wxss/);
});

test('a page file missing from a subpackage is refused by miniprogram-ci', () => {
  const dir = copies.copy();
  rmSync(path.join(dir, 'packages/community/mine.js'));
  expect(runWechatCi(dir).compileError).toMatch(
    /\["subPackages"\]\[\d+\]\["pages"\]\[\d+\] could not find the corresponding file: "packages\/community\/mine\.js"/,
  );
});

test('a subpackage over its budget, and one over WeChat’s 2 MB, fail the size check', () => {
  const dir = copies.copy();
  addWeight(dir, 'packages/invite/index.js', 80 * 1024);
  addWeight(dir, 'packages/manager/index.js', 1500 * 1024);
  const { compileError, packageBytes } = runWechatCi(dir);
  expect(compileError).toBeNull();
  const problems = packageSizeProblems(packageBytes, subpackageRoots(dir));
  expect(problems).toEqual([
    // The sizes follow the packages' own growth; what matters is that each is named with its limit.
    expect.stringMatching(/^packages\/invite is \d+\.\d KB, over its budget of 60 KB$/),
    expect.stringMatching(/^packages\/manager is \d{4}\.\d KB: WeChat refuses a package over 2 MB$/),
    expect.stringMatching(/^packages\/manager is \d{4}\.\d KB, over its budget of 700 KB$/),
  ]);
});

test('eval and a Function constructor in a bundle are found', () => {
  const dir = copies.copy();
  replaceIn(dir, 'common.js', '"use strict";', '"use strict";eval("1");var f=new Function("a","return a");');
  expect(findDynamicCode(dir)).toEqual([
    expect.stringMatching(/^common\.js:1:\d+ eval\(…\)$/),
    expect.stringMatching(/^common\.js:1:\d+ new Function\(…\)$/),
  ]);
});

test('a Taro API WeChat does not have fails the API check of typecheck', () => {
  const src = copies.emptyDir();
  writeFileSync(
    path.join(src, 'page.tsx'),
    "import Taro from '@tarojs/taro';\nexport const go = () => Taro.showToast({ title: 'ok' }) && Taro.openMagicDoor();\n",
  );
  const run = spawnSync(process.execPath, [path.join(__dirname, '../../scripts/check-wechat-apis.js'), src], {
    encoding: 'utf8',
  });
  expect(run.status).toBe(1);
  expect(run.stderr).toContain('Taro.openMagicDoor at page.tsx:2:');
  expect(run.stderr).not.toContain('showToast');
});
