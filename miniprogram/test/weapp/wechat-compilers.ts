import { readdirSync } from 'node:fs';
import { wxmlToJs } from 'miniprogram-compiler';
// The package's wxssToJs swallows wcsc's error and then fails on it; its wcsc step returns the error instead.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const wcsc = require('miniprogram-compiler/src/wcsc') as (root: string, files: string[]) => Record<string, string> | Error;

/**
 * Compiles every WXML and WXS file of a build with WeChat's own template compiler (wcc, the binary DevTools
 * uses). Throws wcc's message (file:line:column and what it expected) when WeChat would refuse one.
 */
export function compileTemplates(buildDir: string): void {
  wxmlToJs(buildDir);
}

/** Compiles every WXSS file of a build with WeChat's style compiler (wcsc); throws its message on an error. */
export function compileStyles(buildDir: string): void {
  const files = readdirSync(buildDir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.wxss'))
    .map((f) => f.split('\\').join('/').slice(0, -'.wxss'.length));
  const result = wcsc(buildDir, files);
  if (result instanceof Error) throw result;
}
