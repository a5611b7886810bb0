import { Inject, Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { REVIEW_POINTS, type PostedReview, type PostReviewRequest, type ReviewView } from '@memberloop/shared';
import { Model, Types } from 'mongoose';
import { Clock } from '../common/clock/clock';
import { AppError } from '../common/errors/app-error';
import { appConfig, type AppConfig } from '../config/app-config';
import { businessDay } from '../points';
import { PointsLedgerService } from '../points';
import { PurchaseStore } from '../purchases';
import { takeQuotaSlot } from '../common/quota-slots';
import { Review, ReviewQuota } from './review.schema';
import { ProgrammePolicy } from '../programme';

type LeanReview = Review & { _id: Types.ObjectId };

/**
 * Product reviews for points. The review is stored first (`pending`), then it takes one of the day's paid
 * slots and earns, each step idempotent, so a retry after a crash finishes the job and never pays twice.
 */
@Injectable()
export class ReviewsService {
  constructor(
    private readonly programme: ProgrammePolicy,
    @InjectModel(Review.name) private readonly reviews: Model<Review>,
    @InjectModel(ReviewQuota.name) private readonly quotas: Model<ReviewQuota>,
    private readonly purchases: PurchaseStore,
    private readonly ledger: PointsLedgerService,
    private readonly clock: Clock,
    @Inject(appConfig.KEY) private readonly config: AppConfig,
  ) {}

  async post(memberId: Types.ObjectId, request: Required<PostReviewRequest>): Promise<PostedReview> {
    const purchase = await this.purchases.memberOrder(memberId, request.orderId);
    const line = purchase?.lines.find((l) => l.sku === request.sku);
    // Someone else's order looks the same as no order.
    if (!purchase || !line) throw new AppError('NOT_FOUND', 'You have no purchase of this product in that order.');
    if (line.refundedQuantity >= line.quantity)
      throw new AppError('CONFLICT', 'This product was returned: it cannot be reviewed for points.');

    let review = await this.reviews.findOne({ memberId, orderId: request.orderId, sku: request.sku }).lean<LeanReview>();
    let replayed = review !== null;
    if (!review) {
      try {
        const [created] = await this.reviews.create([
          {
            memberId,
            orderId: request.orderId,
            sku: request.sku,
            rating: request.rating,
            text: request.text,
            photoUrls: request.photoUrls,
            reward: 'pending',
            pointsEarned: 0,
          },
        ]);
        review = created.toObject() as LeanReview;
      } catch (error) {
        if ((error as { code?: number }).code !== 11000) throw error;
        review = await this.reviews.findOne({ memberId, orderId: request.orderId, sku: request.sku }).lean<LeanReview>().orFail();
        replayed = true;
      }
    }
    if (review.reward === 'pending') review = await this.reward(review);
    const balance = await this.ledger.balance(memberId);
    return { ...view(review), balance, replayed };
  }

  async mine(memberId: Types.ObjectId): Promise<ReviewView[]> {
    const reviews = await this.reviews.find({ memberId }).sort({ createdAt: -1, _id: -1 }).limit(100).lean<LeanReview[]>();
    return reviews.map(view);
  }

  /** The member deleted their account: their reviews go with it (points already paid stay in the ledger). */
  async deleteAllOf(memberId: Types.ObjectId): Promise<number> {
    return (await this.reviews.deleteMany({ memberId })).deletedCount;
  }

  private async reward(review: LeanReview): Promise<LeanReview> {
    const day = businessDay(review.createdAt, this.config.brand.timeZone);
    const paidSlot = await takeQuotaSlot(
      this.quotas,
      `${review.memberId.toHexString()}:${day}`,
      review._id,
      REVIEW_POINTS.paidPerDay,
    );
    let points = 0;
    if (paidSlot) {
      points = review.photoUrls.length > 0 ? REVIEW_POINTS.withPhotos : REVIEW_POINTS.text;
      await this.ledger.earn({
        memberId: review.memberId,
        points,
        reason: '评价奖励',
        source: { type: 'review', id: review._id.toHexString() },
        idempotencyKey: `review:${review._id.toHexString()}`,
        occurredAt: review.createdAt,
        availableAt: review.createdAt,
        expiresAt: this.programme.pointsExpiry(this.clock.now()),
      });
    }
    return this.reviews
      .findOneAndUpdate(
        { _id: review._id, reward: 'pending' },
        { $set: { reward: paidSlot ? 'paid' : 'over-limit', pointsEarned: points } },
        { returnDocument: 'after' },
      )
      .lean<LeanReview>()
      .then(async (updated) => updated ?? (await this.reviews.findById(review._id).lean<LeanReview>().orFail()));
  }
}

function view(review: LeanReview): ReviewView {
  return {
    reviewId: review._id.toHexString(),
    orderId: review.orderId,
    sku: review.sku,
    rating: review.rating,
    text: review.text,
    photoUrls: review.photoUrls,
    pointsEarned: review.pointsEarned,
    overDailyLimit: review.reward === 'over-limit',
    createdAt: review.createdAt.toISOString(),
  };
}
