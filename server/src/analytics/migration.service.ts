import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { StageMigrationView } from '@memberloop/shared';
import { Model } from 'mongoose';
import { Member } from '../members';
import { type AnalyticsScope } from './analytics-scope';
import { StageSnapshotsService } from './stage-snapshots.service';

/** Stage-to-stage migration between two days, for HQ or a manager's stores (their members as they are now). */
@Injectable()
export class MigrationService {
  constructor(
    private readonly snapshots: StageSnapshotsService,
    @InjectModel(Member.name) private readonly members: Model<Member>,
  ) {}

  async migration(scope: AnalyticsScope, from: string, to: string): Promise<StageMigrationView> {
    let include: ((id: string) => boolean) | undefined;
    if (scope.kind === 'stores') {
      const ids = new Set<string>();
      for await (const m of this.members.collection.find({ storeCodes: { $in: scope.stores } }, { projection: { _id: 1 } })) {
        ids.add(String(m._id));
      }
      include = (id) => ids.has(id);
    }
    return this.snapshots.migration(from, to, include);
  }
}
