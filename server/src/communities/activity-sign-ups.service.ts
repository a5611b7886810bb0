import { Inject, Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { MySignUp, SignUpState, StaffSignUpRow } from '@memberloop/shared';
import { Model, Types } from 'mongoose';
import type { Principal } from '../common/auth/principal';
import { AppError } from '../common/errors/app-error';
import { appConfig, type AppConfig } from '../config/app-config';
import { maskPhone } from '../members';
import { MembersService, MemberStore } from '../members';
import { ProgrammePolicy } from '../programme';
import { TierStandingService } from '../tiers';
import { AuditLogService } from '../audit';
import { ActivitiesService } from './activities.service';
import { ActivityNotices } from './activity-notices.service';
import { ActivitySeats, type LeanActivity, type LeanSignUp } from './activity-seats.service';
import { ActivityViews } from './activity-views.service';
import { auditActor } from './community-scope.service';
import { CommunityMemberships } from './community-memberships.service';
import { cancellationRefusal, signUpRefusal, tierAllows } from './domain/activity-rules';
import { brandDateTime } from '@memberloop/shared';
import { toCsv } from '../common/csv/csv';
import { Activity } from './schemas/activity.schema';
import { ActivitySignUp } from './schemas/activity-sign-up.schema';

export type SignUpListFilter = 'all' | 'confirmed' | 'waitlisted' | 'cancelled' | 'attended';

const STATE_LABELS = { confirmed: '已确认', waitlisted: '候补', cancelled: '已取消' } as const;

/**
 * Sign-ups: one per member and activity, a seat while any is left and the waitlist after that, in the order the
 * sign-ups were recorded; cancelling frees the seat for the first in line. Staff read the lists (phones masked).
 */
@Injectable()
export class ActivitySignUpsService {
  constructor(
    @InjectModel(Activity.name) private readonly activities: Model<Activity>,
    @InjectModel(ActivitySignUp.name) private readonly signUps: Model<ActivitySignUp>,
    private readonly members: MemberStore,
    private readonly seats: ActivitySeats,
    private readonly views: ActivityViews,
    private readonly notices: ActivityNotices,
    private readonly memberships: CommunityMemberships,
    private readonly activitiesService: ActivitiesService,
    private readonly directory: MembersService,
    private readonly tiers: TierStandingService,
    private readonly ladder: ProgrammePolicy,
    private readonly audit: AuditLogService,
    @Inject(appConfig.KEY) private readonly config: AppConfig,
  ) {}

  /**
   * Signs the member up: confirmed while seats are left, else waitlisted behind everyone who signed up before.
   * Signing up joins the activity's community (its announcements then reach them).
   */
  async signUp(memberId: Types.ObjectId, activityId: Types.ObjectId): Promise<MySignUp> {
    const member = await this.directory.findById(memberId);
    if (!member) throw new AppError('NOT_FOUND', 'No such member.');
    const visible = await this.activities.findOne({ _id: activityId, status: { $ne: 'draft' } }, { communityId: 1 }).lean();
    if (!visible) throw new AppError('NOT_FOUND', 'No such activity.');
    await this.memberships.assertNotRemoved(visible.communityId, memberId);
    const memberRank = this.tiers.tierOf(member).rank;

    const signUp = await this.seats.withActivity(activityId, async (activity, session, now) => {
      if (activity.status === 'draft') throw new AppError('NOT_FOUND', 'No such activity.');
      const refusal = signUpRefusal(activity, now);
      if (refusal) throw new AppError(refusal.code, refusal.message);
      const existing = await this.signUps.findOne({ activityId, memberId }, null, { session }).lean<LeanSignUp>();
      if (existing && existing.state !== 'cancelled') {
        throw new AppError('ALREADY_DONE', 'You have signed up for this activity already.', { state: existing.state });
      }
      const minimum = activity.minTierCode ? this.ladder.tierLadder().find((t) => t.code === activity.minTierCode) : undefined;
      if (!tierAllows(memberRank, minimum?.rank)) {
        throw new AppError('TIER_REQUIRED', `This activity is for ${minimum!.name} members and above.`, {
          requiredTier: minimum!.code,
        });
      }
      const state: SignUpState = activity.confirmedCount < activity.capacity ? 'confirmed' : 'waitlisted';
      const seq = activity.signUpSeq + 1;
      await this.seats.updateActivity(
        activity,
        { $inc: { signUpSeq: 1, ...(state === 'confirmed' ? { confirmedCount: 1 } : { waitlistedCount: 1 }) } },
        session,
      );
      const fields = { state, seq, signedUpAt: now, communityId: activity.communityId };
      if (existing) {
        await this.signUps.updateOne(
          { _id: existing._id, state: 'cancelled' },
          { $set: fields, $unset: { cancelledAt: 1, promotedAt: 1, promotionNoticeQueued: 1 } },
          { session },
        );
      } else {
        await this.signUps.create([{ activityId, memberId, ...fields, pointsAwarded: 0 }], { session });
      }
      const signUp = { ...(existing ?? {}), activityId, memberId, ...fields, pointsAwarded: 0 } as LeanSignUp;
      const position = state === 'waitlisted' ? await this.seats.waitlistPosition(signUp, session) : undefined;
      return { signUp, position };
    });
    await this.memberships.join(visible.communityId, memberId).catch((error: unknown) => {
      // Removed between the check above and now: the sign-up stands, the membership does not.
      if (!(error instanceof AppError)) throw error;
    });
    return {
      activityId: activityId.toHexString(),
      state: signUp.signUp.state,
      ...(signUp.position ? { waitlistPosition: signUp.position } : {}),
      signedUpAt: signUp.signUp.signedUpAt.toISOString(),
      pointsAwarded: 0,
    };
  }

  /** Cancels the member's sign-up before the start; a freed seat goes to the first on the waitlist. Repeats are no-ops. */
  async cancel(memberId: Types.ObjectId, activityId: Types.ObjectId): Promise<MySignUp> {
    const { activity, promoted } = await this.seats.withActivity(activityId, async (activity, session, now) => {
      if (activity.status === 'draft') throw new AppError('NOT_FOUND', 'No such activity.');
      const signUp = await this.signUps.findOne({ activityId, memberId }, null, { session }).lean<LeanSignUp>();
      if (!signUp) throw new AppError('NOT_FOUND', 'You have not signed up for this activity.');
      if (signUp.state === 'cancelled') return { activity, promoted: [] };
      const refusal = cancellationRefusal(activity, now);
      if (refusal) throw new AppError(refusal.code, refusal.message);
      if (signUp.checkedInAt) throw new AppError('CONFLICT', 'You have checked in already.');
      return { activity, promoted: await this.seats.release(activity, [signUp], session, now) };
    });
    await this.notices.promoted(activity, promoted);
    const signUp = await this.signUps.findOne({ activityId, memberId }).lean<LeanSignUp>().orFail();
    return this.views.mySignUp(signUp);
  }

  /** The member deleted their account: their seats go to the waitlist and they leave every community. */
  async forgetMember(memberId: Types.ObjectId): Promise<void> {
    for (const communityId of await this.memberships.communitiesOf(memberId)) {
      await this.cancelAllInCommunity(communityId, memberId);
      await this.memberships.leave(communityId, memberId);
    }
  }

  /**
   * A member removed from a community loses their sign-ups for its activities that have not started (checked-in
   * ones stay). Returns how many were cancelled.
   */
  async cancelAllInCommunity(communityId: Types.ObjectId, memberId: Types.ObjectId): Promise<number> {
    const live = await this.signUps
      .find(
        { communityId, memberId, state: { $in: ['confirmed', 'waitlisted'] }, checkedInAt: { $exists: false } },
        { activityId: 1 },
      )
      .lean();
    let cancelled = 0;
    for (const { activityId } of live) {
      const outcome = await this.seats.withActivity(activityId, async (activity, session, now) => {
        if (now >= activity.startsAt || activity.status === 'cancelled') return null;
        const signUp = await this.signUps
          .findOne({ activityId, memberId, state: { $in: ['confirmed', 'waitlisted'] }, checkedInAt: { $exists: false } }, null, {
            session,
          })
          .lean<LeanSignUp>();
        if (!signUp) return null;
        return { activity, promoted: await this.seats.release(activity, [signUp], session, now) };
      });
      if (!outcome) continue;
      cancelled += 1;
      await this.notices.promoted(outcome.activity, outcome.promoted);
    }
    return cancelled;
  }

  /** The activity's sign-ups in sign-up order, for its community's managers and HQ. */
  async staffList(principal: Principal, activityId: Types.ObjectId, filter: SignUpListFilter): Promise<StaffSignUpRow[]> {
    const { activity } = await this.activitiesService.managed(principal, activityId);
    return this.rows(activity, filter);
  }

  /** The same list as a CSV file; the export itself is audited (it carries members' data out of the system). */
  async staffCsv(principal: Principal, activityId: Types.ObjectId, filter: SignUpListFilter): Promise<string> {
    const { actor, activity } = await this.activitiesService.managed(principal, activityId);
    const rows = await this.rows(activity, filter);
    await this.audit.record({
      actor: auditActor(actor),
      action: 'activity.sign-ups-export',
      target: { type: 'activity', id: activityId.toHexString() },
      details: { filter, rows: rows.length },
    });
    const at = (iso?: string) => (iso ? brandDateTime(new Date(iso), this.config.brand.timeZone) : undefined);
    return toCsv(
      ['报名序号', '会员号', '昵称', '手机号', '等级', '状态', '候补位置', '报名时间', '取消时间', '签到时间', '签到积分'],
      rows.map((r) => [
        r.seq,
        r.memberNo,
        r.nickname,
        r.phoneMasked,
        r.tier.name,
        STATE_LABELS[r.state],
        r.waitlistPosition,
        at(r.signedUpAt),
        at(r.cancelledAt),
        at(r.checkedInAt),
        r.pointsAwarded,
      ]),
    );
  }

  private async rows(activity: LeanActivity, filter: SignUpListFilter): Promise<StaffSignUpRow[]> {
    const query: Record<string, unknown> = { activityId: activity._id };
    if (filter === 'attended') query.checkedInAt = { $exists: true };
    else if (filter !== 'all') query.state = filter;
    const signUps = await this.signUps.find(query).sort({ seq: 1 }).lean<LeanSignUp[]>();
    const members = await this.members.activeByIds(signUps.map((s) => s.memberId));
    const byId = new Map(members.map((m) => [m._id.toHexString(), m]));
    // Positions counted over the whole waitlist, whatever the filter shows.
    const waitlist = await this.signUps
      .find({ activityId: activity._id, state: 'waitlisted' }, { _id: 1 })
      .sort({ seq: 1 })
      .lean();
    const positions = new Map(waitlist.map((s, i) => [s._id.toHexString(), i + 1]));
    return signUps.flatMap((signUp) => {
      const member = byId.get(signUp.memberId.toHexString());
      // A member who deleted their account leaves no row: their personal data is gone.
      if (!member) return [];
      const tier = this.tiers.tierOf(member);
      const phone = this.directory.phoneOf(member);
      const position = positions.get(signUp._id.toHexString());
      return [
        {
          seq: signUp.seq,
          memberNo: member.memberNo,
          ...(member.nickname ? { nickname: member.nickname } : {}),
          ...(member.avatarUrl ? { avatarUrl: member.avatarUrl } : {}),
          ...(phone ? { phoneMasked: maskPhone(phone) } : {}),
          tier: { code: tier.code, name: tier.name },
          state: signUp.state,
          ...(position ? { waitlistPosition: position } : {}),
          signedUpAt: signUp.signedUpAt.toISOString(),
          ...(signUp.cancelledAt ? { cancelledAt: signUp.cancelledAt.toISOString() } : {}),
          ...(signUp.checkedInAt ? { checkedInAt: signUp.checkedInAt.toISOString() } : {}),
          ...(signUp.checkInMethod ? { checkInMethod: signUp.checkInMethod } : {}),
          pointsAwarded: signUp.reward === 'paid' ? signUp.pointsAwarded : 0,
        },
      ];
    });
  }
}
