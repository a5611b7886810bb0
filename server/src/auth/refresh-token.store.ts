import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { RefreshToken } from './schemas/refresh-token.schema';

/**
 * The refresh tokens collection, as other features may use it: the only way into these documents from outside this
 * folder (see docs/architecture.md, "Features own their data"). Each method is named for what its caller needs;
 * there is no generic find or aggregate, so every query another feature runs on this data is listed here.
 */
@Injectable()
export class RefreshTokenStore implements OnModuleInit {
  constructor(@InjectModel(RefreshToken.name) private readonly refreshTokens: Model<RefreshToken>) {}

  /** Collections and indexes exist before another feature's transaction writes to them. */
  async onModuleInit(): Promise<void> {
    await Promise.all([this.refreshTokens.init()]);
  }

  /** Ends every session of the member: their refresh tokens not yet revoked are revoked `at`. */
  async revokeAllOf(memberId: Types.ObjectId, at: Date): Promise<void> {
    await this.refreshTokens.updateMany({ memberId, revokedAt: { $exists: false } }, { $set: { revokedAt: at } });
  }
}
