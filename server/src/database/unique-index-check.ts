import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { ensureUniqueIndexes } from './unique-indexes';

/**
 * At start-up, before any request is served: every unique index the models declare is created and then verified
 * on the database; a missing or conflicting one stops the start with a message naming it.
 */
@Injectable()
export class UniqueIndexCheck implements OnModuleInit {
  private readonly logger = new Logger('Database');

  constructor(@InjectConnection() private readonly connection: Connection) {}

  async onModuleInit(): Promise<void> {
    const verified = await ensureUniqueIndexes(this.connection);
    this.logger.log(`verified ${verified.length} unique indexes`);
  }
}
