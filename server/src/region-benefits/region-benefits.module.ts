import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { CouponsModule } from '../coupons';
import { JobRegistryModule } from '../jobs/job-registry';
import { MembersModule } from '../members';
import { ProgrammeModule } from '../programme';
import { PurchaseHooksModule } from '../purchases';
import { StoresModule } from '../stores';
import { TiersModule } from '../tiers';
import { MemberRegionBenefitsService } from './member-region-benefits.service';
import { RegionPackMultipliers } from './region-pack-multipliers';
import { RegionBenefitsPurchaseHook } from './region-benefits-purchase.hook';
import { MemberRegionBenefitsController, RegionPacksController } from './region-benefits.controller';
import { RegionBenefitsJobs } from './region-benefits.jobs';
import { RegionPackGrantsService } from './region-pack-grants.service';
import { RegionPacksService } from './region-packs.service';
import { RegionPack, RegionPackGrant, RegionPackGrantSchema, RegionPackSchema } from './schemas/region-pack.schema';

/** Region benefit packs (地区会员礼包): HQ's packs attached to tiers by region, their grants and the member's view. */
@Module({
  imports: [
    MongooseModule.forFeature([
      { name: RegionPack.name, schema: RegionPackSchema },
      { name: RegionPackGrant.name, schema: RegionPackGrantSchema },
    ]),
    CouponsModule,
    JobRegistryModule,
    MembersModule,
    ProgrammeModule,
    PurchaseHooksModule,
    StoresModule,
    TiersModule,
  ],
  controllers: [RegionPacksController, MemberRegionBenefitsController],
  providers: [
    RegionPacksService,
    RegionPackGrantsService,
    MemberRegionBenefitsService,
    RegionPackMultipliers,
    RegionBenefitsPurchaseHook,
    RegionBenefitsJobs,
  ],
  exports: [MemberRegionBenefitsService, RegionPackGrantsService],
})
export class RegionBenefitsModule {}
