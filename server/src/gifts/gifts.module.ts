import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { PointsModule } from '../points';
import { GiftsController } from './gifts.controller';
import { GiftsService } from './gifts.service';
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
  controllers: [GiftsController],
  providers: [GiftsService],
})
export class GiftsModule {}
