import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { AnalyticsSettings } from '@memberloop/shared';
import { Model, Types } from 'mongoose';
import { Clock } from '../common/clock/clock';
import { appConfig, type AppConfig } from '../config/app-config';
import { MemberStore, type MemberForProfile } from '../members';
import { PurchaseStore, type PurchaseSummary } from '../purchases';
import { AnalyticsSettingsService } from './analytics-settings.service';
import { AnalyticsStateStore } from './analytics-state.store';
import { BulkWriter, CursorReader } from './cursor-reader';
import { BrandCalendar, dayString } from './domain/calendar';
import { DistributionRollup } from './domain/distribution-rollup';
import { analyseMember, factsWindowFor, type MemberAnalysis } from './domain/member-analysis';
import { MemberFactsBuilder, rfmRawOf, type FactsWindow, type MemberFacts } from './domain/member-facts';
import { fitRfmModel, rfmScores, type RfmModel } from './domain/rfm-scoring';
import { rfmSegment } from './domain/rfm-segments';
import { SalesRollup } from './domain/sales-rollup';
import type { RecomputeProgress } from './domain/progress-throttle';
import { profileDocument, scoresDiffer } from './profile-document';
import { MemberDistribution, MonthlySales } from './schemas/analytics-state.schema';
import { MemberProfile } from './schemas/member-profile.schema';
import { StageSnapshotsService, type SnapshotSession } from './stage-snapshots.service';

export const RFM_MODEL_KEY = 'rfm-model';
export const RECOMPUTE_KEY = 'recompute';
export const WATERMARK_KEY = 'watermark';
/** A full run reports its progress after this many members (the callback throttles its own writes). */
export const PROGRESS_EVERY = 500;

/** Called per batch of members and at each phase's start and end; awaited, so keep it cheap (throttled). */
export type RecomputeProgressCallback = (progress: RecomputeProgress, phaseEnd: boolean) => void | Promise<void>;

/** The last full recompute, as kept in analytics_state. */
export interface RecomputeRecord {
  asOf: string;
  asOfDay: string;
  generation: string;
  startedAt: string;
  members: number;
}

export interface FullRecomputeSummary {
  asOfDay: string;
  members: number;
  buyers: number;
  purchases: number;
  profilesWritten: number;
  profilesRemoved: number;
  rescored: number;
  ms: number;
}

type ProfileWrite =
  | { replaceOne: { filter: { _id: Types.ObjectId }; replacement: MemberProfile; upsert: true } }
  | { updateOne: { filter: { _id: Types.ObjectId }; update: Record<string, unknown> } }
  | { deleteOne: { filter: { _id: Types.ObjectId } } };

/** A stored profile as the full run reads it: enough to tell whether the new one differs. */
type StoredProfile = Pick<MemberProfile, '_id' | 'sig' | 'r' | 'f' | 'm' | 'segment'>;

/** One full recompute's inputs, rollups, profile writer and counts, handed from step to step. */
interface FullRun {
  settings: AnalyticsSettings;
  previousModel: RfmModel | null;
  asOfDay: number;
  window: FactsWindow;
  generation: string;
  snapshot: SnapshotSession;
  sales: SalesRollup;
  distribution: DistributionRollup;
  columns: RfmColumns;
  writer: BulkWriter<ProfileWrite>;
  removed: number;
  purchases: number;
  buyers: number;
  /** Active members counted when the run began (only when progress is reported). */
  expected: number;
  onProgress?: RecomputeProgressCallback;
}

/** Per-member columns kept between the two passes: ~40 bytes a member, never the purchases. */
class RfmColumns {
  ids: Buffer;
  scored: Uint8Array;
  recency: Float64Array;
  frequency: Float64Array;
  monetary: Float64Array;
  scores: Uint8Array;
  combination: Uint32Array;
  length = 0;

  constructor(private capacity = 1024) {
    this.ids = Buffer.alloc(capacity * 12);
    this.scored = new Uint8Array(capacity);
    this.recency = new Float64Array(capacity);
    this.frequency = new Float64Array(capacity);
    this.monetary = new Float64Array(capacity);
    this.scores = new Uint8Array(capacity * 3);
    this.combination = new Uint32Array(capacity);
  }

  push(
    id: Types.ObjectId,
    raw: { recencyDays: number; frequency: number; monetaryFen: number } | null,
    scores: number[],
    combination: number,
  ): void {
    if (this.length === this.capacity) this.grow();
    const i = this.length++;
    this.ids.set(id.id, i * 12);
    this.scored[i] = raw ? 1 : 0;
    if (raw) {
      this.recency[i] = raw.recencyDays;
      this.frequency[i] = raw.frequency;
      this.monetary[i] = raw.monetaryFen;
    }
    this.scores.set(scores.length === 3 ? scores : [0, 0, 0], i * 3);
    this.combination[i] = combination;
  }

  /** The raw values of scored members only, for fitting. */
  scoredColumns(): { recency: Float64Array; frequency: Float64Array; monetary: Float64Array; length: number } {
    const n = this.scored.reduce((sum, s) => sum + s, 0);
    const pick = (source: Float64Array) => {
      const out = new Float64Array(n);
      for (let i = 0, j = 0; i < this.length; i++) if (this.scored[i]) out[j++] = source[i];
      return out;
    };
    return { recency: pick(this.recency), frequency: pick(this.frequency), monetary: pick(this.monetary), length: n };
  }

  /** Whether a member was already passed in this run (ids come in ascending order: binary search). */
  has(id: Types.ObjectId): boolean {
    const key = Buffer.from(id.id);
    let lo = 0;
    let hi = this.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const order = this.ids.compare(key, 0, 12, mid * 12, mid * 12 + 12);
      if (order === 0) return true;
      if (order > 0) hi = mid - 1;
      else lo = mid + 1;
    }
    return false;
  }

  idAt(i: number): Types.ObjectId {
    return new Types.ObjectId(this.ids.subarray(i * 12, i * 12 + 12));
  }

  private grow(): void {
    const capacity = this.capacity * 2;
    const grow = <T extends Float64Array | Uint8Array | Uint32Array>(a: T, factor = 1): T => {
      const next = new (a.constructor as new (n: number) => T)(capacity * factor);
      next.set(a);
      return next;
    };
    const ids = Buffer.alloc(capacity * 12);
    this.ids.copy(ids);
    this.ids = ids;
    this.scored = grow(this.scored);
    this.recency = grow(this.recency);
    this.frequency = grow(this.frequency);
    this.monetary = grow(this.monetary);
    this.scores = grow(this.scores, 3);
    this.combination = grow(this.combination);
    this.capacity = capacity;
  }
}

/**
 * Keeps the member profiles (RFM, lifecycle stage, churn risk) current.
 *
 * The full recompute streams three cursors in member-id order and merges them: active members (by _id),
 * applied purchases (by memberId through the { memberId, paidAt } index) and the stored profiles (their
 * hash only). Each member's purchases are folded as they pass (constant memory per member; purchases are
 * never held), the profile is rewritten only when its hash or scores changed, and the stage goes into the
 * dated snapshot. Scores in that pass use the previous run's quantile model; the model is then fitted on
 * this run's raw values (kept in typed columns, ~40 bytes a member) and a second pass over the columns
 * rewrites the scores of the members it moves. Sales per store and day and the distributions by store
 * combination are rolled up on the way.
 *
 * The incremental pass (every minute) recomputes the members whose purchases changed since a watermark on
 * the purchases' updatedAt (the purchases module emits no events), scored with the current model.
 */
@Injectable()
export class ProfileRecomputeService {
  private readonly logger = new Logger('Analytics');
  readonly calendar: BrandCalendar;

  constructor(
    @InjectModel(MemberProfile.name) private readonly profiles: Model<MemberProfile>,
    @InjectModel(MemberDistribution.name) private readonly distributions: Model<MemberDistribution>,
    @InjectModel(MonthlySales.name) private readonly sales: Model<MonthlySales>,
    private readonly snapshots: StageSnapshotsService,
    private readonly settings: AnalyticsSettingsService,
    private readonly state: AnalyticsStateStore,
    private readonly clock: Clock,
    private readonly purchases: PurchaseStore,
    private readonly members: MemberStore,
    @Inject(appConfig.KEY) config: AppConfig,
  ) {
    this.calendar = new BrandCalendar(config.brand.timeZone);
  }

  async model(settings: AnalyticsSettings): Promise<RfmModel | null> {
    const model = await this.state.get<RfmModel>(RFM_MODEL_KEY);
    // A model of another bin count would give scores on the wrong scale: none until the next full run.
    return model && model.bins === settings.rfm.bins ? model : null;
  }

  async recomputeAll(asOf: Date = this.clock.now(), onProgress?: RecomputeProgressCallback): Promise<FullRecomputeSummary> {
    const started = Date.now();
    const startedAt = new Date();
    const run = await this.beginFullRun(asOf);
    if (onProgress) {
      run.onProgress = onProgress;
      run.expected = Object.values(await this.members.activeCountsByTier()).reduce((sum, n) => sum + n, 0);
      await onProgress({ phase: 'profiles', processed: 0, total: run.expected }, false);
    }
    await this.profileMembers(run);
    const profilesWritten = run.writer.written - run.removed;
    const memberCount = await run.snapshot.finish();
    const { model, rescored } = await this.rescoreMembers(run);
    const record = await this.saveFullRun(run, model, {
      asOf: asOf.toISOString(),
      asOfDay: dayString(run.asOfDay),
      generation: run.generation,
      startedAt: startedAt.toISOString(),
      members: memberCount,
    });
    const summary: FullRecomputeSummary = {
      asOfDay: record.asOfDay,
      members: memberCount,
      buyers: run.buyers,
      purchases: run.purchases,
      profilesWritten,
      profilesRemoved: run.removed,
      rescored,
      ms: Date.now() - started,
    };
    this.logger.log(summary, 'analytics full recompute done');
    return summary;
  }

  /** One member's profile computed now from their purchases, scored with the current model; nothing written. */
  async computeMember(
    memberId: Types.ObjectId,
    asOf: Date = this.clock.now(),
  ): Promise<{ profile: MemberProfile; analysis: MemberAnalysis; facts: MemberFacts | null; asOfDay: number } | null> {
    const member = await this.members.activeForProfile(memberId);
    if (!member) return null;
    const settings = await this.settings.get();
    const asOfDay = this.calendar.dayOf(asOf);
    const builder = new MemberFactsBuilder(this.calendar, factsWindowFor(asOfDay, settings));
    for await (const row of this.purchases.appliedOfMember(memberId)) builder.add(row);
    const facts = builder.result();
    const analysis = analyseMember(facts, asOfDay, settings, await this.model(settings));
    return { profile: profileDocument(member, facts, analysis), analysis, facts, asOfDay };
  }

  /** Recomputes and stores one member's profile (the incremental pass). */
  async recomputeMember(memberId: Types.ObjectId, asOf: Date = this.clock.now()): Promise<MemberProfile | null> {
    const computed = await this.computeMember(memberId, asOf);
    if (!computed) {
      await this.profiles.deleteOne({ _id: memberId });
      return null;
    }
    await this.profiles.collection.replaceOne({ _id: memberId }, computed.profile, { upsert: true });
    return computed.profile;
  }

  /**
   * The members whose purchases were recorded, applied or refunded since the watermark, recomputed. Reads
   * a little before the watermark (writes of concurrent requests can land with slightly older timestamps);
   * recomputing a member twice is harmless. At most `maxMembers` per call; the rest on the next.
   */
  async recomputeChanged(maxMembers = 20_000): Promise<{ members: number }> {
    const watermark = await this.state.get<{ at: string; caughtUp?: boolean }>(WATERMARK_KEY);
    if (!watermark) {
      // Nothing computed yet: the first full recompute sets the starting point.
      return { members: 0 };
    }
    const overlapMs = watermark.caughtUp === false ? 0 : 2 * 60_000;
    const since = new Date(Date.parse(watermark.at) - overlapMs);
    const changed = this.purchases.changedSince(since);
    const seen = new Set<string>();
    let last = since;
    let caughtUp = true;
    for await (const row of changed) {
      const id = row.memberId.toHexString();
      if (!seen.has(id)) {
        if (seen.size >= maxMembers) {
          caughtUp = false;
          break;
        }
        seen.add(id);
        await this.recomputeMember(row.memberId);
      }
      if (row.updatedAt > last) last = row.updatedAt;
    }
    await changed.close();
    const next = new Date(Math.max(last.getTime(), Date.parse(watermark.at)));
    await this.state.set(WATERMARK_KEY, { at: next.toISOString(), caughtUp });
    return { members: seen.size };
  }

  /** A full run's settings, previous model, rollups and profile writer, before anything is read. */
  private async beginFullRun(asOf: Date): Promise<FullRun> {
    const settings = await this.settings.get();
    const previousModel = await this.model(settings);
    const asOfDay = this.calendar.dayOf(asOf);
    const window = factsWindowFor(asOfDay, settings);
    const generation = new Types.ObjectId().toHexString();
    return {
      settings,
      previousModel,
      asOfDay,
      window,
      generation,
      snapshot: this.snapshots.begin(dayString(asOfDay), generation),
      sales: new SalesRollup(this.calendar),
      distribution: new DistributionRollup(),
      columns: new RfmColumns(),
      writer: new BulkWriter<ProfileWrite>(1000, (ops) => this.profiles.collection.bulkWrite(ops as never, { ordered: false })),
      removed: 0,
      purchases: 0,
      buyers: 0,
      expected: 0,
    };
  }

  /** Active members, applied purchases and stored profiles, each in member-id order. */
  private openFullRunCursors(): {
    members: CursorReader<MemberForProfile>;
    orders: CursorReader<PurchaseSummary>;
    stored: CursorReader<StoredProfile>;
  } {
    const members = new CursorReader(this.members.activeForProfileInIdOrder());
    const orders = new CursorReader(this.purchases.appliedInMemberOrder());
    const stored = new CursorReader<StoredProfile>(
      this.profiles.collection.find(
        {},
        { projection: { sig: 1, r: 1, f: 1, m: 1, segment: 1 }, sort: { _id: 1 }, batchSize: 5000 },
      ) as never,
    );
    return { members, orders, stored };
  }

  /**
   * Pass 1: the three cursors merged in member-id order. Each member's profile is written when it changed
   * (scored with the previous model), their stage snapshotted and their raw values kept for the fit.
   */
  private async profileMembers(run: FullRun): Promise<void> {
    const { members, orders, stored } = this.openFullRunCursors();
    try {
      for (let member = await members.peek(); member; member = await members.peek()) {
        members.take();
        const id = member._id.toHexString();
        const builder = new MemberFactsBuilder(this.calendar, run.window);
        await this.foldPurchasesUpTo(id, orders, builder, run);
        const existing = await this.storedProfileOf(id, stored, run);
        await this.profileMember(member, builder.result(), existing, run);
        if (run.onProgress && run.columns.length % PROGRESS_EVERY === 0) await this.reportProfiles(run, false);
      }
      await this.passRemainder(orders, stored, run);
      await run.writer.flush();
      if (run.onProgress) await this.reportProfiles(run, true);
    } finally {
      await Promise.all([members.close(), orders.close(), stored.close()]);
    }
  }

  private async reportProfiles(run: FullRun, phaseEnd: boolean): Promise<void> {
    const processed = run.columns.length;
    // Members who joined since the count still count: the total never falls below what was passed.
    const total = phaseEnd ? processed : Math.max(run.expected, processed);
    await run.onProgress?.({ phase: 'profiles', processed, total }, phaseEnd);
  }

  /** Takes the purchases up to and including member `id`'s: theirs go into the builder, all into sales. */
  private async foldPurchasesUpTo(
    id: string,
    orders: CursorReader<PurchaseSummary>,
    builder: MemberFactsBuilder,
    run: FullRun,
  ): Promise<void> {
    // Purchases of members before this one belong to deleted members: they still count in sales.
    for (;;) {
      // Synchronous within a batch: no promise per purchase.
      let p = orders.current();
      if (p === undefined) {
        if (!(await orders.refill())) break;
        p = orders.current() as PurchaseSummary;
      }
      const owner = p.memberId.toHexString();
      if (owner > id) break;
      if (owner === id) builder.add(p);
      run.sales.add(p);
      run.purchases += 1;
      orders.take();
    }
  }

  /** Takes the stored profiles up to member `id`'s and returns theirs; those of members gone are deleted. */
  private async storedProfileOf(
    id: string,
    stored: CursorReader<StoredProfile>,
    run: FullRun,
  ): Promise<StoredProfile | undefined> {
    let existing: StoredProfile | undefined;
    for (let s = await stored.peek(); s; s = await stored.peek()) {
      const storedId = s._id.toHexString();
      if (storedId > id) break;
      stored.take();
      if (storedId === id) existing = s;
      else if (!run.columns.has(s._id)) {
        // A profile without an active member (deleted since). A profile this run wrote can show up too
        // (a cursor may return documents inserted behind it): that one is kept.
        await run.writer.add({ deleteOne: { filter: { _id: s._id } } });
        run.removed += 1;
      }
    }
    return existing;
  }

  /** One member in pass 1: analysed, the profile rewritten when it changed, stage and store combination counted. */
  private async profileMember(
    member: MemberForProfile,
    facts: MemberFacts | null,
    existing: StoredProfile | undefined,
    run: FullRun,
  ): Promise<void> {
    if (facts) run.buyers += 1;
    const analysis = analyseMember(facts, run.asOfDay, run.settings, run.previousModel);
    const profile = profileDocument(member, facts, analysis);
    if (!existing || existing.sig !== profile.sig || scoresDiffer(existing, profile)) {
      await run.writer.add({ replaceOne: { filter: { _id: member._id }, replacement: profile, upsert: true } });
    }
    await run.snapshot.add(member._id.toHexString(), analysis.stage);
    const combination = run.distribution.add(profile.storeCodes, {
      tier: profile.tier,
      stage: profile.stage,
      churnLevel: profile.churnLevel,
    });
    run.columns.push(
      member._id,
      facts ? rfmRawOf(facts, run.asOfDay) : null,
      analysis.rfm ? [analysis.rfm.r, analysis.rfm.f, analysis.rfm.m] : [],
      combination,
    );
  }

  /** Purchases after the last member, and profiles of members gone since. */
  private async passRemainder(
    orders: CursorReader<PurchaseSummary>,
    stored: CursorReader<StoredProfile>,
    run: FullRun,
  ): Promise<void> {
    for (let p = await orders.peek(); p; p = await orders.peek()) {
      run.sales.add(p);
      run.purchases += 1;
      orders.take();
    }
    for (let s = await stored.peek(); s; s = await stored.peek()) {
      if (!run.columns.has(s._id)) {
        await run.writer.add({ deleteOne: { filter: { _id: s._id } } });
        run.removed += 1;
      }
      stored.take();
    }
  }

  /** Pass 2: the model of this run's values; rescore the members it moves. */
  private async rescoreMembers(run: FullRun): Promise<{ model: RfmModel; rescored: number }> {
    const { columns, distribution, writer, settings } = run;
    const fitted = columns.scoredColumns();
    const model = fitRfmModel(fitted, fitted.length, settings.rfm.bins);
    const rescoredBefore = writer.written;
    const total = columns.length;
    await run.onProgress?.({ phase: 'rescoring', processed: 0, total }, false);
    for (let i = 0; i < columns.length; i++) {
      if (run.onProgress && i > 0 && i % PROGRESS_EVERY === 0)
        await run.onProgress({ phase: 'rescoring', processed: i, total }, false);
      if (!columns.scored[i]) continue;
      const scores = rfmScores(
        { recencyDays: columns.recency[i], frequency: columns.frequency[i], monetaryFen: columns.monetary[i] },
        model,
      );
      const segment = rfmSegment(scores, model.bins, settings.rfm.segmentGrid);
      distribution.addSegment(columns.combination[i], segment);
      // The first pass's segment followed from its scores and the current grid: same scores, same segment.
      const [r, f, m] = columns.scores.subarray(i * 3, i * 3 + 3);
      if (r !== scores.r || f !== scores.f || m !== scores.m) {
        await writer.add({ updateOne: { filter: { _id: columns.idAt(i) }, update: { $set: { ...scores, segment } } } });
      }
    }
    await writer.flush();
    await run.onProgress?.({ phase: 'rescoring', processed: total, total }, true);
    return { model, rescored: writer.written - rescoredBefore };
  }

  /** Stores the model, sales and distributions, then the record naming this run current, and moves the watermark. */
  private async saveFullRun(run: FullRun, model: RfmModel, record: RecomputeRecord): Promise<RecomputeRecord> {
    await this.state.set(RFM_MODEL_KEY, model);
    await this.writeSales(run.sales);
    await this.writeDistributions(run.distribution, run.generation);
    await this.state.set(RECOMPUTE_KEY, record);
    await this.distributions.deleteMany({ generation: { $ne: run.generation } });
    // The incremental pass carries on from this run's start: what changed during it is looked at again.
    const watermark = await this.state.get<{ at: string }>(WATERMARK_KEY);
    if (!watermark || watermark.at < record.startedAt)
      await this.state.set(WATERMARK_KEY, { at: record.startedAt, caughtUp: true });
    return record;
  }

  /** Rewrites the monthly sales documents that changed and drops those no longer backed by purchases. */
  private async writeSales(rollup: SalesRollup): Promise<void> {
    const rows = rollup.result();
    const existing = new Map<string, string>();
    for await (const doc of this.sales.collection.find({})) existing.set(String(doc._id), JSON.stringify(doc.days));
    const ops: unknown[] = [];
    for (const row of rows) {
      if (existing.get(row._id) !== JSON.stringify(row.days))
        ops.push({ replaceOne: { filter: { _id: row._id }, replacement: row, upsert: true } });
      existing.delete(row._id);
    }
    for (const id of existing.keys()) ops.push({ deleteOne: { filter: { _id: id } } });
    for (let i = 0; i < ops.length; i += 1000)
      await this.sales.collection.bulkWrite(ops.slice(i, i + 1000) as never, { ordered: false });
  }

  /** Writes this run's distributions under its generation; the record names it current, then older ones go. */
  private async writeDistributions(rollup: DistributionRollup, generation: string): Promise<void> {
    const docs = rollup.result().map((combo) => ({ generation, ...combo }));
    for (let i = 0; i < docs.length; i += 1000) await this.distributions.collection.insertMany(docs.slice(i, i + 1000));
  }
}
