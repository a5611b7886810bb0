import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { Clock } from '../common/clock/clock';
import { StaffRightsLookup, type StaffRights } from '../common/auth/staff-rights.lookup';
import { StaffRole, onStaffRolesWritten } from './schemas/staff-role.schema';

/**
 * How long a staff member's rights are reused from memory. A change made through this instance applies at once
 * (every write to staff roles empties the cache); one made elsewhere (another instance, a script) within this time.
 */
export const STAFF_RIGHTS_TTL_MS = 3_000;
const RIGHTS_KEPT = 10_000;

/**
 * Staff rights read from `staff_roles` on every staff request (never from the access token, which only says who
 * the caller is), with a cache of a few seconds so a busy manager's screen does not read the role each time.
 */
@Injectable()
export class StaffRightsService extends StaffRightsLookup implements OnModuleDestroy {
  private readonly kept = new Map<string, { rights: StaffRights | null; until: number }>();
  /** Bumped by every invalidation: a read that started before it does not put what it read in the cache. */
  private generation = 0;
  private readonly unsubscribe: () => void;

  constructor(
    @InjectModel(StaffRole.name) private readonly roles: Model<StaffRole>,
    private readonly clock: Clock,
  ) {
    super();
    this.unsubscribe = onStaffRolesWritten(() => this.forgetAll());
  }

  /** The member's current staff rights, or null when they hold no staff role. */
  async of(memberId: string): Promise<StaffRights | null> {
    const now = this.clock.now().getTime();
    const kept = this.kept.get(memberId);
    if (kept && kept.until > now) return kept.rights;
    const generation = this.generation;
    const role = Types.ObjectId.isValid(memberId)
      ? await this.roles.findOne({ memberId: new Types.ObjectId(memberId) }, { role: 1, communityIds: 1, storeIds: 1 }).lean()
      : null;
    const rights = role ? { role: role.role, communityIds: role.communityIds ?? [], storeIds: role.storeIds ?? [] } : null;
    if (generation === this.generation) {
      if (this.kept.size >= RIGHTS_KEPT) this.kept.clear();
      this.kept.set(memberId, { rights, until: now + STAFF_RIGHTS_TTL_MS });
    }
    return rights;
  }

  forgetAll(): void {
    this.generation++;
    this.kept.clear();
  }

  onModuleDestroy(): void {
    this.unsubscribe();
  }
}
