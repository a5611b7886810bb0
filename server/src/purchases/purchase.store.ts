import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { Purchase } from './schemas/purchase.schema';

/**
 * The purchases collection, as other features may use it: the only way into these documents from outside this folder
 * (see docs/architecture.md, "Features own their data"). Each method is named for what its caller needs; there is no
 * generic find or aggregate, so every query another feature runs on this data is listed here.
 */
@Injectable()
export class PurchaseStore implements OnModuleInit {
  constructor(@InjectModel(Purchase.name) private readonly purchases: Model<Purchase>) {}

  /** Collections and indexes exist before another feature's transaction writes to them. */
  async onModuleInit(): Promise<void> {
    await Promise.all([this.purchases.init()]);
  }
}
