import { Controller, Headers } from '@nestjs/common';
import {
  assignCommunityManager,
  createCommunity,
  getCommunityFigures,
  listCommunityMembers,
  listStaffAnnouncements,
  listStaffCommunities,
  postAnnouncement,
  removeCommunityManager,
  removeCommunityMember,
  sendCommunityCoupon,
  type CommunityFigures,
  type NewAnnouncement,
  type NewCommunity,
  type StaffCommunityView,
} from '@memberloop/shared';
import { Types } from 'mongoose';
import { CurrentPrincipal } from '../common/auth/access.guard';
import type { Principal } from '../common/auth/principal';
import { ContractBody, ContractParams, ContractQuery, Endpoint } from '../common/contract';
import { Idempotent } from '../common/idempotency';
import { requireIdempotencyKey } from '../common/idempotency-key';
import { CommunitiesService } from './communities.service';
import { CommunityAnnouncementsService } from './community-announcements.service';
import { CommunityCouponSendsService } from './community-coupon-sends.service';
import { CommunityFiguresService } from './community-figures.service';
import { CommunityMembersService } from './community-members.service';

type CommunityParams = { communityId: string };
type CommunityMemberParams = { communityId: string; memberNo: string };
const communityOf = (params: CommunityParams) => new Types.ObjectId(params.communityId);

/** HQ creates communities and assigns managers; managers (and HQ) run their communities. */
@Controller()
export class StaffCommunitiesController {
  constructor(
    private readonly communities: CommunitiesService,
    private readonly members: CommunityMembersService,
    private readonly announcements: CommunityAnnouncementsService,
    private readonly couponSends: CommunityCouponSendsService,
    private readonly figures: CommunityFiguresService,
  ) {}

  @Endpoint(createCommunity)
  create(@CurrentPrincipal() principal: Principal, @ContractBody() body: NewCommunity): Promise<StaffCommunityView> {
    return this.communities.create(principal, body);
  }

  @Endpoint(assignCommunityManager)
  assignManager(
    @CurrentPrincipal() principal: Principal,
    @ContractParams() params: CommunityMemberParams,
  ): Promise<StaffCommunityView> {
    return this.communities.assignManager(principal, communityOf(params), params.memberNo);
  }

  @Endpoint(removeCommunityManager)
  removeManager(
    @CurrentPrincipal() principal: Principal,
    @ContractParams() params: CommunityMemberParams,
  ): Promise<StaffCommunityView> {
    return this.communities.removeManager(principal, communityOf(params), params.memberNo);
  }

  @Endpoint(listStaffCommunities)
  async list(@CurrentPrincipal() principal: Principal): Promise<{ communities: StaffCommunityView[] }> {
    return { communities: await this.communities.forStaff(principal) };
  }

  @Endpoint(listCommunityMembers)
  membersOf(
    @CurrentPrincipal() principal: Principal,
    @ContractParams() params: CommunityParams,
    @ContractQuery() query: { limit: number; cursor?: string },
  ) {
    return this.members.page(principal, communityOf(params), query.limit, query.cursor);
  }

  @Endpoint(removeCommunityMember)
  removeMember(@CurrentPrincipal() principal: Principal, @ContractParams() params: CommunityMemberParams) {
    return this.members.remove(principal, communityOf(params), params.memberNo);
  }

  @Endpoint(postAnnouncement)
  @Idempotent('posts')
  announce(
    @CurrentPrincipal() principal: Principal,
    @ContractParams() params: CommunityParams,
    @ContractBody() body: NewAnnouncement,
    @Headers('idempotency-key') key: string | undefined,
  ) {
    return this.announcements.post(principal, communityOf(params), body, requireIdempotencyKey(key, 'posts'));
  }

  @Endpoint(listStaffAnnouncements)
  async announcementsOf(@CurrentPrincipal() principal: Principal, @ContractParams() params: CommunityParams) {
    return { announcements: await this.announcements.staffList(principal, communityOf(params)) };
  }

  @Endpoint(sendCommunityCoupon)
  @Idempotent('sends')
  sendCoupon(
    @CurrentPrincipal() principal: Principal,
    @ContractParams() params: CommunityParams,
    @ContractBody() body: { templateId: string },
    @Headers('idempotency-key') key: string | undefined,
  ) {
    return this.couponSends.send(
      principal,
      communityOf(params),
      new Types.ObjectId(body.templateId),
      requireIdempotencyKey(key, 'sends'),
    );
  }

  @Endpoint(getCommunityFigures)
  figuresOf(@CurrentPrincipal() principal: Principal, @ContractParams() params: CommunityParams): Promise<CommunityFigures> {
    return this.figures.figures(principal, communityOf(params));
  }
}
