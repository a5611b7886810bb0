import { Controller, Headers } from '@nestjs/common';
import { requireIdempotencyKey } from '../common/idempotency-key';
import { listGifts, redeemGift, type GiftView, type Redemption } from '@memberloop/shared';
import { Types } from 'mongoose';
import { CurrentPrincipal } from '../common/auth/access.guard';
import { memberIdOf, type Principal } from '../common/auth/principal';
import { ContractParams, Endpoint } from '../common/contract';
import { Idempotent } from '../common/idempotency';
import { GiftsService } from './gifts.service';

@Controller()
export class GiftsController {
  constructor(private readonly gifts: GiftsService) {}

  @Endpoint(listGifts)
  async list(@CurrentPrincipal() principal: Principal): Promise<{ gifts: GiftView[] }> {
    return { gifts: await this.gifts.catalogue(memberIdOf(principal)) };
  }

  @Endpoint(redeemGift)
  @Idempotent('redeems')
  redeem(
    @CurrentPrincipal() principal: Principal,
    @ContractParams() params: { giftId: string },
    @Headers('idempotency-key') key: string | undefined,
  ): Promise<Redemption> {
    return this.gifts.redeem(memberIdOf(principal), new Types.ObjectId(params.giftId), requireIdempotencyKey(key, 'redeems'));
  }
}
