import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { PointsEntryView, PointsHistory, StaffPointsEntryView } from '@memberloop/shared';
import { Model, Types } from 'mongoose';
import { pointsReasonOf } from './domain/points-reason';
import { PointsEntry } from './schemas/points-entry.schema';

/**
 * The member's points statement, newest first, paged by a cursor (stable while new entries arrive). Each entry says
 * why by a code and safe parameters (domain/points-reason.ts): the staff's free text stays in the ledger.
 */
@Injectable()
export class PointsHistoryService {
  constructor(@InjectModel(PointsEntry.name) private readonly entries: Model<PointsEntry>) {}

  async page(memberId: Types.ObjectId, limit: number, cursor?: string): Promise<PointsHistory> {
    const { page, nextCursor } = await this.rows(memberId, limit, cursor);
    return {
      entries: page.map(memberEntryOf),
      ...(nextCursor ? { nextCursor } : {}),
    };
  }

  /**
   * The same statement for HQ: each line also carries the note its writer gave (a staff adjustment's reason), its
   * source and, for an HQ adjustment, the HQ account that made it.
   */
  async staffPage(
    memberId: Types.ObjectId,
    limit: number,
    cursor: string | undefined,
  ): Promise<{ entries: StaffPointsEntryView[]; nextCursor?: string }> {
    const { page, nextCursor } = await this.rows(memberId, limit, cursor);
    return { entries: page.map(staffEntryOf), ...(nextCursor ? { nextCursor } : {}) };
  }

  /** A page of the member's entries, newest first, after the entry `cursor` names (stable while new entries arrive). */
  private async rows(memberId: Types.ObjectId, limit: number, cursor?: string) {
    const filter: Record<string, unknown> = { memberId };
    if (cursor) {
      const after = await this.entries.findOne({ _id: new Types.ObjectId(cursor), memberId }, { occurredAt: 1 }).lean();
      if (after)
        filter.$or = [{ occurredAt: { $lt: after.occurredAt } }, { occurredAt: after.occurredAt, _id: { $lt: after._id } }];
    }
    const rows = await this.entries
      .find(filter)
      .sort({ occurredAt: -1, _id: -1 })
      .limit(limit + 1)
      .lean();
    const page = rows.slice(0, limit);
    return { page, nextCursor: rows.length > limit ? page[page.length - 1]._id.toHexString() : undefined };
  }
}

/** Where an HQ adjustment records the member number of the HQ account that made it (its source id). */
export const HQ_ADJUSTMENT_SOURCE = 'hq-adjustment';

/** A ledger line as HQ reads it (see StaffPointsEntryView). */
export function staffEntryOf(e: PointsEntry & { _id: Types.ObjectId }): StaffPointsEntryView {
  return {
    ...memberEntryOf(e),
    note: e.reason,
    source: { type: e.source.type, id: e.source.id },
    ...(e.source.type === HQ_ADJUSTMENT_SOURCE ? { byMemberNo: e.source.id } : {}),
  };
}

/** A statement line as the member reads it: a code and safe parameters, never the staff's words. */
function memberEntryOf(e: PointsEntry & { _id: Types.ObjectId }): PointsEntryView {
  return {
    id: e._id.toHexString(),
    kind: e.kind,
    points: e.points,
    ...pointsReasonOf(e),
    occurredAt: e.occurredAt.toISOString(),
    balanceAfter: e.balanceAfter,
  };
}
