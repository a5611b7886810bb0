import { Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { InjectConnection, InjectModel } from '@nestjs/mongoose';
import {
  DEFAULT_PROGRAMME_RULES,
  DEFAULT_STAFF_POLICY,
  ProgrammeRules,
  StaffPolicy,
  TierLadder,
  type TierDefinition,
} from '@memberloop/shared';
import { Connection, Model } from 'mongoose';
import { Clock } from '../common/clock/clock';
import { AppError } from '../common/errors/app-error';
import { runInTransaction } from '../database/transactions';
import { DEFAULT_TIER_LADDER } from './default-tier-ladder';
import { settingDiff } from './domain/changed-paths';
import { addMonths, type TierPolicy } from './domain/tier-policy';
import { SettingVersion, type VersionedSettingId } from './schemas/setting-version.schema';
import { ProgrammeRulesSetting } from './schemas/programme-rules-setting.schema';
import { StaffPolicySetting } from './schemas/staff-policy-setting.schema';
import { TierLadderSetting } from './schemas/tier-ladder-setting.schema';

const LADDER_ID = 'tier-ladder';
const RULES_ID = 'programme-rules';
export const STAFF_POLICY_ID = 'staff-policy';
/**
 * Other server instances pick up HQ's change within this time (two reads by id): a rule HQ changes applies to the
 * next purchase on the instance that saved it at once, and on every other instance within seconds.
 */
export const POLICY_REFRESH_MS = 5_000;
/** A change of one part of the rules (a campaign, a line rule) is applied again over a newer version this often. */
const MAX_CHANGE_ATTEMPTS = 8;

/** A versioned setting: saved only over the version this instance last read, so two HQ edits never interleave. */
interface Versioned<T> {
  value: T;
  version: number;
}

/** Who saved a version, from the `by` the callers pass (`hq:<member id>`, or a tool's name). */
export interface SettingAuthor {
  id: string;
  role: string;
}

export function authorOf(by: string): SettingAuthor {
  const [role, id] = by.split(':', 2);
  if (id && (role === 'hq' || role === 'manager')) return { id, role };
  return { id: by, role: by === 'hq' ? 'hq' : 'system' };
}

/** One kept version of a setting, as read back. */
export interface SavedVersion<T> {
  version: number;
  savedAt: Date;
  savedBy: SettingAuthor;
  changes: string[];
  added: string[];
  removed: string[];
  value: T;
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
    @InjectModel(SettingVersion.name) private readonly versions: Model<SettingVersion>,
    @InjectConnection() private readonly connection: Connection,
    private readonly clock: Clock,
  ) {}

  async onModuleInit(): Promise<void> {
    // The history's collection and index exist before the first save writes there in a transaction.
    await this.versions.init();
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
    const before = this.ladder;
    const version = await this.save(this.ladderSettings, LADDER_ID, before, ladder, { tiers: ladder }, by);
    if (version > this.ladder.version) this.ladder = { value: ladder, version };
    return ladder;
  }

  /** HQ replaces the rules; they apply to the next purchase, reminder and re-qualification on every instance. */
  async replaceRules(rules: ProgrammeRules, by: string): Promise<ProgrammeRules> {
    const parsed = ProgrammeRules.parse(rules);
    await this.refresh();
    const before = this.programmeRules;
    const version = await this.save(this.rulesSettings, RULES_ID, before, parsed, { rules: parsed }, by);
    if (version > this.programmeRules.version) this.programmeRules = { value: parsed, version };
    return parsed;
  }

  /** The rules in force and the version they are (0 for the shipped defaults). */
  versionedRules(): { rules: ProgrammeRules; version: number } {
    return { rules: this.programmeRules.value, version: this.programmeRules.version };
  }

  /**
   * Changes one part of the rules (a campaign, a line rule) over the latest saved version: `change` is given the
   * rules as they are now and returns them changed (or throws to refuse). When another save came in meanwhile, on
   * this instance or another, the change is applied again over that one, so edits of different parts never undo
   * each other. Every version is kept in the history.
   */
  async changeRules(
    by: string,
    change: (rules: ProgrammeRules) => ProgrammeRules,
  ): Promise<{ rules: ProgrammeRules; version: number }> {
    for (let attempt = 1; ; attempt++) {
      await this.refresh();
      const before = this.programmeRules;
      const parsed = ProgrammeRules.parse(change(structuredClone(before.value)));
      try {
        const version = await this.save(this.rulesSettings, RULES_ID, before, parsed, { rules: parsed }, by);
        if (version > this.programmeRules.version) this.programmeRules = { value: parsed, version };
        return { rules: parsed, version };
      } catch (error) {
        if (!(error instanceof AppError && error.code === 'CONFLICT') || attempt >= MAX_CHANGE_ATTEMPTS) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
      }
    }
  }

  /** The kept versions of a setting, newest first: `limit` of them older than version `before` (when given). */
  async history(
    setting: VersionedSettingId,
    limit: number,
    before?: number,
  ): Promise<{ versions: SavedVersion<unknown>[]; nextBefore?: number }> {
    const rows = await this.versions
      .find({ setting, ...(before ? { version: { $lt: before } } : {}) }, { value: 0 })
      .sort({ version: -1 })
      .limit(limit + 1)
      .lean();
    const page = rows.slice(0, limit).map(savedVersionOf);
    return { versions: page, ...(rows.length > limit ? { nextBefore: page[page.length - 1].version } : {}) };
  }

  /** One kept version of a setting, whole; NOT_FOUND for a version never saved. */
  async savedVersion(setting: VersionedSettingId, version: number): Promise<SavedVersion<unknown>> {
    const row = await this.versions.findOne({ setting, version }).lean();
    if (!row) throw new AppError('NOT_FOUND', `Version ${version} of the ${setting} was never saved.`);
    return savedVersionOf(row);
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

  /**
   * Saves a versioned setting over the version `before` was read at, and keeps the new version in the history, in
   * one transaction; the new version, or CONFLICT when the setting changed meanwhile.
   */
  private async save<S, T>(
    model: Model<S>,
    id: VersionedSettingId,
    before: Versioned<T>,
    next: T,
    stored: Record<string, unknown>,
    by: string,
  ): Promise<number> {
    const version = before.version + 1;
    const at = this.clock.now();
    try {
      await runInTransaction(this.connection, async (session) => {
        const saved = await model.updateOne(
          { _id: id, version: before.version },
          { $set: { ...stored, version, updatedAt: at, updatedBy: by } },
          { upsert: true, session },
        );
        if (saved.modifiedCount + saved.upsertedCount !== 1) throw conflict(id);
        await this.versions.create(
          [{ setting: id, version, value: next, savedAt: at, savedBy: authorOf(by), ...settingDiff(before.value, next) }],
          { session },
        );
      });
    } catch (error) {
      if ((error as { code?: number }).code === 11000) throw conflict(id);
      throw error;
    }
    return version;
  }
}

function savedVersionOf(row: Omit<SettingVersion, 'value'> & { value?: unknown }): SavedVersion<unknown> {
  return {
    version: row.version,
    savedAt: row.savedAt,
    savedBy: row.savedBy,
    changes: row.changes,
    added: row.added ?? [],
    removed: row.removed ?? [],
    value: row.value,
  };
}

const conflict = (id: string) =>
  new AppError('CONFLICT', `The ${id === LADDER_ID ? 'ladder' : 'setting'} changed meanwhile: reload it and try again.`);
