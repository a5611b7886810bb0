import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { PointsModule } from '../points';
import { GiftsController } from './gifts.controller';
import { GiftsService } from './gifts.service';
import { HqGiftsController } from './hq-gifts.controller';
import { HqGiftsService } from './hq-gifts.service';
import { GiftMemberCount, GiftMemberCountSchema, GiftRedemption, GiftRedemptionSchema } from './schemas/gift-redemption.schema';
import { Gift, GiftSchema } from './schemas/gift.schema';

@Module({
  imports: [
    MongooseModule.forFeature([
      { name: Gift.name, schema: GiftSchema },
      { name: GiftRedemption.name, schema: GiftRedemptionSchema },
      { name: GiftMemberCount.name, schema: GiftMemberCountSchema },
    ]),
    PointsModule,
  ],
  controllers: [GiftsController, HqGiftsController],
  providers: [GiftsService, HqGiftsService],
})
export class GiftsModule {}
