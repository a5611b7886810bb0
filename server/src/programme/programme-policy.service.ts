import { Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import {
  DEFAULT_PROGRAMME_RULES,
  DEFAULT_STAFF_POLICY,
  ProgrammeRules,
  StaffPolicy,
  TierLadder,
  type TierDefinition,
} from '@memberloop/shared';
import { Model } from 'mongoose';
import { Clock } from '../common/clock/clock';
import { AppError } from '../common/errors/app-error';
import { DEFAULT_TIER_LADDER } from './default-tier-ladder';
import { addMonths, type TierPolicy } from './domain/tier-policy';
import { ProgrammeRulesSetting } from './schemas/programme-rules-setting.schema';
import { StaffPolicySetting } from './schemas/staff-policy-setting.schema';
import { TierLadderSetting } from './schemas/tier-ladder-setting.schema';

const LADDER_ID = 'tier-ladder';
const RULES_ID = 'programme-rules';
export const STAFF_POLICY_ID = 'staff-policy';
/** Other server instances pick up HQ's change within this time. */
export const POLICY_REFRESH_MS = 60_000;

/** A versioned setting: saved only over the version this instance last read, so two HQ edits never interleave. */
interface Versioned<T> {
  value: T;
  version: number;
}

/**
 * The loyalty programme's policy, in one place: the tier ladder, the rules (earning, points validity, tier
 * holding, reminders) and the limits on staff powers. Each is HQ's saved version over a typed default
 * (DEFAULT_TIER_LADDER, DEFAULT_PROGRAMME_RULES, DEFAULT_STAFF_POLICY). The ladder and the rules are read on every
 * purchase, so they are kept in memory and refreshed from the database every POLICY_REFRESH_MS (at once on the
 * instance that saves); the staff policy is read at each (rare) use. Business rules never come from the
 * environment: that is for deployment.
 */
@Injectable()
export class ProgrammePolicy implements OnModuleInit, OnApplicationShutdown {
  private ladder: Versioned<TierLadder> = { value: TierLadder.parse(DEFAULT_TIER_LADDER), version: 0 };
  private programmeRules: Versioned<ProgrammeRules> = { value: DEFAULT_PROGRAMME_RULES, version: 0 };
  private timer?: NodeJS.Timeout;

  constructor(
    @InjectModel(TierLadderSetting.name) private readonly ladderSettings: Model<TierLadderSetting>,
    @InjectModel(ProgrammeRulesSetting.name) private readonly rulesSettings: Model<ProgrammeRulesSetting>,
    @InjectModel(StaffPolicySetting.name) private readonly staffSettings: Model<StaffPolicySetting>,
    private readonly clock: Clock,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.refresh();
    this.timer = setInterval(() => void this.refresh().catch(() => undefined), POLICY_REFRESH_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Reads HQ's latest saved ladder and rules (newer versions only). */
  async refresh(): Promise<void> {
    const [ladder, rules] = await Promise.all([
      this.ladderSettings.findById(LADDER_ID).lean(),
      this.rulesSettings.findById(RULES_ID).lean(),
    ]);
    if (ladder && ladder.version > this.ladder.version)
      this.ladder = { value: TierLadder.parse(ladder.tiers), version: ladder.version };
    if (rules && rules.version > this.programmeRules.version)
      this.programmeRules = { value: ProgrammeRules.parse(rules.rules), version: rules.version };
  }

  /** The tier ladder in force. */
  tierLadder(): TierLadder {
    return this.ladder.value;
  }

  /** The ladder's tier with this code (the entry tier for a code HQ has since removed). */
  tierByCode(code: string): TierDefinition {
    const tiers = this.ladder.value;
    return tiers.find((t) => t.code === code) ?? tiers[0];
  }

  /** The programme's rules in force. */
  rules(): ProgrammeRules {
    return this.programmeRules.value;
  }

  /** How tiers are held and how re-qualification drops them. */
  tierPolicy(): TierPolicy {
    return this.programmeRules.value.tiers;
  }

  /** When points earned at `earnedAt` expire: `validMonths` later, at the same instant; 29 Feb + 12 months is 28 Feb. */
  pointsExpiry(earnedAt: Date): Date {
    return addMonths(earnedAt, this.programmeRules.value.points.validMonths);
  }

  /**
   * HQ replaces the ladder. Callers check first that no member holds a tier it drops (the tiers feature does, see
   * TierLadderChanges); CONFLICT when another save came in since this instance last read it.
   */
  async replaceTierLadder(tiers: TierLadder, by: string): Promise<TierLadder> {
    const ladder = TierLadder.parse(tiers);
    await this.refresh();
    const version = await this.save(this.ladderSettings, LADDER_ID, this.ladder.version, { tiers: ladder }, by);
    this.ladder = { value: ladder, version };
    return ladder;
  }

  /** HQ replaces the rules; they apply to the next purchase, reminder and re-qualification on every instance. */
  async replaceRules(rules: ProgrammeRules, by: string): Promise<ProgrammeRules> {
    const parsed = ProgrammeRules.parse(rules);
    await this.refresh();
    const version = await this.save(this.rulesSettings, RULES_ID, this.programmeRules.version, { rules: parsed }, by);
    this.programmeRules = { value: parsed, version };
    return parsed;
  }

  /** The limits on staff powers (coupons per send, the group-buy price floor), read at each use. */
  async staffPolicy(): Promise<StaffPolicy> {
    const saved = await this.staffSettings.findById(STAFF_POLICY_ID).lean();
    if (!saved) return DEFAULT_STAFF_POLICY;
    const { maxCouponsPerSend, groupBuyPriceFloor } = saved;
    // A saved value that is not a valid policy is a bug to see at once, not a limit to drop silently.
    return StaffPolicy.parse({
      maxCouponsPerSend: maxCouponsPerSend ?? DEFAULT_STAFF_POLICY.maxCouponsPerSend,
      groupBuyPriceFloor: groupBuyPriceFloor ?? DEFAULT_STAFF_POLICY.groupBuyPriceFloor,
    });
  }

  async replaceStaffPolicy(policy: StaffPolicy): Promise<StaffPolicy> {
    const parsed = StaffPolicy.parse(policy);
    await this.staffSettings.updateOne({ _id: STAFF_POLICY_ID }, { $set: parsed }, { upsert: true });
    return parsed;
  }

  /** Saves a versioned setting over `expected`; the new version, or CONFLICT when it changed meanwhile. */
  private async save<T>(
    model: Model<T>,
    id: string,
    expected: number,
    value: Record<string, unknown>,
    by: string,
  ): Promise<number> {
    const next = expected + 1;
    try {
      const saved = await model.updateOne(
        { _id: id, version: expected },
        { $set: { ...value, version: next, updatedAt: this.clock.now(), updatedBy: by } },
        { upsert: true },
      );
      if (saved.modifiedCount + saved.upsertedCount !== 1) throw conflict(id);
    } catch (error) {
      if ((error as { code?: number }).code === 11000) throw conflict(id);
      throw error;
    }
    return next;
  }
}

const conflict = (id: string) =>
  new AppError('CONFLICT', `The ${id === LADDER_ID ? 'ladder' : 'setting'} changed meanwhile: reload it and try again.`);
