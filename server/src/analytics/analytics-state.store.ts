import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { AnalyticsState } from './schemas/analytics-state.schema';

/** Keyed small documents the analytics keep between runs (settings, the RFM model, watermarks). */
@Injectable()
export class AnalyticsStateStore {
  constructor(@InjectModel(AnalyticsState.name) private readonly states: Model<AnalyticsState>) {}

  async get<T>(key: string): Promise<T | null> {
    const doc = await this.states.findById(key).lean();
    return doc ? (doc.value as T) : null;
  }

  async set<T extends object>(key: string, value: T): Promise<void> {
    await this.states.updateOne({ _id: key }, { $set: { value } }, { upsert: true });
  }
}
