import { Inject, Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { CheckInResult, CheckInToken } from '@memberloop/shared';
import { Model, Types } from 'mongoose';
import type { Principal } from '../common/auth/principal';
import { Clock } from '../common/clock/clock';
import { AppError } from '../common/errors/app-error';
import { appConfig, type AppConfig } from '../config/app-config';
import { MembersService, type LeanMember } from '../members';
import { PointsLedgerService } from '../points';
import { AuditLogService } from '../audit';
import { ActivitiesService } from './activities.service';
import { ActivitySeats, type LeanActivity, type LeanSignUp } from './activity-seats.service';
import { auditActor, type StaffActor } from './community-scope.service';
import { CheckInTokenSigner, MEMBER_CHECK_IN_TOKEN_TTL_MS, SITE_CHECK_IN_CODE_TTL_MS } from './check-in/check-in-token';
import { checkInRefusal } from './domain/activity-rules';
import { Activity } from './schemas/activity.schema';
import { ActivitySignUp } from './schemas/activity-sign-up.schema';
import { ProgrammePolicy } from '../programme';

const INVALID_CODE = 'This check-in code is not valid or has expired: refresh it and scan again.';

/**
 * Check-in, two ways: the manager scans the member's minute-long QR token, or the member scans the activity's
 * on-site code. Only confirmed sign-ups check in, only from an hour before the start to the end. The check-in
 * is recorded first (reward `pending`), then the points are earned under the key `activity:<activity>:<member>`
 * and the reward marked paid, so a repeated or concurrent check-in, or a retry after a crash, pays exactly once.
 */
@Injectable()
export class ActivityCheckInService {
  private readonly signer: CheckInTokenSigner;

  constructor(
    private readonly programme: ProgrammePolicy,
    @InjectModel(Activity.name) private readonly activities: Model<Activity>,
    @InjectModel(ActivitySignUp.name) private readonly signUps: Model<ActivitySignUp>,
    private readonly members: MembersService,
    private readonly activitiesService: ActivitiesService,
    private readonly seats: ActivitySeats,
    private readonly ledger: PointsLedgerService,
    private readonly audit: AuditLogService,
    private readonly clock: Clock,
    @Inject(appConfig.KEY) config: AppConfig,
  ) {
    this.signer = new CheckInTokenSigner(config.security.accessTokenSecret);
  }

  /** The member's QR token, for a confirmed sign-up while check-in is open. */
  async memberToken(memberId: Types.ObjectId, activityId: Types.ObjectId): Promise<CheckInToken> {
    const activity = await this.visibleActivity(activityId);
    const now = this.clock.now();
    this.assertOpen(activity, now);
    await this.confirmedSignUp(activity, memberId);
    const expiresAt = new Date(now.getTime() + MEMBER_CHECK_IN_TOKEN_TTL_MS);
    return {
      token: this.signer.signMember(activityId.toHexString(), memberId.toHexString(), expiresAt),
      expiresAt: expiresAt.toISOString(),
      shortCode: this.signer.shortCode(activityId.toHexString(), memberId.toHexString(), now),
    };
  }

  /** The activity's on-site code for its managers to display while check-in is open. */
  async siteCode(principal: Principal, activityId: Types.ObjectId): Promise<CheckInToken> {
    const { activity } = await this.activitiesService.managed(principal, activityId);
    const now = this.clock.now();
    this.assertOpen(activity, now);
    const expiresAt = new Date(now.getTime() + SITE_CHECK_IN_CODE_TTL_MS);
    return { token: this.signer.signSite(activityId.toHexString(), expiresAt), expiresAt: expiresAt.toISOString() };
  }

  /** A manager (of the activity's community) or HQ scanned a member's token. */
  async checkInScanned(principal: Principal, activityId: Types.ObjectId, token: string): Promise<CheckInResult> {
    const claimed = this.signer.verifyMember(token, this.clock.now());
    if (!claimed) throw new AppError('INVALID_CHECKIN_TOKEN', INVALID_CODE);
    if (claimed.activityId !== activityId.toHexString())
      throw new AppError('INVALID_CHECKIN_TOKEN', 'This check-in code is for another activity.');
    const { actor, activity } = await this.activitiesService.managed(principal, activityId);
    return this.checkIn(activity, new Types.ObjectId(claimed.memberId), { method: 'staff-scan', actor });
  }

  /**
   * A manager typed the six digits under a member's QR code: the confirmed member of this activity whose code it is
   * this minute or the last. No member, or (rarely) two whose codes collide, is refused: scan or ask for a new code.
   */
  async checkInByShortCode(principal: Principal, activityId: Types.ObjectId, code: string): Promise<CheckInResult> {
    const { actor, activity } = await this.activitiesService.managed(principal, activityId);
    const now = this.clock.now();
    const signedUp = await this.signUps
      .find({ activityId: activity._id, state: 'confirmed' }, { memberId: 1 })
      .lean<Array<Pick<LeanSignUp, 'memberId'>>>();
    const matching = signedUp.filter((s) =>
      this.signer.matchesShortCode(code, activityId.toHexString(), s.memberId.toHexString(), now),
    );
    if (matching.length === 0) throw new AppError('INVALID_CHECKIN_TOKEN', INVALID_CODE);
    if (matching.length > 1)
      throw new AppError(
        'INVALID_CHECKIN_TOKEN',
        'Two members have this code this minute: scan the QR code, or ask for a new code.',
        {
          reason: 'AMBIGUOUS',
        },
      );
    return this.checkIn(activity, matching[0].memberId, { method: 'staff-scan', actor });
  }

  /** The member scanned the activity's on-site code. */
  async checkInWithSiteCode(memberId: Types.ObjectId, activityId: Types.ObjectId, code: string): Promise<CheckInResult> {
    const claimed = this.signer.verifySite(code, this.clock.now());
    if (!claimed) throw new AppError('INVALID_CHECKIN_TOKEN', INVALID_CODE);
    if (claimed.activityId !== activityId.toHexString())
      throw new AppError('INVALID_CHECKIN_TOKEN', 'This check-in code is for another activity.');
    const activity = await this.visibleActivity(activityId);
    return this.checkIn(activity, memberId, { method: 'site-code' });
  }

  /** Pays rewards of check-ins recorded before `before` whose payment did not finish (the pending-work job). */
  async payPendingRewards(before: Date): Promise<number> {
    const pending = await this.signUps
      .find({ reward: 'pending', checkedInAt: { $lte: before } })
      .limit(500)
      .lean<LeanSignUp[]>();
    for (const signUp of pending) {
      const activity = await this.activities.findById(signUp.activityId).lean<LeanActivity>();
      if (activity) await this.payReward(activity, signUp);
    }
    return pending.length;
  }

  private async checkIn(
    activity: LeanActivity,
    memberId: Types.ObjectId,
    how: { method: 'staff-scan'; actor: StaffActor } | { method: 'site-code' },
  ): Promise<CheckInResult> {
    const member = await this.members.findById(memberId);
    if (!member) throw new AppError('NOT_FOUND', 'No such member.');
    const now = this.clock.now();
    const existing = await this.signUps.findOne({ activityId: activity._id, memberId }).lean<LeanSignUp>();
    if (existing?.checkedInAt) return this.result(activity, member, await this.payReward(activity, existing), true);
    this.assertOpen(activity, now);
    await this.confirmedSignUp(activity, memberId);

    const checkedIn = await this.seats.transaction(async (session) => {
      const updated = await this.signUps
        .findOneAndUpdate(
          { activityId: activity._id, memberId, state: 'confirmed', checkedInAt: { $exists: false } },
          {
            $set: {
              checkedInAt: now,
              checkInMethod: how.method,
              ...(how.method === 'staff-scan' ? { checkedInBy: how.actor.memberId } : {}),
              reward: activity.pointsReward > 0 ? 'pending' : 'none',
              pointsAwarded: activity.pointsReward,
            },
          },
          { session, returnDocument: 'after' },
        )
        .lean<LeanSignUp>();
      if (updated && how.method === 'staff-scan') {
        await this.audit.record(
          {
            actor: auditActor(how.actor),
            action: 'activity.check-in',
            target: { type: 'activity', id: activity._id.toHexString() },
            details: { memberId: memberId.toHexString(), memberNo: member.memberNo, pointsReward: activity.pointsReward },
          },
          session,
        );
      }
      return updated;
    });
    if (checkedIn) return this.result(activity, member, await this.payReward(activity, checkedIn), false);
    // A concurrent scan checked them in first, or the sign-up was cancelled meanwhile.
    const now2 = await this.signUps.findOne({ activityId: activity._id, memberId }).lean<LeanSignUp>();
    if (now2?.checkedInAt) return this.result(activity, member, await this.payReward(activity, now2), true);
    throw new AppError('CONFLICT', 'This sign-up is no longer confirmed.');
  }

  /** Earns the check-in's points once (idempotency key per activity and member) and marks the reward paid. */
  private async payReward(activity: LeanActivity, signUp: LeanSignUp): Promise<LeanSignUp> {
    if (signUp.reward !== 'pending' || !signUp.checkedInAt) return signUp;
    const at = signUp.checkedInAt;
    // earn() queues behind the member's other ledger writes (the ledger's per-member exclusive lock).
    await this.ledger.earn({
      memberId: signUp.memberId,
      points: signUp.pointsAwarded,
      reason: `活动签到：${activity.title}`,
      params: { name: activity.title },
      source: { type: 'activity', id: activity._id.toHexString() },
      idempotencyKey: `activity:${activity._id.toHexString()}:${signUp.memberId.toHexString()}`,
      occurredAt: at,
      availableAt: at,
      expiresAt: this.programme.pointsExpiry(at),
    });
    await this.signUps.updateOne({ _id: signUp._id, reward: 'pending' }, { $set: { reward: 'paid' } });
    return { ...signUp, reward: 'paid' };
  }

  private result(activity: LeanActivity, member: LeanMember, signUp: LeanSignUp, replayed: boolean): CheckInResult {
    return {
      activityId: activity._id.toHexString(),
      memberNo: member.memberNo,
      ...(member.nickname ? { nickname: member.nickname } : {}),
      ...(member.avatarUrl ? { avatarUrl: member.avatarUrl } : {}),
      checkedInAt: signUp.checkedInAt!.toISOString(),
      pointsAwarded: signUp.reward === 'paid' ? signUp.pointsAwarded : 0,
      replayed,
    };
  }

  private async visibleActivity(activityId: Types.ObjectId): Promise<LeanActivity> {
    const activity = await this.activities.findOne({ _id: activityId, status: { $ne: 'draft' } }).lean<LeanActivity>();
    if (!activity) throw new AppError('NOT_FOUND', 'No such activity.');
    return activity;
  }

  private assertOpen(activity: LeanActivity, now: Date): void {
    const refusal = checkInRefusal(activity, now);
    if (refusal) throw new AppError(refusal.code, refusal.message);
  }

  private async confirmedSignUp(activity: LeanActivity, memberId: Types.ObjectId): Promise<LeanSignUp> {
    const signUp = await this.signUps.findOne({ activityId: activity._id, memberId }).lean<LeanSignUp>();
    if (!signUp) throw new AppError('NOT_FOUND', 'No sign-up for this activity.');
    if (signUp.state === 'waitlisted')
      throw new AppError('CONFLICT', 'Still on the waitlist: only confirmed sign-ups can check in.');
    if (signUp.state === 'cancelled')
      throw new AppError('CONFLICT', 'This sign-up was cancelled: only confirmed sign-ups can check in.');
    return signUp;
  }
}
