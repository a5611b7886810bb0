import { performance } from 'node:perf_hooks';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { StaffRole } from './schemas/staff-role.schema';
import { staffRoleWritesHere } from './staff-role-writes';

/** How long this process trusts its list of the members who hold a staff role before reading it again. */
export const STAFF_HOLDERS_REFRESH_MS = 2_000;

/**
 * Which members may hold a staff role, kept in this process so the member card (read far more often than any
 * role changes) needs no read of `staff_roles` for the members who hold none, nearly all of them. The list only
 * says who to ask: a member on it has their role read from the database at each request, so a revocation (or
 * any change of role) applies at once, from whatever process made it. A member not on it is answered "no role":
 * a grant made in this process shows at once (any write through the model makes the list be read again after
 * it, and a grant in a transaction, which may commit after that read, is noted here first); one made elsewhere
 * (another server process, a direct write to the collection) shows once the list is read again, within
 * STAFF_HOLDERS_REFRESH_MS. The access guard never uses this list: staff rights are always read from the database.
 */
@Injectable()
export class StaffHolders {
  private holders: Set<string> | undefined;
  private readAt = 0;
  /** staffRoleWritesHere() when the list was last read. */
  private writesSeen = -1;
  private refreshing: Promise<void> | undefined;
  /**
   * The members granted a role by this process. Kept for the process's life (grants are rare): a grant's
   * transaction may commit after a read of the list began, which then misses it.
   */
  private readonly noted = new Set<string>();

  constructor(@InjectModel(StaffRole.name) private readonly roles: Model<StaffRole>) {}

  /** A role is about to be granted to the member (call before writing it): they are asked about from now on. */
  note(memberId: Types.ObjectId): void {
    const id = memberId.toHexString();
    this.noted.add(id);
    this.holders?.add(id);
  }

  /** False only when the member holds no staff role as of the list's latest read (and no grant here since). */
  async mayHold(memberId: Types.ObjectId): Promise<boolean> {
    if (!this.holders || staffRoleWritesHere() !== this.writesSeen || performance.now() - this.readAt >= STAFF_HOLDERS_REFRESH_MS)
      await this.refresh();
    return this.holders!.has(memberId.toHexString());
  }

  private refresh(): Promise<void> {
    this.refreshing ??= this.read().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  private async read(): Promise<void> {
    const startedAt = performance.now();
    const writesSeen = staffRoleWritesHere();
    const roles = await this.roles.collection
      .find<{ memberId: Types.ObjectId }>({}, { projection: { _id: 0, memberId: 1 } })
      .toArray();
    this.holders = new Set([...roles.map((r) => r.memberId.toHexString()), ...this.noted]);
    this.readAt = startedAt;
    this.writesSeen = writesSeen;
  }
}
