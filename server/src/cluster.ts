import cluster, { type Worker } from 'node:cluster';
import type { AppConfig } from './config/app-config';
import type { EmbeddedMongo } from './database/embedded/contracts';

/** A worker that dies this soon after it started is crashing at start: do not start it again and again. */
const CRASH_LOOP_MS = 5_000;
const MAX_QUICK_DEATHS = 5;
/** How long workers get to finish their requests at a stop before they are killed. */
const STOP_GRACE_MS = 15_000;

const log = (message: string) => process.stdout.write(`${new Date().toISOString()} [cluster] ${message}\n`);

/**
 * The primary of a multi-process server (SERVER_PROCESSES > 1). It serves no request itself: it runs the embedded
 * database when there is no MONGODB_URI (so every worker shares one engine over loopback, as they would share one
 * replica set), starts the workers on the shared port, starts again one that dies, and at SIGTERM / SIGINT stops
 * the workers (each finishes its requests and jobs) before the database.
 *
 * Nothing the money path relies on is per process: each write is guarded by its transaction and idempotency key
 * (the per-member queue inside a process only saves retries); rate limits are kept in the database, so a caller's
 * budget is one across the workers; each background job runs once per period through its lease.
 */
export async function runPrimary(config: AppConfig): Promise<void> {
  let engine: EmbeddedMongo | undefined;
  const env: Record<string, string> = {};
  if (!config.database.uri) {
    const { startEmbeddedMongo } = await import('./database/embedded');
    engine = await startEmbeddedMongo({ dbpath: config.database.embedded.dbpath });
    env.MONGODB_URI = engine.uri;
    log(`started the embedded database at ${engine.uri} (${config.database.embedded.dbpath ?? 'in memory'})`);
  }
  if (!process.env.RATE_LIMIT_STORE) env.RATE_LIMIT_STORE = 'database';
  else if (config.rateLimitStore === 'memory') {
    log('RATE_LIMIT_STORE=memory: each process keeps its own budgets, so a caller gets one per process');
  }

  let stopping = false;
  const startedAt = new Map<Worker, number>();
  let quickDeaths = 0;
  const start = () => {
    const worker = cluster.fork(env);
    startedAt.set(worker, Date.now());
  };
  cluster.on('exit', (worker, code, signal) => {
    const lived = Date.now() - (startedAt.get(worker) ?? 0);
    startedAt.delete(worker);
    if (stopping) return;
    log(`worker ${worker.process.pid} exited (${signal ?? code}) after ${Math.round(lived / 1000)} s: starting another`);
    quickDeaths = lived < CRASH_LOOP_MS ? quickDeaths + 1 : 0;
    if (quickDeaths >= MAX_QUICK_DEATHS) {
      log(`${MAX_QUICK_DEATHS} workers died at start in a row: stopping (see their errors above)`);
      void stop(1);
      return;
    }
    start();
  });

  const stop = async (exitCode: number) => {
    if (stopping) return;
    stopping = true;
    const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);
    log(`stopping ${workers.length} workers`);
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((done) => {
            if (worker.isDead()) return done();
            const kill = setTimeout(() => worker.process.kill('SIGKILL'), STOP_GRACE_MS);
            worker.once('exit', () => {
              clearTimeout(kill);
              done();
            });
            worker.process.kill('SIGTERM');
          }),
      ),
    );
    await engine?.stop();
    log('stopped');
    process.exit(exitCode);
  };
  process.once('SIGTERM', () => void stop(0));
  process.once('SIGINT', () => void stop(0));

  for (let i = 0; i < config.http.processes; i++) start();
  let listening = 0;
  cluster.on('listening', () => {
    listening += 1;
    if (listening === config.http.processes) {
      const host = config.http.host === '0.0.0.0' ? '127.0.0.1' : config.http.host;
      log(`MemberLoop is up with ${config.http.processes} processes: http://${host}:${config.http.port}/`);
    }
  });
}
