import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { TierLadder } from '@memberloop/shared';
import { Model } from 'mongoose';
import { Clock } from '../common/clock/clock';
import { AppError } from '../common/errors/app-error';
import { appConfig, type AppConfig } from '../config/app-config';
import { Member } from '../members/schemas/member.schema';
import { DEFAULT_TIER_LADDER } from '../programme/default-tier-ladder';
import type { TierPolicy } from './domain/tier-evaluation';
import { TierLadderSetting } from './schemas/tier-ladder-setting.schema';

const SETTING_ID = 'tier-ladder';
/** Other server instances pick up HQ's change within this time. */
const REFRESH_MS = 60_000;

/**
 * The brand's tier ladder: the shipped default until HQ saves its own, kept in memory (the rules read it on
 * every purchase) and refreshed from the database, so every instance follows HQ's latest version.
 */
@Injectable()
export class TierLadderProvider implements OnModuleInit, OnApplicationShutdown {
  private ladder: TierLadder = TierLadder.parse(DEFAULT_TIER_LADDER);
  private version = 0;
  private timer?: NodeJS.Timeout;

  constructor(
    @InjectModel(TierLadderSetting.name) private readonly settings: Model<TierLadderSetting>,
    @InjectModel(Member.name) private readonly members: Model<Member>,
    private readonly clock: Clock,
    @Inject(appConfig.KEY) private readonly config: AppConfig,
  ) {}

  /** How long tiers are held and how the yearly re-qualification drops them (from the environment). */
  policy(): TierPolicy {
    return { holdMonths: this.config.tiers.holdMonths, downgrade: this.config.tiers.downgrade };
  }

  async onModuleInit(): Promise<void> {
    await this.refresh();
    this.timer = setInterval(() => void this.refresh().catch(() => undefined), REFRESH_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  current(): TierLadder {
    return this.ladder;
  }

  async refresh(): Promise<void> {
    const saved = await this.settings.findById(SETTING_ID).lean();
    if (saved && saved.version > this.version) {
      this.ladder = TierLadder.parse(saved.tiers);
      this.version = saved.version;
    }
  }

  /**
   * HQ replaces the ladder. Members keep their tier codes, so a tier somebody holds cannot be removed (move
   * them first); changed thresholds apply from the next purchase and the next re-qualification.
   */
  async replace(tiers: TierLadder, by: string): Promise<TierLadder> {
    const ladder = TierLadder.parse(tiers);
    const codes = new Set(ladder.map((t) => t.code));
    const held: string[] = await this.members.distinct('tier.code', { status: 'active' });
    const orphaned = held.filter((code) => !codes.has(code));
    if (orphaned.length > 0) {
      throw new AppError('CONFLICT', `Members hold the tier(s) ${orphaned.join(', ')}: keep them in the ladder.`, { orphaned });
    }
    await this.refresh();
    const next = this.version + 1;
    try {
      const saved = await this.settings.updateOne(
        { _id: SETTING_ID, version: this.version },
        { $set: { tiers: ladder, version: next, updatedAt: this.clock.now(), updatedBy: by } },
        { upsert: true },
      );
      if (saved.modifiedCount + saved.upsertedCount !== 1)
        throw new AppError('CONFLICT', 'The ladder changed meanwhile: reload it and try again.');
    } catch (error) {
      if ((error as { code?: number }).code === 11000)
        throw new AppError('CONFLICT', 'The ladder changed meanwhile: reload it and try again.');
      throw error;
    }
    this.ladder = ladder;
    this.version = next;
    return ladder;
  }
}
