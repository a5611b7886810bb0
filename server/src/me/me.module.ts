import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { AssistsModule } from '../assists/assists.module';
import { CommunitiesModule } from '../communities/communities.module';
import { GroupBuysModule } from '../group-buys/group-buys.module';
import { PostsModule } from '../posts/posts.module';
import { ReferralsModule } from '../referrals/referrals.module';
import { RefreshToken, RefreshTokenSchema } from '../auth/schemas/refresh-token.schema';
import { StaffRole, StaffRoleSchema } from '../staff/schemas/staff-role.schema';
import { CouponsModule } from '../coupons/coupons.module';
import { MembersModule } from '../members/members.module';
import { PointsModule } from '../points/points.module';
import { SignInDay, SignInDaySchema } from '../points/sign-in/sign-in-day.schema';
import { PurchasesModule } from '../purchases/purchases.module';
import { Purchase, PurchaseSchema } from '../purchases/schemas/purchase.schema';
import { ReviewsModule } from '../reviews/reviews.module';
import { TasksModule } from '../tasks/tasks.module';
import { TierChangeRecord, TierChangeRecordSchema } from '../tiers/schemas/tier-change.schema';
import { TiersModule } from '../tiers/tiers.module';
import { MeController } from './me.controller';
import { MemberHomeService } from './member-home.service';
import { PrivacyService } from './privacy.service';
import { ProfileService } from './profile.service';
import { ProgrammeModule } from '../programme/programme.module';

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
