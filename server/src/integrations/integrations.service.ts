import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { PersonalDataCipher } from '../common/crypto/personal-data-cipher';
import { Integration } from './schemas/integration.schema';

export interface IntegrationCredentials {
  integrationId: string;
  secret: string;
}

@Injectable()
export class IntegrationsService {
  constructor(
    @InjectModel(Integration.name) private readonly integrations: Model<Integration>,
    private readonly cipher: PersonalDataCipher,
  ) {}

  /** Registers an integration (or rotates its secret) and returns the secret, the only time it is shown. */
  async register(
    integrationId: string,
    name: string,
    secret = randomBytes(32).toString('base64url'),
  ): Promise<IntegrationCredentials> {
    await this.integrations.updateOne(
      { _id: integrationId },
      { $set: { name, secretEncrypted: this.cipher.encrypt(secret), active: true } },
      { upsert: true },
    );
    return { integrationId, secret };
  }

  /** The signing secret of an active integration, or null. */
  async secretOf(integrationId: string): Promise<string | null> {
    const integration = await this.integrations.findOne({ _id: integrationId, active: true }).lean();
    return integration ? this.cipher.decrypt(integration.secretEncrypted) : null;
  }
}
