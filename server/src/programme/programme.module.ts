import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { TiersModule } from '../tiers/tiers.module';
import { ProgrammeController } from './programme.controller';
import { StaffPolicySetting, StaffPolicySettingSchema } from './schemas/staff-policy-setting.schema';
import { StaffPolicyProvider } from './staff-policy.provider';

@Module({
  imports: [TiersModule, MongooseModule.forFeature([{ name: StaffPolicySetting.name, schema: StaffPolicySettingSchema }])],
  controllers: [ProgrammeController],
  providers: [StaffPolicyProvider],
  exports: [StaffPolicyProvider],
})
export class ProgrammeModule {}
