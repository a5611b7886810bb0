import { Controller, Req, Res } from '@nestjs/common';
import {
  dailySignIn,
  getMemberHome,
  getPointsHistory,
  deleteMyAccount,
  exportMyData,
  getMyProfile,
  getMyTasks,
  getSignInCalendar,
  updateMyConsents,
  updateMyProfile,
  uploadMyAvatar,
  getAvatar,
  avatarUrlOf,
  MAX_AVATAR_BYTES,
  type UploadedAvatar,
  type MemberHome,
  type MemberProfile,
  type MyDataExport,
  type MemberTasks,
  type PointsHistory,
  type SignInCalendar,
  type SignInResult,
  type UpdateConsentsRequest,
  type UpdateProfileRequest,
} from '@memberloop/shared';
import { CurrentPrincipal } from '../common/auth/access.guard';
import { memberIdOf, type Principal } from '../common/auth/principal';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ContractBody, ContractParams, ContractQuery, Endpoint } from '../common/contract';
import { AvatarsService } from './avatars.service';
import { readOnePhoto, type MultipartRequest } from '../common/upload/uploaded-photo';
import { PointsHistoryService } from '../points';
import { SignInService } from '../points';
import { MemberHomeService } from './member-home.service';
import { TasksService } from '../tasks';
import { ReferralsService } from '../referrals';
import { PrivacyService } from './privacy.service';
import { ProfileService } from './profile.service';

/** The signed-in member's own data: a member only ever reaches their own through these routes. */
@Controller()
export class MeController {
  constructor(
    private readonly home: MemberHomeService,
    private readonly signIns: SignInService,
    private readonly history: PointsHistoryService,
    private readonly profiles: ProfileService,
    private readonly tasks: TasksService,
    private readonly privacy: PrivacyService,
    private readonly referrals: ReferralsService,
    private readonly avatars: AvatarsService,
  ) {}

  @Endpoint(uploadMyAvatar)
  async uploadAvatar(
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest & MultipartRequest,
  ): Promise<UploadedAvatar> {
    const bytes = await readOnePhoto(request, MAX_AVATAR_BYTES);
    const avatarId = await this.avatars.store(memberIdOf(principal), bytes);
    return { avatarId, url: avatarUrlOf(avatarId) };
  }

  @Endpoint(getAvatar)
  async avatar(
    @ContractParams() params: { avatarId: string },
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Uint8Array> {
    const avatar = await this.avatars.read(params.avatarId);
    reply.header('content-type', avatar.contentType);
    // Ids are never reused: an avatar never changes (a new one has a new id).
    reply.header('cache-control', 'public, max-age=31536000, immutable');
    reply.header('x-content-type-options', 'nosniff');
    return avatar.bytes;
  }

  @Endpoint(exportMyData)
  exportData(@CurrentPrincipal() principal: Principal): Promise<MyDataExport> {
    return this.privacy.export(memberIdOf(principal));
  }

  @Endpoint(deleteMyAccount)
  deleteAccount(@CurrentPrincipal() principal: Principal, @ContractBody() _body: { confirm: true }): Promise<{ deleted: true }> {
    return this.privacy.deleteAccount(memberIdOf(principal));
  }

  @Endpoint(getMyTasks)
  myTasks(@CurrentPrincipal() principal: Principal): Promise<MemberTasks> {
    return this.tasks.tasksOf(memberIdOf(principal));
  }

  @Endpoint(getMyProfile)
  profile(@CurrentPrincipal() principal: Principal): Promise<MemberProfile> {
    return this.profiles.profileOf(memberIdOf(principal));
  }

  @Endpoint(updateMyProfile)
  updateProfile(@CurrentPrincipal() principal: Principal, @ContractBody() body: UpdateProfileRequest): Promise<MemberProfile> {
    return this.profiles.update(memberIdOf(principal), body);
  }

  @Endpoint(updateMyConsents)
  updateConsents(@CurrentPrincipal() principal: Principal, @ContractBody() body: UpdateConsentsRequest): Promise<MemberProfile> {
    return this.profiles.updateConsents(memberIdOf(principal), body);
  }

  @Endpoint(getMemberHome)
  getHome(@CurrentPrincipal() principal: Principal): Promise<MemberHome> {
    return this.home.homeOf(memberIdOf(principal));
  }

  @Endpoint(dailySignIn)
  signIn(@CurrentPrincipal() principal: Principal): Promise<SignInResult> {
    return this.signIns.signIn(memberIdOf(principal));
  }

  @Endpoint(getSignInCalendar)
  signInCalendar(@CurrentPrincipal() principal: Principal): Promise<SignInCalendar> {
    return this.signIns.calendar(memberIdOf(principal));
  }

  @Endpoint(getPointsHistory)
  async pointsHistory(
    @CurrentPrincipal() principal: Principal,
    @ContractQuery() query: { limit: number; cursor?: string },
  ): Promise<PointsHistory> {
    const memberId = memberIdOf(principal);
    if (query.cursor) return this.history.page(memberId, query.limit, query.cursor);
    // The first page also says what is on its way (the invited friend's first-purchase extra).
    const [page, pending] = await Promise.all([
      this.history.page(memberId, query.limit),
      this.referrals.pendingPointsOf(memberId),
    ]);
    return pending.length > 0 ? { ...page, pending } : page;
  }
}
