import { Inject, Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { Clock } from '../common/clock/clock';
import { appConfig, type AppConfig } from '../config/app-config';
import { NotificationsService, thing } from '../notifications';
import { businessDay } from './domain/business-day';
import { PointsLot } from './schemas/points-lot.schema';
import { ProgrammePolicy } from '../programme';

const DAY_MS = 86_400_000;

/**
 * Reminds members, once per lot, that points expire within the reminder window (default 30 days): one message
 * per member and run, naming the total and the first expiry date. Safe to run again: the notification's dedupe
 * key is the first lot it covers, and the lots are marked reminded after it is queued.
 */
@Injectable()
export class PointsExpiryRemindersService {
  constructor(
    private readonly programme: ProgrammePolicy,
    @InjectModel(PointsLot.name) private readonly lots: Model<PointsLot>,
    private readonly notifications: NotificationsService,
    private readonly clock: Clock,
    @Inject(appConfig.KEY) private readonly config: AppConfig,
  ) {}

  async remindDue(): Promise<{ members: number; points: number }> {
    const now = this.clock.now();
    const horizon = new Date(now.getTime() + this.programme.rules().points.expiryReminderDays * DAY_MS);
    const due = await this.lots
      .find({ remaining: { $gt: 0 }, expiresAt: { $gt: now, $lte: horizon }, remindedAt: { $exists: false } })
      .sort({ memberId: 1, expiresAt: 1, _id: 1 })
      .lean();
    const byMember = new Map<string, Array<PointsLot & { _id: Types.ObjectId }>>();
    for (const lot of due) {
      const key = lot.memberId.toHexString();
      const lots = byMember.get(key);
      if (lots) lots.push(lot);
      else byMember.set(key, [lot]);
    }
    let points = 0;
    for (const lots of byMember.values()) {
      const [first] = lots;
      const total = lots.reduce((sum, lot) => sum + lot.remaining, 0);
      await this.notifications.enqueue({
        memberId: first.memberId,
        kind: 'points-expiring',
        dedupeKey: `points-expiring:${first._id.toHexString()}`,
        page: 'pages/points/index',
        data: {
          thing1: thing(`${total} 积分即将过期`),
          date2: { value: businessDay(first.expiresAt, this.config.brand.timeZone) },
          thing3: thing('去积分商城兑换好礼'),
        },
      });
      await this.lots.updateMany({ _id: { $in: lots.map((lot) => lot._id) } }, { $set: { remindedAt: now } });
      points += total;
    }
    return { members: byMember.size, points };
  }
}
