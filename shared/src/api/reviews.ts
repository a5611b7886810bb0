import { z } from 'zod';
import { defineEndpoint } from './endpoint';
import { id } from './purchases';

/** Points for a product review: more with photos, paid for at most a few reviews a business day. */
export const REVIEW_POINTS = { text: 10, withPhotos: 20, paidPerDay: 3 } as const;

export const PostReviewRequest = z
  .object({
    orderId: id,
    sku: id,
    rating: z.number().int().min(1).max(5),
    text: z.string().trim().min(10, 'at least 10 characters').max(500),
    photoUrls: z
      .array(z.url({ protocol: /^https$/, error: 'must be an https URL' }).max(500))
      .max(9)
      .default([]),
  })
  .strict();
export type PostReviewRequest = z.input<typeof PostReviewRequest>;

export const ReviewView = z.object({
  reviewId: z.string(),
  orderId: z.string(),
  sku: z.string(),
  rating: z.number().int(),
  text: z.string(),
  photoUrls: z.array(z.string()),
  pointsEarned: z.number().int(),
  /** True when the day's paid reviews were used up: the review is kept, without points. */
  overDailyLimit: z.boolean(),
  createdAt: z.iso.datetime(),
});
export type ReviewView = z.infer<typeof ReviewView>;

export const PostedReview = ReviewView.extend({ balance: z.number().int(), replayed: z.boolean() });
export type PostedReview = z.infer<typeof PostedReview>;

export const postReview = defineEndpoint({
  method: 'POST',
  path: '/api/v1/me/reviews',
  summary: 'Review a product the member bought, for points (once per order line)',
  tag: 'members',
  auth: 'member',
  body: PostReviewRequest,
  successStatus: 201,
  response: PostedReview,
});

export const listMyReviews = defineEndpoint({
  method: 'GET',
  path: '/api/v1/me/reviews',
  summary: 'The member’s reviews, newest first',
  tag: 'members',
  auth: 'member',
  response: z.object({ reviews: z.array(ReviewView) }),
});
