import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { AuditEntryView } from '@memberloop/shared';
import { type ClientSession, Model, Types } from 'mongoose';
import { Clock } from '../common/clock/clock';
import { AuditEntry } from './audit-entry.schema';

export interface AuditActor {
  /** The acting member's id, or `system` for scheduled work. */
  id: string;
  role: string;
}

export interface AuditRecord {
  actor: AuditActor;
  action: string;
  target: { type: string; id: string };
  details?: Record<string, unknown>;
}

export interface AuditQuery {
  action?: string;
  actor?: string;
  targetType?: string;
  targetId?: string;
  limit: number;
  cursor?: string;
}

/**
 * The append-only staff audit log. It offers no way to change or remove an entry. Pass the session of the
 * transaction that makes the change, so the change and its entry are written together or not at all.
 */
@Injectable()
export class AuditLogService implements OnModuleInit {
  constructor(
    @InjectModel(AuditEntry.name) private readonly entries: Model<AuditEntry>,
    private readonly clock: Clock,
  ) {}

  /** The collection exists before another feature's transaction records an entry (a transaction may not create it). */
  async onModuleInit(): Promise<void> {
    await this.entries.init();
  }

  async record(record: AuditRecord, session?: ClientSession): Promise<void> {
    await this.entries.create(
      [
        {
          actor: record.actor.id,
          role: record.actor.role,
          action: record.action,
          target: record.target,
          at: this.clock.now(),
          details: record.details ?? {},
        },
      ],
      { session },
    );
  }

  /** Newest first, a page at a time (the cursor is the last entry's id: entries are never inserted in the past). */
  async page(query: AuditQuery): Promise<{ entries: AuditEntryView[]; nextCursor?: string }> {
    const filter: Record<string, unknown> = {};
    if (query.action) filter.action = query.action;
    if (query.actor) filter.actor = query.actor;
    if (query.targetType) filter['target.type'] = query.targetType;
    if (query.targetId) filter['target.id'] = query.targetId;
    if (query.cursor) filter._id = { $lt: new Types.ObjectId(query.cursor) };
    const rows = await this.entries
      .find(filter)
      .sort({ _id: -1 })
      .limit(query.limit + 1)
      .lean();
    const page = rows.slice(0, query.limit);
    return {
      entries: page.map((e) => ({
        id: e._id.toHexString(),
        actor: e.actor,
        role: e.role,
        action: e.action,
        target: { type: e.target.type, id: e.target.id },
        at: e.at.toISOString(),
        details: e.details ?? {},
      })),
      ...(rows.length > query.limit ? { nextCursor: page[page.length - 1]._id.toHexString() } : {}),
    };
  }
}
