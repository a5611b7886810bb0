import { Injectable } from '@nestjs/common';
import type { StageMigrationView } from '@memberloop/shared';
import { MemberStore } from '../members';
import { type AnalyticsScope } from './analytics-scope';
import { StageSnapshotsService } from './stage-snapshots.service';

/** Stage-to-stage migration between two days, for HQ or a manager's stores (their members as they are now). */
@Injectable()
export class MigrationService {
  constructor(
    private readonly snapshots: StageSnapshotsService,
    private readonly members: MemberStore,
  ) {}

  async migration(scope: AnalyticsScope, from: string, to: string): Promise<StageMigrationView> {
    let include: ((id: string) => boolean) | undefined;
    if (scope.kind === 'stores') {
      const ids = new Set<string>();
      for await (const m of this.members.idsInStores(scope.stores)) {
        ids.add(String(m._id));
      }
      include = (id) => ids.has(id);
    }
    return this.snapshots.migration(from, to, include);
  }
}
