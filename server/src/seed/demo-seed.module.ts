import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { MongooseModule } from '@nestjs/mongoose';
import { StaffRole, StaffRoleSchema } from '../auth/schemas/staff-role.schema';
import { OrderImportModule } from '../import/order-import.module';
import { MembersModule } from '../members/members.module';
import { wechatConfig } from '../wechat/wechat.config';
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
  ],
  providers: [DemoSeedService],
  exports: [DemoSeedService],
})
export class DemoSeedModule {}
