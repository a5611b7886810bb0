import { Inject, Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import {
  quantityText,
  WinbackRuleInput,
  type AnalyticsSettings,
  type WinbackDryRun,
  type WinbackExclusion,
  type WinbackRuleView,
  type WinbackRunResult,
} from '@memberloop/shared';
import { Model, Types } from 'mongoose';
import { MarketingContacts } from '../common/marketing-contacts/marketing-contacts';
import { Clock } from '../common/clock/clock';
import { AppError } from '../common/errors/app-error';
import { appConfig, type AppConfig } from '../config/app-config';
import { CouponStore, CouponsService } from '../coupons';
import { MemberStore } from '../members';
import { NotificationsService, thing } from '../notifications';
import { AnalyticsSettingsService } from './analytics-settings.service';
import { BrandCalendar, dayString } from './domain/calendar';
import {
  contactDecision,
  ruleMatches,
  whyMatched,
  winbackIssueKey,
  winbackPeriod,
  type WinbackCandidate,
  type WinbackRuleSpec,
} from './domain/winback-rules';
import { MemberProfile } from './schemas/member-profile.schema';
import { WinbackContact, WinbackRule } from './schemas/winback.schema';

type LeanRule = WinbackRule & { _id: Types.ObjectId };
type CandidateProfile = Pick<
  MemberProfile,
  '_id' | 'memberNo' | 'stage' | 'segment' | 'churnScore' | 'lastPurchaseAt' | 'tier' | 'region' | 'storeCodes'
>;

const DAY_MS = 86_400_000;
const BATCH = 500;

interface Decided {
  profile: CandidateProfile;
  candidate: WinbackCandidate;
  issueKey: string;
  decision: ReturnType<typeof contactDecision>;
}

/**
 * Churn win-back automation: HQ's rules (data: conditions, a coupon template, an incentive level) applied to
 * the member profiles. A member is contacted only with marketing consent (read live from the member, so a
 * withdrawal counts at once) and within their stage's contact policy; the coupon's issue key
 * `winback:<ruleId>:<memberId>:<period>` makes every run, retry and concurrent instance issue it once.
 */
@Injectable()
export class WinbackService {
  private readonly calendar: BrandCalendar;

  constructor(
    @InjectModel(WinbackRule.name) private readonly rules: Model<WinbackRule>,
    @InjectModel(WinbackContact.name) private readonly contacts: Model<WinbackContact>,
    @InjectModel(MemberProfile.name) private readonly profiles: Model<MemberProfile>,
    private readonly members: MemberStore,
    private readonly coupons: CouponStore,
    private readonly issuer: CouponsService,
    private readonly notifications: NotificationsService,
    private readonly settings: AnalyticsSettingsService,
    private readonly clock: Clock,
    private readonly marketing: MarketingContacts,
    @Inject(appConfig.KEY) config: AppConfig,
  ) {
    this.calendar = new BrandCalendar(config.brand.timeZone);
  }

  async list(): Promise<WinbackRuleView[]> {
    const rules = await this.rules.find().sort({ createdAt: 1 }).lean<LeanRule[]>();
    return rules.map(ruleView);
  }

  async create(input: WinbackRuleInput): Promise<WinbackRuleView> {
    const rule = await this.validated(input);
    const [created] = await this.rules.create([rule]);
    return ruleView(created.toObject() as LeanRule);
  }

  async update(ruleId: Types.ObjectId, input: WinbackRuleInput): Promise<WinbackRuleView> {
    const rule = await this.validated(input);
    const updated = await this.rules.findByIdAndUpdate(ruleId, { $set: rule }, { returnDocument: 'after' }).lean<LeanRule>();
    if (!updated) throw new AppError('NOT_FOUND', 'No such win-back rule.');
    return ruleView(updated);
  }

  async dryRun(ruleId: Types.ObjectId, limit: number): Promise<WinbackDryRun> {
    const rule = await this.rule(ruleId);
    const asOf = this.clock.now();
    const period = winbackPeriod(rule.repeat, asOf, this.calendar);
    const result: WinbackDryRun = {
      ruleId: ruleId.toHexString(),
      asOf: asOf.toISOString(),
      period,
      candidates: 0,
      wouldContact: 0,
      excluded: [],
      contacts: [],
      exclusions: [],
    };
    const excluded = new Map<WinbackExclusion, number>();
    await this.forEachDecided(rule, asOf, period, async (batch) => {
      for (const { profile, candidate, decision } of batch) {
        result.candidates += 1;
        if (decision.contact) {
          result.wouldContact += 1;
          if (result.contacts.length < limit)
            result.contacts.push({
              memberNo: profile.memberNo,
              stage: profile.stage,
              why: whyMatched(spec(rule), candidate, asOf),
            });
        } else {
          excluded.set(decision.reason, (excluded.get(decision.reason) ?? 0) + 1);
          if (result.exclusions.length < limit)
            result.exclusions.push({ memberNo: profile.memberNo, stage: profile.stage, reason: decision.reason });
        }
      }
    });
    result.excluded = [...excluded].map(([reason, count]) => ({ reason, count }));
    return result;
  }

  /** Runs one rule now; the daily job runs every active rule. */
  async run(ruleId: Types.ObjectId): Promise<WinbackRunResult> {
    return this.apply(await this.rule(ruleId));
  }

  async runActiveRules(): Promise<Record<string, unknown>> {
    const rules = await this.rules.find({ active: true }).lean<LeanRule[]>();
    let issued = 0;
    for (const rule of rules) issued += (await this.apply(rule)).issued;
    return { rules: rules.length, issued };
  }

  private async apply(rule: LeanRule): Promise<WinbackRunResult> {
    const asOf = this.clock.now();
    const period = winbackPeriod(rule.repeat, asOf, this.calendar);
    const excluded = new Map<WinbackExclusion, number>();
    let candidates = 0;
    let issued = 0;
    await this.forEachDecided(rule, asOf, period, async (batch) => {
      for (const { profile, issueKey, decision } of batch) {
        candidates += 1;
        if (!decision.contact) {
          excluded.set(decision.reason, (excluded.get(decision.reason) ?? 0) + 1);
          continue;
        }
        if (await this.contact(rule, profile, issueKey, period, asOf)) issued += 1;
      }
    });
    return {
      ruleId: rule._id.toHexString(),
      period,
      candidates,
      issued,
      excluded: [...excluded].map(([reason, count]) => ({ reason, count })),
    };
  }

  /**
   * Records the contact (once per issue key), issues the coupon (once per issue key) and queues the message
   * (once per key). A crash between the steps is finished by the next run: the contact stays unissued.
   */
  private async contact(
    rule: LeanRule,
    profile: CandidateProfile,
    issueKey: string,
    period: string,
    asOf: Date,
  ): Promise<boolean> {
    await this.contacts
      .updateOne(
        { issueKey },
        {
          $setOnInsert: {
            issueKey,
            ruleId: rule._id,
            memberId: profile._id,
            period,
            stage: profile.stage,
            tier: profile.tier,
            ...(profile.region ? { region: profile.region } : {}),
            storeCodes: profile.storeCodes,
            contactedAt: asOf,
            issued: false,
          },
        },
        { upsert: true },
      )
      // Another instance recorded the same contact at the same moment: carry on with theirs.
      .catch((error: { code?: number }) => {
        if (error.code !== 11000) throw error;
      });
    const created = await this.issuer.issue(profile._id, rule.couponTemplateId, issueKey);
    if (!(await this.coupons.isIssued(issueKey))) return false; // the template has ended
    await this.contacts.updateOne({ issueKey }, { $set: { issued: true } });
    if (created) {
      // The member reads the coupon's own name (as in their wallet), never HQ's internal name for the rule.
      const template = await this.coupons.activeTemplate(rule.couponTemplateId);
      await this.notifications.enqueue({
        memberId: profile._id,
        kind: 'reward-issued',
        dedupeKey: issueKey,
        page: 'packages/coupons/index',
        data: {
          thing1: thing('专属回归礼'),
          thing2: thing(`${template?.name ?? '优惠券'} ${quantityText(1, '张')}`),
          date3: { value: dayString(this.calendar.dayOf(asOf)) },
        },
      });
    }
    return created;
  }

  /** The profiles the rule's conditions select, in batches, each member with the contact decision. */
  private async forEachDecided(
    rule: LeanRule,
    asOf: Date,
    period: string,
    handle: (batch: Decided[]) => Promise<void>,
  ): Promise<void> {
    const settings = await this.settings.get();
    const cursor = this.profiles
      .find(candidateFilter(rule, asOf), {
        memberNo: 1,
        stage: 1,
        segment: 1,
        churnScore: 1,
        lastPurchaseAt: 1,
        tier: 1,
        region: 1,
        storeCodes: 1,
      })
      .sort({ _id: 1 })
      .lean<CandidateProfile>()
      .cursor({ batchSize: BATCH });
    let batch: CandidateProfile[] = [];
    for await (const profile of cursor) {
      batch.push(profile);
      if (batch.length === BATCH) {
        await handle(await this.decide(rule, batch, asOf, period, settings));
        batch = [];
      }
    }
    if (batch.length > 0) await handle(await this.decide(rule, batch, asOf, period, settings));
  }

  private async decide(
    rule: LeanRule,
    profiles: CandidateProfile[],
    asOf: Date,
    period: string,
    settings: AnalyticsSettings,
  ): Promise<Decided[]> {
    const ids = profiles.map((p) => p._id);
    const ruleId = rule._id.toHexString();
    const keys = profiles.map((p) => winbackIssueKey(ruleId, p._id.toHexString(), period));
    // The last contact by any automation (win-back's own coupons, experiments, calendar packs): one cap for all.
    const [consents, issued, lastContact] = await Promise.all([
      this.members.activeMarketingConsents(ids),
      this.contacts.find({ issueKey: { $in: keys }, issued: true }, { issueKey: 1 }).lean(),
      this.marketing.latest(ids),
    ]);
    const consenting = new Set(consents.filter((m) => m.consents?.marketing?.granted === true).map((m) => m._id.toHexString()));
    const active = new Set(consents.map((m) => m._id.toHexString()));
    const issuedKeys = new Set(issued.map((c) => c.issueKey));
    const decided: Decided[] = [];
    profiles.forEach((profile, i) => {
      const id = profile._id.toHexString();
      if (!active.has(id) || !profile.lastPurchaseAt) return; // deleted since the last recompute
      const candidate: WinbackCandidate = {
        memberId: id,
        stage: profile.stage,
        segment: profile.segment ?? null,
        churnScore: profile.churnScore ?? null,
        lastPurchaseAt: profile.lastPurchaseAt,
        marketingConsent: consenting.has(id),
        lastContactedAt: lastContact.get(id) ?? null,
        alreadyIssued: issuedKeys.has(keys[i]),
      };
      // The query narrowed by the same conditions; checked again here as the domain states them.
      if (!ruleMatches(spec(rule), candidate, asOf)) return;
      const policy = settings.lifecycle.contactPolicies[profile.stage];
      decided.push({ profile, candidate, issueKey: keys[i], decision: contactDecision(spec(rule), candidate, policy, asOf) });
    });
    return decided;
  }

  private async rule(ruleId: Types.ObjectId): Promise<LeanRule> {
    const rule = await this.rules.findById(ruleId).lean<LeanRule>();
    if (!rule) throw new AppError('NOT_FOUND', 'No such win-back rule.');
    return rule;
  }

  private async validated(input: WinbackRuleInput) {
    const rule = WinbackRuleInput.parse(input);
    const template = await this.coupons.isTemplateActive(new Types.ObjectId(rule.couponTemplateId));
    if (!template) throw new AppError('NOT_FOUND', 'No active coupon template with this id.');
    return { ...rule, couponTemplateId: new Types.ObjectId(rule.couponTemplateId) };
  }
}

function spec(rule: LeanRule): WinbackRuleSpec {
  return {
    id: rule._id.toHexString(),
    conditions: rule.conditions,
    incentive: rule.incentive,
    bigSale: rule.bigSale,
    repeat: rule.repeat,
  };
}

/** The profile query the rule's conditions translate to (members who bought; the domain re-checks each). */
function candidateFilter(rule: LeanRule, asOf: Date): Record<string, unknown> {
  const filter: Record<string, unknown> = { lastPurchaseAt: { $exists: true } };
  for (const condition of rule.conditions) {
    switch (condition.kind) {
      case 'no-purchase-for-days':
        filter.lastPurchaseAt = { $lte: new Date(asOf.getTime() - condition.days * DAY_MS) };
        break;
      case 'stage-in':
        filter.stage = { $in: condition.stages };
        break;
      case 'segment-in':
        filter.segment = { $in: condition.segments };
        break;
      case 'churn-risk-at-least':
        filter.churnScore = { $gte: condition.score };
        break;
    }
  }
  return filter;
}

function ruleView(rule: LeanRule): WinbackRuleView {
  return {
    id: rule._id.toHexString(),
    name: rule.name,
    active: rule.active,
    conditions: rule.conditions,
    couponTemplateId: rule.couponTemplateId.toHexString(),
    incentive: rule.incentive,
    bigSale: rule.bigSale,
    repeat: rule.repeat,
    updatedAt: rule.updatedAt.toISOString(),
  };
}
