import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { MongooseModule } from '@nestjs/mongoose';
import { CatalogueStoreModule } from '../catalogue';
import { appConfig } from '../config/app-config';
import { EarningCampaignsController } from './earning-campaigns.controller';
import { EarningCampaigns } from './earning-campaigns.service';
import { ProgrammeController } from './programme.controller';
import { ProgrammePolicy } from './programme-policy.service';
import { ProgrammeRulesSetting, ProgrammeRulesSettingSchema } from './schemas/programme-rules-setting.schema';
import { SettingVersion, SettingVersionSchema } from './schemas/setting-version.schema';
import { StaffPolicySetting, StaffPolicySettingSchema } from './schemas/staff-policy-setting.schema';
import { TierLadderSetting, TierLadderSettingSchema } from './schemas/tier-ladder-setting.schema';

/** The programme's policy (ProgrammePolicy): the one place every feature reads the loyalty rules from. */
@Module({
  imports: [
    ConfigModule.forFeature(appConfig),
    MongooseModule.forFeature([
      { name: TierLadderSetting.name, schema: TierLadderSettingSchema },
      { name: ProgrammeRulesSetting.name, schema: ProgrammeRulesSettingSchema },
      { name: StaffPolicySetting.name, schema: StaffPolicySettingSchema },
      { name: SettingVersion.name, schema: SettingVersionSchema },
    ]),
    // A SKU or category rule must name what the catalogue has.
    CatalogueStoreModule,
  ],
  controllers: [ProgrammeController, EarningCampaignsController],
  providers: [ProgrammePolicy, EarningCampaigns],
  exports: [ProgrammePolicy],
})
export class ProgrammeModule {}
