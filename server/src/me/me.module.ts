import { Module } from '@nestjs/common';
import { AssistsModule } from '../assists';
import { CommunitiesModule } from '../communities';
import { GroupBuysModule } from '../group-buys';
import { PostsModule } from '../posts';
import { ReferralsModule } from '../referrals';
import { AuthModule } from '../auth';
import { StaffModule } from '../staff';
import { CouponsModule } from '../coupons';
import { MembersModule } from '../members';
import { PointsModule } from '../points';
import { PurchasesModule } from '../purchases';
import { ReviewsModule } from '../reviews';
import { TasksModule } from '../tasks';
import { TiersModule } from '../tiers';
import { MeController } from './me.controller';
import { MemberHomeService } from './member-home.service';
import { PrivacyService } from './privacy.service';
import { ProfileService } from './profile.service';
import { AvatarsService } from './avatars.service';
import { ProgrammeModule } from '../programme';
import { PaidMembershipModule } from '../paid-membership';

@Module({
  imports: [
    ProgrammeModule,
    ReferralsModule,
    PostsModule,
    GroupBuysModule,
    AssistsModule,
    CommunitiesModule,
    AuthModule,
    StaffModule,
    CouponsModule,
    MembersModule,
    PointsModule,
    PurchasesModule,
    ReviewsModule,
    TasksModule,
    TiersModule,
    PaidMembershipModule,
  ],
  controllers: [MeController],
  providers: [MemberHomeService, ProfileService, PrivacyService, AvatarsService],
  exports: [ProfileService],
})
export class MeModule {}
