import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { appConfig, type AppConfig } from '../config/app-config';
import type { EmbeddedMongo } from './embedded/contracts';
import { runningEngineUri } from './embedded/persistence/lock-file';

/**
 * Where mongoose connects: `MONGODB_URI` when set (a real replica set), otherwise the embedded engine,
 * started in-process with its files under `<DATA_DIR>/db` (or in memory for tests). When another live process
 * (the server) already runs the engine on those files, this one (a command-line tool: `npm run hq`, the import)
 * uses that engine over loopback instead of failing on its lock.
 */
@Injectable()
export class DatabaseUriProvider implements OnApplicationShutdown {
  private readonly logger = new Logger('Database');
  private embedded?: EmbeddedMongo;

  constructor(@Inject(appConfig.KEY) private readonly config: AppConfig) {}

  async resolveUri(): Promise<string> {
    const { uri, embedded } = this.config.database;
    if (uri) {
      this.logger.log(`Using MongoDB at ${redactCredentials(uri)}`);
      return uri;
    }
    const running = embedded.dbpath ? runningEngineUri(embedded.dbpath) : undefined;
    if (running) {
      this.logger.log(`Using the embedded database another process runs on ${embedded.dbpath}, at ${running}`);
      return running;
    }
    // Loaded only when needed: a deployment on a real MongoDB never loads the embedded engine.
    const { startEmbeddedMongo } = await import('./embedded');
    const engine = await startEmbeddedMongo({ dbpath: embedded.dbpath, log: (message: string) => this.logger.debug(message) });
    this.embedded = engine;
    this.logger.log(
      `MONGODB_URI is not set: started the embedded database at ${engine.uri} (${embedded.dbpath ? `files in ${embedded.dbpath}` : 'in memory'})`,
    );
    return engine.uri;
  }

  /** Runs after mongoose has closed its connections, so the engine stops last. */
  async onApplicationShutdown(): Promise<void> {
    await this.embedded?.stop();
    this.embedded = undefined;
  }
}

export function redactCredentials(uri: string): string {
  return uri.replace(/\/\/([^@/]+)@/, '//***@');
}
