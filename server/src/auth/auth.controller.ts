import { Controller } from '@nestjs/common';
import { logout, refreshTokens, wechatLogin, type LoginResult, type TokenPair } from '@memberloop/shared';
import { ContractBody, Endpoint } from '../common/contract';
import { AuthService } from './auth.service';

@Controller()
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Endpoint(wechatLogin)
  login(@ContractBody() body: { code: string; inviteCode?: string }): Promise<LoginResult> {
    return this.auth.loginWithWechat(body.code, body.inviteCode);
  }

  @Endpoint(refreshTokens)
  refresh(@ContractBody() body: { refreshToken: string }): Promise<TokenPair> {
    return this.auth.refresh(body.refreshToken);
  }

  @Endpoint(logout)
  async logout(@ContractBody() body: { refreshToken: string }): Promise<{ revoked: boolean }> {
    return { revoked: await this.auth.logout(body.refreshToken) };
  }
}
