import { Injectable } from '@nestjs/common';
import {
  adjustMemberPoints,
  memberLookupKey,
  type PointsAdjustmentRequest,
  type PointsAdjustmentResult,
  type StaffMemberView,
  type StaffPointsLedger,
} from '@memberloop/shared';
import { Types } from 'mongoose';
import { AuditLogService } from '../audit';
import type { Principal } from '../common/auth/principal';
import { Clock } from '../common/clock/clock';
import { AppError } from '../common/errors/app-error';
import { MembersService } from '../members';
import { HQ_ADJUSTMENT_SOURCE, PointsHistoryService, PointsLedgerService, pointsExpiryDate, staffEntryOf } from '../points';
import { ProgrammePolicy } from '../programme';
import { StaffMemberViews } from './staff-member-views.service';

/**
 * HQ's member desk: find a member by member number or mobile, read their points ledger with staff notes, and
 * correct their points with a mandatory reason, the ledger line and its audit entry in one transaction.
 */
@Injectable()
export class MemberPointsAdmin {
  constructor(
    private readonly members: MembersService,
    private readonly views: StaffMemberViews,
    private readonly history: PointsHistoryService,
    private readonly ledger: PointsLedgerService,
    private readonly audit: AuditLogService,
    private readonly policy: ProgrammePolicy,
    private readonly clock: Clock,
  ) {}

  /** The member a member number or mobile number names (an exact match: none or one). */
  async lookup(text: string): Promise<StaffMemberView[]> {
    const key = memberLookupKey(text);
    if (!key) throw new AppError('VALIDATION_FAILED', 'Type a member number such as M00000042 or an 11-digit mobile number.');
    // A member number or phone of an account HQ merged away finds the account it became.
    const member = await this.members.resolve(key);
    return member ? [await this.views.staffView(member)] : [];
  }

  async ledgerOf(memberNo: string, limit: number, cursor: string | undefined): Promise<StaffPointsLedger> {
    const member = await this.views.byMemberNo(memberNo);
    const [page, points] = await Promise.all([
      this.history.staffPage(member._id, limit, cursor),
      this.ledger.balanceOf(member._id),
    ]);
    return {
      ...page,
      points: { balance: points.balance, spendable: points.spendable, pending: points.pending, debt: points.debt },
    };
  }

  /**
   * Adds (valid as earned points are, spendable at once) or takes (spendable points only: staff never push a member
   * into debt) points. An HQ account never adjusts its own points. The Idempotency-Key makes a retry land once.
   */
  async adjust(
    actor: Extract<Principal, { kind: 'staff' }>,
    memberNo: string,
    request: PointsAdjustmentRequest,
    idempotencyKey: string,
  ): Promise<PointsAdjustmentResult> {
    const member = await this.views.byMemberNo(memberNo);
    if (member._id.toHexString() === actor.memberId)
      throw new AppError('FORBIDDEN', 'You cannot adjust your own points: ask another HQ account.', { reason: 'OWN_ACCOUNT' });
    const actorNo = (await this.members.findById(new Types.ObjectId(actor.memberId)))?.memberNo ?? actor.memberId;
    const written = await this.ledger.adjust({
      memberId: member._id,
      points: request.points,
      reason: request.reason,
      source: { type: HQ_ADJUSTMENT_SOURCE, id: actorNo },
      // The member is part of the key: the same client key used for another member, even a day later, is a new write.
      idempotencyKey: `hq-adjustment:${actor.memberId}:${member._id.toHexString()}:${idempotencyKey}`,
      expiresAt: pointsExpiryDate(this.clock.now(), this.policy.rules().points.validMonths),
      alongside: (session, entry) =>
        this.audit.record(
          {
            actor: { id: actor.memberId, role: actor.role },
            action: 'member.points-adjust',
            target: { type: 'memberNo', id: member.memberNo },
            details: {
              summary: adjustMemberPoints.summary,
              points: request.points,
              reason: request.reason,
              entryId: entry._id.toHexString(),
              balanceAfter: entry.balanceAfter,
            },
          },
          session,
        ),
    });
    const points = await this.ledger.balanceOf(member._id);
    return {
      entry: staffEntryOf(written.entry),
      points: { balance: points.balance, spendable: points.spendable },
      replayed: written.replayed,
    };
  }
}
