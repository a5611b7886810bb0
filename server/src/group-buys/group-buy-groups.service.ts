import { Injectable, Logger } from '@nestjs/common';
import { InjectConnection, InjectModel } from '@nestjs/mongoose';
import type { GroupBuyGroupView } from '@memberloop/shared';
import { ClientSession, Connection, Model, Types } from 'mongoose';
import { Clock } from '../common/clock/clock';
import { AppError } from '../common/errors/app-error';
import { runInTransaction } from '../database/transactions';
import { MemberStore } from '../members';
import { dealPhase } from './domain/deal-phase';
import { groupDeadline } from './domain/group-deadline';
import { whyJoinRefused, whyOpenRefused } from './domain/refusals';
import { GroupBuyOutcomesService } from './group-buy-outcomes.service';
import { GroupBuyDeal, GroupBuyGroup, GroupBuyMemberQuota, quotaId, type LeanDeal, type LeanGroup } from './group-buy.schema';
import { groupView, type MemberFace } from './group-buy.views';

/**
 * Members open, join and look at groups. Every seat is taken in a transaction whose writes are each guarded
 * (the group: open, before the deadline by this clock, a seat left, not a member yet; the deal: a group left;
 * the member's quota: under the limit), so concurrent joins and opens conflict and retry rather than overfill.
 */
@Injectable()
export class GroupBuyGroupsService {
  private readonly logger = new Logger('GroupBuys');

  constructor(
    @InjectModel(GroupBuyDeal.name) private readonly deals: Model<GroupBuyDeal>,
    @InjectModel(GroupBuyGroup.name) private readonly groups: Model<GroupBuyGroup>,
    @InjectModel(GroupBuyMemberQuota.name) private readonly quotas: Model<GroupBuyMemberQuota>,
    private readonly members: MemberStore,
    @InjectConnection() private readonly connection: Connection,
    private readonly outcomes: GroupBuyOutcomesService,
    private readonly clock: Clock,
  ) {}

  /** Opens a group with the member as leader and first member; the same client key again returns that group. */
  async open(
    memberId: Types.ObjectId,
    dealId: Types.ObjectId,
    clientKey: string,
  ): Promise<GroupBuyGroupView & { replayed: boolean }> {
    const openKey = `open:${memberId.toHexString()}:${clientKey}`;
    const previous = await this.groups.findOne({ openKey }).lean<LeanGroup>();
    if (previous) return { ...(await this.view(memberId, previous._id)), replayed: true };
    let opened: { group: LeanGroup; replayed: boolean };
    try {
      opened = await runInTransaction(this.connection, async (session) => {
        const replay = await this.groups.findOne({ openKey }, null, { session }).lean<LeanGroup>();
        if (replay) return { group: replay, replayed: true };
        const now = this.clock.now();
        const deal = await this.deals.findById(dealId, null, { session }).lean<LeanDeal>();
        if (!deal) throw new AppError('NOT_FOUND', 'No such group-buy deal.');
        const refusal = whyOpenRefused(dealPhase(deal, now));
        if (refusal) throw new AppError(refusal.code, refusal.message);
        const taken = await this.deals.updateOne(
          { _id: dealId, status: 'active', startsAt: { $lte: now }, endsAt: { $gt: now }, groupsTaken: { $lt: deal.maxGroups } },
          { $inc: { groupsTaken: 1 } },
          { session },
        );
        if (taken.modifiedCount === 0)
          throw new AppError('OUT_OF_STOCK', 'Every group of this deal is taken: join a friend’s group.');
        const groupId = new Types.ObjectId();
        await this.takeQuota(deal, memberId, groupId, session);
        const [created] = await this.groups.create(
          [
            {
              _id: groupId,
              dealId,
              leaderId: memberId,
              members: [{ memberId, joinedAt: now }],
              size: deal.groupSize,
              seatsLeft: deal.groupSize - 1,
              deadline: groupDeadline(now, deal.timeLimitMinutes, deal.endsAt),
              status: 'open',
              openKey,
              settled: false,
            },
          ],
          { session },
        );
        return { group: created.toObject() as LeanGroup, replayed: false };
      });
    } catch (error) {
      // The same key opened concurrently: the other request made the group.
      if ((error as { code?: number }).code !== 11000) throw error;
      const winner = await this.groups.findOne({ openKey }).lean<LeanGroup>();
      if (!winner) throw error;
      opened = { group: winner, replayed: true };
    }
    return { ...(await this.view(memberId, opened.group._id)), replayed: opened.replayed };
  }

  /** Takes a seat in the group. The join that takes the last seat marks it succeeded in the same transaction. */
  async join(memberId: Types.ObjectId, groupId: Types.ObjectId): Promise<GroupBuyGroupView> {
    const filled = await runInTransaction(this.connection, async (session) => {
      const now = this.clock.now();
      const seated = await this.groups
        .findOneAndUpdate(
          { _id: groupId, status: 'open', deadline: { $gt: now }, seatsLeft: { $gt: 0 }, 'members.memberId': { $ne: memberId } },
          { $push: { members: { memberId, joinedAt: now } }, $inc: { seatsLeft: -1 } },
          { session, returnDocument: 'after' },
        )
        .lean<LeanGroup>();
      if (!seated) return this.refuseJoin(memberId, groupId, now, session);
      const deal = await this.deals.findById(seated.dealId, null, { session }).lean<LeanDeal>().orFail();
      // Aborting here undoes the seat: a closed deal's groups take nobody.
      const refusal = whyOpenRefused(dealPhase(deal, now));
      if (refusal) throw new AppError('GROUP_CLOSED', refusal.message);
      await this.takeQuota(deal, memberId, groupId, session);
      if (seated.seatsLeft > 0) return false;
      await this.groups.updateOne(
        { _id: groupId, status: 'open' },
        { $set: { status: 'succeeded', succeededAt: now } },
        { session },
      );
      return true;
    });
    if (filled) await this.settleQuietly(groupId);
    return this.view(memberId, groupId);
  }

  /**
   * A group as the member sees it. A group past its deadline is recorded as failed here if the minute job has not
   * done it yet, and a decided group left unsettled (a crash) is settled.
   */
  async view(viewer: Types.ObjectId, groupId: Types.ObjectId): Promise<GroupBuyGroupView> {
    let group = await this.groups.findById(groupId).lean<LeanGroup>();
    if (!group) throw new AppError('NOT_FOUND', 'No such group.');
    if (group.status === 'open' && group.deadline.getTime() <= this.clock.now().getTime()) {
      await this.outcomes.failIfExpired(groupId);
      group = await this.groups.findById(groupId).lean<LeanGroup>().orFail();
    }
    if (group.status !== 'open' && !group.settled) await this.settleQuietly(groupId);
    const deal = await this.deals.findById(group.dealId).lean<LeanDeal>().orFail();
    return groupView(group, deal, viewer, await this.faces([group]), this.clock.now());
  }

  /** The member's groups, newest first. */
  async mine(memberId: Types.ObjectId): Promise<GroupBuyGroupView[]> {
    const groups = await this.groups
      .find({ 'members.memberId': memberId })
      .sort({ createdAt: -1, _id: -1 })
      .limit(50)
      .lean<LeanGroup[]>();
    const deals = await this.deals
      .find({ _id: { $in: [...new Set(groups.map((g) => g.dealId.toHexString()))] } })
      .lean<LeanDeal[]>();
    const byId = new Map(deals.map((d) => [d._id.toHexString(), d]));
    const faces = await this.faces(groups);
    const now = this.clock.now();
    return groups.map((g) => groupView(g, byId.get(g.dealId.toHexString())!, memberId, faces, now));
  }

  /** Throws why the guarded seat update matched nothing, as the transaction's snapshot shows the group. */
  private async refuseJoin(memberId: Types.ObjectId, groupId: Types.ObjectId, now: Date, session: ClientSession): Promise<never> {
    const group = await this.groups.findById(groupId, null, { session }).lean<LeanGroup>();
    if (!group) throw new AppError('NOT_FOUND', 'No such group.');
    const deal = await this.deals.findById(group.dealId, null, { session }).lean<LeanDeal>().orFail();
    const refusal = whyJoinRefused(
      { ...group, memberIds: group.members.map((m) => m.memberId.toHexString()) },
      dealPhase(deal, now),
      memberId.toHexString(),
      now,
    );
    throw refusal
      ? new AppError(refusal.code, refusal.message)
      : new AppError('CONFLICT', 'The group changed while you were joining: try again.');
  }

  /** One more of the deal's groups for the member, unless they are in as many as the deal allows. */
  private async takeQuota(
    deal: LeanDeal,
    memberId: Types.ObjectId,
    groupId: Types.ObjectId,
    session: ClientSession,
  ): Promise<void> {
    const beyondLimit = `groupIds.${deal.perMemberLimit - 1}`;
    try {
      await this.quotas.updateOne(
        { _id: quotaId(deal._id, memberId), [beyondLimit]: { $exists: false } },
        { $push: { groupIds: groupId } },
        { upsert: true, session },
      );
    } catch (error) {
      // The quota exists and is full, so the upsert tried to insert it again.
      if ((error as { code?: number }).code !== 11000) throw error;
      throw new AppError(
        'LIMIT_REACHED',
        `You are already in ${deal.perMemberLimit} group(s) of this deal, the most allowed: wait for one to finish.`,
      );
    }
  }

  private async faces(groups: LeanGroup[]): Promise<Map<string, MemberFace>> {
    const ids = [...new Set(groups.flatMap((g) => g.members.map((m) => m.memberId.toHexString())))];
    // Every status: a member who left keeps their seat, shown as gone rather than as a stranger.
    const members = await this.members.facesByIds(ids.map((id) => new Types.ObjectId(id)));
    return new Map<string, MemberFace>(
      members.map((m) =>
        m.status === 'active'
          ? [m._id.toHexString(), { nickname: m.nickname, avatarUrl: m.avatarUrl }]
          : [m._id.toHexString(), { gone: true }],
      ),
    );
  }

  /** The outcome's vouchers and messages now; if this fails the minute job (or the next view) finishes them. */
  private async settleQuietly(groupId: Types.ObjectId): Promise<void> {
    try {
      await this.outcomes.settleById(groupId);
    } catch (error) {
      this.logger.warn(
        `group ${groupId.toHexString()} left for the job to settle: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
}
