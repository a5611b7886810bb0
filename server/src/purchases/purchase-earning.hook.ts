import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { appConfig, type AppConfig } from '../config/app-config';
import { earningRulesOf } from '../points';
import { earnPointsForPurchase, earningForPoints, type EarningInput } from '../points';
import { businessDay } from '../points';
import { pointsExpiryDate } from '../points';
import { PointsLedgerService } from '../points';
import { ProgrammePolicy } from '../programme';
import { PURCHASE_HOOK_ORDER, PurchaseHooks, type PurchaseEvent } from './purchase-hooks';

/** The ledger's name for a purchase: the integration's order id, so two tills' orders never share a key. */
export function purchaseKey(purchase: { integrationId: string; orderId: string }): string {
  return `${purchase.integrationId}:${purchase.orderId}`;
}

/**
 * The purchase's points, by the programme's earning rules and the member's tier benefits, under the earning caps.
 * The caps are applied on the account's counters inside the earning's transaction, so purchases earning at once
 * are capped as if one came after the other; the earning is keyed by the purchase, so a rerun earns nothing twice.
 */
@Injectable()
export class PurchaseEarningHook implements OnModuleInit {
  constructor(
    private readonly hooks: PurchaseHooks,
    private readonly ledger: PointsLedgerService,
    private readonly policy: ProgrammePolicy,
    @Inject(appConfig.KEY) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.hooks.register({ name: 'earning', order: PURCHASE_HOOK_ORDER.earning, afterPurchase: (event) => this.earn(event) });
  }

  async earn(event: PurchaseEvent): Promise<void> {
    const { purchase, member, around, fresh } = event;
    const input = this.earningInput(event);
    // What the purchase earns before the caps.
    let earning = earnPointsForPurchase({ ...input, earnedToday: 0, earnedThisMonth: 0 });
    // A purchase recorded before earnings were keyed by integration and left unapplied keeps its first earning.
    const legacy = fresh ? null : await this.ledger.entryByKey(`purchase:${purchase.orderId}`);
    if (legacy && legacy.memberId.equals(member._id) && legacy.source.id === purchase.orderId) {
      earning = earningForPoints(input, legacy.points);
      event.earned = { points: earning.points, linePoints: earning.lines.map((l) => l.points), entryId: legacy._id };
      return;
    }
    if (earning.points <= 0) {
      event.earned = { points: earning.points, linePoints: earning.lines.map((l) => l.points) };
      return;
    }
    const rules = this.policy.rules().points;
    const day = businessDay(purchase.paidAt, input.timeZone);
    const earned = await this.ledger.earnWithinCaps(
      {
        memberId: member._id,
        points: earning.points,
        reason: purchase.channel === 'store' ? '门店消费' : '线上消费',
        params: {
          channel: purchase.channel,
          // Paid abroad: the statement shows what was paid and the rate it earned at.
          ...(purchase.fx
            ? { fx: { currency: purchase.fx.currency, amountMinor: purchase.fx.totalMinor, rateMicros: purchase.fx.rateMicros } }
            : {}),
        },
        source: { type: 'purchase', id: purchase.orderId },
        idempotencyKey: `purchase:${purchaseKey(purchase)}`,
        occurredAt: purchase.paidAt,
        // Spendable once the return window has passed (the programme's pendingDays, 0 by default).
        availableAt: new Date(purchase.paidAt.getTime() + rules.pendingDays * 86_400_000),
        expiresAt: pointsExpiryDate(purchase.paidAt, rules.validMonths),
      },
      {
        day,
        month: day.slice(0, 7),
        seedToday: around.earnedToday,
        seedThisMonth: around.earnedThisMonth,
        decide: (earnedToday, earnedThisMonth) => earnPointsForPurchase({ ...input, earnedToday, earnedThisMonth }).points,
      },
      fresh ? 'optimistic' : 'checked',
    );
    if (earned.points !== earning.points) earning = earningForPoints(input, earned.points);
    event.earned = {
      points: earning.points,
      linePoints: earning.lines.map((l) => l.points),
      ...(earned.write ? { entryId: earned.write.entry._id, balance: earned.write.balance } : {}),
    };
  }

  private earningInput(event: PurchaseEvent): Omit<EarningInput, 'earnedToday' | 'earnedThisMonth'> {
    const { purchase, member } = event;
    const tier = this.policy.tierByCode(member.tier.code);
    return {
      rules: earningRulesOf(this.policy.rules().earning),
      member: {
        tierCode: member.tier.code,
        tierMultiplier: tier.benefits.pointsMultiplier,
        birthdayMultiplier: tier.benefits.birthdayMultiplier,
        birthday: member.birthday,
        region: member.region,
        ...(event.paidMembershipMultiplier ? { paidMembershipMultiplier: event.paidMembershipMultiplier } : {}),
        ...(event.regionPackMultiplier ? { regionPackMultiplier: event.regionPackMultiplier } : {}),
      },
      channel: purchase.channel,
      paidAt: purchase.paidAt,
      lines: purchase.lines,
      timeZone: this.config.brand.timeZone,
    };
  }
}
