import { Controller, Res } from '@nestjs/common';
import {
  cancelActivitySignUp,
  checkInWithSiteCode,
  getActivity,
  getActivityCover,
  getCheckInToken,
  listActivities,
  listMyActivities,
  signUpForActivity,
  type ActivityView,
  type CheckInResult,
  type CheckInToken,
  type MySignUp,
} from '@memberloop/shared';
import type { FastifyReply } from 'fastify';
import { Types } from 'mongoose';
import { CurrentPrincipal } from '../common/auth/access.guard';
import { memberIdOf, type Principal } from '../common/auth/principal';
import { ContractBody, ContractParams, ContractQuery, Endpoint } from '../common/contract';
import { ActivitiesService } from './activities.service';
import { ActivityCheckInService } from './activity-check-in.service';
import { ActivityCoversService } from './activity-covers.service';
import { ActivitySignUpsService } from './activity-sign-ups.service';

type ActivityParams = { activityId: string };

/** Members: browsing activities, signing up and cancelling, their activities, and checking in. */
@Controller()
export class ActivitiesController {
  constructor(
    private readonly activities: ActivitiesService,
    private readonly signUps: ActivitySignUpsService,
    private readonly checkIns: ActivityCheckInService,
    private readonly covers: ActivityCoversService,
  ) {}

  @Endpoint(getActivityCover)
  async cover(
    @ContractParams() params: { coverId: string },
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Uint8Array> {
    const cover = await this.covers.read(params.coverId);
    reply.header('content-type', cover.contentType);
    // Ids are never reused: a cover never changes (a new one has a new id), so it may be kept a year anywhere.
    reply.header('cache-control', 'public, max-age=31536000, immutable');
    reply.header('x-content-type-options', 'nosniff');
    return cover.bytes;
  }

  @Endpoint(listActivities)
  async list(
    @CurrentPrincipal() principal: Principal,
    @ContractQuery() query: { communityId?: string; joined: 'true' | 'false' },
  ): Promise<{ activities: ActivityView[] }> {
    return { activities: await this.activities.list(memberIdOf(principal), query) };
  }

  @Endpoint(listMyActivities)
  async mine(@CurrentPrincipal() principal: Principal, @ContractQuery() query: { when: 'upcoming' | 'past' }) {
    return { activities: await this.activities.mine(memberIdOf(principal), query.when) };
  }

  @Endpoint(getActivity)
  detail(@CurrentPrincipal() principal: Principal, @ContractParams() params: ActivityParams): Promise<ActivityView> {
    return this.activities.detail(memberIdOf(principal), new Types.ObjectId(params.activityId));
  }

  @Endpoint(signUpForActivity)
  signUp(@CurrentPrincipal() principal: Principal, @ContractParams() params: ActivityParams): Promise<MySignUp> {
    return this.signUps.signUp(memberIdOf(principal), new Types.ObjectId(params.activityId));
  }

  @Endpoint(cancelActivitySignUp)
  cancel(@CurrentPrincipal() principal: Principal, @ContractParams() params: ActivityParams): Promise<MySignUp> {
    return this.signUps.cancel(memberIdOf(principal), new Types.ObjectId(params.activityId));
  }

  @Endpoint(getCheckInToken)
  token(@CurrentPrincipal() principal: Principal, @ContractParams() params: ActivityParams): Promise<CheckInToken> {
    return this.checkIns.memberToken(memberIdOf(principal), new Types.ObjectId(params.activityId));
  }

  @Endpoint(checkInWithSiteCode)
  checkIn(
    @CurrentPrincipal() principal: Principal,
    @ContractParams() params: ActivityParams,
    @ContractBody() body: { code: string },
  ): Promise<CheckInResult> {
    return this.checkIns.checkInWithSiteCode(memberIdOf(principal), new Types.ObjectId(params.activityId), body.code);
  }
}
