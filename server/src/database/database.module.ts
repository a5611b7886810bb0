import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { DatabaseUriProvider } from './database-uri.provider';

@Module({ providers: [DatabaseUriProvider], exports: [DatabaseUriProvider] })
class DatabaseUriModule {}

/** The mongoose connection every feature module's models use. */
@Module({
  imports: [
    MongooseModule.forRootAsync({
      imports: [DatabaseUriModule],
      inject: [DatabaseUriProvider],
      useFactory: async (database: DatabaseUriProvider) => ({
        uri: await database.resolveUri(),
        // Fail fast at start-up instead of retrying for 30 s when the database is unreachable.
        serverSelectionTimeoutMS: 5000,
      }),
    }),
  ],
})
export class DatabaseModule {}
