import { Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { regionPackMultiplier, type RegionPackEarningRule } from '../points';
import { ProgrammePolicy } from '../programme';
import { RegionPack } from './schemas/region-pack.schema';

/** How often every process reads the packs again (a publication is seen at once by the process that made it). */
export const REGION_PACK_REFRESH_MS = 5_000;

type MultiplierPack = Pick<RegionPack, 'regions' | 'minTierCode' | 'pointsMultiplier' | 'publishedAt' | 'withdrawnAt'>;

/**
 * The packs that give extra points, kept in memory: every purchase of a member with a region asks for its
 * multiplier, and a read per purchase would cost the ingest a round trip for a handful of documents that change a
 * few times a year. Each pack published once is kept with its publication and withdrawal times, so a purchase is
 * judged by the packs that ran when it was paid (a late delivery of a purchase made before a withdrawal still
 * earns the pack's points).
 */
@Injectable()
export class RegionPackMultipliers implements OnModuleInit, OnApplicationShutdown {
  private packs: MultiplierPack[] = [];
  private timer?: NodeJS.Timeout;

  constructor(
    @InjectModel(RegionPack.name) private readonly store: Model<RegionPack>,
    private readonly policy: ProgrammePolicy,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.refresh();
    this.timer = setInterval(() => void this.refresh().catch(() => undefined), REGION_PACK_REFRESH_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Reads the packs that were ever published with an extra multiplier. */
  async refresh(): Promise<void> {
    this.packs = await this.store
      .find(
        { pointsMultiplier: { $gt: 1 }, publishedAt: { $exists: true } },
        { regions: 1, minTierCode: 1, pointsMultiplier: 1, publishedAt: 1, withdrawnAt: 1 },
      )
      .lean<MultiplierPack[]>();
  }

  /**
   * The extra points multiplier region packs give a purchase paid at `paidAt` (the packs running then), 1 when
   * none applies. `storeRegion` when the store's region is known; else the member's own counts.
   */
  multiplierAt(member: { region?: string; tier: { code: string } }, paidAt: Date, storeRegion?: string): number {
    if (!member.region || this.packs.length === 0) return 1;
    const ladder = this.policy.tierLadder();
    const rankOf = (code: string) => ladder.find((t) => t.code === code)?.rank;
    const rules: RegionPackEarningRule[] = [];
    for (const pack of this.packs) {
      const minTierRank = rankOf(pack.minTierCode);
      const running = pack.publishedAt && pack.publishedAt <= paidAt && !(pack.withdrawnAt && pack.withdrawnAt <= paidAt);
      if (running && minTierRank !== undefined)
        rules.push({ regions: pack.regions, minTierRank, pointsMultiplier: pack.pointsMultiplier });
    }
    return regionPackMultiplier(rules, {
      tierRank: rankOf(member.tier.code) ?? 0,
      memberRegion: member.region,
      ...(storeRegion ? { storeRegion } : {}),
    });
  }
}
