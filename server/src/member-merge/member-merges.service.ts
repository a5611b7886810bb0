import { Injectable } from '@nestjs/common';
import { InjectConnection, InjectModel } from '@nestjs/mongoose';
import { type MemberMergeRequest, type MemberMergeView } from '@memberloop/shared';
import { Connection, Model, Types } from 'mongoose';
import { AuditLogService } from '../audit';
import { RefreshTokenStore } from '../auth';
import { PointsHoldsService } from '../checkout';
import type { Principal } from '../common/auth/principal';
import { Clock } from '../common/clock/clock';
import { AppError } from '../common/errors/app-error';
import { CouponStore } from '../coupons';
import { runInTransaction } from '../database/transactions';
import { MembersService, MemberStore } from '../members';
import { PointsLedgerService } from '../points';
import { PurchaseStore, QualifyingStatsService } from '../purchases';
import { StaffRoleStore } from '../staff';
import { TierStandingService } from '../tiers';
import { MemberMerge } from './schemas/member-merge.schema';

type MergeRecord = MemberMerge & { _id: Types.ObjectId };

/** A merge that has not finished this long after it started was interrupted: the resume job finishes it. */
export const STALLED_AFTER_MS = 60_000;

/**
 * HQ merges two accounts of one person. The start (the merge record, the member marked merged with its cards and
 * phone moving, the audit entry) is one transaction; then each step lands once and a merge interrupted half-way is
 * finished by running the steps again: the points (balance, debt and every lot with its expiry, one ledger
 * transaction), the coupons, the orders (tier figures, refunds and analytics follow them), the tier.
 */
@Injectable()
export class MemberMergesService {
  constructor(
    @InjectConnection() private readonly connection: Connection,
    @InjectModel(MemberMerge.name) private readonly merges: Model<MemberMerge>,
    private readonly members: MembersService,
    private readonly memberStore: MemberStore,
    private readonly ledger: PointsLedgerService,
    private readonly coupons: CouponStore,
    private readonly purchases: PurchaseStore,
    private readonly qualifying: QualifyingStatsService,
    private readonly tiers: TierStandingService,
    private readonly holds: PointsHoldsService,
    private readonly staffRoles: StaffRoleStore,
    private readonly refreshTokens: RefreshTokenStore,
    private readonly audit: AuditLogService,
    private readonly clock: Clock,
  ) {}

  async merge(actor: Extract<Principal, { kind: 'staff' }>, request: MemberMergeRequest): Promise<MemberMergeView> {
    const [from, into] = await Promise.all([
      this.members.findActiveByMemberNo(request.fromMemberNo),
      this.members.findActiveByMemberNo(request.intoMemberNo),
    ]);
    if (!from || !into) {
      const merged = await this.merges.findOne({ fromMemberNo: request.fromMemberNo }).lean();
      if (merged)
        throw new AppError('CONFLICT', `${request.fromMemberNo} was merged into ${merged.intoMemberNo} already.`, {
          reason: 'ALREADY_MERGED',
        });
      throw new AppError('NOT_FOUND', `No member ${from ? request.intoMemberNo : request.fromMemberNo}.`);
    }
    if ([from, into].some((m) => m._id.toHexString() === actor.memberId))
      throw new AppError('FORBIDDEN', 'You cannot merge your own account: ask another HQ account.', { reason: 'OWN_ACCOUNT' });
    if (await this.staffRoles.roleOf(from._id))
      throw new AppError('CONFLICT', `${from.memberNo} is a staff account: revoke its role before merging it away.`, {
        reason: 'STAFF_ACCOUNT',
      });
    // A merge still moving (a crash left it to the resume job) must finish before either account joins another.
    const unfinished = await this.merges.exists({
      state: 'moving',
      $or: [{ fromId: { $in: [from._id, into._id] } }, { intoId: { $in: [from._id, into._id] } }],
    });
    if (unfinished)
      throw new AppError('CONFLICT', 'One of these accounts is still being merged: try again in a minute.', {
        reason: 'MERGE_IN_PROGRESS',
      });
    if (await this.holds.hasOpenHold(from._id))
      throw new AppError('CONFLICT', `${from.memberNo} is paying with points at a till right now: try again shortly.`, {
        reason: 'OPEN_HOLD',
      });
    const byMemberNo = (await this.members.findById(new Types.ObjectId(actor.memberId)))?.memberNo ?? actor.memberId;
    const now = this.clock.now();
    const record = await runInTransaction(this.connection, async (session) => {
      const [created] = await this.merges
        .create(
          [
            {
              fromId: from._id,
              intoId: into._id,
              fromMemberNo: from.memberNo,
              intoMemberNo: into.memberNo,
              reason: request.reason,
              byMemberNo,
              state: 'moving',
              startedAt: now,
            },
          ],
          { session },
        )
        .catch((error: { code?: number }) => {
          if (error.code === 11000)
            throw new AppError('CONFLICT', `${from.memberNo} is being merged already.`, { reason: 'ALREADY_MERGED' });
          throw error;
        });
      if (!(await this.memberStore.mergeInto(from, into, now, session)))
        throw new AppError('CONFLICT', 'One of the two accounts changed meanwhile (merged or deleted): look them up again.', {
          reason: 'ALREADY_MERGED',
        });
      await this.audit.record(
        {
          actor: { id: actor.memberId, role: actor.role },
          action: 'member.merge',
          target: { type: 'memberNo', id: from.memberNo },
          details: { into: into.memberNo, reason: request.reason, mergeId: created._id.toHexString() },
        },
        session,
      );
      return created.toObject() as MergeRecord;
    });
    // The account merged away signs in no more as itself: its WeChat login now leads to the kept account.
    await this.refreshTokens.revokeAllOf(from._id, now);
    return viewOf(await this.finish(record));
  }

  /** Runs the steps of a merge that are still to do (all of them land once) and marks it done. */
  async finish(record: MergeRecord): Promise<MergeRecord> {
    if (record.state === 'done') return record;
    const points = await this.ledger.transferAll({
      from: record.fromId,
      into: record.intoId,
      fromLabel: record.fromMemberNo,
      intoLabel: record.intoMemberNo,
      idempotencyKey: `member-merge:${record._id.toHexString()}`,
    });
    // What each step moved is kept as it lands (a replayed step reports the points again, the debt as 0).
    await this.merges.updateOne(
      { _id: record._id },
      { $set: { 'moved.points': points.points }, $max: { 'moved.debt': points.debt } },
    );
    const coupons = await this.coupons.reassignMember(record.fromId, record.intoId);
    if (coupons > 0) await this.merges.updateOne({ _id: record._id }, { $inc: { 'moved.coupons': coupons } });
    const orders = await this.purchases.reassignMember(record.fromId, record.intoId);
    if (orders > 0) await this.merges.updateOne({ _id: record._id }, { $inc: { 'moved.orders': orders } });
    const [into, from] = await Promise.all([
      this.memberStore.byIdAnyStatus(record.intoId),
      this.memberStore.byIdAnyStatus(record.fromId),
    ]);
    if (into.status === 'active')
      await this.tiers.afterMerge(into, from, await this.qualifying.rolling12Months(into._id, this.clock.now()));
    const done = await this.merges
      .findOneAndUpdate(
        { _id: record._id, state: 'moving' },
        { $set: { state: 'done', finishedAt: this.clock.now() } },
        { returnDocument: 'after' },
      )
      .lean();
    return (done ?? (await this.merges.findById(record._id).lean())) as MergeRecord;
  }

  /** Finishes merges a crash left half-way (started over a minute ago, still moving). */
  async resumeStalled(limit = 100): Promise<number> {
    const stalled = await this.merges
      .find({ state: 'moving', startedAt: { $lte: new Date(this.clock.now().getTime() - STALLED_AFTER_MS) } })
      .limit(limit)
      .lean();
    for (const record of stalled) await this.finish(record);
    return stalled.length;
  }
}

function viewOf(record: MergeRecord): MemberMergeView {
  return {
    id: record._id.toHexString(),
    fromMemberNo: record.fromMemberNo,
    intoMemberNo: record.intoMemberNo,
    state: record.state,
    moved: {
      points: record.moved.points,
      debt: record.moved.debt,
      coupons: record.moved.coupons,
      orders: record.moved.orders,
    },
    byMemberNo: record.byMemberNo,
    startedAt: record.startedAt.toISOString(),
    ...(record.finishedAt ? { finishedAt: record.finishedAt.toISOString() } : {}),
  };
}
