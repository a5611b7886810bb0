import { Global, Injectable, Module } from '@nestjs/common';
import type { QualifyingStats } from '@memberloop/shared';
import type { Types } from 'mongoose';
import type { LeanMember } from '../members';
import { rollingYearStart, type PurchaseMeasures } from './domain/purchase-measures';
import type { ClaimedRefund, Purchase } from './schemas/purchase.schema';

export type LeanPurchase = Purchase & { _id: Types.ObjectId; createdAt?: Date };

/**
 * A purchase being applied, passed from hook to hook in their order. The purchase, its member and its measures are
 * read once by the ingest; each hook adds what it decided (the earning its points, the tier hook the standing),
 * so a later hook sees an earlier one's outcome without reading it back.
 */
export interface PurchaseEvent {
  readonly purchase: LeanPurchase;
  readonly member: LeanMember;
  /** Recorded by this call: no earlier run of it can have left anything behind. */
  readonly fresh: boolean;
  readonly now: Date;
  /** The member's other purchases, measured once (see PurchaseMeasures). */
  readonly around: PurchaseMeasures;
  /** Set by the earning hook: the points earned (after the caps) and each line's share. */
  earned: { points: number; linePoints: number[]; entryId?: Types.ObjectId; balance?: number };
  /** Set by the tier hook: the tier after the purchase, and the one it came from when the purchase lifted it. */
  tier: { code: string; upgradedFrom?: string };
  /**
   * Set before the earning by the paid membership hook: the extra multiplier of the member's paid membership active
   * when the purchase was paid (absent: none).
   */
  paidMembershipMultiplier?: number;
  /** Set before the earning by the region packs' hook: the largest extra multiplier of a pack that applies. */
  regionPackMultiplier?: number;
  /** A hook moved the member's points after the earning: the balance it committed is no longer the latest. */
  balanceStale: boolean;
}

/** A refund just applied to its purchase (its points and checkout points are back in the ledger already). */
export interface RefundEvent {
  readonly purchase: LeanPurchase;
  readonly claim: ClaimedRefund;
  /** Nothing of the order is left. */
  readonly fullyRefunded: boolean;
  readonly now: Date;
}

/**
 * What a feature does when a purchase is applied or refunded. Every hook must be idempotent (keyed by the
 * purchase or refund): a retry, or the recovery job after a crash, runs the hooks of an unfinished purchase
 * again. A hook that moves money does it in its own transaction keyed by the purchase.
 */
export interface PurchaseHook {
  /** For logs and the order of the hooks (PURCHASE_HOOK_ORDER); unique. */
  readonly name: string;
  readonly order: number;
  afterPurchase?(event: PurchaseEvent): Promise<void>;
  afterRefund?(event: RefundEvent): Promise<void>;
}

/**
 * The hooks' order: the paid membership's and the region packs' multipliers before the earning, the earning (the tier counts its points),
 * then the tier, the tasks, the referral.
 */
export const PURCHASE_HOOK_ORDER = {
  paidMembership: 50,
  regionPackMultiplier: 60,
  earning: 100,
  tier: 200,
  tasks: 300,
  referral: 400,
  coupons: 500,
} as const;

/**
 * Where features register what they do after a purchase or a refund (in `onModuleInit`), so the ingest runs
 * them without knowing any of them: purchases depend on no feature that reacts to them.
 */
@Injectable()
export class PurchaseHooks {
  private readonly hooks: PurchaseHook[] = [];

  register(hook: PurchaseHook): void {
    if (this.hooks.some((h) => h.name === hook.name)) throw new Error(`purchase hook ${hook.name} is registered twice`);
    this.hooks.push(hook);
    this.hooks.sort((a, b) => a.order - b.order);
  }

  /** The registered hooks, in their order. */
  get all(): readonly PurchaseHook[] {
    return this.hooks;
  }

  async afterPurchase(event: PurchaseEvent): Promise<void> {
    for (const hook of this.hooks) await hook.afterPurchase?.(event);
  }

  async afterRefund(event: RefundEvent): Promise<void> {
    for (const hook of this.hooks) await hook.afterRefund?.(event);
  }
}

/** The registry alone, so a feature registering a hook does not pull in the ingest and its dependencies. */
@Global()
@Module({ providers: [PurchaseHooks], exports: [PurchaseHooks] })
export class PurchaseHooksModule {}

/** The member's rolling-12-month figures with this purchase added, when it was paid within the window. */
export function withThisPurchase(event: PurchaseEvent): QualifyingStats {
  const { around, purchase: current, now } = event;
  const inWindow = current.paidAt > rollingYearStart(now);
  return {
    spendFen: around.others.spendFen + (inWindow ? current.totalFen - current.refundedFen : 0),
    purchaseCount: around.others.purchaseCount + (inWindow && current.refundedFen < current.totalFen ? 1 : 0),
    pointsEarned: around.others.pointsEarned + (inWindow ? event.earned.points : 0),
  };
}
