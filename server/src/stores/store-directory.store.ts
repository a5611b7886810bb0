import { Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { StoredStore } from './schemas/store.schema';

/** How often every process reads the stores' regions again. */
export const STORE_REGIONS_REFRESH_MS = 5_000;

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
export class StoreDirectory implements OnModuleInit, OnApplicationShutdown {
  /** Every store's region by code, for the purchase hot path (see regionOf). */
  private regions = new Map<string, string>();
  private timer?: NodeJS.Timeout;

  constructor(@InjectModel(StoredStore.name) private readonly stores: Model<StoredStore>) {}

  /** The collection and its indexes (the 2dsphere one included) exist before the first nearby query. */
  async onModuleInit(): Promise<void> {
    await this.stores.init();
    await this.refreshRegions();
    this.timer = setInterval(() => void this.refreshRegions().catch(() => undefined), STORE_REGIONS_REFRESH_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /**
   * The region of the store with this code (retired ones too: their purchases still arrive), from memory: a purchase
   * asks it, and a directory of a few thousand stores that rarely move is cheaper held than read each time. Undefined
   * for a code the directory does not know.
   */
  regionOf(code: string): string | undefined {
    return this.regions.get(code);
  }

  /** Reads every store's region again (every STORE_REGIONS_REFRESH_MS; at once on the process that changed one). */
  async refreshRegions(): Promise<void> {
    const rows = await this.stores.find({}, { _id: 0, code: 1, region: 1 }).lean<Array<{ code: string; region: string }>>();
    this.regions = new Map(rows.map((row) => [row.code, row.region]));
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
    if (result.upsertedCount > 0) await this.refreshRegions();
    return result.upsertedCount;
  }
}
