import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { Clock } from '../common/clock/clock';
import { AppError } from '../common/errors/app-error';
import { CommunityMembership } from './schemas/community-membership.schema';

type LeanMembership = CommunityMembership & { _id: Types.ObjectId };

/** Who belongs to which community: joining, leaving, and the managers' removals. */
@Injectable()
export class CommunityMemberships {
  constructor(
    @InjectModel(CommunityMembership.name) private readonly memberships: Model<CommunityMembership>,
    private readonly clock: Clock,
  ) {}

  /** Joins the member (again, after leaving); a no-op for a member already in; refused for one a manager removed. */
  async join(communityId: Types.ObjectId, memberId: Types.ObjectId): Promise<void> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const existing = await this.memberships.findOne({ communityId, memberId }).lean<LeanMembership>();
      if (existing?.status === 'removed')
        throw new AppError('FORBIDDEN', 'The managers removed you from this community: ask them to let you back in.');
      if (existing?.status === 'active') return;
      const now = this.clock.now();
      if (existing) {
        const rejoined = await this.memberships.updateOne(
          { _id: existing._id, status: 'left' },
          { $set: { status: 'active', joinedAt: now }, $unset: { leftAt: 1 } },
        );
        if (rejoined.matchedCount === 1) return;
        continue; // it changed meanwhile: read it again
      }
      try {
        await this.memberships.create([{ communityId, memberId, status: 'active', joinedAt: now }]);
        return;
      } catch (error) {
        // A concurrent join (or sign-up) recorded it first: read it again.
        if ((error as { code?: number }).code !== 11000) throw error;
      }
    }
    throw new AppError('CONFLICT', 'Your membership kept changing: try again.');
  }

  async leave(communityId: Types.ObjectId, memberId: Types.ObjectId): Promise<void> {
    await this.memberships.updateOne(
      { communityId, memberId, status: 'active' },
      { $set: { status: 'left', leftAt: this.clock.now() } },
    );
  }

  async assertNotRemoved(communityId: Types.ObjectId, memberId: Types.ObjectId): Promise<void> {
    const removed = await this.memberships.exists({ communityId, memberId, status: 'removed' });
    if (removed) throw new AppError('FORBIDDEN', 'The managers removed you from this community.');
  }

  async isMember(communityId: Types.ObjectId, memberId: Types.ObjectId): Promise<boolean> {
    return (await this.memberships.exists({ communityId, memberId, status: 'active' })) !== null;
  }

  /** The communities the member belongs to. */
  async communitiesOf(memberId: Types.ObjectId): Promise<Types.ObjectId[]> {
    const rows = await this.memberships.find({ memberId, status: 'active' }, { communityId: 1 }).lean();
    return rows.map((r) => r.communityId);
  }

  /** Member counts of the given communities. */
  async counts(communityIds: Types.ObjectId[]): Promise<Map<string, number>> {
    const rows = await this.memberships.aggregate<{ _id: Types.ObjectId; count: number }>([
      { $match: { communityId: { $in: communityIds }, status: 'active' } },
      { $group: { _id: '$communityId', count: { $sum: 1 } } },
    ]);
    return new Map(rows.map((r) => [String(r._id), r.count]));
  }

  /** A page of the community's members, earliest membership first. */
  async page(communityId: Types.ObjectId, limit: number, cursor?: string): Promise<LeanMembership[]> {
    const filter: Record<string, unknown> = { communityId, status: 'active' };
    if (cursor) filter._id = { $gt: new Types.ObjectId(cursor) };
    return this.memberships.find(filter).sort({ _id: 1 }).limit(limit).lean<LeanMembership[]>();
  }

  /**
   * Calls `visit` with the ids of members who had joined by `asOf` and are still members, in batches in a stable
   * order (an announcement or coupon send reaches the members of the moment it was made).
   */
  async forEachMemberBatch(
    communityId: Types.ObjectId,
    asOf: Date,
    visit: (memberIds: Types.ObjectId[]) => Promise<void>,
    batchSize = 200,
  ): Promise<void> {
    let after: Types.ObjectId | undefined;
    for (;;) {
      const rows = await this.memberships
        .find(
          { communityId, status: 'active', joinedAt: { $lte: asOf }, ...(after ? { _id: { $gt: after } } : {}) },
          { memberId: 1 },
        )
        .sort({ _id: 1 })
        .limit(batchSize)
        .lean();
      if (rows.length === 0) return;
      await visit(rows.map((r) => r.memberId));
      after = rows[rows.length - 1]._id;
    }
  }

  async memberIds(communityId: Types.ObjectId): Promise<Types.ObjectId[]> {
    const rows = await this.memberships.find({ communityId, status: 'active' }, { memberId: 1 }).lean();
    return rows.map((r) => r.memberId);
  }
}
