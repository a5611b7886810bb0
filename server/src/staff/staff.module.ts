import { Module } from '@nestjs/common';
import { MeModule } from '../me/me.module';
import { TiersModule } from '../tiers/tiers.module';
import { StaffController } from './staff.controller';

@Module({
  imports: [MeModule, TiersModule],
  controllers: [StaffController],
})
export class StaffModule {}
