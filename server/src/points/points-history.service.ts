import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { PointsHistory } from '@memberloop/shared';
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
    return {
      entries: page.map((e) => ({
        id: e._id.toHexString(),
        kind: e.kind,
        points: e.points,
        ...pointsReasonOf(e),
        occurredAt: e.occurredAt.toISOString(),
        balanceAfter: e.balanceAfter,
      })),
      ...(rows.length > limit ? { nextCursor: page[page.length - 1]._id.toHexString() } : {}),
    };
  }
}
