/** The reviews feature's public API: other features import it from here only (see docs/architecture.md). */
export { ReviewsModule } from './reviews.module';
export { ReviewsService } from './reviews.service';
