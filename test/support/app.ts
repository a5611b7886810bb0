import { resolve } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Clock, ShiftedClock } from '../../server/src/common/clock/clock';

export interface RunningApp {
  app: NestFastifyApplication;
  baseUrl: string;
  close(): Promise<void>;
}

/**
 * Boots the real application (the same factory `npm start` uses) on a free loopback port, on a fresh
 * in-memory embedded database, and serves the H5 build when it exists.
 */
export async function startApp(env: Record<string, string> = {}): Promise<RunningApp> {
  Object.assign(process.env, {
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    EMBEDDED_DB_IN_MEMORY: 'true',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    H5_DIR: resolve(__dirname, '../../miniprogram/dist/h5'),
    // Suites sign in hundreds of members from one address; the rate-limit suite sets its own scale.
    RATE_LIMIT_SCALE: '1000',
    // Suites fire bursts on a busy CI machine: they wait rather than be shed; the load-shedding suite sets its own.
    ADMISSION_MAX_QUEUE: '100000',
    ADMISSION_MAX_WAIT_MS: '60000',
    // …and run as many at once as the fixed ceiling lets them, so the race suites interleave as much as they can.
    ADMISSION_ADAPTIVE: 'false',
    ...env,
  });
  // Imported after the environment is set: the config namespace reads process.env when the module loads.
  const { createApp } = await import('../../server/src/app.factory');
  const app = await createApp();
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address();
  if (!address || typeof address === 'string') throw new Error('the app is not listening on a TCP port');
  return { app, baseUrl: `http://127.0.0.1:${address.port}`, close: () => app.close() };
}

/** Lets time pass for the running app (its ShiftedClock); `reset` brings it back to now. */
export function timeOf(running: RunningApp): { advance(ms: number): void; reset(): void } {
  const clock = running.app.get(Clock);
  if (!(clock instanceof ShiftedClock)) throw new Error('the app under test does not run on a ShiftedClock (NODE_ENV=test)');
  return clock;
}
