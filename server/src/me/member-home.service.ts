import { Injectable } from '@nestjs/common';
import { computeTierProgress, type MemberHome } from '@memberloop/shared';
import { Types } from 'mongoose';
import { StaffRoleStore } from '../staff';
import { CouponsService } from '../coupons';
import { Clock } from '../common/clock/clock';
import { AppError } from '../common/errors/app-error';
import { MembersService } from '../members';
import { PointsLedgerService } from '../points';
import { QualifyingStatsService } from '../purchases';
import { ProgrammePolicy } from '../programme';
import { PaidMembershipStore } from '../paid-membership';

const EXPIRING_SOON_MS = 30 * 86_400_000;

/** The member card: everything the home page shows, computed with the same shared rules as the mini-program. */
@Injectable()
export class MemberHomeService {
  constructor(
    private readonly members: MembersService,
    private readonly ledger: PointsLedgerService,
    private readonly stats: QualifyingStatsService,
    private readonly ladder: ProgrammePolicy,
    private readonly coupons: CouponsService,
    private readonly clock: Clock,
    private readonly staffRoles: StaffRoleStore,
    private readonly paidMemberships: PaidMembershipStore,
  ) {}

  async homeOf(id: Types.ObjectId): Promise<MemberHome> {
    const now = this.clock.now();
    // Every read at once (the card waits for the slowest, not for their sum): the member's own id is all they need,
    // but for the paid membership, read only when the member document notes a paid term still running.
    const memberRead = this.members.cardOf(id);
    const [member, qualifying, points, availableCoupons, staffRole, paidMembership] = await Promise.all([
      memberRead,
      this.stats.rolling12Months(id, now),
      this.ledger.balanceOf(id, { expiringWithinMs: EXPIRING_SOON_MS }),
      this.coupons.countAvailable(id),
      this.staffRoles.roleNameOf(id),
      memberRead.then((m) =>
        m?.paidMembershipUntil && m.paidMembershipUntil > now ? this.paidMemberships.cardOf(id, now) : undefined,
      ),
    ]);
    if (!member) throw new AppError('NOT_FOUND', 'Your membership no longer exists.');
    const progress = computeTierProgress(this.ladder.tierLadder(), member.tier.code, qualifying);
    return {
      memberId: id.toHexString(),
      memberNo: member.memberNo,
      ...(member.nickname ? { nickname: member.nickname } : {}),
      tier: {
        current: progress.currentTier,
        ...(progress.nextTier ? { next: progress.nextTier } : {}),
        heldUntil: member.tier.heldUntil.toISOString(),
        criteria: progress.criteria,
        ratio: progress.ratio,
        lockedHighlights: progress.lockedHighlights,
      },
      points: {
        balance: points.balance,
        spendable: points.spendable,
        pending: points.pending,
        expiringSoon: points.expiringSoon.map((lot) => ({ points: lot.points, expiresAt: lot.expiresAt.toISOString() })),
      },
      coupons: { available: availableCoupons },
      qualifying,
      ...(staffRole ? { staffRole } : {}),
      ...(paidMembership ? { paidMembership } : {}),
    };
  }
}
