/**
 * Runs the embedded engine on its own, so several server processes can share it:
 *   npm run db -- --port 27017 --dbpath ./data/db [--inMemory] [--replSet rs0] [--checkpointMb 64] [--quiet]
 * Prints one line, the connection string, when ready; logs go to stderr.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startEmbeddedMongo } from './index';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '27017' },
      host: { type: 'string', default: '127.0.0.1' },
      dbpath: { type: 'string', default: './data/db' },
      inMemory: { type: 'boolean', default: false },
      replSet: { type: 'string', default: 'rs0' },
      quiet: { type: 'boolean', default: false },
      checkpointMb: { type: 'string' },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0..65535, got ${values.port}`);
  const checkpointMb = values.checkpointMb === undefined ? undefined : Number(values.checkpointMb);
  if (checkpointMb !== undefined && !(checkpointMb > 0))
    throw new Error(`--checkpointMb must be a positive number, got ${values.checkpointMb}`);
  const engine = await startEmbeddedMongo({
    checkpointJournalBytes: checkpointMb === undefined ? undefined : checkpointMb * 2 ** 20,
    port,
    host: values.host,
    // Relative to where npm was run (npm runs workspace scripts inside server/): `npm run db` at the root uses ./data/db, as `npm start` does.
    dbpath: values.inMemory ? undefined : resolve(process.env.INIT_CWD ?? process.cwd(), values.dbpath as string),
    replSetName: values.replSet,
    log: values.quiet ? undefined : (message) => process.stderr.write(`${new Date().toISOString()} ${message}\n`),
  });
  process.stdout.write(`${engine.uri}\n`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`${signal}: stopping\n`);
    engine.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`error while stopping: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
