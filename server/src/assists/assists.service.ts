import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import {
  NewAssistCampaign,
  quantityText,
  type AssistCampaignView,
  type AssistTaskView,
  type PersonView,
} from '@memberloop/shared';
import { Model, Types } from 'mongoose';
import { Clock } from '../common/clock/clock';
import { AppError } from '../common/errors/app-error';
import { CouponStore, CouponsService } from '../coupons';
import { appConfig, type AppConfig } from '../config/app-config';
import { JobRegistry } from '../jobs/job-registry';
import { MemberStore } from '../members';
import { NotificationsService, thing } from '../notifications';
import { businessDay } from '../points';
import { PointsLedgerService } from '../points';
import { AssistCampaign, AssistTask } from './assist.schema';
import { ProgrammePolicy } from '../programme';

type LeanCampaign = AssistCampaign & { _id: Types.ObjectId };
type LeanTask = AssistTask & { _id: Types.ObjectId };

const HOUR_MS = 3_600_000;

/** Friend assist (好友助力): a member starts a task, friends help once each, the reward is issued once on completion. */
@Injectable()
export class AssistsService implements OnModuleInit {
  constructor(
    private readonly programme: ProgrammePolicy,
    @InjectModel(AssistCampaign.name) private readonly campaigns: Model<AssistCampaign>,
    @InjectModel(AssistTask.name) private readonly tasks: Model<AssistTask>,
    private readonly templates: CouponStore,
    private readonly members: MemberStore,
    private readonly coupons: CouponsService,
    private readonly ledger: PointsLedgerService,
    private readonly notifications: NotificationsService,
    private readonly jobs: JobRegistry,
    private readonly clock: Clock,
    @Inject(appConfig.KEY) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.jobs.register({ name: 'assist-tasks', period: 'minute', leaseMs: 5 * 60_000, work: () => this.settleDue() });
  }

  async createCampaign(input: NewAssistCampaign): Promise<AssistCampaignView> {
    const campaign = NewAssistCampaign.parse(input);
    let couponName: string | undefined;
    if (campaign.reward.couponTemplateId) {
      const template = await this.templates.activeTemplate(campaign.reward.couponTemplateId);
      if (!template)
        throw new AppError(
          'VALIDATION_FAILED',
          `No active coupon template ${campaign.reward.couponTemplateId} to give as the reward.`,
        );
      couponName = template.name;
    }
    const [created] = await this.campaigns.create([
      {
        ...campaign,
        startsAt: new Date(campaign.startsAt),
        endsAt: new Date(campaign.endsAt),
        ...(couponName ? { couponName } : {}),
      },
    ]);
    return campaignView(created.toObject() as LeanCampaign);
  }

  async live(): Promise<AssistCampaignView[]> {
    const now = this.clock.now();
    const campaigns = await this.campaigns
      .find({ startsAt: { $lte: now }, endsAt: { $gt: now } })
      .sort({ endsAt: 1 })
      .limit(50)
      .lean<LeanCampaign[]>();
    return campaigns.map(campaignView);
  }

  /** Starts the member's task in the campaign, or returns the one they started before. */
  async start(memberId: Types.ObjectId, campaignId: Types.ObjectId): Promise<AssistTaskView> {
    const existing = await this.tasks.findOne({ campaignId, starterId: memberId }).lean<LeanTask>();
    if (existing) return this.view(existing, memberId);
    const campaign = await this.campaign(campaignId);
    const now = this.clock.now();
    if (campaign.startsAt > now || campaign.endsAt <= now)
      throw new AppError('ASSIST_CLOSED', `「${campaign.title}」is not running now.`);
    try {
      const [created] = await this.tasks.create([
        {
          campaignId,
          starterId: memberId,
          helpersNeeded: campaign.helpersNeeded,
          helpers: [],
          deadline: new Date(Math.min(now.getTime() + campaign.hoursToComplete * HOUR_MS, campaign.endsAt.getTime())),
          status: 'open',
          rewarded: false,
        },
      ]);
      return this.view(created.toObject() as LeanTask, memberId);
    } catch (error) {
      // Two taps on "start" at once: the other one made the task.
      if ((error as { code?: number }).code !== 11000) throw error;
      return this.view(await this.tasks.findOne({ campaignId, starterId: memberId }).lean<LeanTask>().orFail(), memberId);
    }
  }

  async get(memberId: Types.ObjectId, taskId: Types.ObjectId): Promise<AssistTaskView> {
    return this.view(await this.task(taskId), memberId);
  }

  async mine(memberId: Types.ObjectId): Promise<AssistTaskView[]> {
    const tasks = await this.tasks.find({ starterId: memberId }).sort({ createdAt: -1 }).limit(50).lean<LeanTask[]>();
    return Promise.all(tasks.map((t) => this.view(t, memberId)));
  }

  /** A friend helps: once, not on their own task, while the task is open, before its deadline, while seats are left. */
  async help(helperId: Types.ObjectId, taskId: Types.ObjectId): Promise<AssistTaskView> {
    const task = await this.task(taskId);
    if (task.starterId.equals(helperId)) throw new AppError('FORBIDDEN', 'You cannot help your own task: share it with friends.');
    const now = this.clock.now();
    const updated = await this.tasks
      .findOneAndUpdate(
        {
          _id: taskId,
          status: 'open',
          deadline: { $gt: now },
          'helpers.memberId': { $ne: helperId },
          [`helpers.${task.helpersNeeded - 1}`]: { $exists: false },
        },
        { $push: { helpers: { memberId: helperId, at: now } } },
        { returnDocument: 'after' },
      )
      .lean<LeanTask>();
    if (!updated) {
      const current = await this.task(taskId);
      if (current.helpers.some((h) => h.memberId.equals(helperId)))
        throw new AppError('ALREADY_DONE', 'You already helped this friend.');
      throw new AppError(
        'ASSIST_CLOSED',
        current.status === 'expired' || current.deadline <= now
          ? 'This task has run out of time.'
          : 'This task has all the help it needs.',
      );
    }
    // The helper who filled the last seat completes the task; the job finishes it if this is cut short.
    const done = updated.helpers.length >= updated.helpersNeeded ? await this.complete(updated) : updated;
    return this.view(done, helperId);
  }

  /** Finishes completed tasks whose reward is not issued yet, and closes open ones past their deadline. */
  async settleDue(): Promise<{ rewarded: number; expired: number }> {
    const now = this.clock.now();
    let rewarded = 0;
    const full = await this.tasks
      .find({
        status: { $in: ['open', 'completed'] },
        rewarded: false,
        $expr: { $gte: [{ $size: '$helpers' }, '$helpersNeeded'] },
      })
      .limit(500)
      .lean<LeanTask[]>();
    for (const task of full) {
      await this.complete(task);
      rewarded += 1;
    }
    const expired = await this.tasks.updateMany(
      { status: 'open', deadline: { $lte: now }, $expr: { $lt: [{ $size: '$helpers' }, '$helpersNeeded'] } },
      { $set: { status: 'expired' } },
    );
    return { rewarded, expired: expired.modifiedCount };
  }

  private async complete(task: LeanTask): Promise<LeanTask> {
    const now = this.clock.now();
    await this.tasks.updateOne({ _id: task._id, status: 'open' }, { $set: { status: 'completed', completedAt: now } });
    const campaign = await this.campaign(task.campaignId);
    const key = `assist:${task._id.toHexString()}`;
    if (campaign.reward.points) {
      await this.ledger.earn({
        memberId: task.starterId,
        points: campaign.reward.points,
        reason: `好友助力「${campaign.title}」`,
        params: { name: campaign.title },
        source: { type: 'assist', id: task._id.toHexString() },
        idempotencyKey: key,
        occurredAt: now,
        availableAt: now,
        expiresAt: this.programme.pointsExpiry(now),
      });
    }
    if (campaign.reward.couponTemplateId)
      await this.coupons.issue(task.starterId, new Types.ObjectId(campaign.reward.couponTemplateId), key);
    await this.notifications.enqueue({
      memberId: task.starterId,
      kind: 'reward-issued',
      dedupeKey: key,
      page: `packages/assist/index?taskId=${task._id.toHexString()}`,
      data: {
        thing1: thing(`好友助力「${campaign.title}」`),
        thing2: thing(rewardText(campaign)),
        date3: { value: businessDay(now, this.config.brand.timeZone) },
      },
    });
    return this.tasks
      .findOneAndUpdate({ _id: task._id }, { $set: { rewarded: true } }, { returnDocument: 'after' })
      .lean<LeanTask>()
      .orFail();
  }

  private async campaign(campaignId: Types.ObjectId): Promise<LeanCampaign> {
    const campaign = await this.campaigns.findById(campaignId).lean<LeanCampaign>();
    if (!campaign) throw new AppError('NOT_FOUND', 'No such assist campaign.');
    return campaign;
  }

  private async task(taskId: Types.ObjectId): Promise<LeanTask> {
    const task = await this.tasks.findById(taskId).lean<LeanTask>();
    if (!task) throw new AppError('NOT_FOUND', 'No such assist task.');
    return task;
  }

  private async view(task: LeanTask, callerId: Types.ObjectId): Promise<AssistTaskView> {
    const campaign = await this.campaign(task.campaignId);
    const people = await this.members.facesByIds([task.starterId, ...task.helpers.map((h) => h.memberId)]);
    const byId = new Map(people.map((p) => [p._id.toHexString(), p]));
    const nameOf = (id: Types.ObjectId) => {
      const person = byId.get(id.toHexString());
      return person?.status === 'active' && person.nickname ? person.nickname : '微信好友';
    };
    const personOf = (id: Types.ObjectId): PersonView => {
      const person = byId.get(id.toHexString());
      if (person?.status !== 'active') return { nickname: null, avatarUrl: null, gone: true };
      return { nickname: person.nickname ?? null, avatarUrl: person.avatarUrl ?? null, gone: false };
    };
    const now = this.clock.now();
    const status = task.status === 'open' && task.deadline <= now ? 'expired' : task.status;
    return {
      id: task._id.toHexString(),
      campaignId: task.campaignId.toHexString(),
      title: campaign.title,
      starterName: nameOf(task.starterId),
      starter: personOf(task.starterId),
      helpersNeeded: task.helpersNeeded,
      helpers: task.helpers.map((h) => {
        const person = personOf(h.memberId);
        return {
          name: nameOf(h.memberId),
          nickname: person.nickname,
          ...(person.avatarUrl ? { avatarUrl: person.avatarUrl } : {}),
          gone: person.gone,
          helpedAt: h.at.toISOString(),
        };
      }),
      deadline: task.deadline.toISOString(),
      status,
      mine: task.starterId.equals(callerId),
      helpedByMe: task.helpers.some((h) => h.memberId.equals(callerId)),
      reward: campaignView(campaign).reward,
    };
  }
}

function campaignView(campaign: LeanCampaign): AssistCampaignView {
  return {
    id: campaign._id.toHexString(),
    title: campaign.title,
    helpersNeeded: campaign.helpersNeeded,
    hoursToComplete: campaign.hoursToComplete,
    reward: {
      ...(campaign.couponName ? { couponName: campaign.couponName } : {}),
      ...(campaign.reward.points ? { points: campaign.reward.points } : {}),
    },
    startsAt: campaign.startsAt.toISOString(),
    endsAt: campaign.endsAt.toISOString(),
  };
}

function rewardText(campaign: LeanCampaign): string {
  return [campaign.couponName, campaign.reward.points ? quantityText(campaign.reward.points, '积分') : '']
    .filter(Boolean)
    .join('+');
}
