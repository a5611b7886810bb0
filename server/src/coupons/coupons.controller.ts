import { Controller, Headers, UseGuards } from '@nestjs/common';
import {
  claimCoupon,
  exchangeCoupon,
  getWallet,
  issueCouponToken,
  listClaimableCoupons,
  redeemCoupon,
  type CouponOrderLine,
  type CouponRedemption,
  type CouponTemplateView,
  type CouponView,
} from '@memberloop/shared';
import { Types } from 'mongoose';
import { CurrentPrincipal } from '../common/auth/access.guard';
import { memberIdOf, type Principal } from '../common/auth/principal';
import { ContractBody, ContractParams, ContractQuery, Endpoint } from '../common/contract';
import { Idempotent } from '../common/idempotency';
import { requireIdempotencyKey } from '../common/idempotency-key';
import { CallingIntegration, IntegrationSignatureGuard } from '../integrations';
import { CouponsService } from './coupons.service';

/** The claim centre, the wallet and QR tokens for members. */
@Controller()
export class CouponsController {
  constructor(private readonly coupons: CouponsService) {}

  @Endpoint(listClaimableCoupons)
  async claimable(@CurrentPrincipal() principal: Principal): Promise<{ templates: CouponTemplateView[] }> {
    return { templates: await this.coupons.claimable(memberIdOf(principal)) };
  }

  @Endpoint(claimCoupon)
  @Idempotent('claims')
  claim(
    @CurrentPrincipal() principal: Principal,
    @ContractParams() params: { templateId: string },
    @Headers('idempotency-key') key: string | undefined,
  ): Promise<CouponView & { replayed: boolean }> {
    return this.coupons.claim(memberIdOf(principal), new Types.ObjectId(params.templateId), requireIdempotencyKey(key, 'claims'));
  }

  @Endpoint(exchangeCoupon)
  @Idempotent('exchanges')
  exchange(
    @CurrentPrincipal() principal: Principal,
    @ContractParams() params: { templateId: string },
    @Headers('idempotency-key') key: string | undefined,
  ): Promise<CouponView & { replayed: boolean; pointsSpent: number }> {
    return this.coupons.claim(
      memberIdOf(principal),
      new Types.ObjectId(params.templateId),
      requireIdempotencyKey(key, 'exchanges'),
      'points',
    );
  }

  @Endpoint(getWallet)
  async wallet(
    @CurrentPrincipal() principal: Principal,
    @ContractQuery() query: { status: CouponView['status'] },
  ): Promise<{ coupons: CouponView[] }> {
    return { coupons: await this.coupons.wallet(memberIdOf(principal), query.status) };
  }

  @Endpoint(issueCouponToken)
  token(
    @CurrentPrincipal() principal: Principal,
    @ContractParams() params: { couponId: string },
  ): Promise<{ token: string; expiresAt: string }> {
    return this.coupons.token(memberIdOf(principal), new Types.ObjectId(params.couponId));
  }
}

/** The store's side: redeeming a scanned coupon against an order. */
@Controller()
@UseGuards(IntegrationSignatureGuard)
export class CouponRedemptionController {
  constructor(private readonly coupons: CouponsService) {}

  @Endpoint(redeemCoupon)
  redeem(
    @CallingIntegration() integrationId: string,
    @ContractBody()
    body: { token: string; orderId: string; orderTotalFen: number; channel: 'store' | 'online'; lines?: CouponOrderLine[] },
  ): Promise<CouponRedemption> {
    return this.coupons.redeem(integrationId, body);
  }
}
