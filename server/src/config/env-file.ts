import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * Loads deployment settings from a file: `ENV_FILE` when set, otherwise `.env` in the folder the command was
 * started from (npm's INIT_CWD), when it exists. A variable already in the environment wins over the file.
 * Returns the file read, if any. Used by the server and the command-line tools, so both see one deployment.
 */
export function loadEnvFile(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const path = resolve(env.INIT_CWD ?? process.cwd(), env.ENV_FILE ?? '.env');
  if (!existsSync(path)) {
    if (env.ENV_FILE) throw new Error(`Invalid configuration:\n  ENV_FILE: no such file: ${path}`);
    return undefined;
  }
  process.loadEnvFile(path);
  return path;
}
