import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { MongooseModule } from '@nestjs/mongoose';
import { StaffRole, StaffRoleSchema } from '../staff/schemas/staff-role.schema';
import { OrderImportModule } from '../import/order-import.module';
import { AssistsModule } from '../assists/assists.module';
import { AuthModule } from '../auth/auth.module';
import { CommunitiesModule } from '../communities/communities.module';
import { CouponsModule } from '../coupons/coupons.module';
import { GiftsModule } from '../gifts/gifts.module';
import { GroupBuysModule } from '../group-buys/group-buys.module';
import { MembersModule } from '../members/members.module';
import { PostsModule } from '../posts/posts.module';
import { ProgrammeModule } from '../programme/programme.module';
import { ReferralsModule } from '../referrals/referrals.module';
import { wechatConfig } from '../wechat/wechat.config';
import { DemoEngagementService } from './demo-engagement.service';
import { DemoSeedService } from './demo-seed.service';
import { DemoSeedRun, DemoSeedRunSchema } from './schemas/demo-seed-run.schema';

/** The demo brand seed. Like the import it needs the HistoricalClockModule as the application's clock. */
@Module({
  imports: [
    ConfigModule.forFeature(wechatConfig),
    MongooseModule.forFeature([
      { name: DemoSeedRun.name, schema: DemoSeedRunSchema },
      { name: StaffRole.name, schema: StaffRoleSchema },
    ]),
    MembersModule,
    OrderImportModule,
    // What the demo's HQ, managers and members use: the seed calls their services as the controllers do.
    ProgrammeModule,
    AuthModule,
    GiftsModule,
    CouponsModule,
    CommunitiesModule,
    PostsModule,
    GroupBuysModule,
    AssistsModule,
    ReferralsModule,
  ],
  providers: [DemoSeedService, DemoEngagementService],
  exports: [DemoSeedService],
})
export class DemoSeedModule {}
