import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { PointsEntry } from './schemas/points-entry.schema';
import { SignInDay } from './sign-in/sign-in-day.schema';

export type LeanSignInDay = SignInDay & { _id: Types.ObjectId };

/** A member's points earned and redeemed in a period (`_id` is the member's id). */
export type MemberPointsTotals = { _id: Types.ObjectId; earned: number; redeemed: number };

/**
 * The points entries and sign-in days collections, as other features may use them: the only way into these documents
 * from outside this folder (see docs/architecture.md, "Features own their data"). Each method is named for what its
 * caller needs; there is no generic find or aggregate, so every query another feature runs on this data is listed
 * here.
 */
@Injectable()
export class PointsStore implements OnModuleInit {
  constructor(
    @InjectModel(PointsEntry.name) private readonly entries: Model<PointsEntry>,
    @InjectModel(SignInDay.name) private readonly signInDays: Model<SignInDay>,
  ) {}

  /** Collections and indexes exist before another feature's transaction writes to them. */
  async onModuleInit(): Promise<void> {
    await Promise.all([this.entries.init(), this.signInDays.init()]);
  }

  /** Every day the member signed in, oldest first (their copy of their data). */
  exportSignInDays(memberId: Types.ObjectId): Promise<LeanSignInDay[]> {
    return this.signInDays.find({ memberId }).sort({ day: 1 }).lean<LeanSignInDay[]>();
  }

  /** Per member, the points earned and the points redeemed (burnt) by the entries that occurred in [from, to). */
  async earnedAndRedeemedByMember(from: Date, to: Date): Promise<MemberPointsTotals[]> {
    return await this.entries.aggregate<MemberPointsTotals>([
      { $match: { occurredAt: { $gte: from, $lt: to }, kind: { $in: ['earn', 'burn'] } } },
      {
        $group: {
          _id: '$memberId',
          earned: { $sum: { $cond: [{ $eq: ['$kind', 'earn'] }, '$points', 0] } },
          redeemed: { $sum: { $cond: [{ $eq: ['$kind', 'burn'] }, { $abs: '$points' }, 0] } },
        },
      },
    ]);
  }
}
