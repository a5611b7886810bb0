import { Controller } from '@nestjs/common';
import {
  joinCommunity,
  leaveCommunity,
  listAnnouncements,
  listCommunities,
  type AnnouncementView,
  type CommunityView,
} from '@memberloop/shared';
import { Types } from 'mongoose';
import { CurrentPrincipal } from '../common/auth/access.guard';
import { memberIdOf, type Principal } from '../common/auth/principal';
import { ContractParams, Endpoint } from '../common/contract';
import { CommunitiesService } from './communities.service';
import { CommunityAnnouncementsService } from './community-announcements.service';

/** Members: the communities, joining and leaving, and announcements of their communities. */
@Controller()
export class CommunitiesController {
  constructor(
    private readonly communities: CommunitiesService,
    private readonly announcements: CommunityAnnouncementsService,
  ) {}

  @Endpoint(listCommunities)
  async list(@CurrentPrincipal() principal: Principal): Promise<{ communities: CommunityView[] }> {
    return { communities: await this.communities.forMember(memberIdOf(principal)) };
  }

  @Endpoint(joinCommunity)
  join(@CurrentPrincipal() principal: Principal, @ContractParams() params: { communityId: string }) {
    return this.communities.join(memberIdOf(principal), new Types.ObjectId(params.communityId));
  }

  @Endpoint(leaveCommunity)
  leave(@CurrentPrincipal() principal: Principal, @ContractParams() params: { communityId: string }) {
    return this.communities.leave(memberIdOf(principal), new Types.ObjectId(params.communityId));
  }

  @Endpoint(listAnnouncements)
  async announcementsOf(
    @CurrentPrincipal() principal: Principal,
    @ContractParams() params: { communityId: string },
  ): Promise<{ announcements: AnnouncementView[] }> {
    return { announcements: await this.announcements.forMember(memberIdOf(principal), new Types.ObjectId(params.communityId)) };
  }
}
