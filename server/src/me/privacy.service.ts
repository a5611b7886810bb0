import { Injectable } from '@nestjs/common';
import type { MyDataExport } from '@memberloop/shared';
import { Types } from 'mongoose';
import { RefreshTokenStore } from '../auth';
import { StaffRoleStore } from '../staff';
import { AssistsService } from '../assists';
import { Clock } from '../common/clock/clock';
import { ActivitiesService } from '../communities';
import { ActivitySignUpsService } from '../communities';
import { CommunitiesService } from '../communities';
import { GroupBuyGroupsService } from '../group-buys';
import { AppError } from '../common/errors/app-error';
import { CouponsService } from '../coupons';
import { MembersService, MemberStore } from '../members';
import { PointsHistoryService } from '../points';
import { PointsLedgerService } from '../points';
import { PointsStore } from '../points';
import { PurchaseStore } from '../purchases';
import { PostsService } from '../posts';
import { ReferralsService } from '../referrals';
import { ReviewsService } from '../reviews';
import { TierHistoryStore } from '../tiers';
import { ProfileService } from './profile.service';
import { AvatarsService } from './avatars.service';

/** The most statement lines an export carries (years of daily activity). */
const EXPORT_ENTRIES = 100_000;

/** The member's rights over their data: a full copy, and deleting the account. */
@Injectable()
export class PrivacyService {
  constructor(
    private readonly members: MemberStore,
    private readonly directory: MembersService,
    private readonly purchases: PurchaseStore,
    private readonly points: PointsStore,
    private readonly tierHistory: TierHistoryStore,
    private readonly refreshTokens: RefreshTokenStore,
    private readonly staffRoles: StaffRoleStore,
    private readonly profiles: ProfileService,
    private readonly history: PointsHistoryService,
    private readonly ledger: PointsLedgerService,
    private readonly coupons: CouponsService,
    private readonly reviews: ReviewsService,
    private readonly referrals: ReferralsService,
    private readonly posts: PostsService,
    private readonly avatars: AvatarsService,
    private readonly groupBuys: GroupBuyGroupsService,
    private readonly assists: AssistsService,
    private readonly communities: CommunitiesService,
    private readonly activities: ActivitiesService,
    private readonly signUps: ActivitySignUpsService,
    private readonly clock: Clock,
  ) {}

  async export(memberId: Types.ObjectId): Promise<MyDataExport> {
    const member = await this.directory.findById(memberId);
    if (!member) throw new AppError('NOT_FOUND', 'No such member.');
    const [profile, statement, balance, purchases, available, used, expired, reviews, signIns, tierHistory] = await Promise.all([
      this.profiles.profileOf(memberId),
      this.history.page(memberId, EXPORT_ENTRIES),
      this.ledger.balanceOf(memberId),
      this.purchases.exportMember(memberId),
      this.coupons.wallet(memberId, 'available'),
      this.coupons.wallet(memberId, 'used'),
      this.coupons.wallet(memberId, 'expired'),
      this.reviews.mine(memberId),
      this.points.exportSignInDays(memberId),
      this.tierHistory.exportMember(memberId),
    ]);
    return {
      exportedAt: this.clock.now().toISOString(),
      profile,
      tier: {
        code: member.tier.code,
        since: member.tier.since.toISOString(),
        heldUntil: member.tier.heldUntil.toISOString(),
        history: tierHistory.map((h) => ({ kind: h.kind, from: h.from, to: h.to, at: h.at.toISOString(), reason: h.reason })),
      },
      points: { balance: balance.balance, entries: statement.entries },
      purchases: purchases.map((p) => ({
        orderId: p.orderId,
        channel: p.channel,
        ...(p.storeCode ? { storeCode: p.storeCode } : {}),
        paidAt: p.paidAt.toISOString(),
        totalFen: p.totalFen,
        refundedFen: p.refundedFen,
        lines: p.lines.map((l) => ({ sku: l.sku, category: l.category, quantity: l.quantity, unitPriceFen: l.unitPriceFen })),
      })),
      coupons: [...available, ...used, ...expired],
      reviews,
      signInDays: signIns.map((s) => s.day),
      ...(await this.engagementOf(memberId)),
    };
  }

  /**
   * Deletes the account: every piece of personal data is erased from the member record (identities, phone,
   * profile, consents), their reviews are removed, sessions and staff roles end. The ledger and orders stay
   * for the brand's accounts, tied only to an id that no longer names anyone; remaining points are forfeited.
   * The same WeChat account can register afresh later.
   */
  async deleteAccount(memberId: Types.ObjectId): Promise<{ deleted: true }> {
    const now = this.clock.now();
    const erased = await this.members.eraseMember(memberId, now);
    if (!erased) throw new AppError('NOT_FOUND', 'No such member.');
    await Promise.all([
      this.refreshTokens.revokeAllOf(memberId, now),
      this.staffRoles.eraseMember(memberId),
      this.reviews.deleteAllOf(memberId),
      this.referrals.forget(memberId),
      this.posts.deleteAllOf(memberId),
      this.avatars.removeAll(memberId),
    ]);
    // One after another: leaving communities promotes waitlists, which must see the seats freed.
    await this.signUps.forgetMember(memberId);
    return { deleted: true };
  }

  /** What the member did in the engagement features: invitations, group-buys, assists, posts, communities. */
  private async engagementOf(memberId: Types.ObjectId) {
    const [referral, groupBuys, assistTasks, posts, communities, upcoming, past] = await Promise.all([
      this.referrals.mine(memberId),
      this.groupBuys.mine(memberId),
      this.assists.mine(memberId),
      this.posts.mine(memberId),
      this.communities.forMember(memberId),
      this.activities.mine(memberId, 'upcoming'),
      this.activities.mine(memberId, 'past'),
    ]);
    return {
      referral: { ...(referral.invitedBy ? { invitedBy: referral.invitedBy } : {}), invitations: referral.invitations },
      groupBuys,
      assistTasks,
      posts,
      communities: communities.filter((c) => c.joined),
      activities: [...upcoming, ...past],
    };
  }
}
