import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { ActivityView, MySignUp, StaffActivityView } from '@memberloop/shared';
import { Model, Types } from 'mongoose';
import { Clock } from '../common/clock/clock';
import { ProgrammePolicy } from '../programme';
import { ActivitySeats, type LeanActivity, type LeanSignUp } from './activity-seats.service';
import { seatsLeft, signUpRefusal } from './domain/activity-rules';
import { Community } from './schemas/community.schema';
import { ActivitySignUp } from './schemas/activity-sign-up.schema';

/** Activities as members and staff see them: seats left, the waitlist, the member's own sign-up, the counts. */
@Injectable()
export class ActivityViews {
  constructor(
    @InjectModel(Community.name) private readonly communities: Model<Community>,
    @InjectModel(ActivitySignUp.name) private readonly signUps: Model<ActivitySignUp>,
    private readonly seats: ActivitySeats,
    private readonly ladder: ProgrammePolicy,
    private readonly clock: Clock,
  ) {}

  async forMember(activities: LeanActivity[], memberId: Types.ObjectId): Promise<ActivityView[]> {
    const names = await this.communityNames(activities);
    const mine = await this.signUps.find({ activityId: { $in: activities.map((a) => a._id) }, memberId }).lean<LeanSignUp[]>();
    const byActivity = new Map(mine.map((s) => [s.activityId.toHexString(), s]));
    return Promise.all(
      activities.map(async (activity) => {
        const signUp = byActivity.get(activity._id.toHexString());
        return { ...this.base(activity, names), ...(signUp ? { me: await this.mySignUp(signUp) } : {}) };
      }),
    );
  }

  async forStaff(activities: LeanActivity[]): Promise<StaffActivityView[]> {
    const names = await this.communityNames(activities);
    const rows = await this.signUps.aggregate<{ _id: Types.ObjectId; cancelled: number; checkedIn: number }>([
      {
        $match: {
          activityId: { $in: activities.map((a) => a._id) },
          $or: [{ state: 'cancelled' }, { checkedInAt: { $exists: true } }],
        },
      },
      {
        $group: {
          _id: '$activityId',
          cancelled: { $sum: { $cond: [{ $eq: ['$state', 'cancelled'] }, 1, 0] } },
          checkedIn: { $sum: { $cond: [{ $ifNull: ['$checkedInAt', false] }, 1, 0] } },
        },
      },
    ]);
    const counts = new Map(rows.map((r) => [String(r._id), r]));
    return activities.map((activity) => {
      const row = counts.get(activity._id.toHexString());
      return {
        ...this.base(activity, names),
        counts: {
          confirmed: activity.confirmedCount,
          waitlisted: activity.waitlistedCount,
          cancelled: row?.cancelled ?? 0,
          checkedIn: row?.checkedIn ?? 0,
        },
        createdAt: activity.createdAt.toISOString(),
        ...(activity.publishedAt ? { publishedAt: activity.publishedAt.toISOString() } : {}),
        ...(activity.cancelledAt ? { cancelledAt: activity.cancelledAt.toISOString() } : {}),
      };
    });
  }

  async mySignUp(signUp: LeanSignUp): Promise<MySignUp> {
    return {
      activityId: signUp.activityId.toHexString(),
      state: signUp.state,
      ...(signUp.state === 'waitlisted' ? { waitlistPosition: await this.seats.waitlistPosition(signUp) } : {}),
      signedUpAt: signUp.signedUpAt.toISOString(),
      ...(signUp.checkedInAt ? { checkedInAt: signUp.checkedInAt.toISOString() } : {}),
      pointsAwarded: signUp.reward === 'paid' ? signUp.pointsAwarded : 0,
    };
  }

  tierName(code: string): string {
    return this.ladder.tierLadder().find((t) => t.code === code)?.name ?? code;
  }

  private base(activity: LeanActivity, names: Map<string, string>): Omit<ActivityView, 'me'> {
    return {
      id: activity._id.toHexString(),
      communityId: activity.communityId.toHexString(),
      communityName: names.get(activity.communityId.toHexString()) ?? '',
      title: activity.title,
      coverImageUrl: activity.coverImageUrl,
      description: activity.description ?? '',
      startsAt: activity.startsAt.toISOString(),
      endsAt: activity.endsAt.toISOString(),
      ...(activity.place ? { place: activity.place } : {}),
      ...(activity.liveUrl ? { liveUrl: activity.liveUrl } : {}),
      capacity: activity.capacity,
      seatsLeft: seatsLeft(activity),
      waitlistLength: activity.waitlistedCount,
      ...(activity.minTierCode ? { minTier: { code: activity.minTierCode, name: this.tierName(activity.minTierCode) } } : {}),
      signUpDeadline: activity.signUpDeadline.toISOString(),
      pointsReward: activity.pointsReward,
      status: activity.status,
      signUpOpen: signUpRefusal(activity, this.clock.now()) === null,
      ...(activity.cancelReason ? { cancelReason: activity.cancelReason } : {}),
    };
  }

  private async communityNames(activities: LeanActivity[]): Promise<Map<string, string>> {
    const ids = [...new Set(activities.map((a) => a.communityId.toHexString()))].map((id) => new Types.ObjectId(id));
    const rows = await this.communities.find({ _id: { $in: ids } }, { name: 1 }).lean();
    return new Map(rows.map((c) => [c._id.toHexString(), c.name]));
  }
}
