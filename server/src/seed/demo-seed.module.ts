import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { MongooseModule } from '@nestjs/mongoose';
import { StaffModule } from '../staff';
import { OrderImportModule } from '../import';
import { AssistsModule } from '../assists';
import { AuthModule } from '../auth';
import { CatalogueStoreModule } from '../catalogue';
import { CommunitiesModule } from '../communities';
import { CouponsModule } from '../coupons';
import { GiftsModule } from '../gifts';
import { GroupBuysModule } from '../group-buys';
import { MembersModule } from '../members';
import { PostsModule } from '../posts';
import { ProgrammeModule } from '../programme';
import { ReferralsModule } from '../referrals';
import { StoresModule } from '../stores';
import { wechatConfig } from '../wechat/wechat.config';
import { DemoEngagementService } from './demo-engagement.service';
import { DemoSeedService } from './demo-seed.service';
import { DemoSeedRun, DemoSeedRunSchema } from './schemas/demo-seed-run.schema';

/** The demo brand seed. Like the import it needs the HistoricalClockModule as the application's clock. */
@Module({
  imports: [
    ConfigModule.forFeature(wechatConfig),
    MongooseModule.forFeature([{ name: DemoSeedRun.name, schema: DemoSeedRunSchema }]),
    MembersModule,
    StaffModule,
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
    CatalogueStoreModule,
    StoresModule,
  ],
  providers: [DemoSeedService, DemoEngagementService],
  exports: [DemoSeedService],
})
export class DemoSeedModule {}
