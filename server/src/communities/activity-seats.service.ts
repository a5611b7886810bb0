import { Injectable } from '@nestjs/common';
import { InjectConnection, InjectModel } from '@nestjs/mongoose';
import { type ClientSession, Connection, Model, Types } from 'mongoose';
import { Clock } from '../common/clock/clock';
import { AppError } from '../common/errors/app-error';
import { KeyedLock } from '../common/keyed-lock';
import { runInTransaction } from '../database/transactions';
import { Activity } from './schemas/activity.schema';
import { ActivitySignUp } from './schemas/activity-sign-up.schema';

export type LeanActivity = Activity & { _id: Types.ObjectId };
export type LeanSignUp = ActivitySignUp & { _id: Types.ObjectId };

/** Thrown inside a transaction when a guarded write found the document changed: the transaction runs again. */
function changedMeanwhile(): Error {
  return Object.assign(new Error('the activity changed during this transaction'), { errorLabels: ['TransientTransactionError'] });
}

/**
 * Keeps an activity's seats: every change to its sign-ups and seat counters runs here, one at a time per activity
 * within this process (in arrival order: that is the sign-up order) and in a transaction that writes the
 * activity's counters, so other server instances conflict and retry instead of overbooking.
 */
@Injectable()
export class ActivitySeats {
  private readonly lock = new KeyedLock();

  constructor(
    @InjectModel(Activity.name) private readonly activities: Model<Activity>,
    @InjectModel(ActivitySignUp.name) private readonly signUps: Model<ActivitySignUp>,
    @InjectConnection() private readonly connection: Connection,
    private readonly clock: Clock,
  ) {}

  /** Runs `work` on the activity as it is in a fresh transaction, queued behind this process's other seat changes. */
  withActivity<T>(
    activityId: Types.ObjectId,
    work: (activity: LeanActivity, session: ClientSession, now: Date) => Promise<T>,
  ): Promise<T> {
    return this.lock.run(activityId.toHexString(), () =>
      runInTransaction(this.connection, async (session) => {
        const activity = await this.activities.findById(activityId, null, { session }).lean<LeanActivity>();
        if (!activity) throw new AppError('NOT_FOUND', 'No such activity.');
        return work(activity, session, this.clock.now());
      }),
    );
  }

  /** A plain transaction (no activity to read first): creating an activity with its audit entry. */
  transaction<T>(work: (session: ClientSession) => Promise<T>): Promise<T> {
    return runInTransaction(this.connection, work);
  }

  /**
   * Writes the activity's counters (and other fields) guarded by the sign-up sequence the transaction read, so a
   * change committed meanwhile makes this transaction run again.
   */
  async updateActivity(activity: LeanActivity, update: Record<string, unknown>, session: ClientSession): Promise<void> {
    const written = await this.activities.updateOne({ _id: activity._id, signUpSeq: activity.signUpSeq }, update, { session });
    if (written.matchedCount !== 1) throw changedMeanwhile();
  }

  /**
   * Cancels sign-ups of the activity and gives the seats freed to the waitlist in sign-up order (only before the
   * activity starts). Returns the sign-ups promoted, for the caller to notify once the transaction committed.
   */
  async release(activity: LeanActivity, cancelled: LeanSignUp[], session: ClientSession, now: Date): Promise<LeanSignUp[]> {
    let confirmedFreed = 0;
    let waitlistLeft = 0;
    for (const signUp of cancelled) {
      const written = await this.signUps.updateOne(
        { _id: signUp._id, state: signUp.state, checkedInAt: { $exists: false } },
        { $set: { state: 'cancelled', cancelledAt: now } },
        { session },
      );
      if (written.matchedCount !== 1) throw changedMeanwhile();
      if (signUp.state === 'confirmed') confirmedFreed += 1;
      else if (signUp.state === 'waitlisted') waitlistLeft += 1;
    }
    const promoted = await this.fillSeats(activity, activity.confirmedCount - confirmedFreed, session, now);
    await this.updateActivity(
      activity,
      { $inc: { confirmedCount: promoted.length - confirmedFreed, waitlistedCount: -waitlistLeft - promoted.length } },
      session,
    );
    return promoted;
  }

  /**
   * Confirms waitlisted sign-ups, first signed up first, while seats are free (capacity over `confirmed`), as long
   * as the activity is published and has not started. The caller writes the counters.
   */
  async fillSeats(activity: LeanActivity, confirmed: number, session: ClientSession, now: Date): Promise<LeanSignUp[]> {
    const free = activity.capacity - confirmed;
    if (free <= 0 || activity.status !== 'published' || now >= activity.startsAt) return [];
    const next = await this.signUps
      .find({ activityId: activity._id, state: 'waitlisted' }, null, { session })
      .sort({ seq: 1 })
      .limit(free)
      .lean<LeanSignUp[]>();
    for (const signUp of next) {
      const written = await this.signUps.updateOne(
        { _id: signUp._id, state: 'waitlisted' },
        { $set: { state: 'confirmed', promotedAt: now, promotionNoticeQueued: false } },
        { session },
      );
      if (written.matchedCount !== 1) throw changedMeanwhile();
    }
    return next.map((s) => ({ ...s, state: 'confirmed', promotedAt: now }));
  }

  /** The member's place in the waitlist (1 = next), counting only those who signed up before them. */
  async waitlistPosition(signUp: Pick<LeanSignUp, 'activityId' | 'seq'>, session?: ClientSession): Promise<number> {
    const ahead = await this.signUps.countDocuments(
      { activityId: signUp.activityId, state: 'waitlisted', seq: { $lt: signUp.seq } },
      { session },
    );
    return ahead + 1;
  }
}
