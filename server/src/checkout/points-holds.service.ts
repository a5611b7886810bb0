import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectConnection, InjectModel } from '@nestjs/mongoose';
import { pointsOffsetFen, type PointsHoldView, type ReservePointsRequest } from '@memberloop/shared';
import { Connection, Model, Types } from 'mongoose';
import { Clock } from '../common/clock/clock';
import { AppError } from '../common/errors/app-error';
import { runInTransaction } from '../database/transactions';
import { MembersService } from '../members';
import { PointsLedgerService } from '../points';
import { PointsHold } from './points-hold.schema';

/** How long a store has to commit or cancel before the points go back by themselves. */
export const HOLD_TTL_MS = 15 * 60_000;

type LeanHold = PointsHold;

/**
 * Points as part payment at checkout: reserve (the points leave the balance at once, so they cannot be spent
 * twice), then commit when paid or cancel when not. Every step is idempotent and moves the hold through
 * held → committed | released with a guarded update, in one transaction with its ledger entry.
 */
@Injectable()
export class PointsHoldsService {
  constructor(
    @InjectModel(PointsHold.name) private readonly holds: Model<PointsHold>,
    @InjectConnection() private readonly connection: Connection,
    private readonly members: MembersService,
    private readonly ledger: PointsLedgerService,
    private readonly clock: Clock,
  ) {}

  async reserve(integrationId: string, request: ReservePointsRequest): Promise<PointsHoldView> {
    const _id = `${integrationId}:${request.holdId}`;
    const requestHash = createHash('sha256').update(JSON.stringify(request)).digest('hex');
    const existing = await this.holds.findById(_id).lean();
    if (existing) return this.replay(existing, requestHash);
    const member = await this.members.resolve(request.member);
    if (!member) throw new AppError('NOT_FOUND', 'No member matches the member reference of this hold.');
    const now = this.clock.now();
    try {
      const hold = await this.ledger.exclusive(member._id, () =>
        runInTransaction(this.connection, async (session) => {
          const { entry } = await this.ledger.spend(
            {
              memberId: member._id,
              points: request.points,
              reason: '积分抵现',
              source: { type: 'points-hold', id: _id },
              idempotencyKey: `hold:${_id}`,
            },
            session,
          );
          const [created] = await this.holds.create(
            [
              {
                _id,
                integrationId,
                holdId: request.holdId,
                requestHash,
                memberId: member._id,
                points: request.points,
                offsetFen: pointsOffsetFen(request.points),
                storeCode: request.storeCode,
                status: 'held',
                burnEntryId: entry._id,
                expiresAt: new Date(now.getTime() + HOLD_TTL_MS),
              },
            ],
            { session },
          );
          return created.toObject();
        }),
      );
      return this.view(hold, false);
    } catch (error) {
      // The same hold reserved twice at once: the other one won, answer as a retry.
      if ((error as { code?: number }).code === 11000) {
        const winner = await this.holds.findById(_id).lean();
        if (winner) return this.replay(winner, requestHash);
      }
      throw error;
    }
  }

  async commit(integrationId: string, holdId: string, orderId: string): Promise<PointsHoldView> {
    const _id = `${integrationId}:${holdId}`;
    const now = this.clock.now();
    const committed = await this.holds
      .findOneAndUpdate(
        { _id, status: 'held', expiresAt: { $gt: now } },
        { $set: { status: 'committed', orderId, closedAt: now } },
        { returnDocument: 'after' },
      )
      .lean();
    if (committed) return this.view(committed, false);
    const hold = await this.found(_id);
    if (hold.status === 'committed' && hold.orderId === orderId) return this.view(hold, true);
    if (hold.status === 'committed') throw new AppError('HOLD_CLOSED', `Hold ${holdId} was committed for order ${hold.orderId}.`);
    if (hold.status === 'held') {
      // Past its time: release it now rather than take payment for points that are going back.
      await this.release(hold, 'timed out');
    }
    throw new AppError(
      'HOLD_CLOSED',
      `Hold ${holdId} was released (${hold.releaseReason ?? 'timed out'}): reserve the points again.`,
    );
  }

  async cancel(integrationId: string, holdId: string): Promise<PointsHoldView> {
    const _id = `${integrationId}:${holdId}`;
    const hold = await this.found(_id);
    if (hold.status === 'committed')
      throw new AppError('HOLD_CLOSED', `Hold ${holdId} was committed and cannot be cancelled: refund the order instead.`);
    if (hold.status === 'released') return this.view(hold, true);
    return this.view(await this.release(hold, 'cancelled'), false);
  }

  /** The holds committed as part payment of one of this integration's orders (what a refund of it gives back). */
  async committedForOrder(
    integrationId: string,
    orderId: string,
  ): Promise<Array<{ holdId: string; points: number; burnEntryId: LeanHold['burnEntryId'] }>> {
    const holds = await this.holds
      .find({ integrationId, orderId, status: 'committed' }, { holdId: 1, points: 1, burnEntryId: 1 })
      .sort({ _id: 1 })
      .lean();
    return holds.map((h) => ({ holdId: h.holdId, points: h.points, burnEntryId: h.burnEntryId }));
  }

  /** Releases every hold past its time (the job runs this each minute). */
  async releaseExpired(limit = 500): Promise<{ released: number }> {
    const due = await this.holds
      .find({ status: 'held', expiresAt: { $lte: this.clock.now() } })
      .limit(limit)
      .lean();
    let released = 0;
    for (const hold of due) {
      const after = await this.release(hold, 'timed out');
      if (after.status === 'released' && after.releaseReason === 'timed out') released += 1;
    }
    return { released };
  }

  /** held → released and the points back, in one transaction; a hold already closed is returned as it is. */
  private async release(hold: LeanHold, reason: 'cancelled' | 'timed out'): Promise<LeanHold> {
    await this.ledger.exclusive(hold.memberId, () =>
      runInTransaction(this.connection, async (session) => {
        const now = this.clock.now();
        const claimed = await this.holds.updateOne(
          { _id: hold._id, status: 'held' },
          { $set: { status: 'released', releaseReason: reason, closedAt: now } },
          { session },
        );
        if (claimed.modifiedCount !== 1) return;
        await this.ledger.reverseBurn(
          {
            burnEntryId: hold.burnEntryId,
            reason: reason === 'cancelled' ? '积分抵现取消' : '积分抵现超时退回',
            source: { type: 'points-hold', id: hold._id },
            idempotencyKey: `hold-release:${hold._id}`,
          },
          session,
        );
      }),
    );
    return this.found(hold._id);
  }

  private async replay(hold: LeanHold, requestHash: string): Promise<PointsHoldView> {
    if (hold.requestHash !== requestHash) {
      throw new AppError('IDEMPOTENCY_KEY_REUSED', `Hold ${hold.holdId} was already made with different content.`);
    }
    return this.view(hold, true);
  }

  private async found(_id: string): Promise<LeanHold> {
    const hold = await this.holds.findById(_id).lean();
    if (!hold) throw new AppError('NOT_FOUND', 'No such hold.');
    return hold;
  }

  private async view(hold: LeanHold, replayed: boolean): Promise<PointsHoldView> {
    const balance = await this.ledger.balance(hold.memberId);
    return {
      holdId: hold.holdId,
      memberId: hold.memberId.toHexString(),
      status: hold.status,
      points: hold.points,
      offsetFen: hold.offsetFen,
      expiresAt: hold.expiresAt.toISOString(),
      ...(hold.orderId ? { orderId: hold.orderId } : {}),
      balance,
      replayed,
    };
  }

  /** Whether the member has points held at a till right now (an account cannot be merged away under a payment). */
  async hasOpenHold(memberId: Types.ObjectId): Promise<boolean> {
    return (await this.holds.exists({ memberId, status: 'held' })) !== null;
  }
}
