import { Inject, Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { SignInCalendar, SignInResult } from '@memberloop/shared';
import { Model, Types } from 'mongoose';
import { Clock } from '../../common/clock/clock';
import { appConfig, type AppConfig } from '../../config/app-config';
import { businessDay, businessMonth, daysBetween } from '../domain/business-day';
import { DEFAULT_SIGN_IN_RULES, signIn } from '../domain/daily-sign-in';
import { PointsLedgerService } from '../points-ledger.service';
import { SignInDay } from './sign-in-day.schema';
import { ProgrammePolicy } from '../../programme';

/**
 * Daily sign-in. The day is claimed first (unique per member and day), then paid with a ledger entry keyed by
 * the day; a sign-in repeated the same day re-checks that payment, so a crash between the two loses nothing.
 */
@Injectable()
export class SignInService {
  private readonly rules = DEFAULT_SIGN_IN_RULES;

  constructor(
    private readonly programme: ProgrammePolicy,
    @InjectModel(SignInDay.name) private readonly days: Model<SignInDay>,
    private readonly ledger: PointsLedgerService,
    private readonly clock: Clock,
    @Inject(appConfig.KEY) private readonly config: AppConfig,
  ) {}

  async signIn(memberId: Types.ObjectId): Promise<SignInResult> {
    const now = this.clock.now();
    const timeZone = this.config.brand.timeZone;
    const last = await this.days.findOne({ memberId }).sort({ day: -1 }).lean();
    const outcome = signIn(last ? { lastDay: last.day, streak: last.streak } : undefined, now, timeZone, this.rules);
    let signedIn = outcome.kind === 'signedIn';
    let day = last && outcome.kind === 'alreadySignedIn' ? last : undefined;
    if (outcome.kind === 'signedIn') {
      try {
        const [created] = await this.days.create([
          {
            memberId,
            day: outcome.state.lastDay,
            streak: outcome.state.streak,
            points: outcome.points,
            bonusPoints: outcome.bonusPoints,
          },
        ]);
        day = created.toObject();
      } catch (error) {
        if ((error as { code?: number }).code !== 11000) throw error;
        // A concurrent tap signed in first.
        signedIn = false;
        day = (await this.days.findOne({ memberId, day: outcome.state.lastDay }).lean()) ?? undefined;
      }
    }
    if (!day) throw new Error('sign-in day missing after claiming it');
    await this.ledger.earn({
      memberId,
      points: day.points,
      reason: day.bonusPoints > 0 ? `每日签到（连续 ${day.streak} 天奖励）` : '每日签到',
      ...(day.bonusPoints > 0 ? { params: { streakDays: day.streak } } : {}),
      source: { type: 'sign-in', id: day.day },
      idempotencyKey: `sign-in:${memberId.toHexString()}:${day.day}`,
      occurredAt: now,
      availableAt: now,
      expiresAt: this.programme.pointsExpiry(now),
    });
    const balance = await this.ledger.balance(memberId);
    return {
      signedIn,
      day: day.day,
      streak: day.streak,
      pointsEarned: signedIn ? day.points : 0,
      bonusPoints: signedIn ? day.bonusPoints : 0,
      balance,
    };
  }

  async calendar(memberId: Types.ObjectId): Promise<SignInCalendar> {
    const now = this.clock.now();
    const timeZone = this.config.brand.timeZone;
    const today = businessDay(now, timeZone);
    const month = businessMonth(now, timeZone);
    const [last, thisMonth] = await Promise.all([
      this.days.findOne({ memberId }).sort({ day: -1 }).lean(),
      this.days
        .find({ memberId, day: { $gte: `${month}-01`, $lte: `${month}-31` } }, { day: 1 })
        .sort({ day: 1 })
        .lean(),
    ]);
    // A streak survives until a day is missed: yesterday's streak still counts today.
    const alive = last ? daysBetween(last.day, today) <= 1 : false;
    return {
      streak: alive && last ? last.streak : 0,
      signedInToday: last?.day === today,
      daysThisMonth: thisMonth.map((d) => d.day),
      dailyPoints: this.rules.dailyPoints,
      streakBonuses: this.rules.streakBonuses,
    };
  }
}
