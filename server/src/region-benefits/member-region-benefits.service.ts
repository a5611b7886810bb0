import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { MemberRegionPack, MyRegionBenefits } from '@memberloop/shared';
import { Model, Types } from 'mongoose';
import { AppError } from '../common/errors/app-error';
import { CouponStore } from '../coupons';
import { MemberStore } from '../members';
import { ProgrammePolicy } from '../programme';
import { packStanding } from './domain/pack-audience';
import { RegionPackGrantsService } from './region-pack-grants.service';
import type { LeanRegionPack } from './region-packs.service';
import { RegionPack } from './schemas/region-pack.schema';

/** What region packs mean to one member: the lines on their card, and the extra points of a purchase. */
@Injectable()
export class MemberRegionBenefitsService {
  constructor(
    @InjectModel(RegionPack.name) private readonly packs: Model<RegionPack>,
    private readonly grants: RegionPackGrantsService,
    private readonly members: MemberStore,
    private readonly coupons: CouponStore,
    private readonly policy: ProgrammePolicy,
  ) {}

  /** The published packs of the member's region: those their tier holds first, then those a higher tier unlocks. */
  async mine(memberId: Types.ObjectId): Promise<MyRegionBenefits> {
    const member = await this.members.activeForProfile(memberId);
    if (!member) throw new AppError('NOT_FOUND', 'No active member has this id.');
    if (!member.region) return { packs: [] };
    const packs = await this.packs
      .find({ status: 'published', regions: member.region })
      .sort({ publishedAt: -1 })
      .lean<LeanRegionPack[]>();
    const ladder = this.policy.tierLadder();
    const names = await this.coupons.templateNames(packs.flatMap((p) => p.couponTemplateIds));
    const views: MemberRegionPack[] = [];
    for (const pack of packs) {
      const standing = packStanding(pack, { region: member.region, tierCode: member.tier.code }, ladder);
      if (standing === 'none') continue;
      views.push({
        id: pack._id.toHexString(),
        name: pack.name,
        highlights: pack.highlights,
        minTierName: ladder.find((t) => t.code === pack.minTierCode)?.name ?? pack.minTierCode,
        unlocked: standing === 'holds',
        ...(pack.pointsMultiplier !== undefined ? { pointsMultiplier: pack.pointsMultiplier } : {}),
        couponNames: pack.couponTemplateIds.map((id) => names.get(id.toHexString()) ?? '').filter(Boolean),
        couponsGranted: standing === 'holds' && (await this.grants.isGranted(memberId, pack._id, member.tier.code)),
      });
    }
    views.sort((a, b) => Number(b.unlocked) - Number(a.unlocked));
    return { region: member.region, packs: views };
  }
}
