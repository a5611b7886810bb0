import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { GiftChange, HqGiftView, NewGift } from '@memberloop/shared';
import { Model, Types } from 'mongoose';
import { AppError } from '../common/errors/app-error';
import { Gift } from './schemas/gift.schema';
import { GiftRedemption } from './schemas/gift-redemption.schema';

type LeanGift = Gift & { _id: Types.ObjectId; createdAt?: Date };

/** A change that lost its guarded update to a redemption this many times in a row gives up. */
const CHANGE_ATTEMPTS = 8;
const LIST_LIMIT = 500;

/**
 * HQ's side of the gift catalogue: the list with what was redeemed, changes, retiring and bringing back. The stock is
 * what is left to redeem; HQ's new figure is applied as a move from the figure it was planned on, matched by the
 * update, so a redemption committing in between is neither lost nor counted twice.
 */
@Injectable()
export class HqGiftsService {
  constructor(
    @InjectModel(Gift.name) private readonly gifts: Model<Gift>,
    @InjectModel(GiftRedemption.name) private readonly redemptions: Model<GiftRedemption>,
  ) {}

  async create(input: Required<NewGift>): Promise<HqGiftView> {
    const [gift] = await this.gifts.create([{ ...input, active: true }]);
    return hqView(gift.toObject() as LeanGift, 0);
  }

  async list(status: 'active' | 'retired' | undefined): Promise<HqGiftView[]> {
    const filter = status === undefined ? {} : { active: status === 'active' };
    const gifts = await this.gifts.find(filter).sort({ _id: -1 }).limit(LIST_LIMIT).lean<LeanGift[]>();
    const redeemed = await this.redeemedCounts(gifts.map((g) => g._id));
    return gifts.map((g) => hqView(g, redeemed.get(g._id.toHexString()) ?? 0));
  }

  async change(giftId: Types.ObjectId, change: GiftChange): Promise<HqGiftView> {
    const { stock, ...fields } = change;
    const set = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
    for (let attempt = 0; attempt < CHANGE_ATTEMPTS; attempt++) {
      const gift = await this.require(giftId);
      const stockDelta = stock === undefined ? 0 : stock - gift.stock;
      if (Object.keys(set).length === 0 && stockDelta === 0) return this.viewOf(gift);
      const changed = await this.gifts
        .findOneAndUpdate(
          stockDelta === 0 ? { _id: giftId } : { _id: giftId, stock: gift.stock },
          {
            ...(Object.keys(set).length > 0 ? { $set: set } : {}),
            ...(stockDelta !== 0 ? { $inc: { stock: stockDelta } } : {}),
          },
          { returnDocument: 'after' },
        )
        .lean<LeanGift>();
      if (changed) return this.viewOf(changed);
    }
    throw new AppError('CONFLICT', 'The gift is being redeemed right now: try again.');
  }

  /** Retired: members no longer see it nor redeem it; past redemptions stay. */
  retire(giftId: Types.ObjectId): Promise<HqGiftView> {
    return this.setActive(giftId, false);
  }

  reactivate(giftId: Types.ObjectId): Promise<HqGiftView> {
    return this.setActive(giftId, true);
  }

  private async setActive(giftId: Types.ObjectId, active: boolean): Promise<HqGiftView> {
    const changed = await this.gifts
      .findOneAndUpdate({ _id: giftId }, { $set: { active } }, { returnDocument: 'after' })
      .lean<LeanGift>();
    if (!changed) throw new AppError('NOT_FOUND', 'No such gift.');
    return this.viewOf(changed);
  }

  private async require(giftId: Types.ObjectId): Promise<LeanGift> {
    const gift = await this.gifts.findById(giftId).lean<LeanGift>();
    if (!gift) throw new AppError('NOT_FOUND', 'No such gift.');
    return gift;
  }

  private async viewOf(gift: LeanGift): Promise<HqGiftView> {
    return hqView(gift, (await this.redeemedCounts([gift._id])).get(gift._id.toHexString()) ?? 0);
  }

  private async redeemedCounts(giftIds: Types.ObjectId[]): Promise<Map<string, number>> {
    if (giftIds.length === 0) return new Map();
    const rows = await this.redemptions.aggregate<{ _id: Types.ObjectId; count: number }>([
      { $match: { giftId: { $in: giftIds } } },
      { $group: { _id: '$giftId', count: { $sum: 1 } } },
    ]);
    return new Map(rows.map((r) => [r._id.toHexString(), r.count]));
  }
}

function hqView(gift: LeanGift, redeemedCount: number): HqGiftView {
  return {
    id: gift._id.toHexString(),
    name: gift.name,
    description: gift.description,
    pointsCost: gift.pointsCost,
    stock: gift.stock,
    perMemberLimit: gift.perMemberLimit,
    status: gift.active === false ? 'retired' : 'active',
    redeemedCount,
    createdAt: (gift.createdAt ?? gift._id.getTimestamp()).toISOString(),
  };
}
