import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { IntegrationView } from '@memberloop/shared';
import { Model } from 'mongoose';
import { Clock } from '../common/clock/clock';
import { AppError } from '../common/errors/app-error';
import { PersonalDataCipher } from '../common/crypto/personal-data-cipher';
import { retryOnDuplicateKey } from '../database/duplicate-key';
import { Integration } from './schemas/integration.schema';

/**
 * How long an integration's secret is reused from memory: every signed request needs it, and a till sends
 * hundreds a second at a store event. Changes made through this instance apply at once; another instance sees a
 * rotated or switched-off integration within this time.
 */
const SECRET_TTL_MS = 5_000;
const SECRETS_KEPT = 1_000;

export interface IntegrationCredentials {
  integrationId: string;
  secret: string;
}

@Injectable()
export class IntegrationsService {
  /** Active integrations' secrets, in clear, by id (unknown or disabled ids are never kept). */
  private readonly secrets = new Map<string, { secret: string; previous?: { secret: string; until: Date }; until: number }>();

  constructor(
    @InjectModel(Integration.name) private readonly integrations: Model<Integration>,
    private readonly cipher: PersonalDataCipher,
    private readonly clock: Clock,
  ) {}

  /** Registers an integration (or rotates its secret) and returns the secret, the only time it is shown. */
  async register(
    integrationId: string,
    name: string,
    secret = randomBytes(32).toString('base64url'),
  ): Promise<IntegrationCredentials> {
    await retryOnDuplicateKey(() =>
      this.integrations.updateOne(
        { _id: integrationId },
        { $set: { name, secretEncrypted: this.cipher.encrypt(secret), active: true } },
        { upsert: true },
      ),
    );
    this.secrets.delete(integrationId);
    return { integrationId, secret };
  }

  /**
   * The secrets a request of an active integration may be signed with: the current one, and the previous one
   * while a rotation's grace period lasts (read on the clock at every call, whatever is kept in memory). Empty for
   * an unknown or switched-off integration.
   */
  async secretsOf(integrationId: string): Promise<string[]> {
    let kept = this.secrets.get(integrationId);
    if (!kept || kept.until <= Date.now()) {
      const integration = await this.integrations.findOne({ _id: integrationId, active: true }).lean();
      if (!integration) {
        this.secrets.delete(integrationId);
        return [];
      }
      kept = {
        secret: this.cipher.decrypt(integration.secretEncrypted),
        previous:
          integration.previousSecretEncrypted && integration.previousSecretUntil
            ? { secret: this.cipher.decrypt(integration.previousSecretEncrypted), until: integration.previousSecretUntil }
            : undefined,
        until: Date.now() + SECRET_TTL_MS,
      };
      if (this.secrets.size >= SECRETS_KEPT) this.secrets.clear();
      this.secrets.set(integrationId, kept);
    }
    const now = this.clock.now().getTime();
    return kept.previous && kept.previous.until.getTime() > now ? [kept.secret, kept.previous.secret] : [kept.secret];
  }

  /** HQ connects a new store system: refused if the id is taken (rotate its secret instead). */
  async connect(integrationId: string, name: string): Promise<IntegrationCredentials & { name: string }> {
    const secret = randomBytes(32).toString('base64url');
    try {
      await this.integrations.create([{ _id: integrationId, name, secretEncrypted: this.cipher.encrypt(secret), active: true }]);
    } catch (error) {
      if ((error as { code?: number }).code === 11000)
        throw new AppError('CONFLICT', `An integration "${integrationId}" exists already: rotate its secret instead.`);
      throw error;
    }
    return { integrationId, name, secret };
  }

  /**
   * A new secret for the integration, returned this once. With `graceHours` the previous secret keeps verifying
   * that long (the tills are given the new one without a gap); with 0 it stops at once. One rotation replaces
   * another's previous secret: at most two verify at any time.
   */
  async rotate(integrationId: string, graceHours: number): Promise<IntegrationCredentials & { name: string }> {
    const secret = randomBytes(32).toString('base64url');
    const until = new Date(this.clock.now().getTime() + graceHours * 3_600_000);
    const updated = await this.integrations
      .findOneAndUpdate(
        { _id: integrationId },
        graceHours > 0
          ? [
              {
                $set: {
                  previousSecretEncrypted: '$secretEncrypted',
                  previousSecretUntil: until,
                  secretEncrypted: this.cipher.encrypt(secret),
                },
              },
            ]
          : {
              $set: { secretEncrypted: this.cipher.encrypt(secret) },
              $unset: { previousSecretEncrypted: 1, previousSecretUntil: 1 },
            },
        { returnDocument: 'after', updatePipeline: true },
      )
      .lean();
    this.secrets.delete(integrationId);
    if (!updated) throw new AppError('NOT_FOUND', `No integration "${integrationId}".`);
    return { integrationId, name: updated.name, secret };
  }

  async setActive(integrationId: string, active: boolean): Promise<IntegrationView> {
    const updated = await this.integrations
      .findOneAndUpdate({ _id: integrationId }, { $set: { active } }, { returnDocument: 'after' })
      .lean<Integration & { createdAt: Date }>();
    this.secrets.delete(integrationId);
    if (!updated) throw new AppError('NOT_FOUND', `No integration "${integrationId}".`);
    return view(updated, this.clock.now());
  }

  async list(): Promise<IntegrationView[]> {
    const all = await this.integrations.find().sort({ _id: 1 }).limit(1000).lean<Array<Integration & { createdAt: Date }>>();
    return all.map((integration) => view(integration, this.clock.now()));
  }
}

function view(integration: Integration & { createdAt: Date }, now: Date): IntegrationView {
  const graceUntil = integration.previousSecretUntil;
  return {
    integrationId: integration._id,
    name: integration.name,
    active: integration.active,
    createdAt: (integration.createdAt ?? new Date(0)).toISOString(),
    ...(graceUntil && graceUntil.getTime() > now.getTime() ? { previousSecretValidUntil: graceUntil.toISOString() } : {}),
  };
}
