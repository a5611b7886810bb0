import { Inject, Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { MemberTasks } from '@memberloop/shared';
import { Model, Types } from 'mongoose';
import { Clock } from '../common/clock/clock';
import { appConfig, type AppConfig } from '../config/app-config';
import { businessMonth, businessPeriod } from '../points';
import { PointsLedgerService } from '../points';
import { PurchaseStore } from '../purchases';
import { MemberBadge } from './badge.schema';
import { MONTHLY_TASKS, taskProgress } from './monthly-tasks';
import { ProgrammePolicy } from '../programme';

/** Counts each member's purchases per business month and pays each monthly task once, with its badge. */
@Injectable()
export class TasksService {
  constructor(
    private readonly programme: ProgrammePolicy,
    private readonly purchases: PurchaseStore,
    @InjectModel(MemberBadge.name) private readonly badges: Model<MemberBadge>,
    private readonly ledger: PointsLedgerService,
    private readonly clock: Clock,
    @Inject(appConfig.KEY) private readonly config: AppConfig,
  ) {}

  /**
   * After a purchase: pays the tasks its month now completes (idempotent: once per member, task and month).
   * `monthPurchases` is the month's count when the caller has just read it (the purchase ingest does).
   */
  async afterPurchase(memberId: Types.ObjectId, paidAt: Date, monthPurchases?: number): Promise<string[]> {
    const month = businessMonth(paidAt, this.config.brand.timeZone);
    const count = monthPurchases ?? (await this.purchasesIn(memberId, paidAt));
    const completed: string[] = [];
    for (const task of MONTHLY_TASKS) {
      if (!taskProgress(task, count).completed) continue;
      await this.ledger.earn({
        memberId,
        points: task.bonusPoints,
        reason: `任务奖励：${task.title}`,
        params: { name: task.title },
        source: { type: 'task', id: `${task.code}:${month}` },
        idempotencyKey: `task:${task.code}:${memberId.toHexString()}:${month}`,
        occurredAt: paidAt,
        availableAt: paidAt,
        expiresAt: this.programme.pointsExpiry(paidAt),
      });
      await this.award(memberId, task.badge, month, paidAt);
      completed.push(task.code);
    }
    return completed;
  }

  /** This month's tasks with the member's progress, and every badge they hold. */
  async tasksOf(memberId: Types.ObjectId): Promise<MemberTasks> {
    const now = this.clock.now();
    const count = await this.purchasesIn(memberId, now);
    const badges = await this.badges.find({ memberId }).sort({ firstEarnedAt: 1 }).lean();
    return {
      month: businessMonth(now, this.config.brand.timeZone),
      tasks: MONTHLY_TASKS.map((task) => {
        const { progress, completed } = taskProgress(task, count);
        return {
          code: task.code,
          title: task.title,
          target: task.target,
          progress,
          completed,
          bonusPoints: task.bonusPoints,
          badge: task.badge,
        };
      }),
      badges: badges.map((b) => ({
        code: b.code,
        name: b.name,
        timesEarned: b.months.length,
        firstEarnedAt: b.firstEarnedAt.toISOString(),
      })),
    };
  }

  private async purchasesIn(memberId: Types.ObjectId, at: Date): Promise<number> {
    const { from, to } = businessPeriod(at, this.config.brand.timeZone, 'month');
    // A purchase refunded in full does not count.
    return this.purchases.countUnrefundedPaidIn(memberId, from, to);
  }

  private async award(memberId: Types.ObjectId, badge: { code: string; name: string }, month: string, at: Date): Promise<void> {
    try {
      await this.badges.updateOne(
        { memberId, code: badge.code },
        { $addToSet: { months: month }, $setOnInsert: { name: badge.name, firstEarnedAt: at } },
        { upsert: true },
      );
    } catch (error) {
      // Two purchases completed the task at once and both created the badge: the other insert won, add the month.
      if ((error as { code?: number }).code !== 11000) throw error;
      await this.badges.updateOne({ memberId, code: badge.code }, { $addToSet: { months: month } });
    }
  }
}
