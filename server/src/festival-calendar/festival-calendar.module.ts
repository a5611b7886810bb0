import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { MongooseModule } from '@nestjs/mongoose';
import { AnalyticsModule } from '../analytics';
import { MarketingContactsModule } from '../common/marketing-contacts/marketing-contacts';
import { appConfig } from '../config/app-config';
import { CouponsModule } from '../coupons';
import { JobRegistryModule } from '../jobs/job-registry';
import { MembersModule } from '../members';
import { NotificationsModule } from '../notifications';
import { ProgrammeModule } from '../programme';
import { FestivalCalendarService } from './calendar.service';
import { CouponPackSender } from './coupon-pack-sender';
import { CouponPacksService } from './coupon-packs.service';
import { FestivalCalendarController } from './festival-calendar.controller';
import { FestivalCalendarStore } from './festival-calendar.store';
import {
  CalendarCouponPack,
  CalendarCouponPackSchema,
  CalendarPackSend,
  CalendarPackSendSchema,
} from './schemas/calendar-coupon-pack.schema';

/** HQ's festival calendar: presets, multiplier campaigns on the grid, coupon packs sent once per occurrence, reach. */
@Module({
  imports: [
    ConfigModule.forFeature(appConfig),
    MongooseModule.forFeature([
      { name: CalendarCouponPack.name, schema: CalendarCouponPackSchema },
      { name: CalendarPackSend.name, schema: CalendarPackSendSchema },
    ]),
    AnalyticsModule,
    MarketingContactsModule,
    CouponsModule,
    JobRegistryModule,
    MembersModule,
    NotificationsModule,
    ProgrammeModule,
  ],
  controllers: [FestivalCalendarController],
  providers: [FestivalCalendarService, CouponPacksService, CouponPackSender, FestivalCalendarStore],
  exports: [FestivalCalendarStore],
})
export class FestivalCalendarModule {}
