import { Injectable, type OnModuleInit } from '@nestjs/common';
import { Types } from 'mongoose';
import { CouponsService } from '../coupons';
import { MembersService } from '../members';
import { PURCHASE_HOOK_ORDER, PurchaseHooks, withThisPurchase, type PurchaseEvent, type RefundEvent } from '../purchases';
import { QualifyingStatsService } from '../purchases';
import { TierStandingService } from './tier-standing.service';

/**
 * The tier after a purchase (lifted at once when the rolling figures with its points qualify, with the reached
 * tier's gift bundle) and after a refund (held only while the rest of the member's year still qualifies).
 */
@Injectable()
export class TierPurchaseHook implements OnModuleInit {
  constructor(
    private readonly hooks: PurchaseHooks,
    private readonly standing: TierStandingService,
    private readonly stats: QualifyingStatsService,
    private readonly members: MembersService,
    private readonly coupons: CouponsService,
  ) {}

  onModuleInit(): void {
    this.hooks.register({
      name: 'tier',
      order: PURCHASE_HOOK_ORDER.tier,
      afterPurchase: (event) => this.afterPurchase(event),
      afterRefund: (event) => this.afterRefund(event),
    });
  }

  async afterPurchase(event: PurchaseEvent): Promise<void> {
    const { member, purchase, fresh } = event;
    const change = await this.standing.evaluateAfterPurchase(member, withThisPurchase(event), purchase._id);
    event.tier = { code: change.standing.tierCode, ...(change.kind === 'upgraded' ? { upgradedFrom: change.from } : {}) };
    // The tier this purchase lifted the member to: just now, or by an earlier run of this purchase that did not
    // finish (a crash, a concurrent retry), so its gift bundle is issued exactly once, keyed by the purchase.
    // A purchase this call has just recorded had no earlier run: no read for it.
    const upgradedTo =
      change.kind === 'upgraded'
        ? change.standing.tierCode
        : fresh
          ? undefined
          : await this.standing.upgradeCausedBy(member._id, purchase._id);
    if (upgradedTo) await this.issueBundle(member._id, upgradedTo, purchase._id);
  }

  async afterRefund(event: RefundEvent): Promise<void> {
    const member = await this.members.findById(event.purchase.memberId);
    if (!member) return;
    const stats = await this.stats.rolling12Months(member._id, event.now);
    await this.standing.reviewAfterRefund(member, stats, event.purchase._id);
  }

  /** The reached tier's upgrade gifts (coupons), each keyed by member, tier, purchase and template. */
  private async issueBundle(memberId: Types.ObjectId, tierCode: string, purchaseId: Types.ObjectId): Promise<void> {
    const reached = this.standing.tierByCode(tierCode);
    for (const templateId of reached.benefits.couponTemplateIds ?? []) {
      await this.coupons.issue(
        memberId,
        new Types.ObjectId(templateId),
        `tier-upgrade:${memberId.toHexString()}:${reached.code}:${purchaseId.toHexString()}:${templateId}`,
      );
    }
  }
}
