import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { AssistsModule } from '../assists';
import { CommunitiesModule } from '../communities';
import { GroupBuysModule } from '../group-buys';
import { PostsModule } from '../posts';
import { ReferralsModule } from '../referrals';
import { RefreshToken, RefreshTokenSchema } from '../auth';
import { StaffRole, StaffRoleSchema } from '../staff';
import { CouponsModule } from '../coupons';
import { MembersModule } from '../members';
import { PointsModule } from '../points';
import { SignInDay, SignInDaySchema } from '../points';
import { PurchasesModule } from '../purchases';
import { Purchase, PurchaseSchema } from '../purchases';
import { ReviewsModule } from '../reviews';
import { TasksModule } from '../tasks';
import { TierChangeRecord, TierChangeRecordSchema } from '../tiers';
import { TiersModule } from '../tiers';
import { MeController } from './me.controller';
import { MemberHomeService } from './member-home.service';
import { PrivacyService } from './privacy.service';
import { ProfileService } from './profile.service';
import { ProgrammeModule } from '../programme';

@Module({
  imports: [
    ProgrammeModule,
    ReferralsModule,
    PostsModule,
    GroupBuysModule,
    AssistsModule,
    CommunitiesModule,
    MongooseModule.forFeature([
      { name: Purchase.name, schema: PurchaseSchema },
      { name: SignInDay.name, schema: SignInDaySchema },
      { name: TierChangeRecord.name, schema: TierChangeRecordSchema },
      { name: RefreshToken.name, schema: RefreshTokenSchema },
      { name: StaffRole.name, schema: StaffRoleSchema },
    ]),
    CouponsModule,
    MembersModule,
    PointsModule,
    PurchasesModule,
    ReviewsModule,
    TasksModule,
    TiersModule,
  ],
  controllers: [MeController],
  providers: [MemberHomeService, ProfileService, PrivacyService],
  exports: [ProfileService],
})
export class MeModule {}
