import { Inject, Injectable } from '@nestjs/common';
import { brandDay, quantityText } from '@memberloop/shared';
import { Types } from 'mongoose';
import { appConfig, type AppConfig } from '../config/app-config';
import { CouponStore, CouponsService } from '../coupons';
import { NotificationsService, thing } from '../notifications';
import { PointsLedgerService } from '../points';
import { ProgrammePolicy } from '../programme';
import type { ExperimentVariant } from './schemas/campaign-experiment.schema';

/**
 * Gives one member a variant's reward through its owners' own paths: the coupon from the template's stock
 * (CouponsService, issue key unique), the points through the ledger (idempotency key unique), the message through
 * the notifications outbox (dedupe key unique). The same `key` never pays twice, whatever retries or concurrent
 * runs do.
 */
@Injectable()
export class ExperimentRewardService {
  constructor(
    private readonly coupons: CouponsService,
    private readonly couponStore: CouponStore,
    private readonly ledger: PointsLedgerService,
    private readonly programme: ProgrammePolicy,
    private readonly notifications: NotificationsService,
    @Inject(appConfig.KEY) private readonly config: AppConfig,
  ) {}

  /** True when the member has the reward (now or from an earlier run); false when it could not be given. */
  async give(
    memberId: Types.ObjectId,
    variant: ExperimentVariant,
    experimentId: string,
    key: string,
    now: Date,
  ): Promise<boolean> {
    let what = '品牌专属消息';
    const reward = variant.reward;
    if (reward.kind === 'coupon') {
      const outcome = await this.coupons.issueFromStock(memberId, new Types.ObjectId(reward.templateId), key);
      if (outcome !== 'issued' && outcome !== 'already-issued') return false;
      what = `${(await this.couponStore.activeTemplate(reward.templateId))?.name ?? '优惠券'} ${quantityText(1, '张')}`;
    } else if (reward.kind === 'points') {
      await this.ledger.earn({
        memberId,
        points: reward.points,
        reason: `营销活动奖励：${variant.name}`,
        params: { name: variant.message },
        source: { type: 'campaign-experiment', id: experimentId },
        idempotencyKey: key,
        occurredAt: now,
        availableAt: now,
        expiresAt: this.programme.pointsExpiry(now),
      });
      what = quantityText(reward.points, '积分');
    }
    await this.notifications.enqueue({
      memberId,
      kind: 'reward-issued',
      dedupeKey: key,
      page: reward.kind === 'coupon' ? 'packages/coupons/index' : 'pages/me/index',
      data: {
        thing1: thing(variant.message),
        thing2: thing(what),
        date3: { value: brandDay(now, this.config.brand.timeZone) },
      },
    });
    return true;
  }
}
