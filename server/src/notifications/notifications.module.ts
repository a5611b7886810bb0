import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { MongooseModule } from '@nestjs/mongoose';
import { appConfig } from '../config/app-config';
import { MembersModule } from '../members';
import { WechatModule } from '../wechat/wechat.module';
import { NotificationsDispatchJob } from './notifications-dispatch.job';
import { NotificationsService } from './notifications.service';
import { Notification, NotificationSchema } from './schemas/notification.schema';
import { JobRegistryModule } from '../jobs/job-registry';

@Module({
  imports: [
    JobRegistryModule,
    ConfigModule.forFeature(appConfig),
    MongooseModule.forFeature([{ name: Notification.name, schema: NotificationSchema }]),
    MembersModule,
    WechatModule,
  ],
  providers: [NotificationsService, NotificationsDispatchJob],
  exports: [NotificationsService],
})
export class NotificationsModule {}
