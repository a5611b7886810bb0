import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { RegionPackInput, type RegionPackDefinition, type RegionPackView } from '@memberloop/shared';
import { Model, Types } from 'mongoose';
import { Clock } from '../common/clock/clock';
import { AppError } from '../common/errors/app-error';
import { CouponStore } from '../coupons';
import { ProgrammePolicy } from '../programme';
import { RegionPackMultipliers } from './region-pack-multipliers';
import { RegionPack, RegionPackGrant } from './schemas/region-pack.schema';

export type LeanRegionPack = RegionPack & { _id: Types.ObjectId };

const LIST_LIMIT = 200;

/**
 * HQ's region benefit packs: drafts checked against the tier ladder and the released coupon templates, published
 * (terms fixed from then on: members are granted by them) and withdrawn. Every call is audited by the staff audit
 * interceptor.
 */
@Injectable()
export class RegionPacksService {
  constructor(
    @InjectModel(RegionPack.name) private readonly packs: Model<RegionPack>,
    @InjectModel(RegionPackGrant.name) private readonly grants: Model<RegionPackGrant>,
    private readonly coupons: CouponStore,
    private readonly policy: ProgrammePolicy,
    private readonly clock: Clock,
    private readonly multipliers: RegionPackMultipliers,
  ) {}

  async list(): Promise<{ packs: RegionPackView[] }> {
    const packs = await this.packs.find().sort({ createdAt: -1, _id: -1 }).limit(LIST_LIMIT).lean<LeanRegionPack[]>();
    return { packs: await this.views(packs) };
  }

  async create(input: RegionPackDefinition): Promise<RegionPackView> {
    const definition = await this.checked(input);
    const [created] = await this.packs.create([{ ...definition, status: 'draft' }]);
    return this.view(created.toObject<LeanRegionPack>());
  }

  async update(packId: string, input: RegionPackDefinition): Promise<RegionPackView> {
    const definition = await this.checked(input);
    const unset = definition.pointsMultiplier === undefined ? { $unset: { pointsMultiplier: 1 } } : {};
    const updated = await this.packs
      .findOneAndUpdate(
        { _id: new Types.ObjectId(packId), status: 'draft' },
        { $set: definition, ...unset },
        { returnDocument: 'after' },
      )
      .lean<LeanRegionPack>();
    if (!updated) throw await this.refusal(packId);
    return this.view(updated);
  }

  /**
   * Publishes a draft. The ladder and the templates are checked again (either may have changed since the draft). A
   * retried publish of a pack already published answers it as it is.
   */
  async publish(packId: string): Promise<RegionPackView> {
    const view = await this.publishOnce(packId);
    // This process earns by it from the next purchase; the others within REGION_PACK_REFRESH_MS.
    await this.multipliers.refresh();
    return view;
  }

  private async publishOnce(packId: string): Promise<RegionPackView> {
    const pack = await this.packs.findById(new Types.ObjectId(packId)).lean<LeanRegionPack>();
    if (!pack) throw notFound(packId);
    if (pack.status === 'published') return this.view(pack);
    if (pack.status !== 'draft') throw notEditable(pack);
    await this.checked(definitionOf(pack));
    const published = await this.packs
      .findOneAndUpdate(
        { _id: pack._id, status: 'draft' },
        { $set: { status: 'published', publishedAt: this.clock.now() } },
        { returnDocument: 'after' },
      )
      .lean<LeanRegionPack>();
    // A concurrent publish or withdrawal got there first: answer what it left.
    return published ? this.view(published) : this.publishOnce(packId);
  }

  /** Withdraws a draft or a published pack: no more grants, members no longer see it; coupons issued stay theirs. */
  async withdraw(packId: string): Promise<RegionPackView> {
    const view = await this.withdrawOnce(packId);
    await this.multipliers.refresh();
    return view;
  }

  private async withdrawOnce(packId: string): Promise<RegionPackView> {
    const withdrawn = await this.packs
      .findOneAndUpdate(
        { _id: new Types.ObjectId(packId), status: { $in: ['draft', 'published'] } },
        { $set: { status: 'withdrawn', withdrawnAt: this.clock.now() } },
        { returnDocument: 'after' },
      )
      .lean<LeanRegionPack>();
    if (withdrawn) return this.view(withdrawn);
    const pack = await this.packs.findById(new Types.ObjectId(packId)).lean<LeanRegionPack>();
    if (!pack) throw notFound(packId);
    return this.view(pack);
  }

  /** The definition with its tier on today's ladder and each template an active (released) one, ready to store. */
  private async checked(input: RegionPackDefinition) {
    const definition = RegionPackInput.parse(input);
    if (!this.policy.tierLadder().some((t) => t.code === definition.minTierCode)) {
      throw new AppError('REGION_PACK_UNKNOWN_TIER', `The tier ladder has no tier "${definition.minTierCode}".`, {
        tierCode: definition.minTierCode,
      });
    }
    const unknown: string[] = [];
    for (const id of definition.couponTemplateIds) {
      if (!(await this.coupons.isTemplateActive(id))) unknown.push(id);
    }
    if (unknown.length > 0) {
      throw new AppError('REGION_PACK_UNKNOWN_TEMPLATE', 'Some coupon templates do not exist or are not active.', {
        templateIds: unknown,
      });
    }
    return {
      name: definition.name,
      regions: definition.regions,
      minTierCode: definition.minTierCode,
      couponTemplateIds: definition.couponTemplateIds.map((id) => new Types.ObjectId(id)),
      highlights: definition.highlights,
      ...(definition.pointsMultiplier !== undefined ? { pointsMultiplier: definition.pointsMultiplier } : {}),
    };
  }

  private async refusal(packId: string): Promise<AppError> {
    const pack = await this.packs.findById(new Types.ObjectId(packId)).lean<LeanRegionPack>();
    return pack ? notEditable(pack) : notFound(packId);
  }

  private async view(pack: LeanRegionPack): Promise<RegionPackView> {
    const [view] = await this.views([pack]);
    return view;
  }

  private async views(packs: LeanRegionPack[]): Promise<RegionPackView[]> {
    if (packs.length === 0) return [];
    const ids = packs.map((p) => p._id);
    const [counts, names] = await Promise.all([
      this.grants.aggregate<{ _id: Types.ObjectId; n: number }>([
        { $match: { packId: { $in: ids } } },
        { $group: { _id: '$packId', n: { $sum: 1 } } },
      ]),
      this.coupons.templateNames(packs.flatMap((p) => p.couponTemplateIds)),
    ]);
    const granted = new Map(counts.map((c) => [c._id.toHexString(), c.n]));
    const ladder = this.policy.tierLadder();
    return packs.map((p) => ({
      id: p._id.toHexString(),
      name: p.name,
      regions: p.regions,
      minTierCode: p.minTierCode,
      minTierName: ladder.find((t) => t.code === p.minTierCode)?.name ?? p.minTierCode,
      couponTemplates: p.couponTemplateIds.map((id) => ({ id: id.toHexString(), name: names.get(id.toHexString()) ?? '' })),
      ...(p.pointsMultiplier !== undefined ? { pointsMultiplier: p.pointsMultiplier } : {}),
      highlights: p.highlights,
      status: p.status,
      ...(p.publishedAt ? { publishedAt: p.publishedAt.toISOString() } : {}),
      ...(p.withdrawnAt ? { withdrawnAt: p.withdrawnAt.toISOString() } : {}),
      ...(p.backfilledAt ? { backfilledAt: p.backfilledAt.toISOString() } : {}),
      grantedCount: granted.get(p._id.toHexString()) ?? 0,
      createdAt: p.createdAt.toISOString(),
    }));
  }
}

function definitionOf(pack: LeanRegionPack): RegionPackDefinition {
  return {
    name: pack.name,
    regions: pack.regions,
    minTierCode: pack.minTierCode,
    couponTemplateIds: pack.couponTemplateIds.map((id) => id.toHexString()),
    highlights: pack.highlights,
    ...(pack.pointsMultiplier !== undefined ? { pointsMultiplier: pack.pointsMultiplier } : {}),
  };
}

function notFound(packId: string): AppError {
  return new AppError('NOT_FOUND', 'No region benefit pack has this id.', { packId });
}

function notEditable(pack: LeanRegionPack): AppError {
  return new AppError(
    'REGION_PACK_NOT_EDITABLE',
    `The pack is ${pack.status}: its terms are fixed. Withdraw it and draft a new one.`,
    { status: pack.status },
  );
}
