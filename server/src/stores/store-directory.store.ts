import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { StoredStore } from './schemas/store.schema';

/** A store as the demo seed (or an integration) supplies it: GCJ-02 longitude and latitude. */
export interface StoreEntry {
  code: string;
  name: string;
  address: string;
  city: string;
  region: string;
  lng: number;
  lat: number;
  openingHours?: string;
}

/**
 * The store directory as other features may use it (see docs/architecture.md, "Features own their data"): each
 * method is named for its caller's need.
 */
@Injectable()
export class StoreDirectory implements OnModuleInit {
  constructor(@InjectModel(StoredStore.name) private readonly stores: Model<StoredStore>) {}

  /** The collection and its indexes (the 2dsphere one included) exist before the first nearby query. */
  async onModuleInit(): Promise<void> {
    await this.stores.init();
  }

  /** Adds the stores whose code the directory does not have yet; a store HQ already keeps is left as HQ keeps it. */
  async addMissing(entries: StoreEntry[], at: Date): Promise<number> {
    if (entries.length === 0) return 0;
    const result = await this.stores.bulkWrite(
      entries.map(({ lng, lat, openingHours, ...store }) => ({
        updateOne: {
          filter: { code: store.code },
          update: {
            $setOnInsert: {
              ...store,
              location: { type: 'Point', coordinates: [lng, lat] },
              ...(openingHours ? { openingHours } : {}),
              status: 'active',
              createdAt: at,
              updatedAt: at,
            },
          },
          upsert: true,
        },
      })),
      { ordered: false },
    );
    return result.upsertedCount;
  }
}
