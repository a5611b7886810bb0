import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { ReferralsModule } from '../referrals';
import { MembersModule } from '../members';
import { StaffModule } from '../staff';
import { WechatModule } from '../wechat/wechat.module';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { RefreshToken, RefreshTokenSchema } from './schemas/refresh-token.schema';
import { AccessModule } from '../common/auth/access.module';
import { RefreshTokenStore } from './refresh-token.store';

/** Signing in with WeChat and keeping sessions (refresh tokens); the guard itself is infrastructure (AccessModule). */
@Module({
  imports: [
    AccessModule,
    MongooseModule.forFeature([{ name: RefreshToken.name, schema: RefreshTokenSchema }]),
    MembersModule,
    StaffModule,
    WechatModule,
    ReferralsModule,
  ],
  controllers: [AuthController],
  providers: [RefreshTokenStore, AuthService],
  exports: [RefreshTokenStore, AuthService],
})
export class AuthModule {}
