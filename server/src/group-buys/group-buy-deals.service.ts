import { Injectable } from '@nestjs/common';
import { InjectConnection, InjectModel } from '@nestjs/mongoose';
import { NewGroupBuyDeal, type GroupBuyDealView, type StaffGroupBuyDealView } from '@memberloop/shared';
import { Connection, Model, Types } from 'mongoose';
import { ProductStore } from '../catalogue';
import type { Principal } from '../common/auth/principal';
import { Clock } from '../common/clock/clock';
import { AppError } from '../common/errors/app-error';
import { CouponsService } from '../coupons';
import { runInTransaction } from '../database/transactions';
import { ProgrammePolicy } from '../programme';
import { whyDealStoresRefused, whyGroupPriceRefused } from './domain/deal-limits';
import { voucherTemplateFor } from './domain/group-buy-result';
import { GroupBuyOutcomesService } from './group-buy-outcomes.service';
import { GroupBuyDeal, GroupBuyGroup, GroupBuyMemberQuota, quotaId, type LeanDeal, type LeanGroup } from './group-buy.schema';
import { memberDealView, staffDealView, type GroupCounts } from './group-buy.views';

type Staff = Extract<Principal, { kind: 'staff' }>;

/** Deals: HQ and managers create, list and close them; members see the live ones. */
@Injectable()
export class GroupBuyDealsService {
  constructor(
    @InjectModel(GroupBuyDeal.name) private readonly deals: Model<GroupBuyDeal>,
    @InjectModel(GroupBuyGroup.name) private readonly groups: Model<GroupBuyGroup>,
    @InjectModel(GroupBuyMemberQuota.name) private readonly quotas: Model<GroupBuyMemberQuota>,
    @InjectConnection() private readonly connection: Connection,
    private readonly coupons: CouponsService,
    private readonly outcomes: GroupBuyOutcomesService,
    private readonly policy: ProgrammePolicy,
    private readonly clock: Clock,
    private readonly catalogue: ProductStore,
  ) {}

  /**
   * Creates the deal with its voucher template: made here, once, so filled groups only ever issue from it and
   * no two groups filling at once can create two. A manager offers deals only in their own stores, and nobody
   * below HQ's price floor (the programme's staff policy), and only for an active product of the catalogue; refused
   * before anything is written.
   */
  async create(staff: Staff, input: NewGroupBuyDeal): Promise<StaffGroupBuyDealView> {
    const deal = NewGroupBuyDeal.parse(input);
    const endsAt = new Date(deal.endsAt);
    if (endsAt.getTime() <= this.clock.now().getTime()) {
      throw new AppError('VALIDATION_FAILED', 'Invalid request: body.endsAt: the deal must end in the future', {
        issues: [{ path: 'body.endsAt', message: 'the deal must end in the future' }],
      });
    }
    const outsideScope = whyDealStoresRefused(staff, deal.storeCodes);
    if (outsideScope) throw new AppError(outsideScope.code, outsideScope.message);
    const { groupBuyPriceFloor } = await this.policy.staffPolicy();
    const underFloor = whyGroupPriceRefused(deal.normalPriceFen, deal.groupPriceFen, groupBuyPriceFloor);
    if (underFloor) {
      throw new AppError(underFloor.code, underFloor.message, {
        floorFen: underFloor.floorFen,
        issues: [{ path: 'body.groupPriceFen', message: underFloor.message }],
      });
    }
    // The deal's product is one of the catalogue's, on sale; without a picture of its own the deal shows the catalogue's.
    const product = await this.catalogue.requireActive(deal.skuCode, 'body.skuCode');
    const template = await this.coupons.createTemplate(voucherTemplateFor(deal));
    const [created] = await this.deals.create([
      {
        ...deal,
        ...(deal.imageUrl === undefined && product.imageUrl ? { imageUrl: product.imageUrl } : {}),
        startsAt: new Date(deal.startsAt),
        endsAt,
        voucherTemplateId: new Types.ObjectId(template.id),
        groupsTaken: 0,
        status: 'active',
        createdBy: { memberId: new Types.ObjectId(staff.memberId), role: staff.role },
      },
    ]);
    return staffDealView(created.toObject() as LeanDeal, this.clock.now(), { open: 0, succeeded: 0, failed: 0 });
  }

  async listForStaff(): Promise<StaffGroupBuyDealView[]> {
    const deals = await this.deals.find().sort({ createdAt: -1, _id: -1 }).limit(200).lean<LeanDeal[]>();
    const counts = await this.groupCounts(deals.map((d) => d._id));
    const now = this.clock.now();
    return deals.map((d) => staffDealView(d, now, counts.get(d._id.toHexString())));
  }

  /**
   * Closes the deal early. In one transaction with failing its open groups: a join racing the close either
   * filled its group first (the group stays succeeded) or conflicts, retries and finds the group closed.
   */
  async close(staff: Staff, dealId: Types.ObjectId): Promise<StaffGroupBuyDealView> {
    const existing = await this.deals.findById(dealId).lean<LeanDeal>();
    if (!existing) throw new AppError('NOT_FOUND', 'No such group-buy deal.');
    if (staff.role !== 'hq' && !existing.createdBy.memberId.equals(staff.memberId)) {
      throw new AppError('FORBIDDEN', 'Managers may close only the group-buy deals they created.');
    }
    if (existing.status === 'active') {
      await runInTransaction(this.connection, async (session) => {
        const now = this.clock.now();
        const closed = await this.deals.updateOne(
          { _id: dealId, status: 'active' },
          {
            $set: {
              status: 'closed',
              closedAt: now,
              closedBy: { memberId: new Types.ObjectId(staff.memberId), role: staff.role },
            },
          },
          { session },
        );
        if (closed.modifiedCount === 0) return;
        await this.groups.updateMany(
          { dealId, status: 'open' },
          { $set: { status: 'failed', failedAt: now, failReason: 'deal-closed' } },
          { session },
        );
      });
    }
    // Give back the failed groups' places and tell their members now; the minute job finishes if this is cut short.
    const failed = await this.groups.find({ dealId, status: 'failed', settled: false }).lean<LeanGroup[]>();
    for (const group of failed) await this.outcomes.settle(group);
    const deal = await this.deals.findById(dealId).lean<LeanDeal>().orFail();
    return staffDealView(deal, this.clock.now(), (await this.groupCounts([dealId])).get(dealId.toHexString()));
  }

  /** Deals a member can open a group on now, ending soonest first, with how many more groups they may be in. */
  async live(memberId: Types.ObjectId): Promise<GroupBuyDealView[]> {
    const now = this.clock.now();
    const deals = await this.deals
      .find({ status: 'active', startsAt: { $lte: now }, endsAt: { $gt: now } })
      .sort({ endsAt: 1, _id: 1 })
      .limit(100)
      .lean<LeanDeal[]>();
    const quotas = await this.quotas.find({ _id: { $in: deals.map((d) => quotaId(d._id, memberId)) } }).lean();
    const held = new Map(quotas.map((q) => [q._id, q.groupIds.length]));
    return deals.map((d) => memberDealView(d, now, Math.max(0, d.perMemberLimit - (held.get(quotaId(d._id, memberId)) ?? 0))));
  }

  private async groupCounts(dealIds: Types.ObjectId[]): Promise<Map<string, GroupCounts>> {
    const rows = await this.groups.aggregate<{ _id: { dealId: Types.ObjectId; status: keyof GroupCounts }; n: number }>([
      { $match: { dealId: { $in: dealIds } } },
      { $group: { _id: { dealId: '$dealId', status: '$status' }, n: { $sum: 1 } } },
    ]);
    const counts = new Map<string, GroupCounts>();
    for (const row of rows) {
      const key = row._id.dealId.toString();
      const entry = counts.get(key) ?? { open: 0, succeeded: 0, failed: 0 };
      entry[row._id.status] = row.n;
      counts.set(key, entry);
    }
    return counts;
  }
}
