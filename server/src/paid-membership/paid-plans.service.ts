import { Injectable } from '@nestjs/common';
import { InjectConnection, InjectModel } from '@nestjs/mongoose';
import type { NewPaidPlan, PaidPlanBenefits, PaidPlanChanges, PaidPlanList, PaidPlanView } from '@memberloop/shared';
import { Connection, Model, Types, type ClientSession } from 'mongoose';
import { AuditLogService, type AuditActor } from '../audit';
import { Clock } from '../common/clock/clock';
import { AppError } from '../common/errors/app-error';
import { CouponStore } from '../coupons';
import { runInTransaction } from '../database/transactions';
import { PaidPlan, type StoredPlanBenefits } from './schemas/paid-plan.schema';

export type LeanPlan = PaidPlan & { _id: Types.ObjectId };

export function benefitsView(benefits: StoredPlanBenefits): PaidPlanBenefits {
  return {
    pointsMultiplier: benefits.pointsMultiplier,
    couponPack: benefits.couponPack.map((i) => ({ templateId: i.templateId.toHexString(), count: i.count })),
    freeDelivery: benefits.freeDelivery,
    presaleAccess: benefits.presaleAccess,
  };
}

export function planView(plan: LeanPlan): PaidPlanView {
  return {
    id: plan._id.toHexString(),
    name: plan.name,
    priceFen: plan.priceFen,
    term: plan.term,
    benefits: benefitsView(plan.benefits),
    status: plan.status,
    updatedAt: plan.updatedAt.toISOString(),
  };
}

/**
 * HQ's paid membership plans: add, change, retire, each audited with the change. A change applies to new sales
 * only: every subscription keeps a copy of the terms it was bought on.
 */
@Injectable()
export class PaidPlansService {
  constructor(
    @InjectConnection() private readonly connection: Connection,
    @InjectModel(PaidPlan.name) private readonly plans: Model<PaidPlan>,
    private readonly coupons: CouponStore,
    private readonly audit: AuditLogService,
    private readonly clock: Clock,
  ) {}

  async list(): Promise<PaidPlanList> {
    const plans = await this.plans.find().sort({ status: 1, _id: -1 }).limit(200).lean<LeanPlan[]>();
    return { plans: plans.map(planView) };
  }

  /** The plans on sale (the member's page). */
  async onSale(): Promise<LeanPlan[]> {
    return this.plans.find({ status: 'active' }).sort({ priceFen: 1, _id: 1 }).limit(50).lean<LeanPlan[]>();
  }

  async find(planId: string, session?: ClientSession): Promise<LeanPlan> {
    const plan = Types.ObjectId.isValid(planId) ? await this.plans.findById(planId, null, { session }).lean<LeanPlan>() : null;
    if (!plan) throw new AppError('NOT_FOUND', '没有这个付费会员方案', { planId });
    return plan;
  }

  async create(actor: AuditActor, input: NewPaidPlan): Promise<PaidPlanView> {
    const benefits = await this.storedBenefits(input.benefits);
    const now = this.clock.now();
    const created = await runInTransaction(this.connection, async (session) => {
      const [doc] = await this.plans.create(
        [
          {
            name: input.name,
            priceFen: input.priceFen,
            term: input.term,
            benefits,
            status: 'active',
            createdAt: now,
            updatedAt: now,
          },
        ],
        { session },
      );
      const plan = doc.toObject() as LeanPlan;
      await this.record(actor, 'paid-plan.create', plan, { plan: planView(plan) }, session);
      return plan;
    });
    return planView(created);
  }

  async update(actor: AuditActor, planId: string, changes: PaidPlanChanges): Promise<PaidPlanView> {
    const benefits = changes.benefits ? await this.storedBenefits(changes.benefits) : undefined;
    const updated = await runInTransaction(this.connection, async (session) => {
      const current = await this.find(planId, session);
      if (current.status === 'retired') throw new AppError('PAID_PLAN_RETIRED', '方案已停售，不能再修改');
      const before = planView(current);
      const $set: Record<string, unknown> = {};
      if (changes.name !== undefined && changes.name !== current.name) $set.name = changes.name;
      if (changes.priceFen !== undefined && changes.priceFen !== current.priceFen) $set.priceFen = changes.priceFen;
      if (changes.term !== undefined && changes.term !== current.term) $set.term = changes.term;
      if (benefits && JSON.stringify(benefitsView(benefits)) !== JSON.stringify(before.benefits)) $set.benefits = benefits;
      // The same values again change nothing and leave no entry.
      if (Object.keys($set).length === 0) return current;
      $set.updatedAt = this.clock.now();
      const doc = await this.plans
        .findOneAndUpdate({ _id: current._id }, { $set }, { session, returnDocument: 'after' })
        .lean<LeanPlan>();
      const after = planView(doc as LeanPlan);
      const changed = Object.keys($set).filter((k) => k !== 'updatedAt') as Array<keyof PaidPlanView>;
      await this.record(
        actor,
        'paid-plan.update',
        current,
        {
          before: Object.fromEntries(changed.map((k) => [k, before[k]])),
          after: Object.fromEntries(changed.map((k) => [k, after[k]])),
        },
        session,
      );
      return doc as LeanPlan;
    });
    return planView(updated);
  }

  /** Retires a plan: sold and renewed no more. Retiring a retired plan changes nothing. */
  async retire(actor: AuditActor, planId: string): Promise<PaidPlanView> {
    const result = await runInTransaction(this.connection, async (session) => {
      const current = await this.find(planId, session);
      if (current.status === 'retired') return current;
      const doc = await this.plans
        .findOneAndUpdate(
          { _id: current._id },
          { $set: { status: 'retired', updatedAt: this.clock.now() } },
          { session, returnDocument: 'after' },
        )
        .lean<LeanPlan>();
      await this.record(actor, 'paid-plan.retire', current, { name: current.name }, session);
      return doc as LeanPlan;
    });
    return planView(result);
  }

  /** The pack's templates must be coupons HQ has and still gives. */
  private async storedBenefits(benefits: PaidPlanBenefits): Promise<StoredPlanBenefits> {
    for (const [index, item] of benefits.couponPack.entries()) {
      if (!(await this.coupons.isTemplateActive(item.templateId)))
        throw new AppError('VALIDATION_FAILED', '每月券包里有不存在或已停用的优惠券', {
          issues: [{ path: ['benefits', 'couponPack', index, 'templateId'], message: '不存在或已停用的优惠券' }],
        });
    }
    return {
      pointsMultiplier: benefits.pointsMultiplier,
      couponPack: benefits.couponPack.map((i) => ({ templateId: new Types.ObjectId(i.templateId), count: i.count })),
      freeDelivery: benefits.freeDelivery,
      presaleAccess: benefits.presaleAccess,
    };
  }

  private record(actor: AuditActor, action: string, plan: LeanPlan, details: Record<string, unknown>, session: ClientSession) {
    return this.audit.record({ actor, action, target: { type: 'paid-plan', id: plan._id.toHexString() }, details }, session);
  }
}
