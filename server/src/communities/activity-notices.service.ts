import { Inject, Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { Clock } from '../common/clock/clock';
import { appConfig, type AppConfig } from '../config/app-config';
import { NotificationsService, thing } from '../notifications';
import type { LeanActivity, LeanSignUp } from './activity-seats.service';
import { brandDateTime } from '@memberloop/shared';
import { Activity } from './schemas/activity.schema';
import { ActivitySignUp } from './schemas/activity-sign-up.schema';

/** The mini-program page an activity message opens. */
export const activityPage = (activityId: Types.ObjectId) => `packages/community/activity?id=${activityId.toHexString()}`;

/**
 * Tells members what happened to an activity they signed up for ('activity-update' WeChat messages through the
 * outbox): a waitlisted seat confirmed, or the activity cancelled. Each message is queued under a dedupe key
 * and marked queued afterwards, so the pending-work job can finish what a crash interrupted without repeats.
 */
@Injectable()
export class ActivityNotices {
  constructor(
    @InjectModel(Activity.name) private readonly activities: Model<Activity>,
    @InjectModel(ActivitySignUp.name) private readonly signUps: Model<ActivitySignUp>,
    private readonly notifications: NotificationsService,
    private readonly clock: Clock,
    @Inject(appConfig.KEY) private readonly config: AppConfig,
  ) {}

  async promoted(activity: LeanActivity, promoted: LeanSignUp[]): Promise<void> {
    for (const signUp of promoted) {
      await this.notifications.enqueue({
        memberId: signUp.memberId,
        kind: 'activity-update',
        dedupeKey: `activity-promoted:${activity._id.toHexString()}:${signUp.memberId.toHexString()}:${signUp.seq}`,
        page: activityPage(activity._id),
        data: this.data(activity, '候补成功，已为您保留名额', activity.place ?? '线上直播'),
      });
      await this.signUps.updateOne({ _id: signUp._id, promotionNoticeQueued: false }, { $set: { promotionNoticeQueued: true } });
    }
  }

  /** Notifies everyone confirmed or waitlisted that the activity was cancelled, then marks the activity done. */
  async cancelled(activity: LeanActivity): Promise<number> {
    const affected = await this.signUps
      .find({ activityId: activity._id, state: { $in: ['confirmed', 'waitlisted'] } }, { memberId: 1 })
      .lean();
    for (const { memberId } of affected) {
      await this.notifications.enqueue({
        memberId,
        kind: 'activity-update',
        dedupeKey: `activity-cancelled:${activity._id.toHexString()}:${memberId.toHexString()}`,
        page: activityPage(activity._id),
        data: this.data(activity, '活动已取消', activity.cancelReason ?? '主办方取消了活动'),
      });
    }
    await this.activities.updateOne(
      { _id: activity._id, cancelNoticesQueuedAt: { $exists: false } },
      { $set: { cancelNoticesQueuedAt: this.clock.now() } },
    );
    return affected.length;
  }

  /**
   * Tells everyone confirmed or waitlisted that the time or the place changed (one message per member and
   * change, keyed by the change's number), then clears the pending mark unless another change came meanwhile.
   */
  async rearranged(activity: LeanActivity): Promise<number> {
    const pending = activity.arrangementsPending ?? [];
    if (pending.length === 0) return 0;
    const affected = await this.signUps
      .find({ activityId: activity._id, state: { $in: ['confirmed', 'waitlisted'] } }, { memberId: 1 })
      .lean();
    const what = pending.length === 2 ? '活动时间和地点有调整' : pending[0] === 'time' ? '活动时间有调整' : '活动地点有调整';
    const where = activity.place ?? (activity.liveUrl ? '线上直播' : '详见活动页');
    for (const { memberId } of affected) {
      await this.notifications.enqueue({
        memberId,
        kind: 'activity-update',
        dedupeKey: `activity-rearranged:${activity._id.toHexString()}:${memberId.toHexString()}:${activity.arrangementsVersion}`,
        page: activityPage(activity._id),
        data: this.data(activity, what, where),
      });
    }
    await this.activities.updateOne(
      { _id: activity._id, arrangementsVersion: activity.arrangementsVersion },
      { $unset: { arrangementsPending: 1, arrangementsChangedAt: 1 } },
    );
    return affected.length;
  }

  /** Changes of time or place whose messages were not all queued, older than `before`. */
  async resumeRearrangements(before: Date): Promise<number> {
    const pending = await this.activities
      .find({ arrangementsPending: { $exists: true }, arrangementsChangedAt: { $lte: before }, status: 'published' })
      .limit(100)
      .lean<LeanActivity[]>();
    for (const activity of pending) await this.rearranged(activity);
    return pending.length;
  }

  /** Promotions whose message was not queued (the process stopped in between), older than `before`. */
  async resumePromotions(before: Date): Promise<number> {
    const pending = await this.signUps
      .find({ promotionNoticeQueued: false, promotedAt: { $lte: before } })
      .limit(1000)
      .lean<LeanSignUp[]>();
    for (const signUp of pending) {
      const activity = await this.activities.findById(signUp.activityId).lean<LeanActivity>();
      if (activity) await this.promoted(activity, [signUp]);
    }
    return pending.length;
  }

  /** Cancellations whose messages were not all queued, older than `before`. */
  async resumeCancellations(before: Date): Promise<number> {
    const pending = await this.activities
      .find({ status: 'cancelled', cancelNoticesQueuedAt: { $exists: false }, cancelledAt: { $lte: before } })
      .limit(100)
      .lean<LeanActivity[]>();
    for (const activity of pending) await this.cancelled(activity);
    return pending.length;
  }

  /** The 'activity-update' template: activity, what happened, when it starts, a note (place or reason). */
  private data(activity: LeanActivity, status: string, note: string): Record<string, { value: string }> {
    return {
      thing1: thing(activity.title),
      thing2: thing(status),
      time3: { value: brandDateTime(activity.startsAt, this.config.brand.timeZone) },
      thing4: thing(note),
    };
  }
}
