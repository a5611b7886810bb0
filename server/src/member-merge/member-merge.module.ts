import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { AuditModule } from '../audit';
import { AuthModule } from '../auth';
import { CheckoutModule } from '../checkout';
import { CouponsModule } from '../coupons';
import { JobRegistryModule } from '../jobs/job-registry';
import { MembersModule } from '../members';
import { PointsModule } from '../points';
import { PurchasesModule } from '../purchases';
import { TiersModule } from '../tiers';
import { MemberMergesController } from './member-merges.controller';
import { MemberMergesResumeJob } from './member-merges.job';
import { MemberMergesService } from './member-merges.service';
import { MemberMerge, MemberMergeSchema } from './schemas/member-merge.schema';

/** HQ's merge of two accounts of one person (see MemberMergesService). Staff roles come from the global StaffModule. */
@Module({
  imports: [
    MongooseModule.forFeature([{ name: MemberMerge.name, schema: MemberMergeSchema }]),
    AuditModule,
    AuthModule,
    CheckoutModule,
    CouponsModule,
    JobRegistryModule,
    MembersModule,
    PointsModule,
    PurchasesModule,
    TiersModule,
  ],
  controllers: [MemberMergesController],
  providers: [MemberMergesService, MemberMergesResumeJob],
})
export class MemberMergeModule {}
