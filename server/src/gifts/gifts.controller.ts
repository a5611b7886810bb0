import { Controller, Headers } from '@nestjs/common';
import { createGift, listGifts, redeemGift, type GiftView, type Redemption } from '@memberloop/shared';
import { Types } from 'mongoose';
import { CurrentPrincipal } from '../auth/access.guard';
import type { Principal } from '../auth/principal';
import { ContractBody, ContractParams, Endpoint } from '../common/contract';
import { AppError } from '../common/errors/app-error';
import { GiftsService } from './gifts.service';

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{8,64}$/;

function memberIdOf(principal: Principal): Types.ObjectId {
  if (principal.kind === 'integration') throw new Error('unreachable: member endpoints admit no integrations');
  return new Types.ObjectId(principal.memberId);
}

@Controller()
export class GiftsController {
  constructor(private readonly gifts: GiftsService) {}

  @Endpoint(listGifts)
  async list(@CurrentPrincipal() principal: Principal): Promise<{ gifts: GiftView[] }> {
    return { gifts: await this.gifts.catalogue(memberIdOf(principal)) };
  }

  @Endpoint(redeemGift)
  redeem(
    @CurrentPrincipal() principal: Principal,
    @ContractParams() params: { giftId: string },
    @Headers('idempotency-key') key: string | undefined,
  ): Promise<Redemption> {
    if (!key || !IDEMPOTENCY_KEY.test(key)) {
      throw new AppError(
        'VALIDATION_FAILED',
        'Send an Idempotency-Key header (8 to 64 letters, digits, - or _) so a retry redeems once.',
        {
          issues: [{ path: 'headers.idempotency-key', message: 'required: 8 to 64 of A-Z a-z 0-9 - _' }],
        },
      );
    }
    return this.gifts.redeem(memberIdOf(principal), new Types.ObjectId(params.giftId), key);
  }

  @Endpoint(createGift)
  create(
    @ContractBody() body: { name: string; description: string; pointsCost: number; stock: number; perMemberLimit: number },
  ): Promise<GiftView> {
    return this.gifts.create(body);
  }
}
