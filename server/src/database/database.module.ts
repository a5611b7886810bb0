import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { DatabaseUriProvider } from './database-uri.provider';
import { UniqueIndexCheck } from './unique-index-check';

@Module({ providers: [DatabaseUriProvider], exports: [DatabaseUriProvider] })
class DatabaseUriModule {}

/** The mongoose connection every feature module's models use, and the check of their unique indexes. */
@Module({
  providers: [UniqueIndexCheck],
  imports: [
    MongooseModule.forRootAsync({
      imports: [DatabaseUriModule],
      inject: [DatabaseUriProvider],
      useFactory: async (database: DatabaseUriProvider) => ({
        uri: await database.resolveUri(),
        // Fail fast at start-up instead of retrying for 30 s when the database is unreachable.
        serverSelectionTimeoutMS: 5000,
        // Indexes are built and verified once, at start-up (UniqueIndexCheck), not in the background where a
        // failure to build a unique index would go unnoticed.
        autoIndex: false,
      }),
    }),
  ],
})
export class DatabaseModule {}
