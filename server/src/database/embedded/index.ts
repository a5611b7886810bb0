/**
 * The embedded MongoDB-compatible engine, whole: persistence (when a dbpath is given), storage, the data
 * commands and the wire server. `startEmbeddedMongo()` is what the server and the tests use.
 */
import { createCommandService } from './commands';
import { NO_DURABILITY, type EmbeddedMongo, type EmbeddedMongoOptions } from './contracts';
import { openPersistence } from './persistence';
import { publishAddress } from './persistence/lock-file';
import { createStorageEngine } from './storage';
import { startWireServer } from './wire';

export type { EmbeddedMongo, EmbeddedMongoOptions } from './contracts';

export async function startEmbeddedMongo(options: EmbeddedMongoOptions = {}): Promise<EmbeddedMongo> {
  const host = options.host ?? '127.0.0.1';
  const persistence = options.dbpath
    ? await openPersistence(options.dbpath, { faultInjector: options.faultInjector })
    : undefined;
  try {
    const storage = createStorageEngine({
      commitLog: persistence ?? NO_DURABILITY,
      now: options.now,
      ttlMonitorIntervalMs: options.ttlMonitorIntervalMs,
      checkpointJournalBytes: options.checkpointJournalBytes,
      log: options.log,
    });
    if (persistence) {
      const { batches, truncatedBytes } = await persistence.recover((batch) => storage.applyRecovered(batch));
      options.log?.(
        `recovered ${batches} batches from ${options.dbpath}${truncatedBytes ? `, cut off a torn tail of ${truncatedBytes} bytes` : ''}`,
      );
    }
    const commands = createCommandService(storage, { now: options.now });
    const wire = await startWireServer({
      host,
      port: options.port ?? 0,
      replSetName: options.replSetName ?? 'rs0',
      commands,
      commitCounter: () => storage.commitCounter,
      log: options.log,
    });
    storage.startBackgroundJobs();
    // Command-line tools started while this process holds the dbpath connect here instead (runningEngineUri).
    const unpublish = options.dbpath ? publishAddress(options.dbpath, `mongodb://${host}:${wire.port}/`) : () => {};
    let stopped: Promise<void> | undefined;
    return {
      uri: `mongodb://${host}:${wire.port}/`,
      host,
      port: wire.port,
      storage,
      stop() {
        stopped ??= (async () => {
          unpublish();
          await wire.close();
          await commands.close();
          await storage.close();
          await persistence?.close();
        })();
        return stopped;
      },
    };
  } catch (error) {
    await persistence?.close();
    throw error;
  }
}
