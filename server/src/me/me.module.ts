import { Module } from '@nestjs/common';
import { MembersModule } from '../members/members.module';
import { PointsModule } from '../points/points.module';
import { PurchasesModule } from '../purchases/purchases.module';
import { TasksModule } from '../tasks/tasks.module';
import { TiersModule } from '../tiers/tiers.module';
import { MeController } from './me.controller';
import { MemberHomeService } from './member-home.service';
import { ProfileService } from './profile.service';

@Module({
  imports: [MembersModule, PointsModule, PurchasesModule, TasksModule, TiersModule],
  controllers: [MeController],
  providers: [MemberHomeService, ProfileService],
  exports: [ProfileService],
})
export class MeModule {}
