import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { appConfig, type AppConfig } from '../config/app-config';
import { startEmbeddedMongo } from './embedded';
import type { EmbeddedMongo } from './embedded/contracts';

/**
 * Where mongoose connects: `MONGODB_URI` when set (a real replica set), otherwise the embedded engine,
 * started in-process with its files under `<DATA_DIR>/db` (or in memory for tests).
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
    this.embedded = await startEmbeddedMongo({ dbpath: embedded.dbpath, log: (message) => this.logger.debug(message) });
    this.logger.log(
      `MONGODB_URI is not set: started the embedded database at ${this.embedded.uri} (${embedded.dbpath ? `files in ${embedded.dbpath}` : 'in memory'})`,
    );
    return this.embedded.uri;
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
