import { Injectable } from '@nestjs/common';
import { InjectConnection, InjectModel } from '@nestjs/mongoose';
import type { GiftView, Redemption } from '@memberloop/shared';
import { Connection, Model, Types } from 'mongoose';
import { AppError } from '../common/errors/app-error';
import { KeyedLock } from '../common/keyed-lock';
import { runInTransaction } from '../database/transactions';
import { PointsLedgerService } from '../points';
import { Gift } from './schemas/gift.schema';
import { GiftMemberCount, GiftRedemption } from './schemas/gift-redemption.schema';

type LeanGift = Gift & { _id: Types.ObjectId };

const view = (gift: LeanGift, remainingForMe?: number): GiftView => ({
  id: gift._id.toHexString(),
  name: gift.name,
  description: gift.description,
  pointsCost: gift.pointsCost,
  stock: gift.stock,
  perMemberLimit: gift.perMemberLimit,
  ...(remainingForMe === undefined ? {} : { remainingForMe }),
});

/** The redemption catalogue: stock, per-member limits and the points spend happen in one transaction. */
@Injectable()
export class GiftsService {
  private readonly stockQueue = new KeyedLock();

  constructor(
    @InjectConnection() private readonly connection: Connection,
    @InjectModel(Gift.name) private readonly gifts: Model<Gift>,
    @InjectModel(GiftRedemption.name) private readonly redemptions: Model<GiftRedemption>,
    @InjectModel(GiftMemberCount.name) private readonly counts: Model<GiftMemberCount>,
    private readonly ledger: PointsLedgerService,
  ) {}

  async create(input: {
    name: string;
    description: string;
    pointsCost: number;
    stock: number;
    perMemberLimit: number;
  }): Promise<GiftView> {
    const [gift] = await this.gifts.create([{ ...input, active: true }]);
    return view(gift.toObject());
  }

  /** The id of the gift with this name, if any (the demo seed finds what an earlier run made). */
  async idByName(name: string): Promise<Types.ObjectId | undefined> {
    return (await this.gifts.findOne({ name }, { _id: 1 }).lean())?._id;
  }

  async catalogue(memberId: Types.ObjectId): Promise<GiftView[]> {
    const gifts = await this.gifts.find({ active: true }).sort({ pointsCost: 1, _id: 1 }).lean();
    const counts = await this.counts
      .find({ _id: { $in: gifts.map((g) => `${g._id.toHexString()}:${memberId.toHexString()}`) } })
      .lean();
    const used = new Map(counts.map((c) => [c._id, c.count]));
    return gifts.map((g) =>
      view(g, Math.max(0, g.perMemberLimit - (used.get(`${g._id.toHexString()}:${memberId.toHexString()}`) ?? 0))),
    );
  }

  async redeem(memberId: Types.ObjectId, giftId: Types.ObjectId, clientKey: string): Promise<Redemption> {
    const idempotencyKey = `gift:${memberId.toHexString()}:${clientKey}`;
    const previous = await this.redemptions.findOne({ idempotencyKey }).lean();
    if (previous) return this.result(previous._id, previous.giftId, previous.points, memberId, true);
    try {
      // Queued per member (their points account) and per gift (its stock): redemptions of one gift by many
      // members at once would otherwise all write the gift in their transactions and mostly conflict and retry.
      const redemption = await this.ledger.exclusive(memberId, () =>
        this.stockQueue.run(giftId.toHexString(), () =>
          runInTransaction(this.connection, async (session) => {
            const gift = await this.gifts.findById(giftId, null, { session }).lean();
            if (!gift) throw new AppError('NOT_FOUND', 'No such gift in the catalogue.');
            if (!gift.active) throw new AppError('GIFT_RETIRED', `${gift.name} is no longer in the catalogue: HQ retired it.`);
            // Guarded on the gift being active too: a retirement committed since the read refuses the redemption.
            const taken = await this.gifts.updateOne(
              { _id: giftId, active: true, stock: { $gte: 1 } },
              { $inc: { stock: -1 } },
              { session },
            );
            if (taken.modifiedCount !== 1) throw new AppError('OUT_OF_STOCK', `${gift.name} is out of stock.`);
            // Read, then write the counter: two concurrent redemptions both write it, so one of them conflicts and
            // retries on the committed count. (A failed write would abort the whole transaction, so none is provoked.)
            const counterId = `${giftId.toHexString()}:${memberId.toHexString()}`;
            const counter = await this.counts.findById(counterId, null, { session }).lean();
            if ((counter?.count ?? 0) >= gift.perMemberLimit) {
              throw new AppError(
                'LIMIT_REACHED',
                `You have already redeemed ${gift.name} ${gift.perMemberLimit} time(s), the most allowed.`,
              );
            }
            await this.counts.updateOne({ _id: counterId }, { $inc: { count: 1 } }, { session, upsert: true });
            const _id = new Types.ObjectId();
            await this.ledger.spend(
              {
                memberId,
                points: gift.pointsCost,
                reason: `兑换 ${gift.name}`,
                params: { name: gift.name },
                source: { type: 'gift-redemption', id: _id.toHexString() },
                idempotencyKey,
              },
              session,
            );
            await this.redemptions.create([{ _id, giftId, memberId, idempotencyKey, points: gift.pointsCost }], { session });
            return { _id, giftId, points: gift.pointsCost };
          }),
        ),
      );
      return this.result(redemption._id, redemption.giftId, redemption.points, memberId, false);
    } catch (error) {
      if ((error as { code?: number }).code === 11000) {
        const winner = await this.redemptions.findOne({ idempotencyKey }).lean();
        if (winner) return this.result(winner._id, winner.giftId, winner.points, memberId, true);
      }
      throw error;
    }
  }

  private async result(
    id: Types.ObjectId,
    giftId: Types.ObjectId,
    points: number,
    memberId: Types.ObjectId,
    replayed: boolean,
  ): Promise<Redemption> {
    const balance = await this.ledger.balance(memberId);
    return { redemptionId: id.toHexString(), giftId: giftId.toHexString(), pointsSpent: points, balance, replayed };
  }
}
