import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { CommunityFigures } from '@memberloop/shared';
import { Model, Types } from 'mongoose';
import type { Principal } from '../common/auth/principal';
import { Clock } from '../common/clock/clock';
import { PurchaseStore } from '../purchases';
import { CommunityScope } from './community-scope.service';
import { CommunityMemberships } from './community-memberships.service';
import { rate } from './domain/activity-rules';
import { Activity } from './schemas/activity.schema';
import { ActivitySignUp } from './schemas/activity-sign-up.schema';

/** "Active" and the rates look back this many days. */
export const FIGURES_WINDOW_DAYS = 90;
const DAY_MS = 86_400_000;

/**
 * A community's figures for its managers: members; active members (bought anywhere, in a store or online, or
 * attended one of the community's activities, in the last 90 days); the sign-up rate (members with a live
 * sign-up for an activity starting in the window or later, over members); the attendance rate (check-ins over
 * confirmed sign-ups of the activities that ended in the window).
 */
@Injectable()
export class CommunityFiguresService {
  constructor(
    @InjectModel(Activity.name) private readonly activities: Model<Activity>,
    @InjectModel(ActivitySignUp.name) private readonly signUps: Model<ActivitySignUp>,
    private readonly purchases: PurchaseStore,
    private readonly scope: CommunityScope,
    private readonly memberships: CommunityMemberships,
    private readonly clock: Clock,
  ) {}

  async figures(principal: Principal, communityId: Types.ObjectId): Promise<CommunityFigures> {
    await this.scope.manage(principal, communityId);
    const now = this.clock.now();
    const since = new Date(now.getTime() - FIGURES_WINDOW_DAYS * DAY_MS);
    const memberIds = await this.memberships.memberIds(communityId);
    const members = new Set(memberIds.map(String));

    const [buyers, attendees, recent, ended] = await Promise.all([
      this.purchases.buyersAmong(memberIds, since, now),
      this.signUps.distinct('memberId', { communityId, checkedInAt: { $gte: since, $lte: now } }),
      this.activities.find({ communityId, status: 'published', startsAt: { $gte: since } }, { _id: 1 }).lean(),
      this.activities.find({ communityId, status: 'published', endsAt: { $gte: since, $lte: now } }, { _id: 1 }).lean(),
    ]);
    const active = new Set([...buyers, ...attendees].map(String).filter((id) => members.has(id)));
    const signedUp = await this.signUps.distinct('memberId', {
      activityId: { $in: recent.map((a) => a._id) },
      state: { $in: ['confirmed', 'waitlisted'] },
    });
    const signedUpMembers = signedUp.map(String).filter((id) => members.has(id)).length;
    const endedIds = ended.map((a) => a._id);
    const [confirmed, attended] = await Promise.all([
      this.signUps.countDocuments({ activityId: { $in: endedIds }, state: 'confirmed' }),
      this.signUps.countDocuments({ activityId: { $in: endedIds }, state: 'confirmed', checkedInAt: { $exists: true } }),
    ]);
    return {
      communityId: communityId.toHexString(),
      asOf: now.toISOString(),
      windowDays: FIGURES_WINDOW_DAYS,
      members: members.size,
      activeMembers: active.size,
      signUps: { members: signedUpMembers, rate: rate(signedUpMembers, members.size) },
      attendance: { confirmed, attended, rate: rate(attended, confirmed) },
    };
  }
}
