import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { MongooseModule } from '@nestjs/mongoose';
import { appConfig } from '../config/app-config';
import { PointsModule } from '../points';
import { PurchasesModule } from '../purchases';
import { Review, ReviewQuota, ReviewQuotaSchema, ReviewSchema } from './review.schema';
import { ReviewsController } from './reviews.controller';
import { ReviewsService } from './reviews.service';
import { ProgrammeModule } from '../programme';

@Module({
  imports: [
    ProgrammeModule,
    ConfigModule.forFeature(appConfig),
    MongooseModule.forFeature([
      { name: Review.name, schema: ReviewSchema },
      { name: ReviewQuota.name, schema: ReviewQuotaSchema },
    ]),
    PointsModule,
    PurchasesModule,
  ],
  controllers: [ReviewsController],
  providers: [ReviewsService],
  exports: [ReviewsService],
})
export class ReviewsModule {}
