import { Injectable, Logger } from '@nestjs/common';
import { InjectConnection, InjectModel } from '@nestjs/mongoose';
import { Connection, Model, Types } from 'mongoose';
import { Clock } from '../common/clock/clock';
import { CouponsService } from '../coupons';
import { runInTransaction } from '../database/transactions';
import { NotificationsService, thing } from '../notifications';
import { resultNotice, resultNoticeKey, voucherIssueKey } from './domain/group-buy-result';
import { GroupBuyDeal, GroupBuyGroup, GroupBuyMemberQuota, quotaId, type LeanDeal, type LeanGroup } from './group-buy.schema';

const BATCH = 200;

/**
 * What follows a group's outcome, once: a filled group's vouchers and messages, a failed group's seats given back
 * and messages. Each step is idempotent (coupon issue keys, notification dedupe keys, a guarded `settled` flag),
 * so whoever gets there first (the last joiner, a viewer, the minute job) may run it and a crash half-way is
 * finished by the next run.
 */
@Injectable()
export class GroupBuyOutcomesService {
  private readonly logger = new Logger('GroupBuys');

  constructor(
    @InjectModel(GroupBuyDeal.name) private readonly deals: Model<GroupBuyDeal>,
    @InjectModel(GroupBuyGroup.name) private readonly groups: Model<GroupBuyGroup>,
    @InjectModel(GroupBuyMemberQuota.name) private readonly quotas: Model<GroupBuyMemberQuota>,
    @InjectConnection() private readonly connection: Connection,
    private readonly coupons: CouponsService,
    private readonly notifications: NotificationsService,
    private readonly clock: Clock,
  ) {}

  /** Every open group whose deadline has passed fails; a group that filled is no longer open and stays succeeded. */
  async failExpired(): Promise<number> {
    const now = this.clock.now();
    const failed = await this.groups.updateMany(
      { status: 'open', deadline: { $lte: now } },
      { $set: { status: 'failed', failedAt: now, failReason: 'expired' } },
    );
    return failed.modifiedCount;
  }

  /** The open group past its deadline fails now (a viewer got there before the job); false when it was not due. */
  async failIfExpired(groupId: Types.ObjectId): Promise<boolean> {
    const now = this.clock.now();
    const failed = await this.groups.updateOne(
      { _id: groupId, status: 'open', deadline: { $lte: now } },
      { $set: { status: 'failed', failedAt: now, failReason: 'expired' } },
    );
    return failed.modifiedCount === 1;
  }

  /** Settles decided groups nobody settled yet (a crash, or a failure just recorded), batch by batch. */
  async settleDue(): Promise<{ succeeded: number; failed: number }> {
    const counts = { succeeded: 0, failed: 0 };
    for (;;) {
      const due = await this.groups
        .find({ settled: false, status: { $in: ['succeeded', 'failed'] } })
        .sort({ _id: 1 })
        .limit(BATCH)
        .lean<LeanGroup[]>();
      let progress = 0;
      for (const group of due) {
        try {
          if (await this.settle(group)) {
            progress += 1;
            counts[group.status as 'succeeded' | 'failed'] += 1;
          }
        } catch (error) {
          this.logger.error(
            `group ${group._id.toHexString()} not settled: ${error instanceof Error ? error.message : String(error)}`,
          );
        }
      }
      // A batch that settled nothing (all failing, or settled elsewhere meanwhile) ends the run: the next minute retries.
      if (due.length < BATCH || progress === 0) return counts;
    }
  }

  /** Settles one decided group; true when this call finished it. Safe to run any number of times, concurrently. */
  async settle(group: LeanGroup): Promise<boolean> {
    if (group.settled || group.status === 'open') return false;
    const deal = await this.deals.findById(group.dealId).lean<LeanDeal>().orFail();
    return group.status === 'succeeded' ? this.rewardFilled(group, deal) : this.releaseFailed(group, deal);
  }

  /** Settles the group by id (after it filled or failed in this request). */
  async settleById(groupId: Types.ObjectId): Promise<void> {
    const group = await this.groups.findById(groupId).lean<LeanGroup>();
    if (group) await this.settle(group);
  }

  private async rewardFilled(group: LeanGroup, deal: LeanDeal): Promise<boolean> {
    const groupId = group._id.toHexString();
    for (const seat of group.members) {
      await this.coupons.issue(seat.memberId, deal.voucherTemplateId, voucherIssueKey(groupId, seat.memberId.toHexString()));
      await this.tell(seat.memberId, group, deal, 'succeeded');
    }
    const marked = await this.groups.updateOne(
      { _id: group._id, status: 'succeeded', settled: false },
      { $set: { settled: true, settledAt: this.clock.now() } },
    );
    return marked.modifiedCount === 1;
  }

  /**
   * Tells the members, then gives back their places in one transaction with the `settled` flag: the deal's group
   * count and each member's per-deal quota are released exactly once.
   */
  private async releaseFailed(group: LeanGroup, deal: LeanDeal): Promise<boolean> {
    for (const seat of group.members) await this.tell(seat.memberId, group, deal, 'failed');
    return runInTransaction(this.connection, async (session) => {
      const marked = await this.groups.updateOne(
        { _id: group._id, status: 'failed', settled: false },
        { $set: { settled: true, settledAt: this.clock.now() } },
        { session },
      );
      if (marked.modifiedCount === 0) return false;
      await this.deals.updateOne({ _id: group.dealId, groupsTaken: { $gt: 0 } }, { $inc: { groupsTaken: -1 } }, { session });
      await this.quotas.updateMany(
        { _id: { $in: group.members.map((m) => quotaId(group.dealId, m.memberId)) } },
        { $pull: { groupIds: group._id } },
        { session },
      );
      return true;
    });
  }

  private async tell(memberId: Types.ObjectId, group: LeanGroup, deal: LeanDeal, outcome: 'succeeded' | 'failed'): Promise<void> {
    const notice = resultNotice(outcome, deal);
    await this.notifications.enqueue({
      memberId,
      kind: 'group-buy-result',
      dedupeKey: resultNoticeKey(group._id.toHexString(), memberId.toHexString()),
      page: `packages/group-buy/group?id=${group._id.toHexString()}`,
      data: { thing1: thing(notice.thing1), phrase2: { value: notice.phrase2 }, thing3: thing(notice.thing3) },
    });
  }
}
