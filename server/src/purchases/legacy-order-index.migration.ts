import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { Purchase } from './schemas/purchase.schema';

/**
 * Order ids were once unique across every integration (index `orderId_1`); they are now unique per integration.
 * A database from before keeps refusing one till's order because another till used the number, so the old index
 * is dropped once at start-up (a no-op on a new database).
 */
@Injectable()
export class LegacyOrderIndexMigration implements OnApplicationBootstrap {
  private readonly logger = new Logger(LegacyOrderIndexMigration.name);

  constructor(@InjectModel(Purchase.name) private readonly purchases: Model<Purchase>) {}

  async onApplicationBootstrap(): Promise<void> {
    const indexes = await this.purchases.collection.indexes().catch(() => []);
    if (!indexes.some((index) => index.name === 'orderId_1')) return;
    await this.purchases.collection.dropIndex('orderId_1');
    this.logger.log('dropped the legacy brand-wide unique index on purchases.orderId (order ids are unique per integration)');
  }
}
