import { ConfigModule } from '@nestjs/config';
import { appConfig } from '../config/app-config';
import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { MongooseModule } from '@nestjs/mongoose';
import { ReferralsModule } from '../referrals/referrals.module';
import { MembersModule } from '../members/members.module';
import { WechatModule } from '../wechat/wechat.module';
import { AccessGuard } from './access.guard';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { RefreshToken, RefreshTokenSchema } from './schemas/refresh-token.schema';
import { StaffRole, StaffRoleSchema } from './schemas/staff-role.schema';
import { StaffRightsService } from './staff-rights.service';

@Global()
@Module({
  imports: [
    ConfigModule.forFeature(appConfig),
    MongooseModule.forFeature([
      { name: RefreshToken.name, schema: RefreshTokenSchema },
      { name: StaffRole.name, schema: StaffRoleSchema },
    ]),
    MembersModule,
    WechatModule,
    ReferralsModule,
  ],
  controllers: [AuthController],
  providers: [AuthService, StaffRightsService, { provide: APP_GUARD, useClass: AccessGuard }],
  exports: [AuthService, StaffRightsService],
})
export class AuthModule {}
