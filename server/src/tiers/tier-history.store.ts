import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { TierChangeRecord } from './schemas/tier-change.schema';

export type LeanTierChange = TierChangeRecord & { _id: Types.ObjectId };

/**
 * The tier changes collection, as other features may use it: the only way into these documents from outside this
 * folder (see docs/architecture.md, "Features own their data"). Each method is named for what its caller needs;
 * there is no generic find or aggregate, so every query another feature runs on this data is listed here.
 */
@Injectable()
export class TierHistoryStore implements OnModuleInit {
  constructor(@InjectModel(TierChangeRecord.name) private readonly history: Model<TierChangeRecord>) {}

  /** Collections and indexes exist before another feature's transaction writes to them. */
  async onModuleInit(): Promise<void> {
    await Promise.all([this.history.init()]);
  }

  /** The member's whole tier history, oldest first (their copy of their data). */
  exportMember(memberId: Types.ObjectId): Promise<LeanTierChange[]> {
    return this.history.find({ memberId }).sort({ at: 1 }).lean<LeanTierChange[]>();
  }
}
