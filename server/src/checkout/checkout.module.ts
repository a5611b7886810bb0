import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { IntegrationsModule } from '../integrations';
import { MembersModule } from '../members';
import { PointsModule } from '../points';
import { PointsHold, PointsHoldSchema } from './points-hold.schema';
import { PointsHoldsController } from './points-holds.controller';
import { PointsHoldsService } from './points-holds.service';
import { PointsHoldsExpiryJob } from './points-holds-expiry.job';
import { JobRegistryModule } from '../jobs/job-registry';

@Module({
  imports: [
    JobRegistryModule,
    MongooseModule.forFeature([{ name: PointsHold.name, schema: PointsHoldSchema }]),
    IntegrationsModule,
    MembersModule,
    PointsModule,
  ],
  controllers: [PointsHoldsController],
  providers: [PointsHoldsService, PointsHoldsExpiryJob],
  exports: [PointsHoldsService],
})
export class CheckoutModule {}
