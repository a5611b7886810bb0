import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { builtWeapp } from './weapp-build';

/**
 * Copies of the real build, each broken in one way, to prove the checks refuse it. They live in the system's
 * temporary folder (jest.weapp.config.js keeps babel away from them by the `weapp-copies-` prefix).
 */
export class BuildCopies {
  private readonly dirs: string[] = [];

  copy(): string {
    const dir = this.emptyDir();
    cpSync(builtWeapp, dir, { recursive: true });
    return dir;
  }

  emptyDir(): string {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'weapp-copies-'));
    this.dirs.push(dir);
    return dir;
  }

  removeAll(): void {
    for (const dir of this.dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  }
}

/** Replaces the first occurrence of `from` in a file of the copy; fails when it is not there. */
export function replaceIn(dir: string, file: string, from: string, to: string): void {
  const target = path.join(dir, file);
  const source = readFileSync(target, 'utf8');
  if (!source.includes(from)) throw new Error(`${file} has no ${JSON.stringify(from)} to break`);
  writeFileSync(target, source.replace(from, to));
}

/** Adds `bytes` of valid JavaScript to a package of the copy, as if a large library had landed in it. */
export function addWeight(dir: string, file: string, bytes: number): void {
  appendFileSync(path.join(dir, file), `var weight=${JSON.stringify('x'.repeat(bytes))};\n`);
}
