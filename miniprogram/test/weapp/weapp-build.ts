import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The weapp build `npm run build:weapp` writes, which WeChat DevTools opens (see project.config.json). */
export const builtWeapp = path.resolve(__dirname, '../../dist/weapp');

interface AppJson {
  pages: string[];
  subPackages?: Array<{ root: string; pages: string[] }>;
  subpackages?: Array<{ root: string; pages: string[] }>;
}

export function readAppJson(buildDir: string): AppJson {
  return JSON.parse(readFileSync(path.join(buildDir, 'app.json'), 'utf8')) as AppJson;
}

/** The build's subpackage roots without their trailing slash, as app.json declares them. */
export function subpackageRoots(buildDir: string): string[] {
  const app = readAppJson(buildDir);
  return (app.subPackages ?? app.subpackages ?? []).map((p) => p.root.replace(/\/$/, ''));
}

/** Every page WeChat can open: the main package's and each subpackage's, as paths from the build's root. */
export function everyPage(buildDir: string): string[] {
  const app = readAppJson(buildDir);
  const subpackages = app.subPackages ?? app.subpackages ?? [];
  return [...app.pages, ...subpackages.flatMap((p) => p.pages.map((page) => `${p.root.replace(/\/$/, '')}/${page}`))];
}
