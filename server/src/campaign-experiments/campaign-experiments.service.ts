import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import {
  ExperimentInput,
  type ExperimentExclusion,
  type ExperimentSendResult,
  type ExperimentView,
  type PromoteExperimentInput,
} from '@memberloop/shared';
import { Model, Types } from 'mongoose';
import { SegmentAudienceStore, type SegmentMember } from '../analytics';
import { MarketingContacts } from '../common/marketing-contacts/marketing-contacts';
import { Clock } from '../common/clock/clock';
import { AppError } from '../common/errors/app-error';
import { CouponStore } from '../coupons';
import { MemberStore } from '../members';
import { assignArm, bucketOf, type ArmSize } from './domain/assignment';
import { experimentExclusion } from './domain/contact-eligibility';
import { configurationProblem, editProblem, promoteProblem, sendProblem, windowEndOf } from './domain/experiment-rules';
import { ExperimentRewardService } from './experiment-reward.service';
import {
  CampaignExperiment,
  ExperimentAssignment,
  ExperimentPromotionSend,
  type ExperimentVariant,
} from './schemas/campaign-experiment.schema';

export type LeanExperiment = CampaignExperiment & { _id: Types.ObjectId };
type LeanAssignment = ExperimentAssignment & { _id: Types.ObjectId };

const VARIANT_KEYS = ['A', 'B', 'C', 'D'];
const BATCH = 200;

/** Whether a member of the segment is in the experiment's sample (a hash of its own, apart from the arm's). */
export function inSample(experimentId: string, memberId: string, samplePercent: number): boolean {
  return samplePercent >= 100 || bucketOf(`sample:${experimentId}`, memberId) < samplePercent * 100;
}

export function armsOf(experiment: Pick<CampaignExperiment, 'controlPercent' | 'variants'>): ArmSize[] {
  return [
    { arm: 'control', percent: experiment.controlPercent },
    ...experiment.variants.map((v) => ({ arm: v.key, percent: v.percent })),
  ];
}

/**
 * HQ's A/B-tested campaigns: drafts, the start (the window opens), the send (each sampled member of the segment is
 * assigned an arm by a stable hash, recorded once; variant members get their reward once, control nothing), and the
 * promotion of a winner. Audited by the staff audit interceptor (every HQ write, refusals too).
 */
@Injectable()
export class CampaignExperimentsService {
  constructor(
    @InjectModel(CampaignExperiment.name) private readonly experiments: Model<CampaignExperiment>,
    @InjectModel(ExperimentAssignment.name) private readonly assignments: Model<ExperimentAssignment>,
    @InjectModel(ExperimentPromotionSend.name) private readonly promotionSends: Model<ExperimentPromotionSend>,
    private readonly audience: SegmentAudienceStore,
    private readonly members: MemberStore,
    private readonly couponStore: CouponStore,
    private readonly rewards: ExperimentRewardService,
    private readonly clock: Clock,
    private readonly marketing: MarketingContacts,
  ) {}

  async list(): Promise<ExperimentView[]> {
    const all = await this.experiments.find().sort({ createdAt: -1 }).limit(100).lean<LeanExperiment[]>();
    return all.map(experimentView);
  }

  async get(id: Types.ObjectId): Promise<ExperimentView> {
    return experimentView(await this.experiment(id));
  }

  async create(input: ExperimentInput, createdBy: string): Promise<ExperimentView> {
    const fields = await this.validated(input);
    const [created] = await this.experiments.create([{ ...fields, status: 'draft', createdBy: new Types.ObjectId(createdBy) }]);
    return experimentView(created.toObject() as LeanExperiment);
  }

  async update(id: Types.ObjectId, input: ExperimentInput): Promise<ExperimentView> {
    const current = await this.experiment(id);
    this.refuse(editProblem(current.status));
    const fields = await this.validated(input);
    // Guarded on the status: a start racing this edit wins or loses as a whole.
    const updated = await this.experiments
      .findOneAndUpdate({ _id: id, status: 'draft' }, { $set: fields }, { returnDocument: 'after' })
      .lean<LeanExperiment>();
    if (!updated) this.refuse('EXPERIMENT_NOT_EDITABLE');
    return experimentView(updated!);
  }

  /** Opens the window (once: a repeated start finds it running) and sends. */
  async start(id: Types.ObjectId): Promise<{ experiment: ExperimentView; send: ExperimentSendResult }> {
    const now = this.clock.now();
    const draft = await this.experiment(id);
    if (draft.status === 'draft') {
      // A template retired since the draft was saved is refused now rather than sending nothing.
      await this.checkTemplates(draft.variants);
      await this.experiments.updateOne(
        { _id: id, status: 'draft' },
        { $set: { status: 'running', startedAt: now, windowEndsAt: windowEndOf(now, draft.attributionDays) } },
      );
    }
    const send = await this.send(id);
    return { experiment: experimentView(await this.experiment(id)), send };
  }

  /**
   * Assigns every sampled member of the segment (those assigned before keep their arm and status) and gives each
   * pending variant member their reward. Safe to run again and concurrently: the assignment is unique per member, each
   * reward's key is `experiment:<experiment>:<member>`.
   */
  async send(id: Types.ObjectId): Promise<ExperimentSendResult> {
    const experiment = await this.experiment(id);
    this.refuse(sendProblem(experiment.status, experiment.windowEndsAt, this.clock.now()));
    const minDays = await this.audience.minDaysBetweenContacts();
    let batch: SegmentMember[] = [];
    for await (const member of this.audience.membersOf(experiment.audience)) {
      if (!inSample(id.toHexString(), member._id.toHexString(), experiment.samplePercent)) continue;
      batch.push(member);
      if (batch.length === BATCH) {
        await this.assignBatch(experiment, batch, minDays);
        batch = [];
      }
    }
    if (batch.length > 0) await this.assignBatch(experiment, batch, minDays);
    const pending = this.assignments
      .find({ experimentId: id, status: 'pending' })
      .lean<LeanAssignment>()
      .cursor({ batchSize: BATCH });
    for await (const assignment of pending) await this.deliver(experiment, assignment);
    return this.sendSummary(id);
  }

  async promote(id: Types.ObjectId, input: PromoteExperimentInput): Promise<ExperimentView> {
    const now = this.clock.now();
    let experiment = await this.experiment(id);
    const variant = experiment.variants.find((v) => v.key === input.variant);
    if (!variant) throw new AppError('VALIDATION_FAILED', `The experiment has no variant ${input.variant}.`);
    const resuming =
      experiment.status === 'promoted' &&
      !experiment.promotion?.finishedAt &&
      experiment.promotion?.variant === input.variant &&
      experiment.promotion?.target === input.target;
    if (!resuming) {
      this.refuse(promoteProblem(experiment.status, experiment.windowEndsAt, now), {
        windowEndsAt: experiment.windowEndsAt?.toISOString(),
      });
      await this.checkTemplates([variant]);
      // One promotion per experiment: the status guard lets one of two racing requests through.
      const claimed = await this.experiments
        .findOneAndUpdate(
          { _id: id, status: 'running', windowEndsAt: { $lte: now } },
          { $set: { status: 'promoted', promotion: { variant: variant.key, target: input.target, at: now, sent: 0 } } },
          { returnDocument: 'after' },
        )
        .lean<LeanExperiment>();
      if (!claimed) this.refuse('EXPERIMENT_ALREADY_PROMOTED');
      experiment = claimed!;
    }
    if (input.target === 'control') await this.promoteToControl(experiment, variant, now);
    else await this.promoteToRest(experiment, variant, now);
    await this.experiments.updateOne({ _id: id }, { $set: { 'promotion.finishedAt': this.clock.now() } });
    return experimentView(await this.experiment(id));
  }

  private async promoteToControl(experiment: LeanExperiment, variant: ExperimentVariant, now: Date): Promise<void> {
    const minDays = await this.audience.minDaysBetweenContacts();
    const id = experiment._id.toHexString();
    const cursor = this.assignments
      .find({ experimentId: experiment._id, status: 'control', promotedAt: { $exists: false } })
      .lean<LeanAssignment>()
      .cursor({ batchSize: BATCH });
    let batch: LeanAssignment[] = [];
    const flush = async (): Promise<void> => {
      const members = batch.map((a) => ({ _id: a.memberId, stage: a.stage }));
      const exclusions = await this.exclusions(experiment._id, members, minDays, now, true);
      for (const [i, assignment] of batch.entries()) {
        if (exclusions[i]) continue;
        const key = `experiment-promotion:${id}:${assignment.memberId.toHexString()}`;
        if (!(await this.rewards.give(assignment.memberId, variant, id, key, now))) continue;
        const marked = await this.assignments.updateOne(
          { _id: assignment._id, promotedAt: { $exists: false } },
          { $set: { promotedAt: now } },
        );
        if (marked.modifiedCount === 1)
          await this.experiments.updateOne({ _id: experiment._id }, { $inc: { 'promotion.sent': 1 } });
      }
      batch = [];
    };
    for await (const assignment of cursor) {
      batch.push(assignment);
      if (batch.length === BATCH) await flush();
    }
    if (batch.length > 0) await flush();
  }

  private async promoteToRest(experiment: LeanExperiment, variant: ExperimentVariant, now: Date): Promise<void> {
    const minDays = await this.audience.minDaysBetweenContacts();
    const id = experiment._id.toHexString();
    let batch: SegmentMember[] = [];
    const flush = async (): Promise<void> => {
      const ids = batch.map((m) => m._id);
      const [assigned, promoted] = await Promise.all([
        this.assignments.find({ experimentId: experiment._id, memberId: { $in: ids } }, { memberId: 1 }).lean(),
        this.promotionSends.find({ experimentId: experiment._id, memberId: { $in: ids } }, { memberId: 1 }).lean(),
      ]);
      const skip = new Set([...assigned, ...promoted].map((a) => a.memberId.toHexString()));
      const rest = batch.filter((m) => !skip.has(m._id.toHexString()));
      const exclusions = await this.exclusions(experiment._id, rest, minDays, now, true);
      for (const [i, member] of rest.entries()) {
        if (exclusions[i]) continue;
        const key = `experiment-promotion:${id}:${member._id.toHexString()}`;
        if (!(await this.rewards.give(member._id, variant, id, key, now))) continue;
        try {
          await this.promotionSends.create([{ experimentId: experiment._id, memberId: member._id, sentAt: now }]);
          await this.experiments.updateOne({ _id: experiment._id }, { $inc: { 'promotion.sent': 1 } });
        } catch (error) {
          if ((error as { code?: number }).code !== 11000) throw error;
        }
      }
      batch = [];
    };
    for await (const member of this.audience.membersOf(experiment.audience)) {
      // The rest of the segment: members outside the sample (members new to the segment since are outside it too).
      batch.push(member);
      if (batch.length === BATCH) await flush();
    }
    if (batch.length > 0) await flush();
  }

  /** Records the arm of each member new to the experiment, with their eligibility at that moment. */
  private async assignBatch(experiment: LeanExperiment, batch: SegmentMember[], minDays: Record<string, number>): Promise<void> {
    const now = this.clock.now();
    const id = experiment._id.toHexString();
    const known = new Set(
      (
        await this.assignments
          .find({ experimentId: experiment._id, memberId: { $in: batch.map((m) => m._id) } }, { memberId: 1 })
          .lean()
      ).map((a) => a.memberId.toHexString()),
    );
    const fresh = batch.filter((m) => !known.has(m._id.toHexString()));
    if (fresh.length === 0) return;
    const exclusions = await this.exclusions(experiment._id, fresh, minDays, now, false);
    const arms = armsOf(experiment);
    await Promise.all(
      fresh.map(async (member, i) => {
        const memberId = member._id.toHexString();
        const arm = assignArm(id, memberId, arms);
        const exclusion = exclusions[i];
        const status = exclusion ? 'excluded' : arm === 'control' ? 'control' : 'pending';
        await this.assignments
          .updateOne(
            { experimentId: experiment._id, memberId: member._id },
            {
              $setOnInsert: {
                experimentId: experiment._id,
                memberId: member._id,
                arm,
                bucket: bucketOf(id, memberId),
                stage: member.stage,
                status,
                ...(exclusion ? { exclusion } : {}),
                assignedAt: now,
              },
            },
            { upsert: true },
          )
          // A concurrent run recorded the same member at the same moment: theirs stands.
          .catch((error: { code?: number }) => {
            if (error.code !== 11000) throw error;
          });
      }),
    );
  }

  /** The reason each member may not be contacted now, or null (consent read live; win-back's and experiments' caps). */
  private async exclusions(
    experimentId: Types.ObjectId,
    members: SegmentMember[],
    minDays: Record<string, number>,
    now: Date,
    includeOwn: boolean,
  ): Promise<Array<ExperimentExclusion | null>> {
    if (members.length === 0) return [];
    const ids = members.map((m) => m._id);
    // The last contact by any automation; promoting the winner leaves this experiment's own variants out.
    const [consents, latest] = await Promise.all([
      this.members.activeMarketingConsents(ids),
      this.marketing.latest(ids, includeOwn ? undefined : { source: 'experiments', campaignId: experimentId.toHexString() }),
    ]);
    const consenting = new Set(consents.filter((m) => m.consents?.marketing?.granted === true).map((m) => m._id.toHexString()));
    return members.map((member) => {
      const id = member._id.toHexString();
      return experimentExclusion(
        {
          marketingConsent: consenting.has(id),
          lastContactedAt: latest.get(id) ?? null,
          minDaysBetweenContacts: minDays[member.stage] ?? 0,
        },
        now,
      );
    });
  }

  private async deliver(experiment: LeanExperiment, assignment: LeanAssignment): Promise<void> {
    const variant = experiment.variants.find((v) => v.key === assignment.arm);
    if (!variant) return;
    const now = this.clock.now();
    const key = `experiment:${experiment._id.toHexString()}:${assignment.memberId.toHexString()}`;
    const given = await this.rewards.give(assignment.memberId, variant, experiment._id.toHexString(), key, now);
    await this.assignments.updateOne(
      { _id: assignment._id, status: 'pending' },
      { $set: given ? { status: 'sent', sentAt: now } : { status: 'undelivered' } },
    );
  }

  private async sendSummary(id: Types.ObjectId): Promise<ExperimentSendResult> {
    const rows = await this.assignments.aggregate<{ _id: { status: string; exclusion?: ExperimentExclusion }; n: number }>([
      { $match: { experimentId: id } },
      { $group: { _id: { status: '$status', exclusion: '$exclusion' }, n: { $sum: 1 } } },
    ]);
    const count = (status: string) => rows.filter((r) => r._id.status === status).reduce((s, r) => s + r.n, 0);
    return {
      assigned: rows.reduce((s, r) => s + r.n, 0),
      sent: count('sent'),
      control: count('control'),
      undelivered: count('undelivered'),
      excluded: rows
        .filter((r) => r._id.status === 'excluded' && r._id.exclusion)
        .map((r) => ({ reason: r._id.exclusion!, count: r.n })),
    };
  }

  private async validated(input: ExperimentInput) {
    const parsed = ExperimentInput.parse(input);
    const problem = configurationProblem(
      parsed.variants.map((v) => v.percent),
      parsed.controlPercent,
    );
    if (problem === 'EXPERIMENT_VARIANT_COUNT')
      throw new AppError(problem, `An A/B test has 2 to 4 variants besides control, not ${parsed.variants.length}.`);
    if (problem) {
      const total = parsed.variants.reduce((s, v) => s + v.percent, parsed.controlPercent);
      throw new AppError(problem, `The variant and control sizes add up to ${total} %, not 100 %.`, { total });
    }
    const variants = parsed.variants.map((v, i) => ({ ...v, key: VARIANT_KEYS[i] }));
    await this.checkTemplates(variants);
    return {
      name: parsed.name,
      audience: parsed.audience,
      samplePercent: parsed.samplePercent,
      variants,
      controlPercent: parsed.controlPercent,
      attributionDays: parsed.attributionDays,
    };
  }

  private async checkTemplates(variants: Array<Pick<ExperimentVariant, 'key' | 'reward'>>): Promise<void> {
    for (const variant of variants)
      if (variant.reward.kind === 'coupon' && !(await this.couponStore.isTemplateActive(variant.reward.templateId)))
        throw new AppError('COUPON_TEMPLATE_RETIRED', `Variant ${variant.key}'s coupon template is retired or unknown.`, {
          variant: variant.key,
        });
  }

  private refuse(problem: string | null, details?: unknown): void {
    if (!problem) return;
    const messages: Record<string, string> = {
      EXPERIMENT_NOT_EDITABLE: 'The experiment has started: its variants, sizes and audience are fixed.',
      EXPERIMENT_NOT_RUNNING: 'The experiment is not running.',
      EXPERIMENT_WINDOW_OPEN: 'The attribution window is still open: promote a winner once it has closed.',
      EXPERIMENT_ALREADY_PROMOTED: 'A winner of this experiment was promoted already.',
    };
    throw new AppError(
      problem as 'EXPERIMENT_NOT_RUNNING',
      messages[problem] ?? problem,
      problem === 'EXPERIMENT_WINDOW_OPEN' ? details : undefined,
    );
  }

  async experiment(id: Types.ObjectId): Promise<LeanExperiment> {
    const found = await this.experiments.findById(id).lean<LeanExperiment>();
    if (!found) throw new AppError('NOT_FOUND', 'No such experiment.');
    return found;
  }
}

export function experimentView(e: LeanExperiment): ExperimentView {
  return {
    id: e._id.toHexString(),
    name: e.name,
    audience: e.audience,
    samplePercent: e.samplePercent,
    variants: e.variants.map((v) => ({ key: v.key, name: v.name, percent: v.percent, reward: v.reward, message: v.message })),
    controlPercent: e.controlPercent,
    attributionDays: e.attributionDays,
    status: e.status,
    createdAt: new Date(e.createdAt).toISOString(),
    ...(e.startedAt ? { startedAt: e.startedAt.toISOString() } : {}),
    ...(e.windowEndsAt ? { windowEndsAt: e.windowEndsAt.toISOString() } : {}),
    ...(e.promotion
      ? {
          promotion: {
            variant: e.promotion.variant,
            target: e.promotion.target,
            at: e.promotion.at.toISOString(),
            sent: e.promotion.sent,
            finished: e.promotion.finishedAt !== undefined,
          },
        }
      : {}),
  };
}
