import { Controller, Headers } from '@nestjs/common';
import {
  closeGroupBuyDeal,
  createGroupBuyDeal,
  getGroupBuyGroup,
  joinGroupBuyGroup,
  listGroupBuyDeals,
  listLiveGroupBuyDeals,
  listMyGroupBuyGroups,
  openGroupBuyGroup,
  type GroupBuyDealView,
  type GroupBuyGroupView,
  type NewGroupBuyDeal,
  type StaffGroupBuyDealView,
} from '@memberloop/shared';
import { Types } from 'mongoose';
import { CurrentPrincipal } from '../common/auth/access.guard';
import { memberIdOf, type Principal } from '../common/auth/principal';
import { ContractBody, ContractParams, Endpoint } from '../common/contract';
import { Idempotent } from '../common/idempotency';
import { requireIdempotencyKey } from '../common/idempotency-key';
import { GroupBuyDealsService } from './group-buy-deals.service';
import { GroupBuyGroupsService } from './group-buy-groups.service';

/** The access guard admits only staff to manager endpoints; this narrows the type for the services. */
function staffOf(principal: Principal): Extract<Principal, { kind: 'staff' }> {
  if (principal.kind !== 'staff') throw new Error('unreachable: staff endpoints admit only staff');
  return principal;
}

/** Deals for HQ and managers. */
@Controller()
export class GroupBuyDealsController {
  constructor(private readonly deals: GroupBuyDealsService) {}

  @Endpoint(createGroupBuyDeal)
  create(@CurrentPrincipal() principal: Principal, @ContractBody() body: NewGroupBuyDeal): Promise<StaffGroupBuyDealView> {
    return this.deals.create(staffOf(principal), body);
  }

  @Endpoint(listGroupBuyDeals)
  async list(): Promise<{ deals: StaffGroupBuyDealView[] }> {
    return { deals: await this.deals.listForStaff() };
  }

  @Endpoint(closeGroupBuyDeal)
  close(@CurrentPrincipal() principal: Principal, @ContractParams() params: { dealId: string }): Promise<StaffGroupBuyDealView> {
    return this.deals.close(staffOf(principal), new Types.ObjectId(params.dealId));
  }
}

/** Members: live deals, opening, joining and viewing groups. */
@Controller()
export class GroupBuysController {
  constructor(
    private readonly deals: GroupBuyDealsService,
    private readonly groups: GroupBuyGroupsService,
  ) {}

  @Endpoint(listLiveGroupBuyDeals)
  async live(@CurrentPrincipal() principal: Principal): Promise<{ deals: GroupBuyDealView[] }> {
    return { deals: await this.deals.live(memberIdOf(principal)) };
  }

  @Endpoint(openGroupBuyGroup)
  @Idempotent('opens one group')
  open(
    @CurrentPrincipal() principal: Principal,
    @ContractParams() params: { dealId: string },
    @Headers('idempotency-key') key: string | undefined,
  ): Promise<GroupBuyGroupView & { replayed: boolean }> {
    return this.groups.open(
      memberIdOf(principal),
      new Types.ObjectId(params.dealId),
      requireIdempotencyKey(key, 'opens one group'),
    );
  }

  @Endpoint(getGroupBuyGroup)
  view(@CurrentPrincipal() principal: Principal, @ContractParams() params: { groupId: string }): Promise<GroupBuyGroupView> {
    return this.groups.view(memberIdOf(principal), new Types.ObjectId(params.groupId));
  }

  @Endpoint(joinGroupBuyGroup)
  join(@CurrentPrincipal() principal: Principal, @ContractParams() params: { groupId: string }): Promise<GroupBuyGroupView> {
    return this.groups.join(memberIdOf(principal), new Types.ObjectId(params.groupId));
  }

  @Endpoint(listMyGroupBuyGroups)
  async mine(@CurrentPrincipal() principal: Principal): Promise<{ groups: GroupBuyGroupView[] }> {
    return { groups: await this.groups.mine(memberIdOf(principal)) };
  }
}
