import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { MemberStage } from '@memberloop/shared';
import { Model } from 'mongoose';
import { dayString, monthsBefore, parseDay } from './domain/calendar';
import { SnapshotWriter, snapshotEntries, stageMigration, type SnapshotChunk } from './domain/stage-snapshot';
import { StageSnapshotChunk, StageSnapshotDay } from './schemas/analytics-state.schema';

/** Members per chunk: 50,000 × 13 bytes ≈ 650 KB a document. */
const CHUNK_MEMBERS = 50_000;
/** Every day's snapshot is kept this long; after it, the first of each month, for MONTHLY_KEPT months. */
const DAILY_KEPT_DAYS = 62;
const MONTHLY_KEPT = 25;

export interface SnapshotSession {
  add(memberIdHex: string, stage: MemberStage): Promise<void>;
  /** Marks the snapshot complete (its day now reads it) and prunes old ones. */
  finish(): Promise<number>;
}

/** Dated snapshots of every member's stage (one per full recompute) and stage-to-stage migration between two. */
@Injectable()
export class StageSnapshotsService {
  constructor(
    @InjectModel(StageSnapshotChunk.name) private readonly chunks: Model<StageSnapshotChunk>,
    @InjectModel(StageSnapshotDay.name) private readonly days: Model<StageSnapshotDay>,
  ) {}

  begin(day: string, generation: string): SnapshotSession {
    const pending: SnapshotChunk[] = [];
    const writer = new SnapshotWriter(CHUNK_MEMBERS, (chunk) => pending.push(chunk));
    let chunk = 0;
    let members = 0;
    const drain = async () => {
      for (let next = pending.shift(); next; next = pending.shift()) {
        await this.chunks.collection.insertOne({
          day,
          generation,
          chunk: chunk++,
          ids: Buffer.from(next.ids),
          stages: Buffer.from(next.stages),
        });
      }
    };
    return {
      add: async (id, stage) => {
        writer.add(id, stage);
        members += 1;
        if (pending.length > 0) await drain();
      },
      finish: async () => {
        writer.end();
        await drain();
        await this.days.updateOne({ _id: day }, { $set: { generation, members, takenAt: new Date() } }, { upsert: true });
        await this.chunks.deleteMany({ day, generation: { $ne: generation } });
        await this.prune(day);
        return members;
      },
    };
  }

  /** Migration between the latest complete snapshots on or before each day; `include` narrows to some members. */
  async migration(
    fromDay: string,
    toDay: string,
    include?: (memberIdHex: string) => boolean,
  ): Promise<{ from: string | null; to: string | null; members: number; matrix: ReturnType<typeof stageMigration>['matrix'] }> {
    const [from, to] = await Promise.all([this.latestOnOrBefore(fromDay), this.latestOnOrBefore(toDay)]);
    if (!from || !to) return { from: from?._id ?? null, to: to?._id ?? null, members: 0, matrix: [] };
    const result = stageMigration(snapshotEntries(await this.load(from)), snapshotEntries(await this.load(to)), include);
    return { from: from._id, to: to._id, ...result };
  }

  private latestOnOrBefore(day: string): Promise<StageSnapshotDay | null> {
    return this.days
      .findOne({ _id: { $lte: day } })
      .sort({ _id: -1 })
      .lean();
  }

  private async load(day: StageSnapshotDay): Promise<SnapshotChunk[]> {
    const docs = await this.chunks
      .find({ day: day._id, generation: day.generation })
      .sort({ chunk: 1 })
      .lean<Array<{ ids: unknown; stages: unknown }>>();
    return docs.map((d) => ({ ids: bytes(d.ids), stages: bytes(d.stages) }));
  }

  /** Daily snapshots for two months, then the first snapshot of each month for two years. */
  private async prune(today: string): Promise<void> {
    const dailyFrom = dayString(parseDay(today) - DAILY_KEPT_DAYS);
    const monthlyFrom = dayString(monthsBefore(parseDay(today), MONTHLY_KEPT));
    const older = await this.days
      .find({ _id: { $lt: dailyFrom } }, { _id: 1 })
      .sort({ _id: 1 })
      .lean();
    const keptMonths = new Set<string>();
    const drop: string[] = [];
    for (const { _id: day } of older) {
      if (day >= monthlyFrom && !keptMonths.has(day.slice(0, 7))) keptMonths.add(day.slice(0, 7));
      else drop.push(day);
    }
    if (drop.length === 0) return;
    await this.days.deleteMany({ _id: { $in: drop } });
    await this.chunks.deleteMany({ day: { $in: drop } });
  }
}

/** A stored Binary (or Buffer) as bytes. */
function bytes(value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return value;
  const binary = value as { buffer?: Uint8Array; value?: () => Uint8Array };
  if (binary.buffer instanceof Uint8Array) return binary.buffer;
  throw new TypeError('a snapshot chunk holds no bytes');
}
