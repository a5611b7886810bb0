import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { Clock } from '../common/clock/clock';
import { CouponsService } from '../coupons';
import { MemberStore } from '../members';
import { ProgrammePolicy } from '../programme';
import { packCouponKey, packStanding, packTierCodes } from './domain/pack-audience';
import type { LeanRegionPack } from './region-packs.service';
import { RegionPack, RegionPackGrant } from './schemas/region-pack.schema';

type GrantablePack = Pick<LeanRegionPack, '_id' | 'regions' | 'minTierCode' | 'couponTemplateIds'>;

const GRANTABLE = { regions: 1, minTierCode: 1, couponTemplateIds: 1 } as const;

/**
 * Grants region packs: a member holding one of a published pack's tiers in one of its regions gets its coupons once
 * per tier reached. Each coupon is issued under a key of member, pack, tier and template, and the grant record is
 * unique per member, pack and tier, so a rerun, a retried purchase or two instances at once grant once; a crash
 * between the coupons and the record is finished by the next run (the coupons already issued are skipped).
 */
@Injectable()
export class RegionPackGrantsService {
  constructor(
    @InjectModel(RegionPack.name) private readonly packs: Model<RegionPack>,
    @InjectModel(RegionPackGrant.name) private readonly grants: Model<RegionPackGrant>,
    private readonly coupons: CouponsService,
    private readonly members: MemberStore,
    private readonly policy: ProgrammePolicy,
    private readonly clock: Clock,
  ) {}

  /**
   * After an upgrade to `tierCode`: the packs of the member's region that tier is for, each granted for it unless it
   * was already. A member without a region, or a region without packs, costs one read at most.
   */
  async afterUpgrade(member: { _id: Types.ObjectId; region?: string }, tierCode: string): Promise<number> {
    if (!member.region) return 0;
    const packs = await this.packs.find({ status: 'published', regions: member.region }, GRANTABLE).lean<GrantablePack[]>();
    const ladder = this.policy.tierLadder();
    let granted = 0;
    for (const pack of packs) {
      if (packStanding(pack, { region: member.region, tierCode }, ladder) !== 'holds') continue;
      if (await this.grant(member._id, pack, tierCode, 'upgrade')) granted += 1;
    }
    return granted;
  }

  /**
   * The backfill (a job): members already holding a tier of a pack when it was published get it. Each published pack
   * not yet backfilled is walked once over the active members (in id order, a batch at a time); once walked it is
   * marked, and later runs skip it. Reruns and concurrent runs grant nothing twice (see `grant`).
   */
  async backfill(): Promise<{ packs: number; granted: number }> {
    const pending = await this.packs
      .find({ status: 'published', backfilledAt: { $exists: false } }, { ...GRANTABLE, publishedAt: 1 })
      .lean<Array<GrantablePack & { publishedAt?: Date }>>();
    if (pending.length === 0) return { packs: 0, granted: 0 };
    const ladder = this.policy.tierLadder();
    const tiersOf = new Map(pending.map((p) => [p._id.toHexString(), new Set(packTierCodes(p, ladder))]));
    let granted = 0;
    for await (const member of this.members.activeForProfileInIdOrder()) {
      if (!member.region) continue;
      for (const pack of pending) {
        if (!pack.regions.includes(member.region) || !tiersOf.get(pack._id.toHexString())?.has(member.tier.code)) continue;
        if (await this.grant(member._id, pack, member.tier.code, 'backfill')) granted += 1;
      }
    }
    const now = this.clock.now();
    await this.packs.updateMany(
      { _id: { $in: pending.map((p) => p._id) }, status: 'published', backfilledAt: { $exists: false } },
      { $set: { backfilledAt: now } },
    );
    return { packs: pending.length, granted };
  }

  /** Whether the member was granted the pack for this tier. */
  async isGranted(memberId: Types.ObjectId, packId: Types.ObjectId, tierCode: string): Promise<boolean> {
    return (await this.grants.exists({ memberId, packId, tierCode })) !== null;
  }

  /** Issues the pack's coupons for this tier, then records the grant: true when this call recorded it. */
  private async grant(
    memberId: Types.ObjectId,
    pack: GrantablePack,
    tierCode: string,
    via: 'upgrade' | 'backfill',
  ): Promise<boolean> {
    if (await this.isGranted(memberId, pack._id, tierCode)) return false;
    for (const templateId of pack.couponTemplateIds) {
      await this.coupons.issue(
        memberId,
        templateId,
        packCouponKey(memberId.toHexString(), pack._id.toHexString(), tierCode, templateId.toHexString()),
      );
    }
    try {
      const recorded = await this.grants.updateOne(
        { memberId, packId: pack._id, tierCode },
        { $setOnInsert: { via, grantedAt: this.clock.now() } },
        { upsert: true },
      );
      return recorded.upsertedCount > 0;
    } catch (error) {
      // Two runs upserting the same grant at once: the unique index lets one in; the other was a no-op.
      if ((error as { code?: number }).code === 11000) return false;
      throw error;
    }
  }
}
