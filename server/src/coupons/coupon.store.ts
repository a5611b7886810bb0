import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types, type ClientSession } from 'mongoose';
import { Coupon, CouponTemplate } from './coupon.schema';

export type LeanCouponTemplate = CouponTemplate & { _id: Types.ObjectId };

/** A coupon's issue key. */
export type CouponIssueKey = { _id: Types.ObjectId; issueKey: string };

/**
 * The coupons and coupon templates collections, as other features may use them: the only way into these documents
 * from outside this folder (see docs/architecture.md, "Features own their data"). Each method is named for what its
 * caller needs; there is no generic find or aggregate, so every query another feature runs on this data is listed
 * here.
 */
@Injectable()
export class CouponStore implements OnModuleInit {
  constructor(
    @InjectModel(Coupon.name) private readonly coupons: Model<Coupon>,
    @InjectModel(CouponTemplate.name) private readonly templates: Model<CouponTemplate>,
  ) {}

  /** Collections and indexes exist before another feature's transaction writes to them. */
  async onModuleInit(): Promise<void> {
    await Promise.all([this.coupons.init(), this.templates.init()]);
  }

  /** Whether a coupon was issued with this issue key. */
  async isIssued(issueKey: string): Promise<boolean> {
    return (await this.coupons.exists({ issueKey })) !== null;
  }

  /** Whether the template with this id is active (it can be given as a reward). */
  async isTemplateActive(templateId: Types.ObjectId | string): Promise<boolean> {
    return (await this.templates.exists({ _id: templateId, active: true })) !== null;
  }

  /** The template with this id while it is active, or null. */
  activeTemplate(templateId: Types.ObjectId | string): Promise<LeanCouponTemplate | null> {
    return this.templates.findOne({ _id: templateId, active: true }).lean<LeanCouponTemplate>();
  }

  /**
   * The active templates a staff member may hand out one by one (a service ticket's compensation): HQ any not paid
   * for with points, a manager only those HQ released to managers. Newest first, at most 50.
   */
  staffGivableTemplates(role: 'manager' | 'hq'): Promise<Array<{ _id: Types.ObjectId; name: string }>> {
    const filter: Record<string, unknown> = { active: true, pointsPrice: { $in: [null, 0] } };
    if (role === 'manager') filter.releasedToManagers = true;
    return this.templates
      .find(filter, { name: 1 })
      .sort({ _id: -1 })
      .limit(50)
      .lean<Array<{ _id: Types.ObjectId; name: string }>>();
  }

  /** The used coupons among those issued with these issue keys: their issue keys. */
  usedByIssueKeys(issueKeys: string[]): Promise<CouponIssueKey[]> {
    return this.coupons.find({ issueKey: { $in: issueKeys }, state: 'used' }, { issueKey: 1 }).lean<CouponIssueKey[]>();
  }

  /** The id of the coupon template with this name, if any (the demo seed finds what an earlier run made). */
  async templateIdByName(name: string): Promise<Types.ObjectId | undefined> {
    return (await this.templates.findOne({ name }, { _id: 1 }).lean())?._id;
  }

  /**
   * Takes back the unused coupons whose issue key starts with `prefix` (a refunded paid membership's packs), in the
   * caller's transaction; used ones stay as they are. How many were voided.
   */
  async voidUnusedByIssueKeyPrefix(prefix: string, at: Date, session?: ClientSession): Promise<number> {
    const voided = await this.coupons.updateMany(
      { issueKey: { $regex: prefixPattern(prefix) }, state: 'available' },
      { $set: { state: 'voided', voidedAt: at } },
      { session },
    );
    return voided.modifiedCount;
  }

  /** The names of these coupon templates (retired ones too), by id. */
  async templateNames(templateIds: Types.ObjectId[]): Promise<Map<string, string>> {
    const templates = await this.templates.find({ _id: { $in: templateIds } }, { name: 1 }).lean<LeanCouponTemplate[]>();
    return new Map(templates.map((t) => [t._id.toHexString(), t.name]));
  }

  /** Moves every coupon of `from` (any state) to `into`, when HQ merges two accounts of one person. */
  async reassignMember(from: Types.ObjectId, into: Types.ObjectId): Promise<number> {
    const moved = await this.coupons.updateMany({ memberId: from }, { $set: { memberId: into } });
    return moved.modifiedCount;
  }
}

/** An anchored pattern for keys starting with `prefix` (served by the issue key's index). */
function prefixPattern(prefix: string): string {
  return `^${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`;
}
