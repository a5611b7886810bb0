import { Global, Injectable, Module } from '@nestjs/common';
import type { Types } from 'mongoose';

/** An automation that contacts members for marketing (win-back coupons, experiments, calendar packs…). */
export interface MarketingContactSource {
  /** Unique; names the source when a caller leaves one of its own campaigns out. */
  readonly name: string;
  /**
   * When this automation last contacted each of these members (absent: never). `exceptCampaignId` leaves that one
   * campaign of this source out (an experiment promoting its winner is not capped by its own variants).
   */
  lastContacts(memberIds: Types.ObjectId[], exceptCampaignId?: string): Promise<Map<string, Date>>;
}

/**
 * One answer to "when was this member last contacted for marketing, by anything", for every automation's frequency
 * cap: each feature that contacts members registers its source (in `onModuleInit`), and each one deciding a send
 * asks here, so a win-back coupon counts against the next calendar pack and the other way round, without the
 * features importing each other.
 */
@Injectable()
export class MarketingContacts {
  private readonly sources: MarketingContactSource[] = [];

  register(source: MarketingContactSource): void {
    if (this.sources.some((s) => s.name === source.name)) throw new Error(`marketing contact source ${source.name} twice`);
    this.sources.push(source);
  }

  /** The registered sources' names (for tests and the architecture doc). */
  get names(): string[] {
    return this.sources.map((s) => s.name);
  }

  /** The latest contact of each member by any source (absent: never contacted), leaving out `except`'s campaign. */
  async latest(memberIds: Types.ObjectId[], except?: { source: string; campaignId: string }): Promise<Map<string, Date>> {
    if (memberIds.length === 0) return new Map();
    const perSource = await Promise.all(
      this.sources.map((source) =>
        source.lastContacts(memberIds, except && except.source === source.name ? except.campaignId : undefined),
      ),
    );
    const latest = new Map<string, Date>();
    for (const contacts of perSource) for (const [id, at] of contacts) if (!(latest.get(id)! >= at)) latest.set(id, at);
    return latest;
  }
}

/** The registry alone, global, so a feature registering a source pulls in no other feature. */
@Global()
@Module({ providers: [MarketingContacts], exports: [MarketingContacts] })
export class MarketingContactsModule {}
