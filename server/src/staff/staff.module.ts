import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { StaffRole, StaffRoleSchema } from '../auth/schemas/staff-role.schema';
import { MeModule } from '../me/me.module';
import { TiersModule } from '../tiers/tiers.module';
import { StaffController } from './staff.controller';

@Module({
  imports: [MeModule, TiersModule, MongooseModule.forFeature([{ name: StaffRole.name, schema: StaffRoleSchema }])],
  controllers: [StaffController],
})
export class StaffModule {}
