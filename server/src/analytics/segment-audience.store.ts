import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { MemberStage, SegmentAudience } from '@memberloop/shared';
import { Model, Types } from 'mongoose';
import { MarketingContacts } from '../common/marketing-contacts/marketing-contacts';
import { AnalyticsSettingsService } from './analytics-settings.service';
import { MemberProfile } from './schemas/member-profile.schema';
import { WinbackContact } from './schemas/winback.schema';

/** A member of a segment as a campaign reads them: who, and their lifecycle stage (whose contact policy applies). */
export interface SegmentMember {
  _id: Types.ObjectId;
  stage: MemberStage;
}

/**
 * The member profiles and win-back contacts as other features' campaigns use them (see docs/architecture.md,
 * "Features own their data"): a segment's members, the stage contact policies' minimum days between contacts, and
 * when win-back last contacted members. Named for what callers need; no generic query.
 */
@Injectable()
export class SegmentAudienceStore implements OnModuleInit {
  constructor(
    @InjectModel(MemberProfile.name) private readonly profiles: Model<MemberProfile>,
    @InjectModel(WinbackContact.name) private readonly contacts: Model<WinbackContact>,
    private readonly settings: AnalyticsSettingsService,
    private readonly marketing: MarketingContacts,
  ) {}

  /** Win-back's coupons count in every automation's frequency cap. */
  onModuleInit(): void {
    this.marketing.register({ name: 'winback', lastContacts: (ids) => this.lastWinbackContacts(ids) });
  }

  /** The members of RFM segments, lifecycle stages or tiers (as last computed), in id order. */
  membersOf(audience: SegmentAudience): AsyncIterable<SegmentMember> {
    return this.profiles
      .find(
        {
          ...(audience.segments ? { segment: { $in: audience.segments } } : {}),
          ...(audience.stages ? { stage: { $in: audience.stages } } : {}),
          ...(audience.tiers ? { tier: { $in: audience.tiers } } : {}),
        },
        { stage: 1 },
      )
      .sort({ _id: 1 })
      .lean<SegmentMember>()
      .cursor({ batchSize: 500 });
  }

  /** The lifecycle stage of each of these members, as last computed (members without a profile are absent). */
  async stagesOf(memberIds: Types.ObjectId[]): Promise<Map<string, MemberStage>> {
    const rows = await this.profiles.find({ _id: { $in: memberIds } }, { stage: 1 }).lean<SegmentMember[]>();
    return new Map(rows.map((r) => [r._id.toHexString(), r.stage]));
  }

  /** Per stage, the fewest days between two marketing contacts of a member (HQ's contact policy). */
  async minDaysBetweenContacts(): Promise<Record<MemberStage, number>> {
    const policies = (await this.settings.get()).lifecycle.contactPolicies;
    return Object.fromEntries(Object.entries(policies).map(([stage, p]) => [stage, p.minDaysBetweenContacts])) as Record<
      MemberStage,
      number
    >;
  }

  /** When win-back last gave each of these members something (members never contacted are absent). */
  async lastWinbackContacts(memberIds: Types.ObjectId[]): Promise<Map<string, Date>> {
    const rows = await this.contacts.aggregate<{ _id: Types.ObjectId; at: Date }>([
      { $match: { memberId: { $in: memberIds }, issued: true } },
      { $group: { _id: '$memberId', at: { $max: '$contactedAt' } } },
    ]);
    return new Map(rows.map((r) => [r._id.toHexString(), new Date(r.at)]));
  }
}
