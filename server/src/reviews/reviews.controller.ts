import { Controller } from '@nestjs/common';
import { listMyReviews, postReview, type PostedReview, type PostReviewRequest, type ReviewView } from '@memberloop/shared';
import { CurrentPrincipal } from '../common/auth/access.guard';
import { memberIdOf, type Principal } from '../common/auth/principal';
import { ContractBody, Endpoint } from '../common/contract';
import { ReviewsService } from './reviews.service';

@Controller()
export class ReviewsController {
  constructor(private readonly reviews: ReviewsService) {}

  @Endpoint(postReview)
  post(@CurrentPrincipal() principal: Principal, @ContractBody() body: Required<PostReviewRequest>): Promise<PostedReview> {
    return this.reviews.post(memberIdOf(principal), body);
  }

  @Endpoint(listMyReviews)
  async mine(@CurrentPrincipal() principal: Principal): Promise<{ reviews: ReviewView[] }> {
    return { reviews: await this.reviews.mine(memberIdOf(principal)) };
  }
}
