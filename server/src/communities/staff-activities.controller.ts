import { Controller, Headers, Req, Res } from '@nestjs/common';
import { requireIdempotencyKey } from '../common/idempotency-key';
import {
  cancelActivity,
  checkInMember,
  createActivity,
  exportActivitySignUps,
  getActivityCheckInCode,
  getStaffActivity,
  listActivitySignUps,
  listCommunityActivities,
  publishActivity,
  unpublishActivity,
  updateActivity,
  uploadActivityCover,
  activityCoverUrlOf,
  MAX_ACTIVITY_COVER_BYTES,
  type ActivityChanges,
  type CheckInResult,
  type CheckInToken,
  type NewActivity,
  type StaffActivityView,
  type UploadedActivityCover,
} from '@memberloop/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Types } from 'mongoose';
import { CurrentPrincipal } from '../common/auth/access.guard';
import type { Principal } from '../common/auth/principal';
import { ContractBody, ContractParams, ContractQuery, Endpoint } from '../common/contract';
import { Idempotent } from '../common/idempotency';
import { readOnePhoto, type MultipartRequest } from '../common/upload/uploaded-photo';
import { ActivitiesService } from './activities.service';
import { ActivityCheckInService } from './activity-check-in.service';
import { ActivityCoversService } from './activity-covers.service';
import { ActivitySignUpsService, type SignUpListFilter } from './activity-sign-ups.service';
import { CommunityScope } from './community-scope.service';

type ActivityParams = { activityId: string };
const activityOf = (params: ActivityParams) => new Types.ObjectId(params.activityId);

/** Managers (and HQ) run the activities of their communities: drafting to check-in and the lists. */
@Controller()
export class StaffActivitiesController {
  constructor(
    private readonly activities: ActivitiesService,
    private readonly signUps: ActivitySignUpsService,
    private readonly checkIns: ActivityCheckInService,
    private readonly covers: ActivityCoversService,
    private readonly scope: CommunityScope,
  ) {}

  @Endpoint(createActivity)
  @Idempotent('creates one activity', 'optional')
  create(
    @CurrentPrincipal() principal: Principal,
    @ContractParams() params: { communityId: string },
    @ContractBody() body: NewActivity,
    @Headers('idempotency-key') key: string | undefined,
  ): Promise<StaffActivityView> {
    // Optional, for older clients; when sent it must be well formed, and a retry then creates one activity.
    const idempotencyKey = key === undefined ? undefined : requireIdempotencyKey(key, 'creates one activity');
    return this.activities.create(principal, new Types.ObjectId(params.communityId), body, idempotencyKey);
  }

  /** The manager's scope is checked before the body is read: a manager of another community uploads nothing. */
  @Endpoint(uploadActivityCover)
  async uploadCover(
    @CurrentPrincipal() principal: Principal,
    @ContractParams() params: { communityId: string },
    @Req() request: FastifyRequest & MultipartRequest,
  ): Promise<UploadedActivityCover> {
    const communityId = new Types.ObjectId(params.communityId);
    const { actor } = await this.scope.manage(principal, communityId);
    const bytes = await readOnePhoto(request, MAX_ACTIVITY_COVER_BYTES);
    const coverId = await this.covers.store(communityId, actor.memberId, bytes);
    return { coverId, url: activityCoverUrlOf(coverId) };
  }

  @Endpoint(listCommunityActivities)
  async list(@CurrentPrincipal() principal: Principal, @ContractParams() params: { communityId: string }) {
    return { activities: await this.activities.staffList(principal, new Types.ObjectId(params.communityId)) };
  }

  @Endpoint(getStaffActivity)
  detail(@CurrentPrincipal() principal: Principal, @ContractParams() params: ActivityParams): Promise<StaffActivityView> {
    return this.activities.staffActivity(principal, activityOf(params));
  }

  @Endpoint(updateActivity)
  update(
    @CurrentPrincipal() principal: Principal,
    @ContractParams() params: ActivityParams,
    @ContractBody() body: ActivityChanges,
  ): Promise<StaffActivityView> {
    return this.activities.update(principal, activityOf(params), body);
  }

  @Endpoint(publishActivity)
  publish(@CurrentPrincipal() principal: Principal, @ContractParams() params: ActivityParams): Promise<StaffActivityView> {
    return this.activities.publish(principal, activityOf(params));
  }

  @Endpoint(unpublishActivity)
  unpublish(@CurrentPrincipal() principal: Principal, @ContractParams() params: ActivityParams): Promise<StaffActivityView> {
    return this.activities.unpublish(principal, activityOf(params));
  }

  @Endpoint(cancelActivity)
  cancel(
    @CurrentPrincipal() principal: Principal,
    @ContractParams() params: ActivityParams,
    @ContractBody() body: { reason: string },
  ): Promise<StaffActivityView> {
    return this.activities.cancel(principal, activityOf(params), body.reason);
  }

  @Endpoint(listActivitySignUps)
  async signUpsOf(
    @CurrentPrincipal() principal: Principal,
    @ContractParams() params: ActivityParams,
    @ContractQuery() query: { status: SignUpListFilter },
  ) {
    return { activityId: params.activityId, signUps: await this.signUps.staffList(principal, activityOf(params), query.status) };
  }

  /** A file, not JSON: the contract's response is the CSV text, sent as text/csv for download. */
  @Endpoint(exportActivitySignUps)
  async exportSignUps(
    @CurrentPrincipal() principal: Principal,
    @ContractParams() params: ActivityParams,
    @ContractQuery() query: { status: SignUpListFilter },
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const csv = await this.signUps.staffCsv(principal, activityOf(params), query.status);
    reply.header('content-type', 'text/csv; charset=utf-8');
    reply.header('content-disposition', `attachment; filename="activity-${params.activityId}-${query.status}.csv"`);
    return csv;
  }

  @Endpoint(getActivityCheckInCode)
  siteCode(@CurrentPrincipal() principal: Principal, @ContractParams() params: ActivityParams): Promise<CheckInToken> {
    return this.checkIns.siteCode(principal, activityOf(params));
  }

  @Endpoint(checkInMember)
  checkIn(
    @CurrentPrincipal() principal: Principal,
    @ContractParams() params: ActivityParams,
    @ContractBody() body: { token: string } | { shortCode: string },
  ): Promise<CheckInResult> {
    if ('shortCode' in body) return this.checkIns.checkInByShortCode(principal, activityOf(params), body.shortCode);
    return this.checkIns.checkInScanned(principal, activityOf(params), body.token);
  }
}
