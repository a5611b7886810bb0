import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import {
  NewCouponTemplate,
  type CouponBenefit,
  type CouponScope,
  type CouponTemplateChange,
  type CouponValidity,
  type HqCouponTemplateView,
  type OfferStatus,
  type ReleasedCouponTemplate,
} from '@memberloop/shared';
import { Model, Types } from 'mongoose';
import { ProductStore } from '../catalogue';
import { Clock } from '../common/clock/clock';
import { AppError } from '../common/errors/app-error';
import { Coupon, CouponTemplate } from './coupon.schema';
import { issuedFromStock, planTemplateChange } from './domain/template-change';

type LeanTemplate = CouponTemplate & { _id: Types.ObjectId; createdAt?: Date };
type CouponCounts = { claimed: number; used: number };

/** A change that lost its guarded update to a claim or another change this many times in a row gives up. */
const CHANGE_ATTEMPTS = 8;
/** HQ's list: templates are a brand's handful of offers, not a member-sized collection. */
const LIST_LIMIT = 500;

/**
 * HQ's coupon templates: the list with what went out of each, changes that keep members' coupons and the stock
 * honest, retiring and bringing back; and the templates released to managers, as their send tool lists them.
 */
@Injectable()
export class CouponTemplatesService {
  constructor(
    @InjectModel(CouponTemplate.name) private readonly templates: Model<CouponTemplate>,
    @InjectModel(Coupon.name) private readonly coupons: Model<Coupon>,
    private readonly catalogue: ProductStore,
    private readonly clock: Clock,
  ) {}

  /** HQ's new template: a gift coupon (a product at a set price) names an active product of the catalogue. */
  async create(input: NewCouponTemplate): Promise<HqCouponTemplateView> {
    const template = NewCouponTemplate.parse(input);
    if (template.benefit.kind === 'gift') await this.catalogue.requireActive(template.benefit.sku, 'body.benefit.sku');
    if (template.scope) await this.requireScopeInCatalogue(template.scope);
    const [created] = await this.templates.create([{ ...template, remainingStock: template.totalStock, active: true }]);
    return hqView(created.toObject() as LeanTemplate, { claimed: 0, used: 0 });
  }

  /** A scope names active products of the catalogue and categories it has on sale; else each is named. */
  private async requireScopeInCatalogue(scope: CouponScope): Promise<void> {
    const { unknown, retired } = await this.catalogue.unavailableAmong(scope.skus);
    const missing = [];
    for (const category of scope.categories) if (!(await this.catalogue.hasActiveCategory(category))) missing.push(category);
    const issues = [
      ...unknown.map((sku) => ({ path: 'body.scope.skus', message: `SKU ${sku} 不在商品目录中` })),
      ...retired.map((sku) => ({ path: 'body.scope.skus', message: `SKU ${sku} 已在商品目录中下架` })),
      ...missing.map((category) => ({ path: 'body.scope.categories', message: `商品目录中没有在售的「${category}」品类` })),
    ];
    if (issues.length > 0)
      throw new AppError('VALIDATION_FAILED', `Invalid request: ${issues.map((i) => i.message).join('；')}`, {
        issues,
        reason: 'scope-not-in-catalogue',
      });
  }

  async list(status: OfferStatus | undefined): Promise<HqCouponTemplateView[]> {
    const filter = status === undefined ? {} : { active: status === 'active' };
    const templates = await this.templates.find(filter).sort({ _id: -1 }).limit(LIST_LIMIT).lean<LeanTemplate[]>();
    const counts = await this.countsOf(templates.map((t) => t._id));
    return templates.map((t) => hqView(t, counts.get(t._id.toHexString())));
  }

  /**
   * Applies HQ's change with one guarded update: it matches only the total stock it was planned on (and, for a
   * lower stock, enough remaining; for new terms, nothing drawn), and moves total and remaining together, so a
   * claim committing in between makes it plan again on the new figures instead of letting issued exceed the stock.
   */
  async change(templateId: Types.ObjectId, change: CouponTemplateChange): Promise<HqCouponTemplateView> {
    for (let attempt = 0; attempt < CHANGE_ATTEMPTS; attempt++) {
      const template = await this.require(templateId);
      const termsTouched = change.benefit !== undefined || change.validity !== undefined;
      const hasCoupons = termsTouched && (await this.coupons.exists({ templateId })) !== null;
      const outcome = planTemplateChange(
        {
          name: template.name,
          benefit: template.benefit as unknown as CouponBenefit,
          validity: template.validity as CouponValidity,
          totalStock: template.totalStock,
          remainingStock: template.remainingStock,
          pointsPrice: template.pointsPrice,
          hasCoupons,
        },
        change,
      );
      if ('refusal' in outcome) throw new AppError(outcome.refusal.code, outcome.refusal.message, outcome.refusal.details);
      const { set, stockDelta, termsChange } = outcome.plan;
      if (termsChange && change.benefit?.kind === 'gift') {
        await this.catalogue.requireActive(change.benefit.sku, 'body.benefit.sku');
      }
      if (Object.keys(set).length === 0 && stockDelta === 0) return this.viewOf(template);
      const guard: Record<string, unknown> = { _id: templateId, totalStock: template.totalStock };
      if (termsChange) guard.remainingStock = template.totalStock;
      else if (stockDelta < 0) guard.remainingStock = { $gte: -stockDelta };
      const changed = await this.templates
        .findOneAndUpdate(
          guard,
          {
            ...(Object.keys(set).length > 0 ? { $set: set } : {}),
            ...(stockDelta !== 0 ? { $inc: { totalStock: stockDelta, remainingStock: stockDelta } } : {}),
          },
          { returnDocument: 'after' },
        )
        .lean<LeanTemplate>();
      if (changed) return this.viewOf(changed);
    }
    throw new AppError('CONFLICT', 'The coupon template is being claimed or changed right now: try again.');
  }

  /** Retired: no new claims, exchanges, sends or rewards; the coupons members hold stay valid. */
  retire(templateId: Types.ObjectId): Promise<HqCouponTemplateView> {
    return this.setActive(templateId, false);
  }

  reactivate(templateId: Types.ObjectId): Promise<HqCouponTemplateView> {
    return this.setActive(templateId, true);
  }

  /** What a manager may send now: released by HQ, active, in stock, not ended, never a points-priced coupon. */
  async releasedToManagers(): Promise<ReleasedCouponTemplate[]> {
    const now = this.clock.now().getTime();
    const templates = await this.templates
      .find({ active: true, releasedToManagers: true, remainingStock: { $gt: 0 }, pointsPrice: { $exists: false } })
      .sort({ _id: -1 })
      .limit(LIST_LIMIT)
      .lean<LeanTemplate[]>();
    return templates
      .filter((t) => t.validity.type === 'afterClaim' || Date.parse(t.validity.to) > now)
      .map((t) => ({
        id: t._id.toHexString(),
        name: t.name,
        benefit: t.benefit as unknown as CouponBenefit,
        validity: t.validity as CouponValidity,
        remainingStock: t.remainingStock,
        perMemberLimit: t.perMemberLimit,
      }));
  }

  private async setActive(templateId: Types.ObjectId, active: boolean): Promise<HqCouponTemplateView> {
    const changed = await this.templates
      .findOneAndUpdate({ _id: templateId }, { $set: { active } }, { returnDocument: 'after' })
      .lean<LeanTemplate>();
    if (!changed) throw new AppError('NOT_FOUND', 'No such coupon template.');
    return this.viewOf(changed);
  }

  private async require(templateId: Types.ObjectId): Promise<LeanTemplate> {
    const template = await this.templates.findById(templateId).lean<LeanTemplate>();
    if (!template) throw new AppError('NOT_FOUND', 'No such coupon template.');
    return template;
  }

  private async viewOf(template: LeanTemplate): Promise<HqCouponTemplateView> {
    return hqView(template, (await this.countsOf([template._id])).get(template._id.toHexString()));
  }

  /** Coupons of each template in members' wallets, and how many of them were used. */
  private async countsOf(templateIds: Types.ObjectId[]): Promise<Map<string, CouponCounts>> {
    if (templateIds.length === 0) return new Map();
    const rows = await this.coupons.aggregate<{ _id: Types.ObjectId; claimed: number; used: number }>([
      { $match: { templateId: { $in: templateIds } } },
      {
        $group: {
          _id: '$templateId',
          claimed: { $sum: 1 },
          used: { $sum: { $cond: [{ $eq: ['$state', 'used'] }, 1, 0] } },
        },
      },
    ]);
    return new Map(rows.map((r) => [r._id.toHexString(), { claimed: r.claimed, used: r.used }]));
  }
}

function hqView(template: LeanTemplate, counts: CouponCounts = { claimed: 0, used: 0 }): HqCouponTemplateView {
  return {
    id: template._id.toHexString(),
    name: template.name,
    benefit: template.benefit as unknown as CouponBenefit,
    validity: template.validity as CouponValidity,
    totalStock: template.totalStock,
    remainingStock: template.remainingStock,
    perMemberLimit: template.perMemberLimit,
    channels: template.channels,
    ...(template.pointsPrice ? { pointsPrice: template.pointsPrice } : {}),
    releasedToManagers: template.releasedToManagers === true,
    claimable: template.claimable !== false,
    status: template.active === false ? 'retired' : 'active',
    issuedCount: issuedFromStock(template),
    claimedCount: counts.claimed,
    usedCount: counts.used,
    createdAt: (template.createdAt ?? template._id.getTimestamp()).toISOString(),
    ...(template.scope ? { scope: template.scope } : {}),
  };
}
