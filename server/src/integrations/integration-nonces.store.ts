import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Collection } from 'mongodb';
import { Model } from 'mongoose';
import { isDuplicateKeyError } from '../database/duplicate-key';
import { InsertBatcher } from '../database/insert-batcher';
import { IntegrationNonce } from './schemas/integration-nonce.schema';

/** The nonces of signed requests: each is accepted once per integration while its timestamp is valid. */
@Injectable()
export class IntegrationNonces {
  /** Concurrent requests' nonces go to the database together (one insert per turn of the event loop). */
  private readonly inserts: InsertBatcher<IntegrationNonce>;

  constructor(@InjectModel(IntegrationNonce.name) nonces: Model<IntegrationNonce>) {
    this.inserts = new InsertBatcher(() => nonces.collection as unknown as Collection<IntegrationNonce>);
  }

  /**
   * Records the nonce's use; false when it was used before (a replay). One insert under a unique index, so of
   * concurrent copies exactly one wins, whichever instance they reach (copies sent together in one batch too).
   */
  async use(integrationId: string, nonce: string, keepUntil: Date): Promise<boolean> {
    try {
      await this.inserts.insert({ integrationId, nonce, expiresAt: keepUntil });
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }
}
