import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { isDuplicateKeyError } from '../database/duplicate-key';
import { IntegrationNonce } from './schemas/integration-nonce.schema';

/** The nonces of signed requests: each is accepted once per integration while its timestamp is valid. */
@Injectable()
export class IntegrationNonces {
  constructor(@InjectModel(IntegrationNonce.name) private readonly nonces: Model<IntegrationNonce>) {}

  /**
   * Records the nonce's use; false when it was used before (a replay). One insert under a unique index, so of
   * concurrent copies exactly one wins, whichever instance they reach.
   */
  async use(integrationId: string, nonce: string, keepUntil: Date): Promise<boolean> {
    try {
      await this.nonces.collection.insertOne({ integrationId, nonce, expiresAt: keepUntil });
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }
}
