import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { LoginResult, TokenPair } from '@memberloop/shared';
import { Model, Types } from 'mongoose';
import { Clock } from '../common/clock/clock';
import { AppError } from '../common/errors/app-error';
import { MembersService, type LeanMember } from '../members';
import { ReferralsService } from '../referrals';
import { WechatApiClient } from '../wechat/wechat-api.client';
import { WechatApiError } from '../wechat/wechat-api.errors';
import { AccessTokens } from '../common/auth/access-token';
import type { Principal } from '../common/auth/principal';
import { RefreshToken } from './schemas/refresh-token.schema';
import { StaffRightsLookup } from '../common/auth/staff-rights.lookup';

const REFRESH_TTL_MS = 30 * 86_400_000;

const hashOf = (token: string) => createHash('sha256').update(token).digest('base64url');

/** Signs members in with WeChat and keeps their sessions: short access tokens, rotating refresh tokens. */
@Injectable()
export class AuthService {
  private readonly logger = new Logger('Auth');

  constructor(
    @InjectModel(RefreshToken.name) private readonly refreshTokens: Model<RefreshToken>,
    private readonly staffRights: StaffRightsLookup,
    private readonly accessTokens: AccessTokens,
    private readonly members: MembersService,
    private readonly wechat: WechatApiClient,
    private readonly referrals: ReferralsService,
    private readonly clock: Clock,
  ) {}

  /** Exchanges a `Taro.login()` code (the session key stays here) and registers the member on first login. */
  async loginWithWechat(code: string, inviteCode?: string): Promise<LoginResult> {
    let session;
    try {
      session = await this.wechat.code2Session(code);
    } catch (error) {
      if (error instanceof WechatApiError)
        throw new AppError('UNAUTHENTICATED', 'The login code is invalid or has expired: call Taro.login() again.');
      throw new AppError('SERVICE_UNAVAILABLE', 'WeChat could not be reached: try again in a moment.');
    }
    let member = await this.members.findByOpenid(session.openid);
    let isNew = false;
    if (!member) {
      try {
        member = await this.members.register({ openid: session.openid, unionid: session.unionid });
        isNew = true;
      } catch (error) {
        // Two first logins at once: the other one registered the member.
        member = await this.members.findByOpenid(session.openid);
        if (!member) throw error;
      }
    }
    // Only a member registering now can be referred: an existing member's invitation is refused.
    const referral = inviteCode === undefined ? undefined : isNew ? await this.bindInvitation(member._id, inviteCode) : 'refused';
    const principal = await this.principalOf(member);
    const tokens = await this.issue(principal, randomUUID());
    return {
      ...tokens,
      member: {
        id: member._id.toHexString(),
        memberNo: member.memberNo,
        isNew,
        ...(principal.kind === 'staff' ? { staffRole: principal.role } : {}),
        ...(referral ? { referral } : {}),
      },
    };
  }

  async refresh(refreshToken: string): Promise<TokenPair> {
    const now = this.clock.now();
    const id = hashOf(refreshToken);
    const rotated = await this.refreshTokens
      .findOneAndUpdate(
        { _id: id, rotatedAt: { $exists: false }, revokedAt: { $exists: false }, expiresAt: { $gt: now } },
        { $set: { rotatedAt: now } },
      )
      .lean();
    if (!rotated) {
      const known = await this.refreshTokens.findById(id).lean();
      // A rotated token presented again was copied: end every session of that login.
      if (known?.rotatedAt) await this.refreshTokens.updateMany({ familyId: known.familyId }, { $set: { revokedAt: now } });
      throw new AppError('UNAUTHENTICATED', 'The refresh token is not valid: sign in again.');
    }
    const member = await this.members.findById(rotated.memberId);
    if (!member) throw new AppError('UNAUTHENTICATED', 'The account no longer exists.');
    return this.issue(await this.principalOf(member), rotated.familyId);
  }

  async logout(refreshToken: string): Promise<boolean> {
    const token = await this.refreshTokens.findById(hashOf(refreshToken)).lean();
    if (!token) return false;
    await this.refreshTokens.updateMany({ familyId: token.familyId }, { $set: { revokedAt: this.clock.now() } });
    return true;
  }

  /**
   * Binds a member registering now to their inviter. The sign-in is what the member came for: a binding that
   * fails (the database faltering) is logged and left out of the answer rather than failing the sign-in.
   */
  private async bindInvitation(memberId: Types.ObjectId, inviteCode: string): Promise<'bound' | 'refused' | undefined> {
    try {
      return await this.referrals.bindNewMember(memberId, inviteCode);
    } catch (error) {
      this.logger.error(`invitation ${inviteCode} not bound to new member ${memberId.toHexString()}: ${String(error)}`);
      return undefined;
    }
  }

  async principalOf(member: LeanMember): Promise<Exclude<Principal, { kind: 'integration' }>> {
    const memberId = member._id.toHexString();
    const staff = await this.staffRights.of(memberId);
    if (!staff) return { kind: 'member', memberId };
    return { kind: 'staff', memberId, role: staff.role, communityIds: staff.communityIds, storeIds: staff.storeIds };
  }

  private async issue(principal: Exclude<Principal, { kind: 'integration' }>, familyId: string): Promise<TokenPair> {
    const access = await this.accessTokens.issue(principal);
    const refreshToken = randomBytes(32).toString('base64url');
    const refreshTokenExpiresAt = new Date(this.clock.now().getTime() + REFRESH_TTL_MS);
    await this.refreshTokens.create({
      _id: hashOf(refreshToken),
      memberId: new Types.ObjectId(principal.memberId),
      familyId,
      expiresAt: refreshTokenExpiresAt,
    });
    return {
      accessToken: access.token,
      accessTokenExpiresAt: access.expiresAt.toISOString(),
      refreshToken,
      refreshTokenExpiresAt: refreshTokenExpiresAt.toISOString(),
    };
  }
}
