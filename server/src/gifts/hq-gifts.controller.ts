import { Controller } from '@nestjs/common';
import {
  createGift,
  listHqGifts,
  reactivateGift,
  retireGift,
  updateGift,
  type GiftChange,
  type HqGiftView,
  type NewGift,
} from '@memberloop/shared';
import { Types } from 'mongoose';
import { ContractBody, ContractParams, ContractQuery, Endpoint } from '../common/contract';
import { HqGiftsService } from './hq-gifts.service';

/** HQ's gift catalogue (every change audited by the staff audit interceptor). */
@Controller()
export class HqGiftsController {
  constructor(private readonly gifts: HqGiftsService) {}

  @Endpoint(listHqGifts)
  async list(@ContractQuery() query: { status?: 'active' | 'retired' }): Promise<{ gifts: HqGiftView[] }> {
    return { gifts: await this.gifts.list(query.status) };
  }

  @Endpoint(createGift)
  create(@ContractBody() body: Required<NewGift>): Promise<HqGiftView> {
    return this.gifts.create(body);
  }

  @Endpoint(updateGift)
  change(@ContractParams() params: { giftId: string }, @ContractBody() body: GiftChange): Promise<HqGiftView> {
    return this.gifts.change(new Types.ObjectId(params.giftId), body);
  }

  @Endpoint(retireGift)
  retire(@ContractParams() params: { giftId: string }): Promise<HqGiftView> {
    return this.gifts.retire(new Types.ObjectId(params.giftId));
  }

  @Endpoint(reactivateGift)
  reactivate(@ContractParams() params: { giftId: string }): Promise<HqGiftView> {
    return this.gifts.reactivate(new Types.ObjectId(params.giftId));
  }
}
