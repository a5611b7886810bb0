import { findDynamicCode } from './dynamic-code';
import { describePackages, packageSizeProblems } from './package-budgets';
import { builtWeapp, subpackageRoots } from './weapp-build';
import { runWechatCi } from './wechat-ci';
import { compileStyles, compileTemplates } from './wechat-compilers';

describe('the weapp build, as WeChat compiles and measures it', () => {
  test("every WXML template and WXS module compiles with WeChat's wcc", () => {
    expect(() => compileTemplates(builtWeapp)).not.toThrow();
  });

  test("every WXSS file compiles with WeChat's wcsc", () => {
    expect(() => compileStyles(builtWeapp)).not.toThrow();
  });

  test('miniprogram-ci accepts the project and every package is within WeChat limits and our budgets', () => {
    const result = runWechatCi(builtWeapp);
    expect(result.compileError).toBeNull();
    console.log(`weapp packages (miniprogram-ci): ${describePackages(result.packageBytes)}`);
    expect(packageSizeProblems(result.packageBytes, subpackageRoots(builtWeapp))).toEqual([]);
  });

  test("no eval or Function constructor in the bundles except Taro's new Function('return this')", () => {
    expect(findDynamicCode(builtWeapp)).toEqual([]);
  });
});
