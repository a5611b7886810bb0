import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { ActivityChanges, ActivityView, NewActivity, StaffActivityView } from '@memberloop/shared';
import { type ClientSession, Model, Types } from 'mongoose';
import type { Principal } from '../common/auth/principal';
import { Clock } from '../common/clock/clock';
import { AppError } from '../common/errors/app-error';
import { ProgrammePolicy } from '../programme';
import { AuditLogService } from '../audit';
import { ActivityCoversService } from './activity-covers.service';
import { ActivityNotices } from './activity-notices.service';
import { ActivitySeats, type LeanActivity, type LeanSignUp } from './activity-seats.service';
import { ActivityViews } from './activity-views.service';
import { auditActor, CommunityScope, type StaffActor } from './community-scope.service';
import { CommunityMemberships } from './community-memberships.service';
import { scheduleProblem } from './domain/activity-rules';
import { Activity } from './schemas/activity.schema';
import { ActivitySignUp } from './schemas/activity-sign-up.schema';

/**
 * Activities: managers draft, edit, publish, unpublish and cancel them within their communities (each action
 * audited in the same transaction); members browse what is published.
 */
@Injectable()
export class ActivitiesService {
  constructor(
    @InjectModel(Activity.name) private readonly activities: Model<Activity>,
    @InjectModel(ActivitySignUp.name) private readonly signUps: Model<ActivitySignUp>,
    private readonly scope: CommunityScope,
    private readonly seats: ActivitySeats,
    private readonly views: ActivityViews,
    private readonly notices: ActivityNotices,
    private readonly covers: ActivityCoversService,
    private readonly memberships: CommunityMemberships,
    private readonly ladder: ProgrammePolicy,
    private readonly audit: AuditLogService,
    private readonly clock: Clock,
  ) {}

  // ------------------------------------------------------------------ staff

  /**
   * Drafts an activity. With an Idempotency-Key, a retry (a lost reply, a double tap) returns the activity the
   * first request made instead of a second one; the key sent with another request is refused (the activity may
   * have been edited since, so the request is compared by its hash, not with the activity).
   */
  async create(
    principal: Principal,
    communityId: Types.ObjectId,
    input: NewActivity,
    idempotencyKey?: string,
  ): Promise<StaffActivityView> {
    const { actor } = await this.scope.manage(principal, communityId);
    const createKey = idempotencyKey ? `${actor.memberId.toHexString()}:${idempotencyKey}` : undefined;
    const createHash = createKey ? createRequestHash(communityId, input) : undefined;
    if (createKey) {
      const earlier = await this.activities.findOne({ createKey }, { _id: 1, createHash: 1 }).lean();
      if (earlier) return this.staffView(sameCreate(earlier, createHash));
    }
    const startsAt = new Date(input.startsAt);
    const fields = {
      title: input.title,
      coverImageUrl: input.coverImageUrl,
      description: input.description,
      startsAt,
      endsAt: new Date(input.endsAt),
      ...(input.place ? { place: input.place } : {}),
      ...(input.liveUrl ? { liveUrl: input.liveUrl } : {}),
      capacity: input.capacity,
      ...(input.minTierCode ? { minTierCode: input.minTierCode } : {}),
      signUpDeadline: input.signUpDeadline ? new Date(input.signUpDeadline) : startsAt,
      pointsReward: input.pointsReward,
    };
    this.assertValid(fields);
    await this.covers.assertUsable(communityId, fields.coverImageUrl);
    let activityId = new Types.ObjectId();
    try {
      await this.seats.transaction(async (session) => {
        await this.activities.create(
          [
            {
              _id: activityId,
              communityId,
              ...fields,
              status: 'draft',
              confirmedCount: 0,
              waitlistedCount: 0,
              signUpSeq: 0,
              createdBy: actor.memberId,
              ...(createKey ? { createKey, createHash } : {}),
            },
          ],
          { session },
        );
        await this.record(
          actor,
          'activity.create',
          activityId,
          { communityId: communityId.toHexString(), title: fields.title },
          session,
        );
      });
    } catch (error) {
      if (!createKey || (error as { code?: number }).code !== 11000) throw error;
      // The same key twice at once: the activity the other request made is the one.
      const winner = await this.activities.findOne({ createKey }, { _id: 1, createHash: 1 }).lean();
      if (!winner) throw error;
      activityId = sameCreate(winner, createHash);
    }
    await this.covers.replaced(communityId, fields.coverImageUrl, undefined);
    return this.staffView(activityId);
  }

  async staffActivity(principal: Principal, activityId: Types.ObjectId): Promise<StaffActivityView> {
    await this.managed(principal, activityId);
    return this.staffView(activityId);
  }

  async staffList(principal: Principal, communityId: Types.ObjectId): Promise<StaffActivityView[]> {
    await this.scope.manage(principal, communityId);
    const activities = await this.activities
      .find({ communityId })
      .sort({ startsAt: -1, _id: -1 })
      .limit(500)
      .lean<LeanActivity[]>();
    return this.views.forStaff(activities);
  }

  /**
   * Edits an activity until it ends. More seats are given to the waitlist in order at once; fewer seats than are
   * confirmed is refused (cancel sign-ups first), and so is changing the reward once anyone has checked in.
   */
  async update(principal: Principal, activityId: Types.ObjectId, changes: ActivityChanges): Promise<StaffActivityView> {
    const { actor, activity: found } = await this.managed(principal, activityId);
    if (changes.coverImageUrl !== undefined) await this.covers.assertUsable(found.communityId, changes.coverImageUrl);
    let coverBefore: string | undefined;
    const { activity, promoted } = await this.seats.withActivity(activityId, async (activity, session, now) => {
      coverBefore = activity.coverImageUrl;
      if (activity.status === 'cancelled') throw new AppError('CONFLICT', 'This activity was cancelled: it cannot be edited.');
      if (now >= activity.endsAt) throw new AppError('CONFLICT', 'This activity is over: it cannot be edited.');
      const set: Record<string, unknown> = {};
      const unset: Record<string, 1> = {};
      for (const [field, value] of Object.entries(changes)) {
        if (value === null) unset[field] = 1;
        else if (value !== undefined)
          set[field] = ['startsAt', 'endsAt', 'signUpDeadline'].includes(field) ? new Date(value as string) : value;
      }
      const merged: LeanActivity = { ...activity, ...set };
      for (const field of Object.keys(unset)) delete (merged as unknown as Record<string, unknown>)[field];
      this.assertValid(merged);
      if (merged.capacity < activity.confirmedCount) {
        throw new AppError('CONFLICT', `${activity.confirmedCount} members hold a seat: the capacity cannot go below that.`, {
          confirmed: activity.confirmedCount,
        });
      }
      if (merged.pointsReward !== activity.pointsReward) {
        const checkedIn = await this.signUps.exists({ activityId, checkedInAt: { $exists: true } }).session(session);
        if (checkedIn) throw new AppError('CONFLICT', 'Members have checked in already: the points reward can no longer change.');
      }
      const promoted = await this.seats.fillSeats(merged, activity.confirmedCount, session, now);
      // Members who signed up are told when the time or the place moves (told once per change, by the notices).
      const rearranged = activity.status === 'published' ? arrangementChanges(activity, merged) : [];
      const inc: Record<string, number> = {};
      if (promoted.length) Object.assign(inc, { confirmedCount: promoted.length, waitlistedCount: -promoted.length });
      if (rearranged.length) {
        const pending = [...new Set([...(activity.arrangementsPending ?? []), ...rearranged])].sort();
        Object.assign(set, { arrangementsPending: pending, arrangementsChangedAt: now });
        Object.assign(merged, { arrangementsPending: pending, arrangementsVersion: (activity.arrangementsVersion ?? 0) + 1 });
        inc.arrangementsVersion = 1;
      }
      await this.seats.updateActivity(
        activity,
        {
          ...(Object.keys(set).length ? { $set: set } : {}),
          ...(Object.keys(unset).length ? { $unset: unset } : {}),
          ...(Object.keys(inc).length ? { $inc: inc } : {}),
        },
        session,
      );
      await this.record(actor, 'activity.update', activityId, { changes, promoted: promoted.length }, session);
      return { activity: merged, promoted };
    });
    if (changes.coverImageUrl !== undefined && changes.coverImageUrl !== coverBefore)
      await this.covers.replaced(activity.communityId, changes.coverImageUrl, coverBefore);
    await this.notices.promoted(activity, promoted);
    if (activity.arrangementsPending?.length) await this.notices.rearranged(activity);
    return this.staffView(activityId);
  }

  async publish(principal: Principal, activityId: Types.ObjectId): Promise<StaffActivityView> {
    const { actor } = await this.managed(principal, activityId);
    await this.seats.withActivity(activityId, async (activity, session, now) => {
      if (activity.status === 'published') return;
      if (activity.status === 'cancelled') throw new AppError('CONFLICT', 'A cancelled activity cannot be published.');
      if (now >= activity.endsAt) throw new AppError('CONFLICT', 'This activity is over: change its dates first.');
      await this.seats.updateActivity(activity, { $set: { status: 'published', publishedAt: now } }, session);
      await this.record(actor, 'activity.publish', activityId, {}, session);
    });
    return this.staffView(activityId);
  }

  async unpublish(principal: Principal, activityId: Types.ObjectId): Promise<StaffActivityView> {
    const { actor } = await this.managed(principal, activityId);
    await this.seats.withActivity(activityId, async (activity, session) => {
      if (activity.status === 'draft') return;
      if (activity.status === 'cancelled') throw new AppError('CONFLICT', 'This activity was cancelled.');
      if (activity.confirmedCount + activity.waitlistedCount > 0) {
        throw new AppError('CONFLICT', 'Members have signed up: cancel the activity instead, so that they are told.');
      }
      await this.seats.updateActivity(activity, { $set: { status: 'draft' }, $unset: { publishedAt: 1 } }, session);
      await this.record(actor, 'activity.unpublish', activityId, {}, session);
    });
    return this.staffView(activityId);
  }

  /** Cancels the activity and tells everyone confirmed or waitlisted (the sign-ups stay, for the record). */
  async cancel(principal: Principal, activityId: Types.ObjectId, reason: string): Promise<StaffActivityView> {
    const { actor } = await this.managed(principal, activityId);
    const cancelled = await this.seats.withActivity(activityId, async (activity, session, now) => {
      if (activity.status === 'cancelled') return null;
      if (now >= activity.endsAt) throw new AppError('CONFLICT', 'This activity is over: it cannot be cancelled.');
      await this.seats.updateActivity(
        activity,
        { $set: { status: 'cancelled', cancelledAt: now, cancelReason: reason } },
        session,
      );
      await this.record(
        actor,
        'activity.cancel',
        activityId,
        { reason, confirmed: activity.confirmedCount, waitlisted: activity.waitlistedCount },
        session,
      );
      return { ...activity, status: 'cancelled' as const, cancelledAt: now, cancelReason: reason };
    });
    if (cancelled) await this.notices.cancelled(cancelled);
    return this.staffView(activityId);
  }

  /** The activity and the acting staff member, when they manage its community. */
  async managed(principal: Principal, activityId: Types.ObjectId): Promise<{ actor: StaffActor; activity: LeanActivity }> {
    const activity = await this.activities.findById(activityId).lean<LeanActivity>();
    if (!activity) throw new AppError('NOT_FOUND', 'No such activity.');
    const { actor } = await this.scope.manage(principal, activity.communityId);
    return { actor, activity };
  }

  // ------------------------------------------------------------------ members

  /** Published activities not yet over, of every community (or one, or those the member joined), soonest first. */
  async list(memberId: Types.ObjectId, query: { communityId?: string; joined: 'true' | 'false' }): Promise<ActivityView[]> {
    const filter: Record<string, unknown> = { status: 'published', endsAt: { $gt: this.clock.now() } };
    const joined = query.joined === 'true' ? await this.memberships.communitiesOf(memberId) : undefined;
    if (query.communityId) {
      const id = new Types.ObjectId(query.communityId);
      filter.communityId = joined && !joined.some((c) => c.equals(id)) ? { $in: [] } : id;
    } else if (joined) {
      filter.communityId = { $in: joined };
    }
    const activities = await this.activities.find(filter).sort({ startsAt: 1, _id: 1 }).limit(200).lean<LeanActivity[]>();
    return this.views.forMember(activities, memberId);
  }

  /** A published or cancelled activity (drafts are the managers' own). */
  async detail(memberId: Types.ObjectId, activityId: Types.ObjectId): Promise<ActivityView> {
    const activity = await this.activities.findOne({ _id: activityId, status: { $ne: 'draft' } }).lean<LeanActivity>();
    if (!activity) throw new AppError('NOT_FOUND', 'No such activity.');
    return (await this.views.forMember([activity], memberId))[0];
  }

  /** The member's live sign-ups (and those of activities since cancelled): upcoming soonest first, past latest first. */
  async mine(
    memberId: Types.ObjectId,
    when: 'upcoming' | 'past',
  ): Promise<Array<ActivityView & { me: NonNullable<ActivityView['me']> }>> {
    const signUps = await this.signUps
      .find({ memberId, state: { $in: ['confirmed', 'waitlisted'] } }, { activityId: 1 })
      .lean<Array<Pick<LeanSignUp, 'activityId'>>>();
    const now = this.clock.now();
    const activities = await this.activities
      .find({
        _id: { $in: signUps.map((s) => s.activityId) },
        status: { $ne: 'draft' },
        endsAt: when === 'upcoming' ? { $gt: now } : { $lte: now },
      })
      .sort(when === 'upcoming' ? { startsAt: 1, _id: 1 } : { startsAt: -1, _id: -1 })
      .limit(200)
      .lean<LeanActivity[]>();
    const views = await this.views.forMember(activities, memberId);
    return views.filter((v): v is ActivityView & { me: NonNullable<ActivityView['me']> } => v.me !== undefined);
  }

  // ------------------------------------------------------------------ plumbing

  private assertValid(activity: {
    startsAt: Date;
    endsAt: Date;
    signUpDeadline: Date;
    place?: string;
    liveUrl?: string;
    minTierCode?: string;
  }): void {
    const problem = scheduleProblem(activity, this.clock.now());
    if (problem) throw new AppError('VALIDATION_FAILED', `Invalid activity: ${problem}.`);
    if (activity.minTierCode && !this.ladder.tierLadder().some((t) => t.code === activity.minTierCode)) {
      throw new AppError('VALIDATION_FAILED', `Invalid activity: there is no tier "${activity.minTierCode}".`);
    }
  }

  private record(
    actor: StaffActor,
    action: string,
    activityId: Types.ObjectId,
    details: Record<string, unknown>,
    session: ClientSession,
  ): Promise<void> {
    return this.audit.record(
      { actor: auditActor(actor), action, target: { type: 'activity', id: activityId.toHexString() }, details },
      session,
    );
  }

  private async staffView(activityId: Types.ObjectId): Promise<StaffActivityView> {
    const activity = await this.activities.findById(activityId).lean<LeanActivity>().orFail();
    return (await this.views.forStaff([activity]))[0];
  }
}

function createRequestHash(communityId: Types.ObjectId, input: NewActivity): string {
  return createHash('sha256')
    .update(JSON.stringify([communityId.toHexString(), input]))
    .digest('base64url');
}

/** The activity an earlier request with the same key made, if that request was this one. */
function sameCreate(earlier: { _id: Types.ObjectId; createHash?: string }, createHash: string | undefined): Types.ObjectId {
  if (earlier.createHash !== createHash) {
    throw new AppError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used to create another activity.');
  }
  return earlier._id;
}

/** What an edit changed of what members arranged their day around: the time, the place (or live link). */
function arrangementChanges(before: LeanActivity, after: LeanActivity): Array<'time' | 'place'> {
  const changed: Array<'time' | 'place'> = [];
  if (before.startsAt.getTime() !== after.startsAt.getTime() || before.endsAt.getTime() !== after.endsAt.getTime()) {
    changed.push('time');
  }
  if ((before.place ?? '') !== (after.place ?? '') || (before.liveUrl ?? '') !== (after.liveUrl ?? '')) changed.push('place');
  return changed;
}
