import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { MongooseModule } from '@nestjs/mongoose';
import { appConfig } from '../config/app-config';
import { PointsModule } from '../points';
import { MemberBadge, MemberBadgeSchema } from './badge.schema';
import { PurchaseHooksModule, PurchasesModule } from '../purchases';
import { ProgrammeModule } from '../programme';
import { TasksPurchaseHook } from './tasks-purchase.hook';
import { TasksService } from './tasks.service';

@Module({
  imports: [
    ConfigModule.forFeature(appConfig),
    MongooseModule.forFeature([{ name: MemberBadge.name, schema: MemberBadgeSchema }]),
    PointsModule,
    ProgrammeModule,
    PurchaseHooksModule,
    PurchasesModule,
  ],
  providers: [TasksService, TasksPurchaseHook],
  exports: [TasksService],
})
export class TasksModule {}
