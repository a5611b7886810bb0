import 'reflect-metadata';
import cluster from 'node:cluster';
import { Logger } from 'nestjs-pino';
import { createApp } from './app.factory';
import { runPrimary } from './cluster';
import { appConfig, loadAppConfig, type AppConfig } from './config/app-config';
import { loadEnvFile } from './config/env-file';
import { startupProblems } from './startup-check';

async function bootstrap(): Promise<void> {
  loadEnvFile();
  // Checked before Nest starts, so a bad deployment exits at once with every problem named.
  const problems = startupProblems(process.env);
  if (problems) throw new Error(problems);
  const settings = loadAppConfig(process.env);
  if (settings.http.processes > 1 && cluster.isPrimary) return runPrimary(settings);
  const app = await createApp();
  const config = app.get<AppConfig>(appConfig.KEY);
  await app.listen(config.http.port, config.http.host);
  const base = `http://${config.http.host === '0.0.0.0' ? '127.0.0.1' : config.http.host}:${config.http.port}`;
  app.get(Logger).log(`MemberLoop is up: app ${base}/  API docs ${base}/api/docs  health ${base}/health`);
}

bootstrap().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
