import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { MongooseModule } from '@nestjs/mongoose';
import { appConfig } from '../config/app-config';
import { Member, MemberSchema } from '../members/schemas/member.schema';
import { TierChangeRecord, TierChangeRecordSchema } from './schemas/tier-change.schema';
import { TierLadderSetting, TierLadderSettingSchema } from './schemas/tier-ladder-setting.schema';
import { TierLadderProvider } from './tier-ladder.provider';
import { TierStandingService } from './tier-standing.service';

@Module({
  imports: [
    ConfigModule.forFeature(appConfig),
    MongooseModule.forFeature([
      { name: Member.name, schema: MemberSchema },
      { name: TierChangeRecord.name, schema: TierChangeRecordSchema },
      { name: TierLadderSetting.name, schema: TierLadderSettingSchema },
    ]),
  ],
  providers: [TierLadderProvider, TierStandingService],
  exports: [TierLadderProvider, TierStandingService],
})
export class TiersModule {}
