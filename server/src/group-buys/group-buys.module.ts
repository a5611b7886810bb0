import { Module, type OnModuleInit } from '@nestjs/common';
import { InjectModel, MongooseModule } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { CatalogueStoreModule } from '../catalogue';
import { CouponsModule } from '../coupons';
import { ProgrammeModule } from '../programme';
import { MembersModule } from '../members';
import { NotificationsModule } from '../notifications';
import { GroupBuyDeadlineJob } from './group-buy-deadline.job';
import { GroupBuyDealsService } from './group-buy-deals.service';
import { GroupBuyGroupsService } from './group-buy-groups.service';
import { GroupBuyOutcomesService } from './group-buy-outcomes.service';
import {
  GroupBuyDeal,
  GroupBuyDealSchema,
  GroupBuyGroup,
  GroupBuyGroupSchema,
  GroupBuyMemberQuota,
  GroupBuyMemberQuotaSchema,
} from './group-buy.schema';
import { GroupBuyDealsController, GroupBuysController } from './group-buys.controller';
import { JobRegistryModule } from '../jobs/job-registry';

const MODELS = [
  { name: GroupBuyDeal.name, schema: GroupBuyDealSchema },
  { name: GroupBuyGroup.name, schema: GroupBuyGroupSchema },
  { name: GroupBuyMemberQuota.name, schema: GroupBuyMemberQuotaSchema },
];

/** Group-buy (拼团): deals, groups filling to their size, vouchers on success, the deadline job. */
@Module({
  imports: [
    JobRegistryModule,
    MongooseModule.forFeature(MODELS),
    CatalogueStoreModule,
    CouponsModule,
    MembersModule,
    NotificationsModule,
    ProgrammeModule,
  ],
  controllers: [GroupBuyDealsController, GroupBuysController],
  providers: [GroupBuyDealsService, GroupBuyGroupsService, GroupBuyOutcomesService, GroupBuyDeadlineJob],
  exports: [GroupBuyDealsService, GroupBuyGroupsService, GroupBuyOutcomesService, GroupBuyDeadlineJob],
})
export class GroupBuysModule implements OnModuleInit {
  constructor(
    @InjectModel(GroupBuyDeal.name) private readonly deals: Model<GroupBuyDeal>,
    @InjectModel(GroupBuyGroup.name) private readonly groups: Model<GroupBuyGroup>,
    @InjectModel(GroupBuyMemberQuota.name) private readonly quotas: Model<GroupBuyMemberQuota>,
  ) {}

  /** The collections and their unique indexes exist before the first transaction writes to them (none may create one). */
  async onModuleInit(): Promise<void> {
    await Promise.all([this.deals.init(), this.groups.init(), this.quotas.init()]);
  }
}
