import type { INestApplicationContext, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppError } from '../../common/errors/app-error';
import { appConfig, type AppConfig } from '../../config/app-config';
import { loadEnvFile } from '../../config/env-file';
import { redactCredentials } from '../../database/database-uri.provider';
import { CsvFormatError } from '../csv-order-source';

/**
 * Runs a command-line tool inside a Nest application context (no HTTP listener): paths and DATA_DIR are
 * taken relative to where `npm run` was typed (npm runs workspace scripts in the workspace folder), and the
 * settings are the server's (the environment over `.env`: see config/env-file.ts). The
 * first Ctrl-C asks the work to stop after what is in progress; the second one quits at once.
 * `work` returns the exit code.
 */
export async function runCommand(
  root: Type<unknown>,
  work: (app: INestApplicationContext, signal: AbortSignal) => Promise<number>,
  options: {
    /** A development tool (the demo seed): NODE_ENV defaults to development, and production is refused with this reason. */
    developmentOnly?: string;
  } = {},
): Promise<never> {
  if (process.env.INIT_CWD) process.chdir(process.env.INIT_CWD);
  try {
    loadEnvFile();
    if (options.developmentOnly) {
      process.env.NODE_ENV ??= 'development';
      if (process.env.NODE_ENV === 'production') throw new Error(options.developmentOnly);
    }
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(1);
  }
  const stop = new AbortController();
  const interrupt = () => {
    if (stop.signal.aborted) process.exit(130);
    process.stderr.write('\nStopping after the records in progress (Ctrl-C again to quit at once)…\n');
    stop.abort();
  };
  process.on('SIGINT', interrupt);
  process.on('SIGTERM', interrupt);

  let app: INestApplicationContext | undefined;
  let code = 1;
  try {
    app = await NestFactory.createApplicationContext(root, { logger: ['error', 'warn'], abortOnError: false });
    process.stderr.write(`Database: ${describeDatabase(app.get<AppConfig>(appConfig.KEY))}\n`);
    code = await work(app, stop.signal);
  } catch (error) {
    // Problems with the input or the options are the user's to fix: say what, without a stack trace.
    const expected = error instanceof CsvFormatError || error instanceof UsageError || error instanceof AppError;
    process.stderr.write(
      `${error instanceof Error ? (expected ? error.message : (error.stack ?? error.message)) : String(error)}\n`,
    );
    code = 1;
  } finally {
    // Closing stops the embedded engine cleanly (its journal is flushed).
    await app?.close().catch((error: unknown) => process.stderr.write(`while closing: ${String(error)}\n`));
  }
  process.exit(code);
}

function describeDatabase(config: AppConfig): string {
  const { uri, embedded } = config.database;
  if (uri) return redactCredentials(uri);
  return embedded.dbpath ? `embedded engine, files in ${embedded.dbpath}` : 'embedded engine in memory (nothing is kept!)';
}

/** A positive integer option, or the default when absent. */
export function positiveInteger(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed) || parsed < 1) throw new UsageError(`--${name} must be a positive integer, got "${value}"`);
  return parsed;
}

/** A mistake on the command line: shown with the usage, without a stack trace. */
export class UsageError extends Error {}
